"""Who reads which archived dispatch and deadline list (A-4, A-8): city-wide roles read every one;
a unit reads its own promotion group's dispatch and, of a day's deadline list, the rows of the
problems and tasks it may open; another group's dispatch is 404 by page and by file."""

import datetime as dt

import pytest
from django.urls import reverse

from assistance.choices import ReportKind
from assistance.models import ActionItem, PromotionGroup, SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.factories import LeaderFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Role

pytestmark = pytest.mark.django_db


def _dispatch(group: PromotionGroup, month: str = "2026-10") -> SupervisionReport:
    """The group's dispatch archived with its readers as the group stands, as the monthly job
    keeps them (the group of the month's end)."""
    report = SupervisionReport.objects.create(
        kind=ReportKind.DISPATCH,
        period_key=month,
        scope=f"group-{group.pk}",
        title=f"{group.name}{month}精准帮扶调度",
        content={"month": month, "group": group.name, "areas": [], "cases": [], "problems": []},
    )
    report.group_areas.set(group.areas.all())
    report.group_people.set([*group.members.all(), *([group.head] if group.head else [])])
    return report


@pytest.fixture
def groups(area, other_area):
    own = PromotionGroup.objects.create(name="第一推进组")
    own.areas.set([area])
    other = PromotionGroup.objects.create(name="第二推进组")
    other.areas.set([other_area])
    return own, other


@pytest.fixture
def dispatches(groups):
    return _dispatch(groups[0]), _dispatch(groups[1])


def _status(client, report, export=False) -> int:
    url = reverse("assistance:report", args=[report.pk])
    return client.get(url + ("?export=xlsx" if export else "")).status_code


@pytest.mark.parametrize("export", [False, True])
def test_a_unit_reads_its_own_groups_dispatch_and_not_another_groups(
    client, owner, dispatches, export
):
    own, other = dispatches
    client.force_login(owner)
    assert _status(client, own, export) == 200
    assert _status(client, other, export) == 404


def test_the_unit_list_names_only_the_dispatches_it_may_open(client, owner, dispatches):
    own, other = dispatches
    client.force_login(owner)
    listed = {r.pk for r in client.get(reverse("assistance:reports")).context["page"]}
    assert own.pk in listed and other.pk not in listed


def test_a_groups_head_and_members_read_its_dispatch(client, groups, department):
    head = UserFactory(username="head", role=Role.UNIT_STAFF, unit=department)
    member = UserFactory(username="member", role=Role.UNIT_STAFF, unit=department)
    groups[1].head = head
    groups[1].save()
    groups[1].members.set([member])
    dispatches = _dispatch(groups[0]), _dispatch(groups[1])
    for user in (head, member):
        client.force_login(user)
        assert _status(client, dispatches[1]) == 200
        assert _status(client, dispatches[0]) == 404


@pytest.mark.parametrize("role_user", ["drc", "city_leader_user", "supervisor"])
def test_city_wide_roles_read_every_groups_dispatch(client, dispatches, role_user, request):
    if role_user == "supervisor":
        user = UserFactory(username="yshj", role=Role.SUPERVISOR)
    else:
        user = request.getfixturevalue(role_user)
    client.force_login(user)
    for report in dispatches:
        assert _status(client, report) == 200
        assert _status(client, report, export=True) == 200
    listed = {r.pk for r in client.get(reverse("assistance:reports")).context["page"]}
    assert {r.pk for r in dispatches} <= listed


def test_the_circulated_inspection_report_is_read_by_every_unit(client, outsider):
    # 形成督导检查情况报告，向全市通报.
    report = SupervisionReport.objects.create(
        kind=ReportKind.INSPECTION,
        period_key="2026-Q3",
        scope="city",
        title="督导检查",
        content={"rows": []},
    )
    client.force_login(outsider)
    assert _status(client, report) == 200


def _rows(*records) -> list[dict]:
    # The rows as `selectors.due_and_late` archives them.
    return [
        {
            "type": "action" if isinstance(record, ActionItem) else "problem",
            "id": record.pk,
            "project": "",
            "title": getattr(record, "description", None) or record.title,
            "category": "",
            "owner_unit": record.owner_unit.name,
            "due_on": record.due_on.isoformat(),
            "escalated": False,
        }
        for record in records
    ]


@pytest.fixture
def deadline_list(area, other_area, city_leader_user):
    own = ProblemFactory(
        case=AssistanceCaseFactory(
            project__owner_unit=area, project__landing_unit=area, team__lead_unit=area
        ),
        title="鲅鱼圈区用地问题",
    )
    others = ProblemFactory(
        case=AssistanceCaseFactory(
            project__owner_unit=other_area,
            project__landing_unit=other_area,
            team__lead_unit=other_area,
        ),
        title="盖州市用地问题",
    )
    meeting = JointMeetingFactory(
        case=others.case,
        convened_by=LeaderFactory(user=city_leader_user, unit=city_leader_user.unit),
        held_on=dt.date(2026, 11, 2),
    )
    own_task = ActionItem.objects.create(
        meeting=meeting,
        description="鲅鱼圈区接入电力",
        owner_unit=area,
        due_on=dt.date(2026, 11, 3),
    )
    other_task = ActionItem.objects.create(
        meeting=meeting,
        description="盖州市平整土地",
        owner_unit=other_area,
        due_on=dt.date(2026, 11, 3),
    )
    report = SupervisionReport.objects.create(
        kind=ReportKind.DEADLINES,
        period_key="2026-11-03",
        scope="city",
        title="2026年11月3日精准帮扶问题到期提醒",
        content={
            "date": "2026-11-03",
            "due": _rows(own, other_task),
            "late": _rows(others, own_task),
        },
    )
    return report


def _titles(response) -> set[str]:
    content = response.context["content"]
    return {row["title"] for row in content["due"] + content["late"]}


def test_a_unit_reads_the_deadlines_of_its_own_records_only(client, owner, deadline_list):
    client.force_login(owner)
    response = client.get(reverse("assistance:report", args=[deadline_list.pk]))
    assert response.status_code == 200
    assert _titles(response) == {"鲅鱼圈区用地问题", "鲅鱼圈区接入电力"}
    assert "盖州市" not in response.content.decode()


def test_the_city_reads_the_whole_deadline_list(client, drc, deadline_list):
    client.force_login(drc)
    response = client.get(reverse("assistance:report", args=[deadline_list.pk]))
    assert _titles(response) == {
        "鲅鱼圈区用地问题",
        "盖州市用地问题",
        "鲅鱼圈区接入电力",
        "盖州市平整土地",
    }


def test_the_archive_list_runs_a_fixed_number_of_queries_for_a_unit(client, owner, area):
    client.force_login(owner)
    made = []

    def add(n):
        for _ in range(n):
            group = PromotionGroup.objects.create(name=f"推进组{len(made)}")
            group.areas.set([area])
            made.append(_dispatch(group))

    assert_constant_queries(lambda: client.get(reverse("assistance:reports")), add, 3, 30)


def _city_report() -> SupervisionReport:
    return SupervisionReport.objects.create(
        kind=ReportKind.CITY_REPORT,
        period_key="2026-10",
        scope="city",
        title="2026年10月向市政府报告",
        content={"rows": []},
    )


def _offered_kinds(client) -> list[str]:
    return [value for value, _label in client.get(reverse("assistance:reports")).context["kinds"]]


def test_a_unit_is_not_offered_the_report_to_the_city_government_it_may_not_read(
    client, owner, dispatches
):
    # only the city-wide roles read the report to the city government, so the 类别 filter
    # does not offer it to a unit, and asking for it anyway does not empty the list.
    report = _city_report()
    client.force_login(owner)
    assert _offered_kinds(client) == [
        ReportKind.DEADLINES,
        ReportKind.WEEKLY,
        ReportKind.DISPATCH,
        ReportKind.INSPECTION,
    ]
    page = client.get(reverse("assistance:reports"), {"kind": ReportKind.CITY_REPORT})
    assert "向市政府报告储备和建设问题" not in page.content.decode()
    assert {r.pk for r in page.context["page"]} == {dispatches[0].pk}
    assert _status(client, report) == 404


def test_the_city_is_offered_every_kind_and_finds_its_report(client, drc):
    report = _city_report()
    client.force_login(drc)
    assert _offered_kinds(client) == ReportKind.values
    page = client.get(reverse("assistance:reports"), {"kind": ReportKind.CITY_REPORT})
    assert [r.pk for r in page.context["page"]] == [report.pk]
