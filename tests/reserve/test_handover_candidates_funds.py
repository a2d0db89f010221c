import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reserve import services
from reserve.choices import StepAction
from reserve.models import Candidate, ReserveFund
from tests.factories import UnitFactory, UserFactory
from tests.queries import assert_constant_queries, count_queries
from tests.reserve.conftest import make_project, pooled
from yingkou.choice_sources import NOT_NAMED
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation
from yingkou.messages import INVALID_CHOICE
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def test_handover_needs_clear_investor_intent(area, owner, reviewer):
    entry = pooled(area, owner, reviewer, amount="60000", investor_intent_clear=False)
    with pytest.raises(RuleViolation) as exc:
        services.entry_hand_over(entry=entry, user=reviewer)
    assert exc.value.rule == "R-8"


def test_handover_needs_pooled_project(entry, reviewer, project):
    project.investor_intent_clear = True
    project.save()
    with pytest.raises(RuleViolation) as exc:
        services.entry_hand_over(entry=entry, user=reviewer)
    assert exc.value.rule == "R-8"


@pytest.mark.parametrize("amount,tier", [("50000.00", "city"), ("49999.99", "local")])
def test_handover_opens_one_assistance_case(area, owner, reviewer, amount, tier):
    entry = pooled(area, owner, reviewer, amount=amount, investor_intent_clear=True)
    case = services.entry_hand_over(entry=entry, user=reviewer)
    assert case.project == entry.project
    assert case.tier == tier
    again = services.entry_hand_over(entry=entry, user=reviewer)
    assert again.pk == case.pk
    assert entry.steps.filter(action=StepAction.HANDOVER).count() == 1
    step = entry.steps.get(action=StepAction.HANDOVER)
    # R-8 in the source's words: the unit proposes, the DRC takes it into (纳入) city-leader
    # assistance — through its A-5 compiling, not by entering data (录入).
    assert (
        step.comment
        == {
            "city": "总投资5亿元以上（含5亿元）的重大项目，由项目所属地区、部门提出，"
            "由市发展改革委负责纳入市级领导重点项目精准帮扶。",
            "local": "由项目所属地区、部门负责帮扶。",
        }[tier]
    )


def test_handover_page_and_permissions(client, area, owner, reviewer, outsider):
    entry = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    with pytest.raises(PermissionDenied):
        services.entry_hand_over(entry=entry, user=owner)
    client.force_login(outsider)
    url = reverse("reserve:entry_action", args=[entry.pk, "handover"])
    assert client.post(url).status_code == 404
    client.force_login(reviewer)
    assert (
        "转入精准帮扶"
        in client.get(reverse("reserve:entry_detail", args=[entry.pk])).content.decode()
    )
    client.post(url)
    entry.refresh_from_db()
    assert entry.handed_over_at is not None


def test_candidate_from_pool_and_outside_with_reason(area, owner, reviewer, drc, bureau):
    inside = pooled(area, owner, reviewer).project
    services.candidate_add(channel="national_bonds", year=2026, project=inside, user=drc)
    outside = make_project(area, "3000")
    with pytest.raises(RuleViolation) as exc:
        services.candidate_add(channel="national_bonds", year=2026, project=outside, user=drc)
    assert exc.value.rule == "R-9"
    reason = "省级重大项目，经市政府常务会议研究同意纳入。"
    candidate = services.candidate_add(
        channel="foreign_loans", year=2026, project=outside, user=bureau, override_reason=reason
    )
    assert candidate.in_pool is False and candidate.override_reason == reason
    with pytest.raises(PermissionDenied):
        services.candidate_add(channel="policy_loans", year=2026, project=inside, user=owner)


def test_candidate_page_warns_and_requires_reason(client, drc, area):
    outside = make_project(area, "3000", name="库外项目")
    client.force_login(drc)
    data = {"channel": "government_investment", "year": 2026, "project": outside.pk}
    page = client.post(reverse("reserve:candidates"), data).content.decode()
    assert "不在任何项目储备库中" in page and "R-9" in page
    assert not Candidate.objects.exists()
    data["override_reason"] = "市委市政府确定的民生重点工程，必须列入。"
    assert client.post(reverse("reserve:candidates"), data).status_code == 302
    assert Candidate.objects.get().override_reason.startswith("市委")


CODE = "2602-210804-65-02-000017"
CANDIDATES = "reserve-candidate"


def offered(client, q: str = "") -> list[str]:
    response = client.get(reverse("choices", args=[CANDIDATES]), {"q": q})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def project_options(page: str) -> list[str]:
    select = re.search(r'<select name="project".*?</select>', page, re.S)
    assert select, "the page has no project select"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group()) if v]


def test_the_candidate_page_carries_a_picker_not_an_option_per_project(client, drc, area):
    client.force_login(drc)
    url = reverse("reserve:candidates")
    for _ in range(3):
        make_project(area, "3000")
    few = count_queries(lambda: client.get(url))
    for _ in range(30):
        make_project(area, "3000")
    assert count_queries(lambda: client.get(url)) == few
    page = client.get(url).content.decode()
    assert project_options(page) == []
    assert f'data-picker-url="/choices/{CANDIDATES}/"' in page
    assert '<noscript><input type="text" name="project"' in page


def test_the_picker_offers_every_unit_s_projects_in_a_pool_or_not(
    client, area, other_area, owner, reviewer, drc, bureau
):
    inside = pooled(area, owner, reviewer, amount="5000", name="鲅鱼圈区港口物流园").project
    make_project(other_area, "3000", name="盖州市港口物流园")  # outside the pools: R-9 reason
    make_project(area, "9000", name="鲅鱼圈区精细化工项目")
    for user in (drc, bureau):
        client.force_login(user)
        assert offered(client, "港口物流") == [inside.name, "盖州市港口物流园"]


def test_only_those_who_choose_candidates_may_use_the_picker(
    client, area, owner, reviewer, city_leader_user
):
    make_project(area, "3000")
    client.force_login(city_leader_user)  # follows the candidates, does not choose them
    assert client.get(reverse("choices", args=[CANDIDATES])).status_code == 403
    page = client.get(reverse("reserve:candidates")).content.decode()
    assert '<select name="project"' not in page
    data = {"channel": "policy_loans", "year": 2026, "project": Project.objects.get().pk}
    assert client.post(reverse("reserve:candidates"), data).status_code == 403
    for user in (owner, reviewer):
        client.force_login(user)
        assert client.get(reverse("choices", args=[CANDIDATES])).status_code == 403
    assert not Candidate.objects.exists()


def test_a_project_outside_the_choices_is_a_form_error(client, drc, area):
    gone = make_project(area, "3000")
    missing = gone.pk
    gone.delete()
    client.force_login(drc)
    data = {"channel": "policy_loans", "year": 2026, "project": missing}
    response = client.post(reverse("reserve:candidates"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(INVALID_CHOICE) in page
    assert project_options(page) == []
    assert not Candidate.objects.exists()


def test_without_a_script_a_candidate_is_chosen_by_its_code_or_full_name(
    client, area, owner, reviewer, drc
):
    by_code = pooled(area, owner, reviewer, code=CODE).project
    by_name = pooled(area, owner, reviewer, name="鲅鱼圈区精细化工项目").project
    client.force_login(drc)
    url = reverse("reserve:candidates")
    data = {"channel": "national_bonds", "year": 2026}
    # the select (nothing chosen) and the text box are both sent; the text decides
    assert client.post(url, {**data, "project": ["", CODE]}).status_code == 302
    assert client.post(url, {**data, "project": ["", by_name.name]}).status_code == 302
    assert set(Candidate.objects.values_list("project", flat=True)) == {by_code.pk, by_name.pk}
    response = client.post(url, {**data, "project": ["", "没有这个项目"]})
    assert response.status_code == 200
    assert str(NOT_NAMED) in response.content.decode()


def test_reserve_fund_per_unit_per_year(area, drc, owner):
    services.reserve_fund_set(unit=area, year=2026, amount=Decimal("500"), user=drc)
    services.reserve_fund_set(unit=area, year=2026, amount=Decimal("650"), user=drc)
    services.reserve_fund_set(unit=area, year=2027, amount=Decimal("700"), user=drc)
    assert list(ReserveFund.objects.filter(unit=area).values_list("year", "amount")) == [
        (2027, Decimal("700")),
        (2026, Decimal("650")),
    ]
    with pytest.raises(PermissionDenied):
        services.reserve_fund_set(unit=area, year=2026, amount=Decimal("1"), user=owner)
    no_pool = UnitFactory(kind=UnitKind.SUPERVISION_BUREAU)
    with pytest.raises(RuleViolation) as exc:
        services.reserve_fund_set(unit=no_pool, year=2026, amount=Decimal("1"), user=drc)
    assert exc.value.rule == "R-10"


@pytest.mark.parametrize(
    ("kind", "budgeted"),
    [
        (UnitKind.DRC, True),  # the city's own fund, with the level-1 pool
        (UnitKind.COUNTY, True),
        (UnitKind.PARK, True),
        (UnitKind.MUNICIPAL_DEPARTMENT, False),  # paid from the city's budget
        (UnitKind.INVESTMENT_BUREAU, False),
    ],
)
def test_funds_are_budgeted_by_the_city_the_counties_and_the_parks(drc, kind, budgeted):
    """R-10: "市、县(市)区、园区财政部门要将项目储备专项资金列入年度预算"."""
    unit = UnitFactory(kind=kind)
    if budgeted:
        services.reserve_fund_set(unit=unit, year=2026, amount=Decimal("300"), user=drc)
        assert ReserveFund.objects.get(unit=unit).amount == Decimal("300")
    else:
        with pytest.raises(RuleViolation) as exc:
            services.reserve_fund_set(unit=unit, year=2026, amount=Decimal("300"), user=drc)
        assert exc.value.rule == "R-10" and "市级资金" in exc.value.text


def test_only_the_city_and_area_pool_pages_offer_the_fund_form(client, drc, pool, level1):
    department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
    client.force_login(drc)

    def page(unit_pool):
        return client.get(reverse("reserve:pool_detail", args=[unit_pool.pk])).content.decode()

    assert 'id="fund-form"' in page(pool)
    assert "市级储备专项资金（R-10）" in page(level1)
    assert 'id="fund-form"' not in page(department.pools.get())


def _waiting_names(client, user, query="?handover_pending=true"):
    client.force_login(user)
    page = client.get(reverse("reserve:entry_list") + query).content.decode()
    return set(re.findall(r"测试项目\d+", page))


def test_pooled_projects_with_a_clear_intent_wait_for_the_handover(
    client, area, other_area, owner, reviewer, outsider, drc
):
    """R-8 (具备条件的储备项目（投资方投资意向基本明确），纳入全市重点项目精准帮扶行动): a pooled
    project with a clear investor intent is listed as waiting until it is handed over; one not
    pooled yet, one whose intent is not clear and one handed over are not."""
    waiting = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    unclear = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=False)
    handed = pooled(area, owner, reviewer, amount="3000", investor_intent_clear=True)
    services.entry_hand_over(entry=handed, user=reviewer)
    submitted = services.entry_declare(
        project=make_project(area, "2000", investor_intent_clear=True), user=owner, submit=True
    )
    gz_boss = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    theirs = pooled(other_area, outsider, gz_boss, amount="2000", investor_intent_clear=True)

    assert _waiting_names(client, drc) == {waiting.project.name, theirs.project.name}
    assert _waiting_names(client, reviewer) == {waiting.project.name}
    not_waiting = _waiting_names(client, reviewer, "?handover_pending=false")
    assert not_waiting == {unclear.project.name, handed.project.name, submitted.project.name}
    # The entry page offers the handover for exactly the entries listed as waiting.
    for entry in (waiting, unclear, handed, submitted):
        page = client.get(reverse("reserve:entry_detail", args=[entry.pk])).content.decode()
        assert ("投资意向基本明确，转入精准帮扶" in page) == (entry == waiting)


def test_a_declaration_that_left_the_pool_no_longer_waits(client, area, owner, reviewer, drc):
    from django.utils import timezone

    from reserve.models import Membership

    entry = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    assert _waiting_names(client, drc) == {entry.project.name}
    Membership.objects.filter(entry=entry).update(left_at=timezone.now(), left_reason="出库")
    assert _waiting_names(client, drc) == set()


def test_the_unit_reviewer_and_the_drc_count_them_on_the_dashboard(
    client, area, other_area, owner, reviewer, outsider, drc
):
    from reserve import dashboard
    from reserve.models import Pool

    pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    gz_boss = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    pooled(other_area, outsider, gz_boss, amount="2000", investor_intent_clear=True)
    pooled(other_area, outsider, gz_boss, amount="2000", investor_intent_clear=False)

    def row(user):
        [found] = [
            (value, url)
            for panel in dashboard.panels(user)
            for label, value, url in panel["rows"]
            if label == "待转入精准帮扶"
        ]
        return found

    own_pool = Pool.objects.get(unit=area)
    entries = reverse("reserve:entry_list")
    assert row(reviewer) == (1, f"{entries}?pool={own_pool.pk}&handover_pending=true")
    assert row(drc) == (2, f"{entries}?handover_pending=true")
    assert _waiting_names(client, reviewer, f"?pool={own_pool.pk}&handover_pending=true")
    assert "待转入精准帮扶" not in {
        label for panel in dashboard.panels(owner) for label, _value, _url in panel["rows"]
    }


def test_the_waiting_list_runs_a_fixed_number_of_queries(client, area, owner, drc):
    from reserve.models import Entry
    from tests.reserve.conftest import bulk_pooled

    def add(n):
        bulk_pooled(area, owner, n)
        Project.objects.filter(pk__in=Entry.objects.values("project")).update(
            investor_intent_clear=True
        )

    client.force_login(drc)
    assert_constant_queries(
        lambda: client.get(reverse("reserve:entry_list") + "?handover_pending=true"), add
    )


def test_the_api_lists_the_declarations_waiting_for_the_handover(
    client, area, owner, reviewer, drc
):
    """R-8 in the API: the entry list takes the page's filter (`?handover_pending=true`), and the
    OpenAPI description names it, so the bureau's or the DRC's own system can ask for the list."""
    from tests.conftest import api_as

    waiting = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    pooled(area, owner, reviewer, amount="2000", investor_intent_clear=False)
    rows = api_as(drc).get("/api/v1/reserve/entries/", {"handover_pending": "true"}).json()
    assert [row["id"] for row in rows["results"]] == [waiting.pk]
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/reserve/entries/"]["get"]["parameters"]
    (pending,) = [p for p in parameters if p["name"] == "handover_pending"]
    assert pending["schema"]["type"] == "boolean"
    assert pending["description"] == "待转入精准帮扶"
