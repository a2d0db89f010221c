"""R-9 after the choice: a funding candidate chosen from the pools whose project has since left
them is marked 已不在储备库 on the candidate list, and the unit that chose it and the DRC are told;
one chosen with a written reason keeps it, and a marked one is kept by writing a reason."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reserve import services
from reserve.choices import EntryStatus, PoolLevel
from reserve.models import Candidate, Entry, Membership
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.refusals import field_reasons, field_value, shown_form
from tests.reserve.conftest import bulk_pooled, make_project, pooled
from yingkou import services as shared
from yingkou.choices import NotificationKind, Role, Stage
from yingkou.errors import RuleViolation
from yingkou.models import Notification, Project

pytestmark = pytest.mark.django_db

LEFT = "已不在储备库"
REASON = "省级重大项目，经市政府常务会议研究同意继续申报。"


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 10, 2, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def drc_colleague(drc):
    return UserFactory(username="drc_colleague", role=Role.DRC_REVIEWER, unit=drc.unit)


@pytest.fixture
def bureau_colleague(bureau):
    return UserFactory(username="zsj_colleague", role=Role.UNIT_STAFF, unit=bureau.unit)


def _edit(project, user, **fields):
    project.refresh_from_db()
    return shared.project_update(
        project=project, user=user, expected_version=project.version, **fields
    )


def _told(user):
    return list(
        Notification.objects.filter(
            user=user, kind=NotificationKind.PROJECT_REEVALUATED, title__contains=LEFT
        )
    )


def _marked(client, user, candidate) -> bool:
    client.force_login(user)
    page = client.get(reverse("reserve:candidates")).content.decode()
    row = page[page.index(candidate.project.name) :].split("</tr>")[0]
    return f'<span class="bad">{LEFT}</span>' in row


@pytest.mark.parametrize(("amount", "leaves"), [("1000.00", False), ("999.99", True)])
def test_a_candidate_whose_project_falls_under_1000_wan_is_marked_and_its_choosers_told(
    client, area, owner, reviewer, drc, bureau, bureau_colleague, drc_colleague, amount, leaves
):
    project = pooled(area, owner, reviewer, amount="2000.00", name="港口物流园").project
    candidate = services.candidate_add(
        channel="national_bonds", year=2026, project=project, user=bureau
    )
    assert not candidate.left_pool and not _marked(client, drc, candidate)

    _edit(project, drc, total_investment=Decimal(amount))

    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.left_pool is leaves
    assert candidate.in_pool  # what was true when it was chosen stays on record
    assert _marked(client, drc, candidate) is leaves
    for user in (bureau_colleague, drc_colleague):
        told = _told(user)
        assert len(told) == int(leaves)
    if leaves:
        (notice,) = _told(bureau)
        assert notice.title == "港口物流园已不在储备库：2026年国债资金候选项目"
        assert "1000万元" in notice.body and "R-9" in notice.body
        assert notice.url == reverse("reserve:candidates") + "?left_pool=1"


@pytest.mark.parametrize("step", ["returned", "withdrawn"])
def test_a_returned_entry_keeps_its_project_pooled_a_withdrawn_one_does_not(
    client, area, owner, reviewer, drc, level1, step
):
    """A level-1 return sends the entry back to its unit's reviewer: the project stays in its
    level-2 pool. The workflow withdraws only entries still under level-2 review; were one whose
    project sits in a pool withdrawn, the pool is left and the candidates' units are told."""
    entry = pooled(area, owner, reviewer, amount="3000.00", name="冷链物流中心")
    candidate = services.candidate_add(
        channel="policy_loans", year=2026, project=entry.project, user=drc
    )
    if step == "returned":
        services.entry_recommend(entry=entry, user=reviewer)
        entry = services.entry_return(entry=entry, user=drc, comment="请补充用地预审意见。")
        assert (entry.level, entry.status) == (PoolLevel.LEVEL_1, EntryStatus.RETURNED)
    else:
        Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
        entry = services.entry_withdraw(entry=Entry.objects.get(pk=entry.pk), user=owner)
        assert entry.status == EntryStatus.WITHDRAWN

    withdrawn = step == "withdrawn"
    assert Membership.objects.current().filter(project=entry.project).exists() is not withdrawn
    assert Candidate.objects.get(pk=candidate.pk).left_pool is withdrawn
    assert _marked(client, drc, candidate) is withdrawn
    told = _told(drc)
    assert len(told) == int(withdrawn)
    if withdrawn:
        assert "申报已撤回" in told[0].body


@pytest.mark.parametrize("stage", [Stage.SIGNED, Stage.STOPPED])
def test_a_candidate_whose_project_moves_on_or_stops_is_marked(area, owner, reviewer, drc, stage):
    project = pooled(area, owner, reviewer, amount="5000.00").project
    candidate = services.candidate_add(
        channel="government_investment", year=2026, project=project, user=drc
    )
    shared.project_move_stage(project=project, stage=stage, user=reviewer)
    assert Candidate.objects.get(pk=candidate.pk).left_pool
    assert "策划包装或储备阶段" in _told(drc)[0].body


def test_a_candidate_with_a_written_reason_keeps_it(client, area, owner, reviewer, drc):
    chosen_outside = make_project(area, "3000.00", name="库外续建项目")
    outside = services.candidate_add(
        channel="foreign_loans",
        year=2026,
        project=chosen_outside,
        user=drc,
        override_reason=REASON,
    )
    pooled_project = pooled(area, owner, reviewer, amount="3000.00", name="库内有理由项目").project
    inside = services.candidate_add(
        channel="foreign_loans",
        year=2026,
        project=pooled_project,
        user=drc,
        override_reason=REASON,
    )
    _edit(pooled_project, drc, total_investment=Decimal("999.99"))
    _edit(chosen_outside, drc, total_investment=Decimal("999.99"))

    for candidate in (outside, inside):
        assert not Candidate.objects.get(pk=candidate.pk).left_pool
        assert not _marked(client, drc, candidate)
    assert not _told(drc)


def test_a_past_year_s_candidate_is_not_marked(area, owner, reviewer, drc):
    """Decision: a past year's list is what was chosen then (its projects have moved on)."""
    project = pooled(area, owner, reviewer, amount="2000.00").project
    last_year = services.candidate_add(
        channel="national_bonds", year=2025, project=project, user=drc
    )
    this_year = services.candidate_add(
        channel="national_bonds", year=2026, project=project, user=drc
    )
    _edit(project, drc, total_investment=Decimal("999.99"))
    assert not Candidate.objects.get(pk=last_year.pk).left_pool
    assert Candidate.objects.get(pk=this_year.pk).left_pool
    assert [n.title for n in _told(drc)] == [f"{project.name}已不在储备库：2026年国债资金候选项目"]


def test_a_marked_candidate_is_kept_with_a_written_reason(
    client, area, owner, reviewer, drc, bureau, city_leader_user
):
    project = pooled(area, owner, reviewer, amount="2000.00", name="港口物流园").project
    candidate = services.candidate_add(
        channel="national_bonds", year=2026, project=project, user=bureau
    )
    with pytest.raises(RuleViolation) as refused:  # nothing to explain while it is pooled
        services.candidate_reason_record(candidate=candidate, user=bureau, reason=REASON)
    assert refused.value.rule == "R-9"
    _edit(project, drc, total_investment=Decimal("999.99"))
    url = reverse("reserve:candidate_reason", args=[candidate.pk])

    client.force_login(city_leader_user)  # follows the list, does not choose
    assert client.post(url, {"reason": REASON}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.candidate_reason_record(candidate=candidate, user=city_leader_user, reason=REASON)
    client.force_login(bureau)
    page = client.get(reverse("reserve:candidates") + "?left_pool=1").content.decode()
    assert project.name in page and f'action="{url}?left_pool=1#refused"' in page
    # Under 10 characters (a browser's own check aside): R-9 refuses it, and the list is shown
    # again as it was asked for, with the reason typed in its row and why beside it.
    response = client.post(url + "?left_pool=1", {"reason": "确需保留"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url + "?left_pool=1")
    assert field_reasons(form, "reason") == [
        "该项目不在储备库中，原则上不予考虑；确需入选，请书面说明理由（不少于10个字）。（R-9）"
    ]
    assert field_value(form, "reason") == "确需保留"
    assert response.context["left_pool"] and not response.context["refused"]["apart"]
    assert Candidate.objects.get(pk=candidate.pk).left_pool
    # The list's links lead to the list.
    assert client.get(url + "?channel=national_bonds").url == reverse("reserve:candidates") + (
        "?channel=national_bonds"
    )

    response = client.post(url, {"reason": REASON})

    assert response.url == reverse("reserve:candidates") + "?left_pool=1#messages"
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.override_reason == REASON and not candidate.left_pool
    assert candidate.history.first().history_user == bureau
    assert project.name not in client.get(response.url).content.decode()


def test_the_candidate_list_keeps_its_queries_whatever_its_length(client, area, owner, drc):
    client.force_login(drc)

    def add(count):
        bulk_pooled(area, owner, count)
        projects = Project.objects.filter(reserve_candidacies__isnull=True)
        Candidate.objects.bulk_create(
            [
                Candidate(channel="policy_loans", year=2026, project=p, in_pool=True, added_by=drc)
                for p in projects
            ]
        )
        # Every other one has left its pool since.
        left = Membership.objects.current().filter(project__in=list(projects)[::2])
        left.update(left_at=dt.datetime(2026, 11, 9, tzinfo=dt.UTC))

    assert_constant_queries(lambda: client.get(reverse("reserve:candidates")), add, 3, 30)
    page = client.get(reverse("reserve:candidates")).content.decode()
    left = Candidate.objects.left_pool(dt.date(2026, 11, 10)).count()
    assert left == 2 + 14  # every other one of 3, then of 27
    assert page.count(f'<span class="bad">{LEFT}</span>') == left
