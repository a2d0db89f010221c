"""Pickers over tens of thousands of rows: a form's page carries only the chosen project, and the
picker's endpoint offers exactly the projects the form accepts from that user."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance.models import AssistanceCase
from reserve import services as reserve_services
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory, UserFactory
from tests.queries import count_queries
from yingkou.choice_sources import NOT_NAMED, RESULTS
from yingkou.choices import Role, Stage
from yingkou.messages import INVALID_CHOICE

pytestmark = pytest.mark.django_db

BIG = Decimal("3000.00")
CODE = "2602-210804-65-02-000017"

PAGES = [
    ("assistance:open", "assistance-open"),
    ("negotiation:create", "negotiation-open"),
    ("reserve:declare", "reserve-declare"),
]


def project_options(page: str) -> list[str]:
    """The values of the project select's options, the empty one left out."""
    select = re.search(r'<select name="project".*?</select>', page, re.S)
    assert select, "the page has no project select"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group()) if v]


def offered(client, source: str, q: str = "") -> list[str]:
    response = client.get(reverse("choices", args=[source]), {"q": q})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def own_projects(area, count: int) -> None:
    for _ in range(count):
        ProjectFactory(owner_unit=area, total_investment=BIG, stage=Stage.PLANNING)


@pytest.mark.parametrize("url_name, source", PAGES)
def test_the_page_carries_no_option_per_project_and_a_fixed_number_of_queries(
    client, area, owner, url_name, source
):
    reserve_services.pool_ensure_for_unit(unit=area)
    client.force_login(owner)
    own_projects(area, 3)
    few = count_queries(lambda: client.get(reverse(url_name)))
    own_projects(area, 30)
    assert count_queries(lambda: client.get(reverse(url_name))) == few
    page = client.get(reverse(url_name)).content.decode()
    assert project_options(page) == []
    assert f'data-picker-url="/choices/{source}/"' in page
    assert len(offered(client, source)) == RESULTS  # the picker has them all to offer


def test_the_endpoint_runs_a_fixed_number_of_queries(client, area, owner):
    client.force_login(owner)
    url = reverse("choices", args=["assistance-open"])
    own_projects(area, 3)
    few = count_queries(lambda: client.get(url, {"q": "测试"}))
    own_projects(area, 30)
    assert count_queries(lambda: client.get(url, {"q": "测试"})) == few


def test_unit_staff_are_offered_only_what_their_form_accepts(client, area, other_area, owner):
    mine = ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, total_investment=BIG)
    ProjectFactory(name="盖州市精细化工项目", owner_unit=other_area, total_investment=BIG)
    assisted = AssistanceCaseFactory(
        project__name="鲅鱼圈区已帮扶化工项目", project__owner_unit=area
    ).project
    small = ProjectFactory(
        name="鲅鱼圈区小型化工项目", owner_unit=area, total_investment=Decimal("900")
    )
    client.force_login(owner)
    assert offered(client, "assistance-open", "化工") == [mine.name]
    # another form's picker offers what that form accepts: the largest first
    assert offered(client, "negotiation-open", "化工") == [assisted.name, mine.name, small.name]


def test_the_drc_is_offered_every_unit_s_project(client, area, other_area, drc):
    ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, total_investment=BIG)
    ProjectFactory(name="盖州市精细化工项目", owner_unit=other_area, total_investment=BIG * 2)
    client.force_login(drc)
    assert offered(client, "assistance-open", "精细化工") == [
        "盖州市精细化工项目",
        "鲅鱼圈区精细化工项目",
    ]


def test_projects_are_found_by_name_or_code_and_the_answer_is_capped(client, area, owner):
    ProjectFactory(name="鲅鱼圈区港口物流园", code=CODE, owner_unit=area, total_investment=BIG)
    own_projects(area, RESULTS + 5)
    client.force_login(owner)
    assert offered(client, "assistance-open", "物流") == [f"鲅鱼圈区港口物流园（{CODE}）"]
    assert offered(client, "assistance-open", "210804-65") == [f"鲅鱼圈区港口物流园（{CODE}）"]
    assert offered(client, "assistance-open", "没有这个项目") == []
    assert len(offered(client, "assistance-open")) == RESULTS


def test_the_largest_projects_come_first(client, area, owner):
    for amount in ("1500", "9000", "4000"):
        ProjectFactory(name=f"项目{amount}", owner_unit=area, total_investment=Decimal(amount))
    client.force_login(owner)
    assert offered(client, "assistance-open") == ["项目9000", "项目4000", "项目1500"]


def test_an_unknown_source_is_not_found_and_a_user_without_the_form_is_refused(
    client, area, owner, city_leader_user
):
    client.force_login(owner)
    assert client.get(reverse("choices", args=["projects-of-everyone"])).status_code == 404
    client.force_login(city_leader_user)
    assert client.get(reverse("choices", args=["negotiation-open"])).status_code == 403
    client.logout()
    response = client.get(reverse("choices", args=["assistance-open"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_reserve_staff_are_offered_their_own_projects_without_an_entry(
    client, area, other_area, owner
):
    reserve_services.pool_ensure_for_unit(unit=area)
    free = ProjectFactory(name="鲅鱼圈区储备项目", owner_unit=area, total_investment=BIG)
    declared = ProjectFactory(name="鲅鱼圈区已申报项目", owner_unit=area, total_investment=BIG)
    reserve_services.entry_declare(project=declared, user=owner)
    ProjectFactory(name="盖州市储备项目", owner_unit=other_area, total_investment=BIG)
    client.force_login(owner)
    assert offered(client, "reserve-declare", "项目") == [free.name]


def test_posting_a_chosen_project_opens_the_case(client, area, owner):
    project = ProjectFactory(owner_unit=area, total_investment=BIG)
    client.force_login(owner)
    response = client.post(reverse("assistance:open"), {"project": project.pk, "source": "reserve"})
    assert response.status_code == 302
    assert project.assistance_case.source == "reserve"


def test_a_project_outside_the_choices_is_a_form_error_shown_with_nothing_chosen(
    client, area, other_area, owner
):
    elsewhere = ProjectFactory(
        name="盖州市精细化工项目", owner_unit=other_area, total_investment=BIG
    )
    client.force_login(owner)
    response = client.post(
        reverse("assistance:open"), {"project": elsewhere.pk, "source": "reserve"}
    )
    assert response.status_code == 200
    assert str(INVALID_CHOICE) in response.content.decode()
    assert project_options(response.content.decode()) == []  # its name is not given away
    assert not AssistanceCase.objects.filter(project=elsewhere).exists()


def test_a_form_shown_again_keeps_the_chosen_project(client, area, owner):
    chosen = ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, total_investment=BIG)
    client.force_login(owner)
    response = client.post(reverse("assistance:open"), {"project": chosen.pk, "source": "nonsense"})
    page = response.content.decode()
    assert response.status_code == 200
    assert project_options(page) == [str(chosen.pk)]
    assert f'<option value="{chosen.pk}" selected>鲅鱼圈区精细化工项目</option>' in page


def test_without_a_script_a_project_is_chosen_by_its_code_or_full_name(client, area, owner):
    by_code = ProjectFactory(
        name="鲅鱼圈区港口物流园", code=CODE, owner_unit=area, total_investment=BIG
    )
    by_name = ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, total_investment=BIG)
    client.force_login(owner)
    page = client.get(reverse("assistance:open")).content.decode()
    assert '<noscript><input type="text" name="project"' in page
    # the select (nothing chosen) and the text box are both sent; the text decides
    url = reverse("assistance:open")
    response = client.post(url, {"project": ["", CODE], "source": "reserve"})
    assert response.status_code == 302
    response = client.post(url, {"project": ["", by_name.name], "source": "reserve"})
    assert response.status_code == 302
    by_code.refresh_from_db()
    by_name.refresh_from_db()
    assert by_code.assistance_case and by_name.assistance_case


def test_without_a_script_a_name_shared_by_two_projects_is_a_form_error(client, area, owner):
    for _ in range(2):
        ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, total_investment=BIG)
    client.force_login(owner)
    response = client.post(
        reverse("assistance:open"), {"project": ["", "鲅鱼圈区精细化工项目"], "source": "reserve"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert str(NOT_NAMED) in page
    assert 'value="鲅鱼圈区精细化工项目"' in page  # the typed text is shown again to correct


def test_a_project_of_another_unit_typed_by_code_is_refused(client, other_area, owner):
    ProjectFactory(name="盖州市港口物流园", code=CODE, owner_unit=other_area, total_investment=BIG)
    client.force_login(owner)
    response = client.post(reverse("assistance:open"), {"project": CODE, "source": "reserve"})
    assert response.status_code == 200
    assert str(NOT_NAMED) in response.content.decode()


def test_negotiation_staff_picker_excludes_projects_with_a_case(client, area, owner):
    from tests.negotiation.factories import open_case

    taken = ProjectFactory(name="鲅鱼圈区在谈项目", owner_unit=area, total_investment=BIG)
    open_case(negotiating_unit=area, project=taken, user=owner)
    free = ProjectFactory(name="鲅鱼圈区新签项目", owner_unit=area, total_investment=BIG)
    client.force_login(owner)
    assert offered(client, "negotiation-open", "鲅鱼圈区") == [free.name]


def test_a_reviewer_may_not_use_the_declaring_picker(client, area, reviewer):
    reserve_services.pool_ensure_for_unit(unit=area)
    client.force_login(reviewer)
    assert client.get(reverse("choices", args=["reserve-declare"])).status_code == 403


# ---------------------------------------------------------------- enterprises

CREDIT = "91210800MA0XYZ1234"


@pytest.fixture
def ecology_agency(area):
    from tests.factories import UnitFactory

    unit = UnitFactory(
        name="鲅鱼圈区生态环境分局",
        code="BYQ-STHJ",
        kind="municipal_department",
        level="county",
        enforcement_system="ecology",
        parent=area,
    )
    return UserFactory(username="inspector", role=Role.UNIT_STAFF, unit=unit)


def enterprise_options(page: str) -> list[str]:
    select = re.search(r'<select name="enterprise".*?</select>', page, re.S)
    assert select, "the page has no enterprise select"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group()) if v]


@pytest.mark.parametrize(
    "url_name, source, who",
    [
        ("enterprise:complaint_create", "complaint-enterprise", "owner"),
        ("enterprise:inspection_create", "inspection-enterprise", "ecology_agency"),
    ],
)
def test_enterprise_forms_carry_no_option_per_enterprise(
    client, area, request, url_name, source, who
):
    from tests.enterprise.factories import EnterpriseFactory

    client.force_login(request.getfixturevalue(who))
    EnterpriseFactory.create_batch(3, introducing_unit=area)
    few = count_queries(lambda: client.get(reverse(url_name)))
    EnterpriseFactory.create_batch(30, introducing_unit=area)
    assert count_queries(lambda: client.get(reverse(url_name))) == few
    page = client.get(reverse(url_name)).content.decode()
    assert enterprise_options(page) == []
    assert f'data-picker-url="/choices/{source}/"' in page
    assert len(offered(client, source)) == RESULTS


def test_enterprises_are_offered_within_the_user_s_remit_by_name_or_credit_code(
    client, area, other_area, owner, ecology_agency
):
    from tests.enterprise.factories import EnterpriseFactory

    mine = EnterpriseFactory(name="鲅鱼圈区港口物流公司", credit_code=CREDIT, introducing_unit=area)
    EnterpriseFactory(name="盖州市港口物流公司", introducing_unit=other_area)
    client.force_login(owner)
    assert offered(client, "complaint-enterprise", "物流") == [mine.name]
    assert offered(client, "complaint-enterprise", "MA0XYZ") == [mine.name]
    client.force_login(ecology_agency)  # E-5: its county only
    assert offered(client, "inspection-enterprise", "物流") == [mine.name]
    client.force_login(owner)
    assert client.get(reverse("choices", args=["inspection-enterprise"])).status_code == 403


def test_an_enterprise_outside_the_remit_is_refused_and_one_within_is_recorded(
    client, area, other_area, ecology_agency
):
    from enterprise.models import Inspection
    from tests.enterprise.factories import EnterpriseFactory

    mine = EnterpriseFactory(name="鲅鱼圈区港口物流公司", credit_code=CREDIT, introducing_unit=area)
    elsewhere = EnterpriseFactory(name="盖州市港口物流公司", introducing_unit=other_area)
    client.force_login(ecology_agency)
    url = reverse("enterprise:inspection_create")
    plan = {"planned_on": "2099-03-02", "purpose": "安全生产检查"}
    response = client.post(url, {**plan, "enterprise": elsewhere.pk})
    assert response.status_code == 200
    assert str(INVALID_CHOICE) in response.content.decode()
    response = client.post(url, {**plan, "enterprise": ["", CREDIT]})  # typed, no script
    assert response.status_code == 302
    assert Inspection.objects.get().enterprise == mine
