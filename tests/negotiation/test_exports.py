"""The negotiation lists' Excel files: the cells an office reads (the N-2 rule and tier, the team,
whether an answer reached the investor in time), a fixed number of queries whatever the rows,
and a large file built in the background of what the user may see."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind
from negotiation.models import NegotiationCase
from tests.exports import job_rows, sheet_rows
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from tests.negotiation.factories import area_department, open_case, party_org, staff_of
from tests.queries import assert_constant_queries
from yingkou.choices import Role, UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]

D = dt.date
FORMULA_NAME = "=1+2 化工项目"


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cases(case, department, area, other_area, teammate):
    """The conftest's rule-4 case, a party organisation's rule-2 case with a liaison and two more
    cooperating units, and a case whose negotiating unit N-2 does not accept (no rule)."""
    union = party_org()
    big = ProjectFactory(
        name=FORMULA_NAME,
        owner_unit=union,
        landing_unit=area,
        total_investment="150000.00",
        industry="C26",
    )
    party_case = open_case(negotiating_unit=union, project=big, opened_on=D(2026, 11, 2))
    team = party_case.team
    # Staff of the negotiating unit, so he answers for the team (N-5) and is named.
    team.service_liaison = UserFactory(
        username="liaison", first_name="联络", last_name="王", unit=union
    )
    team.save()
    team.cooperating_units.add(other_area, department)
    county_bureau = area_department(area)
    small = ProjectFactory(
        name="县级部门项目", owner_unit=area, landing_unit=None, total_investment="500.00"
    )
    odd = open_case(negotiating_unit=area, project=small, opened_on=D(2026, 9, 1))
    NegotiationCase.objects.filter(pk=odd.pk).update(negotiating_unit=county_bureau)
    return case, party_case, odd


def test_the_case_file(client, bureau, cases, department, area, other_area, principal):
    client.force_login(bureau)
    rows = sheet_rows(client.get(reverse("negotiation:list"), {"export": "xlsx"}))
    chemicals = "化学原料和化学制品制造业"
    assert rows == [
        (
            1,
            FORMULA_NAME,
            None,
            "营口市总工会",
            "鲅鱼圈区",
            chemicals,
            150000,
            "10亿元以上（含10亿元）",
            "第2条",
            "接触",
            dt.datetime(2026, 11, 2),
            dt.datetime(2026, 11, 2),
            None,
            "营口市总工会",
            "鲅鱼圈区、营口市工业和信息化局、盖州市",  # by unit code
            "营口市总工会",
            "王联络",
        ),
        (
            2,
            "精细化工新材料项目",
            "万华化学",
            "营口市工业和信息化局",
            "鲅鱼圈区",
            chemicals,
            20000,
            "1亿元（含）至10亿元（不含）",
            "第4条",
            "接触",
            dt.datetime(2026, 10, 8),
            dt.datetime(2026, 10, 8),
            "郭局长（局长）",
            "营口市工业和信息化局",
            "鲅鱼圈区",
            "营口市工业和信息化局",
            None,
        ),
        (
            3,
            "县级部门项目",
            None,
            "鲅鱼圈区工业和信息化局",
            None,
            chemicals,
            500,
            "不足1亿元",
            None,  # N-2 does not accept a county bureau as negotiating body: no rule
            "接触",
            dt.datetime(2026, 9, 1),
            dt.datetime(2026, 9, 1),
            None,
            "鲅鱼圈区",
            None,
            "鲅鱼圈区",
            None,
        ),
    ]


@pytest.fixture
def questions(cases, owner, area, department, teammate):
    case, party_case, _ = cases
    on_time = services.investor_question_raise(
        case=party_case,
        user=staff_of(party_case.negotiating_unit),
        kind=QuestionKind.SUPERIOR,
        question="-用地指标？",
        owner_unit=area,
        superior_body="省自然资源厅",
        asked_on=D(2026, 11, 2),
        due_on=D(2026, 11, 16),
    )
    services.investor_question_answer(
        question=on_time,
        user=owner,
        outcome="已协调",
        answered_on=D(2026, 11, 5),
        done_on=D(2026, 11, 6),
    )
    late = services.investor_question_raise(
        case=case,
        user=owner,
        kind=QuestionKind.POLICY,
        question="电价政策？",
        owner_unit=area,
        asked_on=D(2026, 10, 12),
    )
    services.investor_question_answer(
        question=late,
        user=owner,
        outcome="按政策执行",
        answered_on=D(2026, 11, 20),
        done_on=D(2026, 11, 21),
    )
    waiting = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.CITY,
        question="道路配套？",
        owner_unit=department,
        asked_on=D(2026, 11, 20),
        due_on=D(2026, 12, 10),
    )
    return on_time, late, waiting


def test_the_question_file(client, bureau, questions):
    client.force_login(bureau)
    rows = sheet_rows(client.get(reverse("negotiation:questions"), {"export": "xlsx"}))
    assert rows == [
        (
            1,
            "精细化工新材料项目",
            "有明确法律法规政策规定",
            "电价政策？",
            "鲅鱼圈区",
            None,
            dt.datetime(2026, 10, 12),
            dt.datetime(2026, 10, 15),
            "按政策执行",
            dt.datetime(2026, 11, 20),
            dt.datetime(2026, 11, 21),
            "否",  # reached the investor after its due date
        ),
        (
            2,
            FORMULA_NAME,
            "需国家、省相关部门解答",
            "-用地指标？",
            "鲅鱼圈区",
            "省自然资源厅",
            dt.datetime(2026, 11, 2),
            dt.datetime(2026, 11, 16),
            "已协调",
            dt.datetime(2026, 11, 5),
            dt.datetime(2026, 11, 6),
            "是",
        ),
        (
            3,
            "精细化工新材料项目",
            "需市政府解决",
            "道路配套？",
            "营口市工业和信息化局",
            None,
            dt.datetime(2026, 11, 20),
            dt.datetime(2026, 12, 10),
            None,
            None,
            None,
            None,  # not answered yet: neither on time nor late
        ),
    ]


# --- a fixed number of queries ------------------------------------------------------------------


def test_the_case_file_runs_a_fixed_number_of_queries(client, bureau, department, area):
    client.force_login(bureau)
    units = [UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT) for _ in range(3)]

    def add(n):
        for i in range(n):
            project = ProjectFactory(
                owner_unit=department, landing_unit=area, total_investment=1000 * (i + 1)
            )
            case = open_case(negotiating_unit=department, project=project)
            case.team.cooperating_units.add(*units[: i % 4])

    call = lambda: client.get(reverse("negotiation:list"), {"export": "xlsx"})  # noqa: E731
    assert_constant_queries(call, add, small=2, large=12)


def test_the_question_file_runs_a_fixed_number_of_queries(client, bureau, case, owner, area):
    client.force_login(bureau)

    def add(n):
        for _ in range(n):
            services.investor_question_raise(
                case=case,
                user=owner,
                kind=QuestionKind.POLICY,
                question="问题",
                owner_unit=area,
                asked_on=D(2026, 11, 20),
            )

    call = lambda: client.get(reverse("negotiation:questions"), {"export": "xlsx"})  # noqa: E731
    assert_constant_queries(call, add, small=2, large=12)


# --- large files: built in the background, of what the user may see ------------------------------


@pytest.fixture
def one_row_direct(settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 1


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_case_file_is_a_job_of_the_units_cases_as_the_list_shows_them(
    client, cases, other_area, django_capture_on_commit_callbacks
):
    case, party_case, _ = cases
    other = ProjectFactory(owner_unit=other_area, landing_unit=other_area, name="盖州的项目")
    open_case(negotiating_unit=other_area, project=other)
    # 盖州市 cooperates on the union's case only: it sees that one and its own.
    client.force_login(staff_of(other_area, role=Role.UNIT_STAFF))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("negotiation:list"), {"export": "xlsx", "ordering": "name"})
    rows = job_rows(client, response)
    assert [(row[1], row[8], row[14]) for row in rows] == [
        (FORMULA_NAME, "第2条", "鲅鱼圈区、营口市工业和信息化局、盖州市"),
        ("盖州的项目", "第7条", None),
    ]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_question_file_is_a_job_of_the_units_questions_with_the_filters_it_had(
    client, questions, outsider, other_area, department, django_capture_on_commit_callbacks
):
    on_time, late, waiting = questions
    # 盖州市 cooperates on the union's case (and so sees its question) only once it is on the team.
    on_time.case.team.cooperating_units.add(other_area)
    other = ProjectFactory(owner_unit=other_area, landing_unit=other_area, name="盖州的项目")
    own = open_case(negotiating_unit=other_area, project=other)
    for text in ("盖州问题一", "盖州问题二"):
        services.investor_question_raise(
            case=own,
            user=outsider,
            kind=QuestionKind.POLICY,
            question=text,
            owner_unit=other_area,
            asked_on=D(2026, 11, 20),
        )
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("negotiation:questions"), {"export": "xlsx", "kind": "policy"}
        )
    rows = job_rows(client, response)
    assert [(row[1], row[3]) for row in rows] == [
        ("盖州的项目", "盖州问题一"),
        ("盖州的项目", "盖州问题二"),
    ]
