"""A-3 (帮扶机制二(二)): each industry department coordinates the city's key projects of its
industry and gives each one its leader in charge and service staff (各行业主管部门负责协调调度全市
本行业项目的管理服务工作…为每个重点项目配备分管领导和服务人员). The department is the city's competent
department for the project's industry in the reference table (行业主管部门对照), the one E-1 reads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assistance import rules, services
from assistance.choices import CaseStatus
from assistance.dashboard import panels
from assistance.models import AssistanceCase, IndustryService, Problem
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from tests.refusals import field_box_classes, shown_form
from yingkou.choices import AdministrativeLevel, LeaderRank, UnitKind
from yingkou.errors import RuleViolation
from yingkou.industries import (
    city_authority_industries_q,
    city_industry_authority,
    industries_of_authority,
    industry_authority_rule,
)
from yingkou.models import IndustryAuthority, Project

pytestmark = pytest.mark.django_db


def _department(code, name):
    return UnitFactory(code=code, name=f"营口市{name}", kind=UnitKind.MUNICIPAL_DEPARTMENT)


@pytest.fixture
def tourism():
    """营口市文化旅游局: the competent department of hotels and culture (H, R), not of chemicals."""
    return _department("WHLY", "文化旅游局")


@pytest.fixture
def tourism_staff(tourism):
    return UserFactory(username="dave", unit=tourism)


def _case(area, industry="C26", **kwargs):
    """A key project of the area, on whose team no department is."""
    return AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area, industry=industry),
        team__lead_unit=area,
        **kwargs,
    )


@pytest.fixture
def case(area):
    return _case(area)


@pytest.fixture
def deputy(department):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")


# --- who the competent department is --------------------------------------------------------


@pytest.mark.parametrize(
    ("industry", "code"),
    [
        ("C", "GXJ"),  # a section named by the table
        ("C26", "GXJ"),  # a division under it
        ("D44", "GXJ"),
        ("D46", "SLJ"),  # a division's row wins over its section's (D → GXJ)
        ("N", "SLJ"),
        ("N77", "STHJ"),
        ("H61", "WHLY"),
        ("J66", "GXJ"),  # finance: not in the table, the default department
        ("", "GXJ"),
    ],
)
def test_the_rule_reads_the_reference_table(industry, code):
    assert industry_authority_rule(industry).department_code == code


def test_each_industry_falls_to_one_department_and_the_reverse_agrees():
    from yingkou.industries import authority_table, industry_choices

    table = authority_table()
    codes = [code for code, _label in industry_choices()]
    departments = {industry_authority_rule(code, table).department_code for code in codes}
    owned = [industries_of_authority(department, table) for department in departments]
    assert sorted(code for industries in owned for code in industries) == sorted(codes)
    assert "D46" not in industries_of_authority("GXJ", table)
    assert {"D", "D44", "D45"} <= set(industries_of_authority("GXJ", table))


def test_the_departments_industries_are_its_exact_codes(department):
    """Manufacturing, a whole section, is the section and each of its divisions; D without D46
    leaves D46 to its own department."""
    condition = city_authority_industries_q(department)
    projects = {
        code: ProjectFactory(industry=code, owner_unit=UnitFactory())
        for code in ("C", "C43", "D", "D44", "D46", "B11", "H61", "J66")
    }
    seen = set(Project.objects.filter(condition).values_list("industry", flat=True))
    assert seen == {"C", "C43", "D", "D44", "B11", "J66"} and len(projects) == 8


def test_only_a_city_level_municipal_department_is_the_citys_authority(area):
    county_bureau = UnitFactory(
        code="GXJ-BYQ",
        name="鲅鱼圈区工业和信息化局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level=AdministrativeLevel.COUNTY,
        parent=area,
    )
    assert city_authority_industries_q(county_bureau) is None
    assert city_authority_industries_q(area) is None
    assert city_industry_authority("C26") is None  # the city has no GXJ in this test
    department = _department("GXJ", "工业和信息化局")
    assert city_industry_authority("C26") == department


# --- seeing the key projects of its industry -------------------------------------------------


def test_the_industry_department_sees_its_industrys_cases_and_no_other(
    client, area, case, department, teammate, tourism, tourism_staff
):
    hotel = _case(area, industry="H61")
    assert list(AssistanceCase.objects.visible_to(teammate)) == [case]
    assert list(AssistanceCase.objects.visible_to(tourism_staff)) == [hotel]

    client.force_login(teammate)
    listed = client.get(reverse("assistance:list")).content.decode()
    assert case.project.name in listed and hotel.project.name not in listed
    page = client.get(reverse("assistance:detail", args=[case.pk]))
    assert page.status_code == 200
    # Its project page is not the department's to open (§0): the name is shown, not linked.
    assert reverse("projects:detail", args=[case.project_id]) not in page.content.decode()
    assert client.get(reverse("assistance:detail", args=[hotel.pk])).status_code == 404

    api = api_as(teammate)
    assert [row["id"] for row in api.get("/api/v1/assistance/projects/").json()["results"]] == [
        case.pk
    ]
    assert api.get(f"/api/v1/assistance/projects/{case.pk}/").status_code == 200
    assert api.get(f"/api/v1/assistance/projects/{hotel.pk}/").status_code == 404

    client.force_login(tourism_staff)
    assert client.get(reverse("assistance:detail", args=[case.pk])).status_code == 404
    assert api_as(tourism_staff).get(f"/api/v1/assistance/projects/{case.pk}/").status_code == 404


def test_the_cases_problems_open_for_it_too(client, case, teammate, tourism_staff):
    problem = ProblemFactory(case=case)
    assert list(Problem.objects.visible_to(teammate)) == [problem]
    client.force_login(teammate)
    assert client.get(reverse("assistance:problem", args=[problem.pk])).status_code == 200
    client.force_login(tourism_staff)
    assert client.get(reverse("assistance:problem", args=[problem.pk])).status_code == 404


def test_an_administrators_change_of_the_table_moves_the_projects_at_once(
    case, department, teammate
):
    market = _department("SCJG", "市场监督管理局")
    market_staff = UserFactory(unit=market)
    assert not AssistanceCase.objects.visible_to(market_staff).exists()
    IndustryAuthority(
        industry="C26", department_code="SCJG", department_name="市场监督管理局"
    ).save()
    assert list(AssistanceCase.objects.visible_to(market_staff)) == [case]
    assert not AssistanceCase.objects.visible_to(teammate).exists()


def test_the_weekly_list_keeps_to_the_cases_a_unit_reports(case, teammate, owner):
    from django.utils import timezone

    from assistance.rules import week_monday
    from assistance.selectors import weekly_for

    Project.objects.filter(pk=case.project_id).update(stage="construction")
    monday = week_monday(timezone.localdate())
    assert [row["case"] for row in weekly_for(user=owner, monday=monday)[1]] == [case.pk]
    # The department sees the case but does not report its week: no row to report.
    assert weekly_for(user=teammate, monday=monday)[1] == []


# --- naming the leader in charge and service staff -------------------------------------------


def test_the_department_names_its_leader_in_charge_and_service_staff(
    client, case, department, teammate, owner, drc, deputy
):
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=department, title="局长")
    with pytest.raises(RuleViolation):
        services.industry_service_assign(
            case=case, user=teammate, leader_in_charge=principal, service_staff=teammate
        )
    with pytest.raises(RuleViolation):
        services.industry_service_assign(
            case=case, user=teammate, leader_in_charge=deputy, service_staff=owner
        )
    with pytest.raises(PermissionDenied):  # an area is no industry department
        services.industry_service_assign(
            case=case, user=owner, leader_in_charge=deputy, service_staff=teammate
        )
    client.force_login(teammate)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert "本部门配备" in page and "data-industry-service-missing" in page
    response = client.post(
        reverse("assistance:industry_service", args=[case.pk]),
        {"leader_in_charge": deputy.pk, "service_staff": teammate.pk, "version": 0},
    )
    assert response.status_code == 302
    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert "行业部门分管领导和服务人员" in page and deputy.name in page
    assert "data-industry-service-missing" not in page
    assert case.industry_services.get().history.first().history_user == teammate


def test_a_department_of_another_industry_may_not_name_them_even_on_the_team(
    client, case, tourism, tourism_staff
):
    """It sees the case as a team unit, but the project's industry is not its own."""
    case.team.cooperating_units.set([tourism])
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=tourism, title="副局长")
    with pytest.raises(PermissionDenied):
        services.industry_service_assign(
            case=case, user=tourism_staff, leader_in_charge=deputy, service_staff=tourism_staff
        )
    client.force_login(tourism_staff)
    page = client.get(reverse("assistance:detail", args=[case.pk]))
    assert page.status_code == 200 and "本部门配备" not in page.content.decode()
    response = client.post(
        reverse("assistance:industry_service", args=[case.pk]),
        {"leader_in_charge": deputy.pk, "service_staff": tourism_staff.pk, "version": 0},
    )
    assert response.status_code == 403
    assert not IndustryService.objects.exists()


def test_a_department_names_them_for_a_case_of_another_industry_only_by_404(
    client, area, teammate, deputy
):
    hotel = _case(area, industry="H61")
    client.force_login(teammate)
    response = client.post(
        reverse("assistance:industry_service", args=[hotel.pk]),
        {"leader_in_charge": deputy.pk, "service_staff": teammate.pk, "version": 0},
    )
    assert response.status_code == 404


# --- 行业部门未配备 ------------------------------------------------------------------------------


@pytest.fixture
def cases(area, department, teammate, deputy, tourism):
    """Each state of a key project's industry service, by name."""

    def served(case, unit, staff, leader=deputy):
        IndustryService.objects.create(
            case=case, department=unit, leader_in_charge=leader, service_staff=staff
        )
        return case

    left = UserFactory(unit=department)
    retired = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="原副局长")
    found = {
        "served": served(_case(area), department, teammate),
        "none": _case(area),
        # Named by another department: not the industry's.
        "other": served(_case(area), tourism, UserFactory(unit=tourism)),
        "left": served(_case(area), department, left),
        "retired": served(_case(area), department, teammate, leader=retired),
        "closed": _case(area, status=CaseStatus.CLOSED),
        "by_default": _case(area, industry="P83"),  # education: no row, GXJ by default
    }
    left.is_active = False
    left.save()
    retired.is_retired = True
    retired.save()
    return found


MISSING = ("none", "other", "left", "retired", "by_default")


def test_the_missing_filter_and_the_page_agree(cases, department):
    missing = set(AssistanceCase.objects.filter(rules.industry_service_missing_q()))
    assert missing == {cases[name] for name in MISSING}
    for case in cases.values():
        services_ = list(case.industry_services.all())
        department_ = city_industry_authority(case.project.industry)
        assert rules.industry_service_missing(case, department_, services_) == (case in missing)


def test_a_project_whose_department_the_city_lacks_is_missing_one(area):
    case = _case(area, industry="H61")  # no 文化旅游局 in this test
    assert list(AssistanceCase.objects.filter(rules.industry_service_missing_q())) == [case]
    assert rules.industry_service_missing(case, None, [])


def test_the_drc_finds_them_on_the_list_the_api_and_the_dashboard(
    client, area, cases, drc, department
):
    hotel = _case(area, industry="H61")  # 文化旅游局's, named by no one
    industrys = {cases[name].pk for name in MISSING}
    expected = industrys | {hotel.pk}
    client.force_login(drc)
    page = client.get(reverse("assistance:list"), {"industry_service_missing": "true"})
    assert {case.pk for case in page.context["page"]} == expected
    assert "行业部门未配备" in page.content.decode()
    api = api_as(drc)
    rows = api.get("/api/v1/assistance/projects/?industry_service_missing=true").json()
    assert {row["id"] for row in rows["results"]} == expected
    rows = api.get("/api/v1/assistance/projects/?industry_service_missing=false").json()
    assert {row["id"] for row in rows["results"]} == {cases["served"].pk, cases["closed"].pk}
    ((count, url),) = [
        (count, url)
        for panel in panels(drc)
        for label, count, url in panel["rows"]
        if "行业部门未配备" in str(label)
    ]
    assert count == len(expected)
    assert url == reverse("assistance:list") + "?industry_service_missing=true"
    # Of one department: the key projects of its industries only.
    page = client.get(
        reverse("assistance:list"),
        {"industry_service_missing": "true", "industry_department": department.pk},
    )
    assert {case.pk for case in page.context["page"]} == industrys


def _own_count(user):
    return [
        (count, url)
        for panel in panels(user)
        for label, count, url in panel["rows"]
        if "本行业重点项目未配备" in str(label)
    ]


def test_the_departments_dashboard_counts_its_own(cases, area, teammate, tourism_staff):
    _case(area, industry="H61")
    ((count, url),) = _own_count(teammate)
    assert count == len(MISSING)  # all in GXJ's industries
    assert f"industry_department={teammate.unit_id}" in url
    assert [count for count, _url in _own_count(tourism_staff)] == [1]
    assert _own_count(UserFactory(unit=area)) == []  # an area is no industry department


# --- lists keep a fixed number of queries -----------------------------------------------------


def test_the_departments_lists_run_constant_queries(client, area, teammate):
    def add(n):
        for index in range(n):
            case = _case(area, industry=("C26", "D44", "C")[index % 3])
            ProblemFactory(case=case)

    client.force_login(teammate)
    assert_constant_queries(lambda: client.get(reverse("assistance:list")), add, 3, 30)
    assert_constant_queries(lambda: client.get(reverse("assistance:problems")), add, 3, 30)
    api = api_as(teammate)
    assert_constant_queries(lambda: api.get("/api/v1/assistance/projects/"), add, 3, 30)


def test_the_missing_filter_runs_constant_queries(client, area, drc, department, deputy):
    staff = UserFactory(unit=department)

    def add(n):
        for index in range(n):
            case = _case(area, industry=("C26", "H61", "D46")[index % 3])
            if index % 2:
                IndustryService.objects.create(
                    case=case, department=department, leader_in_charge=deputy, service_staff=staff
                )

    client.force_login(drc)
    url = reverse("assistance:list")
    assert_constant_queries(
        lambda: client.get(url, {"industry_service_missing": "true"}), add, 3, 30
    )
    api = api_as(drc)
    assert_constant_queries(
        lambda: api.get("/api/v1/assistance/projects/?industry_service_missing=true"), add, 3, 30
    )


def test_the_departments_form_starts_from_whom_it_named(client, case, teammate, deputy):
    """Changing the service staff alone did not mean choosing the leader in charge again: the
    form started empty."""
    services.industry_service_assign(
        case=case, user=teammate, leader_in_charge=deputy, service_staff=teammate
    )
    client.force_login(teammate)
    response = client.get(reverse("assistance:detail", args=[case.pk]))
    form = response.context["industry_form"]
    assert form["leader_in_charge"].value() == deputy.pk
    assert form["service_staff"].value() == teammate.pk
    page = response.content.decode()
    assert f'<option value="{deputy.pk}" selected>' in page
    assert f'<option value="{teammate.pk}" selected>' in page


def test_the_departments_pickers_are_as_wide_as_a_form_s_fields(client, case, teammate):
    """Its pickers were drawn in a filter row (13rem), which cut a leader's name and unit short
    with …; a page's own form gives each field the form's width (.form-row)."""
    client.force_login(teammate)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    form = shown_form(page, reverse("assistance:industry_service", args=[case.pk]))
    assert "filters" not in dict(form.attributes).get("class", "").split()
    for name in ("leader_in_charge", "service_staff"):
        assert field_box_classes(form, name) >= {"form-row"}, name
