"""Pages: who sees what (outsider 404), who may act (403), fixed query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import NegotiationStage, QuestionKind
from tests.factories import ProjectFactory
from tests.negotiation.factories import open_case
from tests.queries import assert_constant_queries
from tests.refusals import field_reasons, field_value, form_reasons, shown_form

pytestmark = pytest.mark.django_db


def test_lead_unit_teammate_and_outsider_on_the_case_page(client, case, teammate, owner, outsider):
    url = reverse("negotiation:detail", args=[case.pk])
    client.force_login(teammate)
    page = client.get(url)
    assert page.status_code == 200
    assert "适用第4条" in page.content.decode()
    assert "调整服务团队" in page.content.decode()
    client.force_login(owner)  # the landing area cooperates: it sees the case, cannot lead it
    page = client.get(url)
    assert page.status_code == 200
    assert "调整服务团队" not in page.content.decode()
    assert client.get(reverse("negotiation:team", args=[case.pk])).status_code == 403
    assert client.post(reverse("negotiation:move", args=[case.pk]), {}).status_code == 403
    assert client.get(reverse("negotiation:task_create", args=[case.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("negotiation:team", args=[case.pk])).status_code == 404
    assert client.get(reverse("negotiation:question_create", args=[case.pk])).status_code == 404


def test_a_unit_added_to_the_team_sees_the_case(client, case, teammate, outsider):
    client.force_login(outsider)
    url = reverse("negotiation:detail", args=[case.pk])
    assert client.get(url).status_code == 404
    services.negotiation_team_add_unit(case=case, unit=outsider.unit, user=teammate)
    assert client.get(url).status_code == 200


def test_city_wide_roles_see_every_case_but_do_not_lead(client, case, bureau, city_leader_user):
    for user in (bureau, city_leader_user):
        client.force_login(user)
        assert client.get(reverse("negotiation:detail", args=[case.pk])).status_code == 200
        assert client.get(reverse("negotiation:team", args=[case.pk])).status_code == 403


def test_opening_a_case_from_the_page(client, owner, area):
    project = ProjectFactory(owner_unit=area, total_investment="3000.00", name="冷链物流项目")
    client.force_login(owner)
    assert client.get(reverse("negotiation:create")).status_code == 200
    response = client.post(
        reverse("negotiation:create"),
        {"project": project.pk, "negotiating_unit": area.pk, "opened_on": "2026-11-20"},
    )
    assert response.status_code == 302
    from negotiation.models import NegotiationCase

    assert NegotiationCase.objects.get(project=project).composition.rule == 7


def test_the_team_page_refuses_a_lead_against_the_rule(client, case, teammate, area):
    from tests.negotiation.factories import unit_leader
    from yingkou.choices import LeaderRank

    deputy = unit_leader(case.negotiating_unit, LeaderRank.IN_CHARGE)
    client.force_login(teammate)
    response = client.post(
        reverse("negotiation:team", args=[case.pk]),
        {
            "lead_leader": deputy.pk,
            "cooperating_units": [area.pk],
            "service_liaison": teammate.pk,
            "version": 1,
        },
    )
    # the form offers only the candidates of the rule, so the deputy is not even a valid choice
    assert response.status_code == 200
    assert case.team.lead_leader != deputy


def test_a_stale_team_edit_on_the_page_is_refused_with_a_message(
    client, case, teammate, area, department, principal
):
    client.force_login(teammate)
    url = reverse("negotiation:team", args=[case.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {
        "lead_leader": principal.pk,
        "cooperating_units": [area.pk],
        "main_negotiating_unit": department.pk,
        "service_liaison": teammate.pk,
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "cooperating_units": []})
    assert stale.status_code == 200
    assert "已被他人修改" in stale.content.decode()
    case.refresh_from_db()
    assert case.version == 2
    assert list(case.team.cooperating_units.values_list("pk", flat=True)) == [area.pk]


def test_moving_stages_from_the_page(client, case, teammate):
    client.force_login(teammate)
    response = client.post(
        reverse("negotiation:move", args=[case.pk]),
        {"stage": NegotiationStage.INSPECTION, "on": "2026-11-01"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == NegotiationStage.INSPECTION


def test_a_refused_stage_change_is_shown_again_with_what_was_typed(client, case, teammate):
    """The form sits on the case's page: a refusal was a message at the top of the page, and
    the date and the note typed were gone."""
    client.force_login(teammate)
    url = reverse("negotiation:move", args=[case.pk])
    data = {"stage": NegotiationStage.INSPECTION, "on": "2026-11-27", "note": "完成实地考察"}
    response = client.post(url, data)
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_reasons(form, "on") == ["阶段变更日期不能晚于今天。（N-1）"]
    assert [field_value(form, name) for name in data] == list(data.values())
    ended = {**data, "stage": NegotiationStage.ENDED, "on": "2026-11-20", "note": ""}
    form = shown_form(client.post(url, ended).content.decode(), url)
    assert field_reasons(form, "note") == ["终止洽谈须说明原因。（N-1）"]
    assert (field_value(form, "stage"), field_value(form, "on")) == ("ended", "2026-11-20")
    case.refresh_from_db()
    assert case.stage == NegotiationStage.CONTACT


def test_a_stage_chosen_before_the_case_moved_on_stays_chosen_with_where_it_is_now(
    client, case, teammate
):
    """Another of the lead unit moved the case on after the page was opened: the stage chosen
    was no longer among the form's choices, refused as "not one of the available choices" with
    another stage shown chosen. It stays chosen, and N-1 names the stage the case is at now."""
    client.force_login(teammate)
    url = reverse("negotiation:move", args=[case.pk])
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 11, 20)
    )
    data = {"stage": NegotiationStage.INSPECTION, "on": "2026-11-20", "note": "完成实地考察"}
    response = client.post(url, data)
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert [field_value(form, name) for name in data] == list(data.values())
    assert field_reasons(form, "stage") == ["洽谈阶段不能从“考察论证”变更为“考察论证”。（N-1）"]


def test_questions_page_and_city_inbox(client, case, teammate, city_leader_user, department):
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.CITY,
        question="需市政府协调铁路专用线",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 20),
        due_on=dt.date(2026, 11, 25),
    )
    client.force_login(city_leader_user)
    page = client.get(reverse("negotiation:questions")).content.decode()
    assert "提请市政府解决的问题" in page
    assert "需市政府协调铁路专用线" in page
    assert client.get(reverse("negotiation:question_answer", args=[question.pk])).status_code == 200
    client.force_login(teammate)
    late = client.get(reverse("negotiation:questions") + "?status=late").content.decode()
    assert "需市政府协调铁路专用线" in late


def test_home_dashboard_panel(client, case, owner, area):
    services.investor_question_raise(
        case=case,
        user=owner,
        kind=QuestionKind.POLICY,
        question="电价政策？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 20),
    )
    client.force_login(owner)
    page = client.get(reverse("home")).content.decode()
    assert "本单位待反馈的投资方问题" in page


def _add_cases(department, area, teammate):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(
                owner_unit=department, landing_unit=area, total_investment="20000.00"
            )
            open_case(negotiating_unit=department, project=project, user=teammate)

    return add


@pytest.mark.parametrize("name", ["negotiation:list", "negotiation:pool"])
def test_case_lists_run_a_fixed_number_of_queries(client, name, teammate, department, area):
    client.force_login(teammate)
    assert_constant_queries(
        lambda: client.get(reverse(name)), _add_cases(department, area, teammate), small=2, large=12
    )


def test_pool_export_is_an_excel_file(client, bureau, case):
    client.force_login(bureau)
    response = client.get(reverse("negotiation:pool") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_questions_list_runs_a_fixed_number_of_queries(client, case, owner, area):
    def add(n):
        for _ in range(n):
            services.investor_question_raise(
                case=case,
                user=owner,
                kind=QuestionKind.POLICY,
                question="问题",
                owner_unit=area,
                asked_on=dt.date(2026, 11, 20),
            )

    client.force_login(owner)
    assert_constant_queries(
        lambda: client.get(reverse("negotiation:questions")), add, small=3, large=30
    )


def test_appraisal_is_for_city_wide_roles(client, case, bureau, owner):
    client.force_login(owner)
    assert client.get(reverse("negotiation:appraisal")).status_code == 403
    client.force_login(bureau)
    page = client.get(reverse("negotiation:appraisal")).content.decode()
    assert "计算公式" in page
    assert "营口市工业和信息化局" in page


def test_recording_on_a_case_through_its_pages(client, case, teammate, owner, area):
    client.force_login(teammate)
    for name in ("task_create", "question_create", "meeting_create", "report_create"):
        assert client.get(reverse(f"negotiation:{name}", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("negotiation:task_create", args=[case.pk]),
        {"title": "出具规划条件", "owner_unit": area.pk, "due_on": "2026-12-10"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("negotiation:question_create", args=[case.pk]),
        {
            "kind": "policy",
            "question": "能否分期缴纳土地出让金？",
            "owner_unit": area.pk,
            "asked_on": "2026-11-26",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("negotiation:question_create", args=[case.pk]),
        {
            "kind": "superior",
            "question": "能否列入省重点？",
            "owner_unit": area.pk,
            "asked_on": "2026-11-26",
            "due_on": "2026-12-26",
        },
    )
    assert response.status_code == 200  # the N-4 error is shown on the form
    assert "N-4" in response.content.decode()
    response = client.post(
        reverse("negotiation:meeting_create", args=[case.pk]),
        {"held_on": "2026-11-25", "attendees": "工信局、鲅鱼圈区", "minutes": "研究用地"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("negotiation:report_create", args=[case.pk]),
        {"period": "2026-11", "progress": "协商合同条款"},
    )
    assert response.status_code == 302
    client.force_login(owner)
    task = case.tasks.get()
    question = case.questions.get()
    assert client.get(reverse("negotiation:task_update", args=[task.pk])).status_code == 200
    response = client.post(
        reverse("negotiation:question_answer", args=[question.pk]),
        {
            "outcome": "可以分期",
            "answered_on": "2026-11-26",
            "done_on": "2026-11-26",
            "version": question.version,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    for text in ("出具规划条件", "可以分期", "研究用地", "协商合同条款"):
        assert text in page


def test_an_ended_case_owes_no_answers(client, case, teammate, area):
    services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="逾期的问题",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 1),
    )
    client.force_login(teammate)
    url = reverse("negotiation:questions") + "?status=late"
    assert "逾期的问题" in client.get(url).content.decode()
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方放弃"
    )
    assert "逾期的问题" not in client.get(url).content.decode()


def test_a_city_leader_sees_the_cases_they_lead(client, case, teammate, area, city_leader_user):
    from tests.negotiation.factories import city_leader

    project = ProjectFactory(
        owner_unit=case.negotiating_unit, landing_unit=area, total_investment="150000.00"
    )
    big = open_case(negotiating_unit=case.negotiating_unit, project=project, user=teammate)
    vice_mayor = city_leader(units=[case.negotiating_unit])
    vice_mayor.user = city_leader_user
    vice_mayor.save()
    services.negotiation_team_update(
        case=big,
        user=teammate,
        lead_leader=vice_mayor,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=teammate,
    )
    client.force_login(city_leader_user)
    page = client.get(reverse("negotiation:list") + "?mine=1").content.decode()
    assert project.name in page
    assert case.project.name not in page
    assert "本人牵头的在谈项目" in client.get(reverse("home")).content.decode()


def test_stale_task_and_answer_edits_on_the_pages_are_refused(
    client, case, task, teammate, owner, area
):
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="能否享受土地出让金返还？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 25),
    )
    client.force_login(owner)
    task_url = reverse("negotiation:task_update", args=[task.pk])
    assert 'name="version" value="1"' in client.get(task_url).content.decode()
    report = {"status": "done", "outcome": "已出具", "done_on": "2026-11-26", "version": 1}
    assert client.post(task_url, report).status_code == 302
    stale = client.post(task_url, {**report, "outcome": "重复办结"})
    assert stale.status_code == 200 and "已被他人更新" in stale.content.decode()
    task.refresh_from_db()
    assert (task.outcome, task.version) == ("已出具", 2)

    answer_url = reverse("negotiation:question_answer", args=[question.pk])
    assert 'name="version" value="1"' in client.get(answer_url).content.decode()
    answer = {"outcome": "符合条件", "answered_on": "2026-11-26", "version": 1}
    assert client.post(answer_url, answer).status_code == 302
    stale = client.post(answer_url, {**answer, "outcome": "不符合条件"})
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    question.refresh_from_db()
    assert (question.outcome, question.version) == ("符合条件", 2)


def test_adding_a_unit_makes_an_open_team_form_stale(client, case, teammate, area, principal):
    """A team form opened before a unit was added is refused, so saving it does not drop the
    unit added meanwhile."""
    from tests.factories import UnitFactory
    from yingkou.choices import UnitKind

    utility = UnitFactory(name="营口供电公司", code="GDGS", kind=UnitKind.UTILITY)
    client.force_login(teammate)
    url = reverse("negotiation:team", args=[case.pk])
    assert f'name="version" value="{case.version}"' in client.get(url).content.decode()
    seen = case.version
    add = client.post(reverse("negotiation:add_unit", args=[case.pk]), {"unit": utility.pk})
    assert add.status_code == 302
    data = {
        "lead_leader": principal.pk,
        "cooperating_units": [area.pk],
        "service_liaison": teammate.pk,
        "version": seen,
    }
    stale = client.post(url, data)
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    assert utility in case.team.cooperating_units.all()


def test_a_refused_unit_is_shown_again_chosen_with_the_reason_beside_it(client, area, owner):
    """N-3: a unit the lead unit may not bring in (N-2 rule 7: an area's own departments only)
    was a message at the top of the case page sent back to, the unit chosen gone; the page is
    drawn again with the choice and the reason beside it."""
    from tests.factories import UnitFactory
    from tests.negotiation.factories import area_department
    from yingkou.choices import UnitKind

    project = ProjectFactory(owner_unit=area, total_investment="5000.00")
    case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
    water = UnitFactory(name="营口市水利局", code="SLJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    client.force_login(owner)
    url = reverse("negotiation:add_unit", args=[case.pk])
    response = client.post(url, {"unit": water.pk})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_value(form, "unit") == str(water.pk)
    assert field_reasons(form, "unit") == [
        "按第7条，投资不足1亿元、由县(市)区、园区洽谈的项目由该地区所属相关部门参加，"
        f"营口市水利局不属于{area.name}。（N-2）"
    ]
    assert not case.team.cooperating_units.filter(pk=water.pk).exists()
    # Nothing chosen is said beside the field too, where it went unsaid.
    form = shown_form(client.post(url, {"unit": ""}).content.decode(), url)
    assert field_reasons(form, "unit") == ["此项必须填写。"]
    # Ended meanwhile: the form is no longer offered, and still drawn with the choice and why.
    own = area_department(area)
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=owner, note="投资方放弃"
    )
    form = shown_form(client.post(url, {"unit": own.pk}).content.decode(), url)
    assert field_value(form, "unit") == str(own.pk)
    assert form_reasons(form) == ["该项目洽谈已终止，不能再修改。（N-1）"]


def test_a_unit_added_goes_back_to_the_case(client, area, owner):
    from tests.negotiation.factories import area_department

    project = ProjectFactory(owner_unit=area, total_investment="5000.00")
    case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
    own = area_department(area)
    client.force_login(owner)
    url = reverse("negotiation:add_unit", args=[case.pk])
    response = client.post(url, {"unit": own.pk}, follow=True)
    detail = reverse("negotiation:detail", args=[case.pk])
    assert response.redirect_chain == [(detail + "#messages", 302)]
    assert "已加入服务团队。" in response.content.decode()
    assert own in case.team.cooperating_units.all()


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("10000.00", "B档，1亿元（含）至10亿元（不含）"),
        ("9999.99", "C档，不足1亿元"),
        ("100000.00", "A档，10亿元以上（含10亿元）"),
    ],
)
def test_the_case_page_names_its_tier_with_its_band(client, case, teammate, amount, says):
    """N-2: the tier's letter alone does not say which side of 1亿 or 10亿 the case is on."""
    type(case.project).objects.filter(pk=case.project_id).update(total_investment=amount)
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    assert f"（{says}）" in page
