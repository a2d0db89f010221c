"""A-5, "各地区、各部门的帮扶方案、帮扶项目名单、帮扶领导和帮扶团队要在各自门户网站进行公示": a
case keeps the day its arrangement was decided (the city leader's approval, or the area's own
decision with its leader), its lead area or department records the day it published it on its
portal, and a case not published within 20 working days (政府信息公开条例) is 未公示 — on the
list (filter), the case page, the Excel file, the API and the lead unit's and the DRC's
dashboards."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from assistance import rules, services
from assistance.choices import CaseStatus, PublicationState, TeamStatus, Tier
from assistance.dashboard import panels
from assistance.models import AssistanceCase
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory
from tests.queries import count_queries
from tests.refusals import OVERWRITE, field_reasons, field_value, form_reasons, shown_form
from yingkou.choices import LeaderRank
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.models import CalendarDay
from yingkou.people_changes import leader_rule_values

pytestmark = pytest.mark.django_db

D = dt.date
# Decided on Tuesday 1 September 2026: the 20th working day after it is Tuesday 29 September.
DECIDED, DUE = D(2026, 9, 1), D(2026, 9, 29)
RECORDED = D(2026, 9, 10)


@pytest.fixture
def principal(area):
    return LeaderFactory(name="王区长", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)


@pytest.fixture
def case(area, principal):
    """A local case of 鲅鱼圈区 whose team and leader were decided on `DECIDED`."""
    with at(DECIDED):
        return AssistanceCaseFactory(
            project=ProjectFactory(name="鲅鱼圈区新材料项目", owner_unit=area, landing_unit=area),
            team__lead_unit=area,
            team__lead_leader=principal,
            arranged_on=DECIDED,
        )


def _state(case, today):
    case.refresh_from_db()
    return case.publication_state(rules.publication_overdue_until(today))


# --- the rule --------------------------------------------------------------------------------


def test_the_due_day_is_the_20th_working_day_after_the_decision():
    assert rules.publication_due_rule(DECIDED) == DUE
    # Across the Mid-Autumn Friday (25 September) and National Day (1-7 October), the make-up
    # working days counted.
    assert rules.publication_due_rule(D(2026, 9, 9)) == D(2026, 10, 13)


@pytest.mark.parametrize(
    "today",
    [
        D(2026, 9, 29),
        D(2026, 9, 30),
        D(2026, 10, 9),
        D(2026, 10, 10),
        D(2026, 10, 12),
        D(2026, 3, 2),
    ],
)
def test_the_days_overdue_by_today_are_those_whose_due_day_has_ended(today):
    until = rules.publication_overdue_until(today)
    for back in range(90):
        decided = today - dt.timedelta(days=back)
        assert (rules.publication_due_rule(decided) < today) == (decided <= until), decided


def test_a_day_off_entered_by_an_administrator_moves_both(case):
    assert rules.publication_overdue_until(D(2026, 9, 30)) == DECIDED
    CalendarDay.objects.create(date=D(2026, 9, 28), is_working_day=False, note="调整")
    assert rules.publication_due_rule(DECIDED) == DUE + dt.timedelta(days=1)
    assert rules.publication_overdue_until(D(2026, 9, 30)) < DECIDED


@pytest.mark.parametrize(
    ("published_on", "today", "state"),
    [
        (None, DUE, PublicationState.PENDING),  # the due day itself is still in time
        (None, DUE + dt.timedelta(days=1), PublicationState.OVERDUE),
        (DECIDED, DUE + dt.timedelta(days=1), PublicationState.PUBLISHED),  # the same day counts
        (DUE + dt.timedelta(days=5), DUE + dt.timedelta(days=9), PublicationState.PUBLISHED),
        # Published before this arrangement was decided: what it showed was an earlier list.
        (DECIDED - dt.timedelta(days=1), DUE + dt.timedelta(days=1), PublicationState.OVERDUE),
        (DECIDED - dt.timedelta(days=1), DUE, PublicationState.PENDING),
    ],
)
def test_publication_state_at_its_boundaries(published_on, today, state):
    assert (
        rules.publication_state_rule(
            arranged=True,
            arranged_on=DECIDED,
            published_on=published_on,
            overdue_until=rules.publication_overdue_until(today),
        )
        == state
    )


def test_nothing_is_owed_without_an_arrangement():
    until = rules.publication_overdue_until(D(2026, 11, 2))
    assert (
        rules.publication_state_rule(
            arranged=False, arranged_on=DECIDED, published_on=None, overdue_until=until
        )
        == ""
    )
    assert (
        rules.publication_state_rule(
            arranged=True, arranged_on=None, published_on=None, overdue_until=until
        )
        == ""
    )


def test_the_filter_and_the_rule_agree(case, area, principal):
    with at(D(2026, 9, 2)):
        later = AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area),
            team__lead_unit=area,
            team__lead_leader=principal,
            arranged_on=D(2026, 9, 2),
        )
    closed = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        team__lead_leader=principal,
        arranged_on=DECIDED,
        status=CaseStatus.CLOSED,
    )
    proposed = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        team__lead_leader=principal,
        arranged_on=DECIDED,
        tier=Tier.CITY,
        team_status=TeamStatus.PROPOSED,
    )
    never = AssistanceCaseFactory(  # no day kept: nothing owed, and the complement keeps it
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    today = DUE + dt.timedelta(days=1)
    overdue_q = rules.publication_overdue_q(today)
    overdue = set(AssistanceCase.objects.filter(overdue_q).values_list("pk", flat=True))
    assert overdue == {case.pk}
    others = set(AssistanceCase.objects.exclude(overdue_q).values_list("pk", flat=True))
    assert others == {later.pk, closed.pk, proposed.pk, never.pk}
    for each in (case, later, closed, proposed, never):
        assert (_state(each, today) == PublicationState.OVERDUE) == (each.pk in overdue)


# --- the day an arrangement is decided --------------------------------------------------------


def _propose(case, user, leader=None, **kwargs):
    return services.assistance_team_propose(
        case=case,
        user=user,
        responsible_leader=kwargs.pop("responsible_leader", None),
        assisting_leader=leader,
        project_liaison=user,
        service_liaison=kwargs.pop("service_liaison", None),
        **kwargs,
    )


def test_a_local_team_is_decided_when_its_area_names_its_leader_and_again_when_it_changes(
    area, owner, drc, principal
):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("20000"), stage="reserve"
    )
    with at(D(2026, 9, 1)):
        case = services.assistance_case_open(project=project, user=drc, source="reserve")
    assert case.arranged_on is None  # no leader yet: nothing decided to publish
    with at(D(2026, 9, 3)):
        _propose(case, owner, principal)
    case.refresh_from_db()
    assert case.arranged_on == D(2026, 9, 3)
    with at(D(2026, 10, 12)):
        _propose(case, owner, principal, plan="倒排工期，每月调度。")
    case.refresh_from_db()
    assert case.arranged_on == D(2026, 10, 12)  # a changed arrangement is published again


def test_a_city_team_is_decided_when_its_city_leader_approves_it(
    area, owner, drc, city_leader_user
):
    vice_mayor = LeaderFactory(name="周副市长", unit=city_leader_user.unit, user=city_leader_user)
    responsible = LeaderFactory(name="李副区长", rank=LeaderRank.IN_CHARGE, unit=area)
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("60000"), stage="signed"
    )
    with at(D(2026, 9, 1)):
        case = services.assistance_case_open(project=project, user=drc, source="direct")
        _propose(case, owner, responsible_leader=responsible, service_liaison=owner)
        services.assistance_team_compile(case=case, user=drc, assisting_leader=vice_mayor)
    case.refresh_from_db()
    assert case.tier == Tier.CITY and case.arranged_on is None
    with at(D(2026, 9, 4)):
        services.assistance_team_approve(case=case, user=city_leader_user)
    case.refresh_from_db()
    assert case.arranged_on == D(2026, 9, 4)
    with at(D(2026, 9, 8)):
        _propose(case, owner, responsible_leader=responsible, service_liaison=owner)
    case.refresh_from_db()
    assert case.arranged_on is None  # back to a proposal: nothing to publish until approved


def test_a_case_that_loses_its_leader_owes_nothing_until_another_is_named(
    case, principal, other_area
):
    before = leader_rule_values(principal)
    principal.unit = other_area
    principal.save()
    with at(D(2026, 9, 10)):
        services.assistance_leader_changed(leader=principal, before=before, user=None)
    case.refresh_from_db()
    assert case.team.lead_leader is None and case.arranged_on is None
    assert _state(case, D(2026, 11, 2)) == ""


# --- recording the publication ----------------------------------------------------------------


def _record(case, user, day=RECORDED, **kwargs):
    case.refresh_from_db()
    return services.assistance_publication_record(
        case=case,
        user=user,
        published_on=kwargs.pop("published_on", day),
        url=kwargs.pop("url", "https://www.bayuquan.gov.cn/gsgg/2026/0910.html"),
        note=kwargs.pop("note", ""),
        expected_version=kwargs.pop("expected_version", case.version),
    )


def test_the_lead_units_staff_record_it_and_its_history_says_who(case, owner, reviewer):
    with at(D(2026, 9, 10)):
        _record(case, owner)
    assert _state(case, D(2026, 11, 2)) == PublicationState.PUBLISHED
    latest = case.history.first()
    assert (latest.history_user, latest.history_change_reason) == (owner, "门户网站公示（A-5）")
    assert latest.published_on == D(2026, 9, 10)
    with at(D(2026, 9, 12)):  # its reviewer too, and a later publication replaces the day
        _record(case, reviewer, D(2026, 9, 12), url="", note="门户网站“通知公告”栏目")
    case.refresh_from_db()
    assert (case.published_on, case.published_url, case.published_note) == (
        D(2026, 9, 12),
        "",
        "门户网站“通知公告”栏目",
    )
    assert [h.published_on for h in case.history.all()[:2]] == [D(2026, 9, 12), D(2026, 9, 10)]


def test_no_one_else_records_it(case, outsider, teammate, department, drc):
    case.team.cooperating_units.set([department])  # on the team, not its lead
    for user in (outsider, teammate, drc):
        with at(D(2026, 9, 10)), pytest.raises(PermissionDenied):
            _record(case, user)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published_on": DECIDED - dt.timedelta(days=1)}, "published_on"),
        ({"published_on": D(2026, 9, 11)}, "published_on"),  # after today
        ({"url": "", "note": "  "}, "published_url"),
    ],
)
def test_a_publication_is_refused_when_it_breaks_the_rule(case, owner, changes, field):
    with at(D(2026, 9, 10)), pytest.raises(RuleViolation) as refused:
        _record(case, owner, **changes)
    assert (refused.value.rule, refused.value.field) == ("A-5", field)


def test_nothing_is_published_before_the_team_is_approved(area, owner):
    proposed = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        tier=Tier.CITY,
        team_status=TeamStatus.PROPOSED,
    )
    with at(D(2026, 9, 10)), pytest.raises(RuleViolation) as refused:
        _record(proposed, owner)
    assert refused.value.rule == "A-5"


def test_an_edit_on_an_older_version_is_refused(case, owner):
    with at(D(2026, 9, 10)), pytest.raises(StaleVersion):
        _record(case, owner, expected_version=case.version - 1)


# --- where it shows ---------------------------------------------------------------------------


def _listed(client, query: str) -> list[int]:
    return [c.pk for c in client.get(reverse("assistance:list") + query).context["page"]]


def test_the_list_filters_and_marks_it_and_the_case_page_records_it(client, case, owner):
    client.force_login(owner)
    with at(DUE):
        assert _listed(client, "?unpublished=true") == []
        page = client.get(reverse("assistance:list")).content.decode()
        assert "待公示" in page and "data-unpublished" not in page
    with at(DUE + dt.timedelta(days=1)):
        assert _listed(client, "?unpublished=true") == [case.pk]
        assert _listed(client, "?unpublished=false") == []
        assert "data-unpublished" in client.get(reverse("assistance:list")).content.decode()
        detail = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
        assert "data-unpublished" in detail and "2026年9月29日前" in detail
        response = client.post(
            reverse("assistance:publication", args=[case.pk]),
            {
                "published_on": "2026-09-30",
                "url": "https://www.bayuquan.gov.cn/gsgg/0930.html",
                "note": "",
                "version": case.version,
            },
        )
        assert response.status_code == 302
        assert _listed(client, "?unpublished=true") == []
        detail = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert "已公示" in detail and "https://www.bayuquan.gov.cn/gsgg/0930.html" in detail


def test_a_refused_record_says_why_on_the_case_page(client, case, owner, outsider):
    client.force_login(owner)
    url = reverse("assistance:publication", args=[case.pk])
    data = {"published_on": "2026-08-30", "url": "", "note": "公告栏", "version": case.version}
    with at(D(2026, 9, 10)):
        response = client.post(url, data, follow=True)
    assert "公示日期不能早于帮扶安排确定之日" in response.content.decode()
    case.refresh_from_db()
    assert case.published_on is None
    client.force_login(outsider)
    with at(D(2026, 9, 10)):
        assert client.post(url, data).status_code == 404


def test_the_case_file_says_it(client, case, owner, area, principal):
    with at(D(2026, 9, 20)):
        published = AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area, total_investment=1),
            team__lead_unit=area,
            team__lead_leader=principal,
            arranged_on=D(2026, 9, 20),
        )
        _record(published, owner, D(2026, 9, 20))
    client.force_login(owner)
    with at(DUE + dt.timedelta(days=1)):
        response = client.get(reverse("assistance:list"), {"export": "xlsx"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[2][-1] == "门户网站公示"
    assert {row[1]: row[-1] for row in rows[3:]} == {
        "鲅鱼圈区新材料项目": "未公示",
        published.project.name: "已公示 2026-09-20",
    }


def test_the_api_says_it_filters_it_and_records_it(case, owner, outsider, teammate, department):
    case.team.cooperating_units.set([department])
    api = api_as(owner)
    with at(DUE + dt.timedelta(days=1)):
        rows = api.get("/api/v1/assistance/projects/", {"unpublished": "true"}).json()["results"]
        assert [(r["id"], r["publication"], r["unpublished"]) for r in rows] == [
            (case.pk, "overdue", True)
        ]
        url = f"/api/v1/assistance/projects/{case.pk}/publication/"
        body = {"published_on": "2026-08-31", "published_note": "公告栏", "version": case.version}
        refused = api.post(url, body, format="json")
        assert refused.status_code == 400 and refused.json()["rule"] == "A-5"
        assert api_as(teammate).post(url, body, format="json").status_code == 403
        assert api_as(outsider).post(url, body, format="json").status_code == 404
        answer = api.post(url, {**body, "published_on": "2026-09-30"}, format="json")
        assert answer.status_code == 200
        assert (answer.json()["publication"], answer.json()["published_on"]) == (
            "published",
            "2026-09-30",
        )
        assert (
            api.get("/api/v1/assistance/projects/", {"unpublished": "true"}).json()["results"] == []
        )


def test_the_api_says_by_when_in_one_calendar_query_a_page(case, area, owner, principal):
    """As a plan's reads do: the due day of each arranged case, null for one not arranged; a
    list page's counted at once, whatever its rows and their decision days."""
    never = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    api = api_as(owner)
    url = "/api/v1/assistance/projects/"

    def dues() -> dict:
        return {row["id"]: row["publication_due"] for row in api.get(url).json()["results"]}

    def add(n):
        for index in range(n):
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area),
                team__lead_unit=area,
                team__lead_leader=principal,
                arranged_on=D(2026, 9, 1) + dt.timedelta(days=index % 9),
            )

    with at(D(2026, 9, 10)):
        assert {case.pk: dues()[case.pk], never.pk: dues()[never.pk]} == {
            case.pk: DUE.isoformat(),
            never.pk: None,
        }
        assert api.get(f"{url}{case.pk}/").json()["publication_due"] == DUE.isoformat()
        # Published, it still says by when it was due, as a plan does.
        _record(case, owner, D(2026, 9, 10))
        assert api.get(f"{url}{case.pk}/").json()["publication_due"] == DUE.isoformat()
        add(2)
        few = count_queries(lambda: api.get(url))
        add(30)
        assert count_queries(lambda: api.get(url)) == few
        rows = api.get(url, {"page_size": 100}).json()["results"]
    arranged = AssistanceCase.objects.in_bulk([row["id"] for row in rows])
    assert len(rows) == 34
    for row in rows:
        day = arranged[row["id"]].arranged_on
        assert row["publication_due"] == (day and rules.publication_due_rule(day).isoformat())


def test_the_schema_describes_the_due_day(client):
    schema = client.get("/api/schema/?format=json").json()
    due = schema["components"]["schemas"]["AssistanceCase"]["properties"]["publication_due"]
    assert (due["format"], due.get("nullable"), due.get("readOnly")) == ("date", True, True)


def _row(user, label):
    rows = [row for panel in panels(user) for row in panel["rows"]]
    (found,) = [row for row in rows if row[0] == label]
    return found


def test_the_lead_units_and_the_drcs_dashboards_count_them(
    client, case, owner, outsider, teammate, department, drc, other_area
):
    case.team.cooperating_units.set([department])
    with at(D(2026, 9, 2)):
        AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=other_area, landing_unit=other_area),
            team__lead_unit=other_area,
            team__lead_leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=other_area),
            arranged_on=D(2026, 9, 2),
        )
    with at(D(2026, 10, 12)):
        label, count, url = _row(owner, "本单位牵头、未公示的帮扶项目（A-5）")
        assert count == 1
        client.force_login(owner)
        assert _listed(client, url[len(reverse("assistance:list")) :]) == [case.pk]
        assert _row(teammate, "本单位牵头、未公示的帮扶项目（A-5）")[1] == 0
        assert _row(outsider, "本单位牵头、未公示的帮扶项目（A-5）")[1] == 1
        label, count, url = _row(drc, "未在门户网站公示的帮扶项目（A-5）")
        assert count == 2
        client.force_login(drc)
        assert len(_listed(client, url[len(reverse("assistance:list")) :])) == 2


def test_the_filtered_list_and_api_run_a_fixed_number_of_queries(client, owner, area, principal):
    client.force_login(owner)
    api = api_as(owner)
    urls = [
        reverse("assistance:list") + "?unpublished=true",
        reverse("assistance:list") + "?unpublished=false&led_by_unit=true",
    ]

    def add(n):
        for index in range(n):
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area),
                team__lead_unit=area,
                team__lead_leader=principal,
                arranged_on=DECIDED if index % 2 else D(2026, 9, 25),
                published_on=D(2026, 9, 3) if index % 3 == 0 else None,
            )

    def api_list():
        return api.get("/api/v1/assistance/projects/", {"unpublished": "true"})

    with at(D(2026, 10, 12)):
        add(4)
        few = [count_queries(lambda url=url: client.get(url)) for url in urls]
        few_api = count_queries(api_list)
        add(36)
        assert [count_queries(lambda url=url: client.get(url)) for url in urls] == few
        assert count_queries(api_list) == few_api
        # decided on 1 September and not published since: the odd ones not divisible by 3
        assert api_list().json()["count"] == 13


def test_a_unit_that_was_never_arranged_owes_nothing_anywhere(client, area, owner):
    AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=UnitFactory(), landing_unit=area),
        team__lead_unit=area,
    )
    client.force_login(owner)
    with at(D(2026, 11, 2)):
        assert _listed(client, "?unpublished=true") == []


def test_a_refused_record_is_shown_again_in_its_form_with_what_was_typed(client, case, owner):
    """The form sits on the case's page: a refusal was a message at the top of the page and
    the day, address and note typed were gone. The page is shown again with the form as it was
    sent, each reason beside its field."""
    client.force_login(owner)
    url = reverse("assistance:publication", args=[case.pk])
    address = "https://www.bayuquan.gov.cn/gsgg/0830.html"
    data = {"published_on": "2026-08-30", "url": address, "note": "公告栏", "version": case.version}
    with at(D(2026, 9, 10)):
        response = client.post(url, data)
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_reasons(form, "published_on") == [
        "公示日期不能早于帮扶安排确定之日（2026-09-01），此前公示的是此前的名单。（A-5）"
    ]
    assert [field_value(form, name) for name in ("published_on", "url", "note")] == [
        "2026-08-30",
        address,
        "公告栏",
    ]
    # Neither an address nor a note: the rule names the address, where the reason is shown.
    with at(D(2026, 9, 10)):
        page = client.post(url, {**data, "published_on": "2026-09-09", "url": "", "note": ""})
    form = shown_form(page.content.decode(), url)
    assert field_reasons(form, "url") == ["请填写公示网址，或说明在门户网站的公示位置。（A-5）"]
    assert field_value(form, "published_on") == "2026-09-09"
    # A day not given is refused before the rule, at its field too.
    with at(D(2026, 9, 10)):
        page = client.post(url, {**data, "published_on": ""})
    form = shown_form(page.content.decode(), url)
    assert field_reasons(form, "published_on") == ["此项必须填写。"]
    assert (field_value(form, "url"), field_value(form, "note")) == (address, "公告栏")
    case.refresh_from_db()
    assert case.published_on is None


def test_a_stale_record_shows_the_others_and_saves_when_sent_again(client, case, owner, reviewer):
    """Recorded meanwhile by someone else of the lead unit: the case page draws the form again
    on the case's current version with what was recorded beside what was typed; a second save
    records it."""
    url = reverse("assistance:publication", args=[case.pk])
    seen = case.version
    client.force_login(reviewer)
    address = "https://www.bayuquan.gov.cn/gsgg/0909.html"
    saved = {"published_on": "2026-09-09", "url": address, "note": "", "version": seen}
    with at(D(2026, 9, 10)):
        assert client.post(url, saved).status_code == 302
    client.force_login(owner)
    typed = {"published_on": "2026-09-10", "url": "", "note": "通知公告栏目", "version": seen}
    with at(D(2026, 9, 10)):
        refused = client.post(url, typed)
    assert refused.status_code == 200
    form = shown_form(refused.content.decode(), url)
    reason, *changed = form_reasons(form)
    assert reason.startswith("该帮扶项目已被他人修改")
    assert changed == [
        "「公示日期」现为 2026年9月9日，您填写的是 2026年9月10日",
        f"「公示网址」现为 {address}，您填写的是 —",
        "「公示说明」现为 —，您填写的是 通知公告栏目",
        OVERWRITE,
    ]
    current = AssistanceCase.objects.get(pk=case.pk).version
    assert field_value(form, "version") == str(current)
    assert field_value(form, "note") == "通知公告栏目"

    with at(D(2026, 9, 10)):
        assert client.post(url, {**typed, "version": current}).status_code == 302
    case.refresh_from_db()
    assert (case.published_on, case.published_url, case.published_note) == (
        D(2026, 9, 10),
        "",
        "通知公告栏目",
    )
    rows = list(case.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.published_on) for row in rows] == [
        (owner, D(2026, 9, 10)),
        (reviewer, D(2026, 9, 9)),
    ]


def test_the_marker_on_the_list_is_not_broken_across_lines(client, case, owner):
    """未公示 beside the team's state in a narrow column wrapped as 未 / 公示."""
    client.force_login(owner)
    with at(DUE + dt.timedelta(days=1)):
        page = client.get(reverse("assistance:list")).content.decode()
    assert 'class="bad nowrap" data-unpublished' in page
