"""Pages: who sees what, who may do what, forms turning rules into errors, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import selectors, services
from assistance.choices import ProblemStatus, ReportKind, TeamStatus, Tier
from assistance.models import AssistanceCase, AssistancePlan, SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import LeaderRank, UnitKind
from yingkou.paging import QUEUE_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(
            name="鲅鱼圈区精细化工项目",
            owner_unit=area,
            landing_unit=area,
            total_investment=Decimal("80000"),
        ),
        team__lead_unit=area,
        tier=Tier.CITY,
        team_status=TeamStatus.PROPOSED,
    )
    case.team.cooperating_units.set([department])
    return case


@pytest.fixture
def meeting(case, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case.team.lead_leader = leader
    case.team.save()
    meeting = JointMeetingFactory(case=case, convened_by=leader, held_on=dt.date(2026, 11, 20))
    meeting.attendees.set([UnitFactory(code="GD", name="供电公司", kind=UnitKind.UTILITY)])
    return meeting


def test_pages_answer(client, case, meeting, owner):
    problem = ProblemFactory(case=case)
    client.force_login(owner)
    for name, args in [
        ("assistance:list", []),
        ("assistance:open", []),
        ("assistance:detail", [case.pk]),
        ("assistance:team", [case.pk]),
        ("assistance:problem_create", [case.pk]),
        ("assistance:meeting_create", [case.pk]),
        ("assistance:problems", []),
        ("assistance:problem", [problem.pk]),
        ("assistance:queue", []),
        ("assistance:meeting", [meeting.pk]),
        ("assistance:groups", []),
        ("assistance:liaison", []),
        ("assistance:plan", []),
        ("assistance:reports", []),
        ("assistance:public", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert "鲅鱼圈区精细化工项目" in client.get(reverse("assistance:list")).content.decode()


def test_outsider_gets_404(client, case, meeting, outsider):
    problem = ProblemFactory(case=case)
    client.force_login(outsider)
    for name, pk in [
        ("assistance:detail", case.pk),
        ("assistance:team", case.pk),
        ("assistance:problem", problem.pk),
        ("assistance:meeting", meeting.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert client.post(reverse("assistance:team_approve", args=[case.pk])).status_code == 404
    assert "鲅鱼圈区精细化工项目" not in client.get(reverse("assistance:list")).content.decode()


def test_problem_owner_outside_the_team_sees_the_problem_not_the_case(client, case, outsider):
    problem = ProblemFactory(case=case, owner_unit=outsider.unit)
    client.force_login(outsider)
    assert client.get(reverse("assistance:problem", args=[problem.pk])).status_code == 200
    assert client.get(reverse("assistance:detail", args=[case.pk])).status_code == 404


def test_the_team_history_is_headed_once(client, case, teammate):
    """The case's history, then its team's under its own heading, not under two."""
    client.force_login(teammate)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    headings = [
        part.split("</h2>")[0] for part in page.split("<h2>")[1:] if "修改记录" in part[:20]
    ]
    assert headings == ["修改记录", "服务团队修改记录"]


def test_teammate_may_not_propose_or_decide(client, case, teammate):
    client.force_login(teammate)
    assert client.get(reverse("assistance:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("assistance:team", args=[case.pk])).status_code == 403
    assert client.post(reverse("assistance:team_compile", args=[case.pk])).status_code == 403
    assert (
        client.post(
            reverse("assistance:stage", args=[case.pk]), {"stage": "construction"}
        ).status_code
        == 403
    )


def test_escalations_page_is_for_city_leaders_and_drc(client, case, owner, drc, city_leader_user):
    ProblemFactory(
        case=case, escalated=True, escalated_on=dt.date(2026, 11, 20), title="用地报批受阻"
    )
    client.force_login(owner)
    assert client.get(reverse("assistance:escalations")).status_code == 403
    for user in (drc, city_leader_user):
        client.force_login(user)
        response = client.get(reverse("assistance:escalations"))
        assert "用地报批受阻" in response.content.decode()


def test_team_workflow_through_pages(client, case, owner, drc, city_leader_user, area):
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    vice_mayor = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    client.force_login(owner)
    # Without a service liaison the A-6 rule shows as a form error, nothing is saved.
    response = client.post(
        reverse("assistance:team", args=[case.pk]),
        {"responsible_leader": head.pk, "project_liaison": owner.pk, "version": 1},
    )
    assert response.status_code == 200
    assert "A-6" in response.content.decode()
    response = client.post(
        reverse("assistance:team", args=[case.pk]),
        {
            "responsible_leader": head.pk,
            "project_liaison": owner.pk,
            "service_liaison": owner.pk,
            "version": 1,
        },
    )
    assert response.status_code == 302
    client.force_login(drc)
    client.post(
        reverse("assistance:team_compile", args=[case.pk]), {"assisting_leader": vice_mayor.pk}
    )
    case.refresh_from_db()
    assert case.team_status == TeamStatus.COMPILED
    client.force_login(drc)
    assert client.post(reverse("assistance:team_approve", args=[case.pk])).status_code == 403
    client.force_login(city_leader_user)
    queue = client.get(reverse("assistance:queue")).content.decode()
    assert "鲅鱼圈区精细化工项目" in queue  # waiting for this leader's approval
    client.post(reverse("assistance:team_approve", args=[case.pk]))
    case.refresh_from_db()
    assert case.team_status == TeamStatus.APPROVED


def test_problem_escalation_and_solution_through_pages(client, case, owner, teammate):
    problem = ProblemFactory(case=case, owner_unit=teammate.unit)
    escalate = reverse("assistance:problem_escalate", args=[problem.pk])
    client.force_login(owner)
    response = client.post(escalate, {"reason": ""})
    assert response.status_code == 200  # required field
    refused = response.content.decode()
    assert 'name="reason"' in refused and "error-summary" in refused  # the form again, with why
    client.post(escalate, {"reason": "需市政府协调用地指标"})
    problem.refresh_from_db()
    assert problem.escalated
    client.force_login(teammate)
    instruct = reverse("assistance:problem_instruct", args=[problem.pk])
    assert client.post(instruct, {"instruction": "x"}).status_code == 403
    client.post(reverse("assistance:problem_solve", args=[problem.pk]), {"outcome": "指标已落实"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SOLVED


def test_problem_form_shows_rule_error(client, case, owner, area):
    client.force_login(owner)
    response = client.post(
        reverse("assistance:problem_create", args=[case.pk]),
        {"category": "land", "title": "x", "owner_unit": area.pk, "due_on": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "A-3" in response.content.decode()


def test_public_page_shows_only_approved_teams(client, area, case):
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长")
    approved = AssistanceCaseFactory(
        project=ProjectFactory(name="港口冷链物流中心", owner_unit=area),
        team__lead_unit=area,
        team__lead_leader=principal,
    )
    # approved, but without its one assisting leader: not an arrangement to publish yet.
    AssistanceCaseFactory(
        project=ProjectFactory(name="待确定帮扶领导的项目", owner_unit=area), team__lead_unit=area
    )
    member = UserFactory(first_name="晓", last_name="林", unit=area)
    approved.team.members.set([member])
    AssistancePlan.objects.create(
        unit=area, year=2026, title="2026年帮扶方案", content="一企一策", is_published=True
    )
    AssistancePlan.objects.create(
        unit=area, year=2025, title="内部草稿", content="x", is_published=False
    )
    response = client.get(reverse("assistance:public_unit", args=[area.code]))  # anonymous
    page = response.content.decode()
    assert response.status_code == 200
    assert "港口冷链物流中心" in page and "林晓" in page and "2026年帮扶方案" in page
    assert "鲅鱼圈区精细化工项目" not in page  # a proposal is not published
    assert "待确定帮扶领导的项目" not in page
    assert "内部草稿" not in page
    assert area.name in client.get(reverse("assistance:public")).content.decode()
    feed = client.get(reverse("assistance:public_feed", args=[area.code])).json()
    assert [p["project"] for p in feed["projects"]] == ["港口冷链物流中心"]
    assert feed["projects"][0]["team_members"] == ["林晓"]
    assert [p["title"] for p in feed["plans"]] == ["2026年帮扶方案"]


def test_stage_change_through_page(client, case, owner):
    client.force_login(owner)
    case.project.stage = "signed"
    case.project.save()
    client.post(reverse("assistance:stage", args=[case.pk]), {"stage": "construction"})
    case.project.refresh_from_db()
    assert case.project.stage == "construction"


def test_progress_through_page(client, case, owner):
    client.force_login(owner)
    client.post(
        reverse("assistance:progress", args=[case.pk]),
        {
            "month": "2026-10",
            "planned_investment": "1000",
            "actual_investment": "850",
            "version": 0,
        },
    )
    report = case.progress_reports.get()
    assert report.month == dt.date(2026, 10, 1)
    assert report.construction_status == "behind"
    assert "滞后" in client.get(reverse("assistance:detail", args=[case.pk])).content.decode()


def test_meeting_action_item_pages(client, meeting, owner, teammate, city_leader_user):
    minutes = reverse("assistance:meeting_minutes", args=[meeting.pk])
    add_item = reverse("assistance:meeting_item_add", args=[meeting.pk])
    client.force_login(owner)
    body = {"minutes": "县里改写", "decisions": "县里改写"}
    assert client.post(minutes, body).status_code == 403
    assert client.post(add_item, {"description": "x"}).status_code == 403
    client.force_login(city_leader_user)
    client.post(
        add_item,
        {
            "description": "出具接入方案",
            "owner_unit": teammate.unit_id,
            "due_on": "2026-12-20",
        },
    )
    item = meeting.action_items.get()
    client.force_login(owner)
    done = reverse("assistance:meeting_item_done", args=[meeting.pk, item.pk])
    client.post(done, {"outcome": "x"})
    item.refresh_from_db()
    assert item.status == "open"  # only the owner unit completes it
    client.force_login(teammate)
    assert "出具接入方案" in client.get(reverse("assistance:queue")).content.decode()
    refused = client.post(done, {"outcome": ""})
    assert refused.status_code == 200 and "此项必须填写。" in refused.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    client.post(done, {"outcome": "已出具"})
    item.refresh_from_db()
    assert item.status == "done"


def test_a_unit_given_a_task_at_a_meeting_it_did_not_attend_opens_it_and_records_it(
    client, meeting, outsider, city_leader_user
):
    """A-7: the task's owner is not always at the meeting nor on the team; its queue links the
    meeting, where the task is recorded done, and that link answered 404."""
    client.force_login(city_leader_user)
    client.post(
        reverse("assistance:meeting_item_add", args=[meeting.pk]),
        {"description": "协调跨区供水管线", "owner_unit": outsider.unit_id, "due_on": "2026-12-20"},
    )
    item = meeting.action_items.get()
    client.force_login(outsider)
    meeting_url = reverse("assistance:meeting", args=[meeting.pk])
    assert meeting_url in client.get(reverse("assistance:queue")).content.decode()
    page = client.get(meeting_url)
    assert page.status_code == 200
    # The case itself stays its team's: the page names it without a link that would be a 404.
    case_url = reverse("assistance:detail", args=[meeting.case_id])
    assert case_url not in page.content.decode()
    assert client.get(case_url).status_code == 404
    client.post(
        reverse("assistance:meeting_item_done", args=[meeting.pk, item.pk]),
        {"outcome": "已协调完成"},
    )
    item.refresh_from_db()
    assert item.status == "done"


def test_excel_exports(client, case, drc, monkeypatch):
    client.force_login(drc)
    ProblemFactory(case=case)
    summaries = {"assistance:list": "cases_by_stage", "assistance:problems": "problems_by_category"}
    for name, summary in summaries.items():
        # The page's summary by stage or category is not in the file: not read for it.
        with monkeypatch.context() as patched:
            patched.setattr(selectors, summary, lambda queryset, name=summary: pytest.fail(name))
            response = client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        page = client.get(reverse(name))
        assert page.status_code == 200 and page.context["page"].paginator.count == 1


def test_city_report_archive_is_for_city_level_roles(client, owner, drc):
    report = SupervisionReport.objects.create(
        kind="city_report", period_key="2026-10", scope="city", title="十月问题报告"
    )
    client.force_login(owner)
    assert client.get(reverse("assistance:report", args=[report.pk])).status_code == 404
    client.force_login(drc)
    assert client.get(reverse("assistance:report", args=[report.pk])).status_code == 200


def test_group_pages_only_drc_edits(client, owner, drc, area):
    client.force_login(owner)
    assert client.get(reverse("assistance:group_create")).status_code == 403
    client.force_login(drc)
    response = client.post(
        reverse("assistance:group_create"), {"name": "第一推进组", "areas": [area.pk]}
    )
    assert response.status_code == 302
    assert "第一推进组" in client.get(reverse("assistance:groups")).content.decode()


def test_dashboard_panels(client, case, owner, city_leader_user):
    ProblemFactory(case=case, owner_unit=owner.unit, due_on=dt.date(2000, 1, 1))
    client.force_login(owner)
    assert "已逾期问题" in client.get(reverse("home")).content.decode()
    client.force_login(city_leader_user)
    assert "上报市政府未解决的问题" in client.get(reverse("home")).content.decode()


def test_list_pages_run_constant_queries(client, drc, area):
    from tests.queries import count_queries

    drc.unit = area  # the DRC user's queue lists the area's problems
    drc.save()
    client.force_login(drc)
    urls = [
        reverse(name)
        for name in ("assistance:list", "assistance:problems", "assistance:escalations")
    ] + [reverse("assistance:queue"), reverse("assistance:list") + "?tier=local&stage=signed"]

    def add(n):
        for _ in range(n):
            case = AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area), team__lead_unit=area
            )
            case.team.cooperating_units.add(UnitFactory())
            ProblemFactory(
                case=case, owner_unit=area, escalated=True, escalated_on=dt.date(2026, 11, 1)
            )

    add(3)
    few = [count_queries(lambda url=url: client.get(url)) for url in urls]
    add(37)
    many = [count_queries(lambda url=url: client.get(url)) for url in urls]
    assert few == many


def test_public_page_runs_constant_queries(client, area):
    url = reverse("assistance:public_unit", args=[area.code])
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长")

    def add(n):
        for _ in range(n):
            case = AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area),
                team__lead_unit=area,
                team__lead_leader=principal,
            )
            case.team.members.add(UserFactory(unit=area))

    assert_constant_queries(lambda: client.get(url), add, 3, 40)


def test_dashboard_runs_constant_queries(client, drc, area):
    from assistance.dashboard import panels
    from tests.queries import count_queries

    def add(n):
        for _ in range(n):
            ProblemFactory(
                case=AssistanceCaseFactory(project=ProjectFactory(owner_unit=area)),
                owner_unit=drc.unit,
            )

    add(2)
    few = count_queries(lambda: panels(drc))
    add(30)
    assert count_queries(lambda: panels(drc)) == few


def test_open_case_page(client, area, owner):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("3000"))
    client.force_login(owner)
    response = client.post(reverse("assistance:open"), {"project": project.pk, "source": "reserve"})
    assert response.status_code == 302
    case = services.assistance_case_open(project=project, user=owner, source="reserve")
    assert response["Location"] == reverse("assistance:detail", args=[case.pk])


def test_case_and_team_history_show_names_not_ids(client, case, owner, drc, area):
    head = LeaderFactory(name="李国强", rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=head,
        service_liaison=owner,
        project_liaison=owner,
        cooperating_units=[UnitFactory(name="营口市自然资源局", code="ZRZY")],
    )
    services.assistance_team_compile(
        case=case, user=drc, assisting_leader=LeaderFactory(name="张海峰", title="副市长")
    )
    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert "责任领导：— → 李国强（副区长）" in page
    assert "团队审定状态：待地区、部门提出 → 发改委已汇总，待市领导同意" in page
    # The units as the team had them and as it was saved, not the empty list in between.
    assert "配合单位：营口市工业和信息化局 → 营口市自然资源局" in page
    assert "配合单位：— → 营口市自然资源局" not in page
    assert "牵头领导：— → 张海峰（副市长）" in page


def test_stage_chart_counts_cases_not_problems(client, area, drc):
    city = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, stage="construction"), tier=Tier.CITY
    )
    for _ in range(3):
        ProblemFactory(case=city)
    AssistanceCaseFactory(project=ProjectFactory(owner_unit=area, stage="construction"))
    client.force_login(drc)
    rows = client.get(reverse("assistance:list")).context["by_stage"]
    assert [(r["stage"], r["city"], r["local"]) for r in rows] == [("construction", 1, 1)]


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_plan_page_saves_and_publishes(client, owner, area, outsider):
    client.force_login(owner)
    response = client.post(
        reverse("assistance:plan"),
        {
            "year": 2026,
            "title": "2026年帮扶方案",
            "content": "问题清单化管理",
            "is_published": "on",
            "version": 0,
        },
    )
    plan = AssistancePlan.objects.get()
    assert plan.unit == area
    # on to the plan's page, which says by when it is to be published on the portal.
    assert response["Location"] == reverse("assistance:plan_detail", args=[plan.pk])
    assert "待公示" in client.get(response["Location"]).content.decode()
    assert "问题清单化管理" in client.get(reverse("assistance:plan")).content.decode()
    client.logout()
    public = client.get(reverse("assistance:public_unit", args=[area.code]))
    assert "问题清单化管理" in public.content.decode()


def test_cases_missing_a_liaison(client, case, drc, owner):
    client.force_login(drc)
    missing = client.get(reverse("assistance:list") + "?liaison_missing=true").context["page"]
    assert [c.pk for c in missing] == [case.pk]
    case.team.service_liaison = case.team.project_liaison = owner
    case.team.save()
    missing = client.get(reverse("assistance:list") + "?liaison_missing=true").context["page"]
    assert list(missing) == []


def test_groups_page_names_units_without_general_liaison(client, case, drc, owner, area):
    client.force_login(drc)
    assert area.name in str(client.get(reverse("assistance:groups")).context["without_liaison"])
    services.general_liaison_set(unit=area, liaison=owner, user=drc)
    assert not client.get(reverse("assistance:groups")).context["without_liaison"]


def test_the_liaison_links_show_only_to_who_may_name_one(
    client, drc, owner, outsider, area, city_leader_user
):
    services.general_liaison_set(unit=area, liaison=owner, user=drc)
    change = f"{reverse('assistance:liaison')}?unit={area.pk}"
    name_one = f'href="{reverse("assistance:liaison")}"'
    pages = {}
    for user in (drc, owner, outsider, city_leader_user):
        client.force_login(user)
        pages[user.username] = client.get(reverse("assistance:groups")).content.decode()
        # Offered exactly to whom the form answers (its choices narrow a unit to its own).
        may_name = client.get(reverse("assistance:liaison")).status_code == 200
        assert may_name == (name_one in pages[user.username])
    # The DRC names any unit's, a unit its own; a city leader only reads the page.
    assert change in pages["drc"] and change in pages["alice"]
    assert change not in pages["charlie"] and name_one in pages["charlie"]
    assert change not in pages["mayor"] and name_one not in pages["mayor"]


def test_a_stale_team_proposal_on_the_page_is_refused_with_a_message(client, case, owner, area):
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    client.force_login(owner)
    url = reverse("assistance:team", args=[case.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {
        "responsible_leader": head.pk,
        "project_liaison": owner.pk,
        "service_liaison": owner.pk,
        "plan": "第一版方案",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "plan": "覆盖的方案"})
    assert stale.status_code == 200
    assert "已被他人修改" in stale.content.decode()
    case.refresh_from_db()
    assert (case.plan, case.version) == ("第一版方案", 2)


def test_list_rows_carry_their_figures_in_the_list_order(client, case, area, owner):
    """The page is chosen on the cases themselves and then only its rows get their figures
    (open, late and escalated problems): each row keeps its own, in the list's order."""
    smaller = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, total_investment=Decimal("3000")),
        team__lead_unit=area,
    )
    ProblemFactory(case=case, due_on=dt.date(2000, 1, 1))
    ProblemFactory(case=case, due_on=dt.date(2099, 1, 1))
    ProblemFactory(case=smaller, escalated=True, due_on=dt.date(2099, 1, 1))
    client.force_login(owner)
    rows = list(client.get(reverse("assistance:list")).context["page"])
    assert [row.pk for row in rows] == [case.pk, smaller.pk]  # largest investment first
    assert [(r.open_problems, r.late_problems, r.escalated_problems) for r in rows] == [
        (2, 1, 0),
        (1, 0, 1),
    ]
    rows = list(
        client.get(reverse("assistance:list") + "?ordering=total_investment").context["page"]
    )
    assert [row.pk for row in rows] == [smaller.pk, case.pk]
    assert rows[0].escalated_problems == 1


def test_the_list_counts_its_cases_from_its_stage_summary(client, case, area, owner):
    """The pager's total is the summary's: every case of the filtered list, whatever its tier."""
    AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, total_investment=Decimal("3000")),
        team__lead_unit=area,
        tier=Tier.LOCAL,
    )
    client.force_login(owner)
    for query, expected in (("", 2), ("?tier=city", 1), ("?tier=local", 1), ("?per_page=20", 2)):
        response = client.get(reverse("assistance:list") + query)
        assert response.context["page"].paginator.count == expected, query
        assert sum(row["cases"] for row in response.context["by_stage"]) == expected
        assert len(response.context["page"].object_list) == expected


def test_the_problem_list_counts_its_problems_from_its_category_summary(client, case, owner):
    ProblemFactory(case=case, category="land", due_on=dt.date(2099, 1, 1))
    ProblemFactory(case=case, category="power", status=ProblemStatus.SOLVED)
    client.force_login(owner)
    for query, expected in (("", 2), ("?status=open", 1), ("?category=power", 1)):
        response = client.get(reverse("assistance:problems") + query)
        assert response.context["page"].paginator.count == expected, query
        assert len(response.context["page"].object_list) == expected, query


def test_a_units_list_counts_and_pages_the_cases_it_sees(client, owner, area, other_area):
    """Unit staff's list reads its cases once for both the stage summary and the page: the
    summary, the count, the order and every page are those of the cases it may see."""
    from yingkou.choices import Stage

    amounts = ["90000.00", "70000.00", "30000.00", "20000.00", "10000.00"]
    mine = [
        AssistanceCaseFactory(
            project__owner_unit=area,
            project__total_investment=Decimal(amount),
            project__stage=Stage.CONSTRUCTION if n % 2 else Stage.RESERVE,
            tier=Tier.CITY if n < 2 else Tier.LOCAL,
        )
        for n, amount in enumerate(amounts)
    ]
    AssistanceCaseFactory(project__owner_unit=other_area, project__total_investment=Decimal(80000))
    client.force_login(owner)

    first = client.get(reverse("assistance:list") + "?per_page=20")
    visible = AssistanceCase.objects.visible_to(owner)
    assert first.context["by_stage"] == selectors.cases_by_stage(visible)
    assert [row["cases"] for row in first.context["by_stage"]] == [3, 2]
    assert first.context["page"].paginator.count == 5
    assert [case.pk for case in first.context["page"]] == [case.pk for case in mine]

    # Sorted the other way, and a filter: still one read, in the asked order.
    ascending = client.get(
        reverse("assistance:list") + "?per_page=20&tier=local&ordering=total_investment"
    )
    assert [case.pk for case in ascending.context["page"]] == [mine[4].pk, mine[3].pk, mine[2].pk]
    assert [row["local"] for row in ascending.context["by_stage"]] == [2, 1]


def test_the_city_wide_summary_is_kept_until_a_case_or_a_project_is_written(client, drc, area):
    """The DRC's unfiltered list keeps its stage summary between writes: a new case and a
    project moving stage each show on the next request, and a filtered list reads afresh."""
    from yingkou.choices import Stage

    AssistanceCaseFactory(project__owner_unit=area, project__stage=Stage.CONSTRUCTION)
    client.force_login(drc)

    def summary(query=""):
        page = client.get(reverse("assistance:list") + query)
        return {row["stage"]: row["cases"] for row in page.context["by_stage"]}

    assert summary() == {Stage.CONSTRUCTION: 1}
    assert summary() == {Stage.CONSTRUCTION: 1}  # kept: the same answer
    second = AssistanceCaseFactory(project__owner_unit=area, project__stage=Stage.CONSTRUCTION)
    assert summary() == {Stage.CONSTRUCTION: 2}
    second.project.stage = Stage.COMPLETED
    second.project.save()
    assert summary() == {Stage.CONSTRUCTION: 1, Stage.COMPLETED: 1}
    assert summary(f"?tier={Tier.CITY}") == {}


def test_a_project_without_a_case_leaves_the_city_wide_summary_kept(client, drc, area, monkeypatch):
    """R-5's Friday updates write many projects that have no assistance case: they move no
    count, so the kept summary is not grouped again for them; a project with a case is."""
    from yingkou.choices import Stage

    case = AssistanceCaseFactory(project__owner_unit=area, project__stage=Stage.CONSTRUCTION)
    unassisted = ProjectFactory(owner_unit=area)
    groupings = []
    group = selectors.cases_by_stage
    monkeypatch.setattr(
        selectors, "cases_by_stage", lambda queryset: groupings.append(1) or group(queryset)
    )
    client.force_login(drc)
    client.get(reverse("assistance:list"))
    assert len(groupings) == 1

    unassisted.name = "改名的储备项目"
    unassisted.save()
    client.get(reverse("assistance:list"))
    assert len(groupings) == 1

    case.project.stage = Stage.COMPLETED
    case.project.save()
    page = client.get(reverse("assistance:list"))
    assert len(groupings) == 2
    assert {row["stage"]: row["cases"] for row in page.context["by_stage"]} == {Stage.COMPLETED: 1}


def test_public_index_counts_each_units_published_cases(client, area, department):
    """A-5: the index names each unit with a published case or plan, with its number of
    published cases, in a fixed number of queries."""
    leader = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area)
    for name in ("港口冷链物流中心", "精细化工园区"):
        AssistanceCaseFactory(
            project=ProjectFactory(name=name, owner_unit=area),
            team__lead_unit=area,
            team__lead_leader=leader,
        )
    AssistanceCaseFactory(project=ProjectFactory(owner_unit=area), team__lead_unit=area)
    AssistancePlan.objects.create(
        unit=department, year=2026, title="帮扶方案", content="x", is_published=True
    )
    silent = UnitFactory(name="未公示的单位")
    assert [(u.name, u.cases) for u in selectors.public_units()] == [
        (unit.name, n)
        for unit, n in sorted(
            [(area, 2), (department, 0)], key=lambda pair: (pair[0].kind, pair[0].code)
        )
    ]
    assert silent.name not in client.get(reverse("assistance:public")).content.decode()

    def add_rows(n):
        for _ in range(n):
            unit = UnitFactory(kind=UnitKind.COUNTY)
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=unit),
                team__lead_unit=unit,
                team__lead_leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=unit),
            )

    assert_constant_queries(lambda: client.get(reverse("assistance:public")), add_rows, 2, 12)


def test_queue_lists_the_most_urgent_and_says_how_many_more(client, case, owner, area):
    """A-3: a unit with more open problems than the queue shows sees the most urgent first, the
    total, and a link to all of them; none are silently left out."""
    client.force_login(owner)
    first_due = dt.date(2026, 12, 1)
    for day in range(QUEUE_ROWS + 5):
        ProblemFactory(
            case=case, owner_unit=area, title=f"问题{day:03d}", due_on=first_due + dt.timedelta(day)
        )
    page = client.get(reverse("assistance:queue")).content.decode()
    assert "问题000" in page and f"问题{QUEUE_ROWS - 1:03d}" in page
    assert f"问题{QUEUE_ROWS:03d}" not in page
    assert f"共 {QUEUE_ROWS + 5} 项" in page
    everything = f"{reverse('assistance:problems')}?owner_unit={area.pk}&status=open"
    assert everything.replace("&", "&amp;") + "&amp;ordering=due_on" in page
    listed = client.get(everything + "&ordering=-due_on").content.decode()
    assert f"问题{QUEUE_ROWS + 4:03d}" in listed


@time_machine.travel(dt.datetime(2026, 12, 7, 10, 0), tick=False)
def test_plan_page_edits_the_year_it_shows(client, owner, area):
    """A-5: the page opens one year's plan with its version, so last year's plan is edited as
    itself and next year's drafted, never claimed on this year's version."""
    services.assistance_plan_save(
        unit=area, year=2025, title="2025年方案", content="去年", is_published=False, user=owner
    )
    last = AssistancePlan.objects.get(year=2025)
    client.force_login(owner)
    url = reverse("assistance:plan")
    detail = client.get(reverse("assistance:plan_detail", args=[last.pk])).content.decode()
    assert f'href="{url}?year=2025"' in detail
    page = client.get(url + "?year=2025").content.decode()
    assert "去年" in page and 'name="version" value="1"' in page
    saved = client.post(
        url, {"year": 2025, "title": "2025年方案", "content": "去年修改", "version": 1}
    )
    assert saved.status_code == 302
    last.refresh_from_db()
    assert (last.content, last.version) == ("去年修改", 2)
    # This year's page is empty and next year's may be drafted; a year outside shows this one's.
    assert 'name="version" value="0"' in client.get(url).content.decode()
    assert 'name="year" value="2026"' in client.get(url + "?year=1999").content.decode()
    draft = {"year": 2027, "title": "2027年方案", "content": "明年", "version": 0}
    assert client.post(url, draft).status_code == 302
    # Created meanwhile by someone else: the refusal names the year, not "this year".
    stale = client.post(url, {**draft, "content": "覆盖"})
    assert "2027年度帮扶方案已被他人修改或新建" in stale.content.decode()
    assert AssistancePlan.objects.get(year=2027).content == "明年"


def test_a_problem_solved_meanwhile_says_why_the_escalation_was_not_saved(
    client, case, owner, teammate
):
    """The forms of a solved problem are no longer shown: the refusal of one sent before it was
    solved was drawn inside them, and the page came back saying nothing."""
    problem = ProblemFactory(case=case, owner_unit=teammate.unit)
    client.force_login(owner)
    services.problem_solve(problem=problem, user=owner, outcome="指标已落实")
    response = client.post(
        reverse("assistance:problem_escalate", args=[problem.pk]), {"reason": "需市政府协调"}
    )
    problem.refresh_from_db()
    assert not problem.escalated
    page = response.content.decode()
    assert "error-summary" in page
    assert "问题已解决，无需上报市政府。" in page


def test_the_meeting_task_list_marks_the_tab_it_is_reached_from(client, owner):
    """The tasks are the whole list behind 本单位待办: the tab marked was 帮扶项目, the first one
    whose address the page's begins with."""
    client.force_login(owner)
    page = client.get(reverse("assistance:actions")).content.decode()
    tabs = page[page.index('<nav class="subnav"') :]
    tabs = tabs[: tabs.index("</nav>")]
    assert f'<a href="{reverse("assistance:queue")}" class="active"' in tabs
    assert tabs.count('class="active"') == 1


def test_the_archive_lists_the_newest_first_whatever_its_kind(client, drc):
    """Ordered by period key, a day's deadline list (2026-12-07) fell below the quarter's
    report of October (2026-Q3)."""
    made = [
        (dt.datetime(2026, 10, 1, 6, 30), ReportKind.INSPECTION, "2026-Q3"),
        (dt.datetime(2026, 12, 1, 6), ReportKind.CITY_REPORT, "2026-11"),
        (dt.datetime(2026, 12, 7, 7, 45), ReportKind.DEADLINES, "2026-12-07"),
    ]
    for when, kind, key in made:
        with time_machine.travel(when.replace(tzinfo=dt.UTC), tick=False):
            SupervisionReport.objects.create(kind=kind, period_key=key, title=key)
    client.force_login(drc)
    listed = [r.period_key for r in client.get(reverse("assistance:reports")).context["page"]]
    assert listed == ["2026-12-07", "2026-11", "2026-Q3"]
