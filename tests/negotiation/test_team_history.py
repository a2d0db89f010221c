"""§0 history: one save of a team is one entry of its history, the lists before and after as
the person saved them — not a row per member removed or added, which would show lists nobody
saved. The same for a leader's portfolio saved in the admin."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory
from tests.leaders import save_leader
from tests.negotiation.factories import city_leader
from yingkou.choices import Role, UnitKind
from yingkou.history import history_of
from yingkou.models import Leader, Team

pytestmark = pytest.mark.django_db


def _names(items) -> str:
    return "、".join(str(item) for item in sorted(items, key=lambda item: item.pk))


def test_replacing_a_member_and_a_unit_is_one_history_entry(
    client, case, teammate, owner, area, department, principal
):
    planning = UnitFactory(name="营口市自然资源局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    transport = UnitFactory(name="营口市交通运输局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    colleague = UserFactory(username="zhou", last_name="周", first_name="一", unit=department)
    url = reverse("negotiation:team", args=[case.pk])
    client.force_login(teammate)
    first = {
        "lead_leader": principal.pk,
        "main_negotiating_unit": department.pk,
        "service_liaison": teammate.pk,
        "cooperating_units": [area.pk, planning.pk],
        "members": [teammate.pk, owner.pk],
        "version": case.version,
    }
    assert client.post(url, first).status_code == 302
    team = Team.objects.get(pk=case.team_id)
    before = team.history.count()
    case.refresh_from_db()

    replaced = {
        **first,
        "cooperating_units": [area.pk, transport.pk],
        "members": [teammate.pk, colleague.pk],
        "version": case.version,
    }
    assert client.post(url, replaced).status_code == 302

    assert team.history.count() == before + 1
    row = team.history.order_by("-history_id").first()
    assert row.history_user == teammate
    entry = history_of(team)[0]
    assert entry.who == teammate.display_name
    assert sorted(entry.changes) == sorted(
        [
            ("配合单位", _names([area, planning]), _names([area, transport])),
            ("团队成员", _names([teammate, owner]), _names([teammate, colleague])),
        ]
    )
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    after = f"{_names([teammate, owner])} → {_names([teammate, colleague])}"
    assert page.count(after) == 1


def test_a_portfolio_changed_in_the_admin_is_one_history_entry(client, department, area):
    root = UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)
    client.force_login(root)
    planning = UnitFactory(name="营口市自然资源局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    leader = city_leader(units=[department, area], name="分管副市长")
    before = leader.history.count()

    save_leader(client, leader, portfolio_units=[department.pk, planning.pk])

    leader = Leader.objects.get(pk=leader.pk)
    assert leader.history.count() == before + 1
    assert leader.history.order_by("-history_id").first().history_user == root
    entry = history_of(leader)[0]
    assert entry.who == root.display_name
    assert entry.changes == [
        ("分管单位", _names([department, area]), _names([department, planning]))
    ]
