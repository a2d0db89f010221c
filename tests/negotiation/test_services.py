"""N-1, N-3, N-4, N-5 and N-6 through the services, with the lead unit, a teammate and an outsider."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from negotiation import services
from negotiation.choices import NegotiationStage, QuestionKind, TaskStatus
from negotiation.models import StageTransition
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from tests.negotiation.factories import area_department, city_leader, staff_of, unit_leader
from yingkou.choices import LeaderRank, Role, Stage, UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


class TestOpen:
    def test_opening_moves_a_reserve_project_to_negotiation_and_proposes_the_team(
        self, case, dept_project, department, area, principal
    ):
        dept_project.refresh_from_db()
        assert dept_project.stage == Stage.NEGOTIATING
        team = case.team
        assert team.phase == "negotiation"
        assert team.lead_unit == department
        assert team.main_negotiating_unit == department
        assert list(team.cooperating_units.all()) == [area]
        assert team.lead_leader == principal  # the only candidate of rule 4
        assert case.composition.rule == 4
        log = list(case.transitions.values_list("from_stage", "to_stage", "on"))
        assert log == [("", NegotiationStage.CONTACT, dt.date(2026, 10, 8))]

    def test_one_case_per_project(self, case, dept_project, department, teammate):
        with pytest.raises(RuleViolation) as excinfo:
            services.negotiation_case_open(
                project=dept_project, negotiating_unit=department, user=teammate
            )
        assert excinfo.value.rule == "N-1"

    def test_a_project_under_construction_cannot_enter_negotiation(self, department, teammate):
        project = ProjectFactory(owner_unit=department, stage=Stage.CONSTRUCTION)
        with pytest.raises(RuleViolation, match="N-1"):
            services.negotiation_case_open(
                project=project, negotiating_unit=department, user=teammate
            )

    def test_units_open_only_their_own_negotiations(self, dept_project, department, outsider):
        with pytest.raises(PermissionDenied):
            services.negotiation_case_open(
                project=dept_project, negotiating_unit=department, user=outsider
            )

    def test_the_investment_bureau_registers_any_units_case(self, dept_project, department, bureau):
        case = services.negotiation_case_open(
            project=dept_project, negotiating_unit=department, user=bureau
        )
        assert case.team.lead_unit == department

    def test_several_candidates_leave_the_lead_to_the_lead_unit(self, area, owner):
        unit_leader(area, LeaderRank.PRINCIPAL)
        unit_leader(area, LeaderRank.IN_CHARGE)
        project = ProjectFactory(owner_unit=area, total_investment="500.00")
        case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
        assert case.composition.rule == 7
        assert case.team.lead_leader is None
        assert case.team.cooperating_units.count() == 0


class TestStages:
    def test_one_step_at_a_time_each_dated_and_logged(self, case, teammate):
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 10, 20)
        )
        with pytest.raises(RuleViolation, match="N-1"):
            services.negotiation_case_move(
                case=case, stage=NegotiationStage.SIGNED, user=teammate, on=dt.date(2026, 11, 1)
            )
        case.refresh_from_db()
        assert case.stage == NegotiationStage.INSPECTION
        assert case.stage_changed_on == dt.date(2026, 10, 20)
        assert StageTransition.objects.filter(case=case).count() == 2
        assert case.history.count() >= 2

    def test_dates_run_forward_and_not_into_the_future(self, case, teammate):
        for day in (dt.date(2026, 10, 7), dt.date(2026, 11, 27)):
            with pytest.raises(RuleViolation):
                services.negotiation_case_move(
                    case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=day
                )
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 10, 8)
        )

    def test_only_the_lead_unit_moves_the_case(self, case, owner, outsider, bureau):
        for user in (owner, outsider, bureau):
            with pytest.raises(PermissionDenied):
                services.negotiation_case_move(
                    case=case, stage=NegotiationStage.INSPECTION, user=user
                )

    def test_ending_needs_a_reason_and_stops_the_project(self, case, teammate, dept_project):
        with pytest.raises(RuleViolation):
            services.negotiation_case_move(case=case, stage=NegotiationStage.ENDED, user=teammate)
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方战略调整"
        )
        case.refresh_from_db()
        dept_project.refresh_from_db()
        assert case.stage == NegotiationStage.ENDED
        assert case.ended_on == dt.date(2026, 11, 26)
        assert dept_project.stage == Stage.STOPPED


def _to_negotiation(case, user):
    for stage in (NegotiationStage.INSPECTION, NegotiationStage.NEGOTIATION):
        services.negotiation_case_move(case=case, stage=stage, user=user)


class TestSigning:
    def test_signing_needs_the_liaison(self, case, teammate):
        _to_negotiation(case, teammate)
        with pytest.raises(RuleViolation, match="服务联络员"):
            services.negotiation_case_sign(case=case, user=teammate)

    def test_signing_moves_the_project_and_hands_it_to_assistance(
        self, case, teammate, area, principal, dept_project
    ):
        _to_negotiation(case, teammate)
        services.negotiation_team_update(
            case=case,
            user=teammate,
            lead_leader=principal,
            cooperating_units=[area],
            main_negotiating_unit=None,
            service_liaison=teammate,
        )
        with mock.patch("assistance.services.assistance_case_open") as handover:
            services.negotiation_case_sign(case=case, user=teammate)
        dept_project.refresh_from_db()
        case.refresh_from_db()
        assert dept_project.stage == Stage.SIGNED
        assert case.stage == NegotiationStage.SIGNED
        assert case.signed_on == dt.date(2026, 11, 26)
        handover.assert_called_once()
        assert handover.call_args.kwargs["source"] == "negotiation"
        assert handover.call_args.kwargs["project"].pk == dept_project.pk

    def test_signing_through_the_real_handover(self, case, teammate, area, principal):
        _to_negotiation(case, teammate)
        services.negotiation_team_update(
            case=case,
            user=teammate,
            lead_leader=principal,
            cooperating_units=[area],
            main_negotiating_unit=None,
            service_liaison=teammate,
        )
        services.negotiation_case_sign(case=case, user=teammate)
        assistance_team = case.project.teams.get(phase="assistance")
        assert assistance_team.lead_unit == case.team.lead_unit

    def test_a_small_project_is_signed_without_assistance(self, area, owner):
        deputy = unit_leader(area, LeaderRank.IN_CHARGE)
        project = ProjectFactory(owner_unit=area, total_investment="999.99")
        case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
        _to_negotiation(case, owner)
        services.negotiation_team_update(
            case=case,
            user=owner,
            lead_leader=deputy,
            cooperating_units=[],
            main_negotiating_unit=None,
            service_liaison=owner,
        )
        case = services.negotiation_case_sign(case=case, user=owner)
        project.refresh_from_db()
        assert project.stage == Stage.SIGNED
        assert "A-1" in case.handover_refusal


class TestTeam:
    def test_a_lead_that_breaks_the_rule_is_refused(self, case, teammate, area, department):
        vice_mayor = city_leader(units=[department])
        with pytest.raises(RuleViolation) as excinfo:
            services.negotiation_team_update(
                case=case,
                user=teammate,
                lead_leader=vice_mayor,
                cooperating_units=[area],
                main_negotiating_unit=None,
                service_liaison=teammate,
            )
        assert excinfo.value.rule == "N-2"
        assert "第4条" in excinfo.value.text

    def test_liaison_comes_from_the_main_negotiating_unit(
        self, case, teammate, owner, area, principal
    ):
        with pytest.raises(RuleViolation) as excinfo:
            services.negotiation_team_update(
                case=case,
                user=teammate,
                lead_leader=principal,
                cooperating_units=[area],
                main_negotiating_unit=None,
                service_liaison=owner,
            )
        assert excinfo.value.rule == "N-5"
        commerce = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, name="营口市商务局")
        commerce_staff = staff_of(commerce)
        team = services.negotiation_team_update(
            case=case,
            user=teammate,
            lead_leader=principal,
            cooperating_units=[area, commerce],
            main_negotiating_unit=commerce,
            service_liaison=commerce_staff,
        )
        assert team.service_liaison == commerce_staff
        assert team.main_negotiating_unit == commerce

    def test_an_exactly_one_liaison_is_required(self, case, teammate, area, principal):
        with pytest.raises(RuleViolation, match="N-5"):
            services.negotiation_team_update(
                case=case,
                user=teammate,
                lead_leader=principal,
                cooperating_units=[area],
                main_negotiating_unit=None,
                service_liaison=None,
            )

    def test_area_led_liaison_comes_from_the_introducing_area(self, area, owner, teammate):
        deputy = unit_leader(area, LeaderRank.IN_CHARGE)
        bureau = area_department(area)
        project = ProjectFactory(owner_unit=area, total_investment="5000.00")
        case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
        with pytest.raises(RuleViolation, match="N-5"):
            services.negotiation_team_update(
                case=case,
                user=owner,
                lead_leader=deputy,
                cooperating_units=[bureau],
                main_negotiating_unit=None,
                service_liaison=teammate,
            )
        services.negotiation_team_update(
            case=case,
            user=owner,
            lead_leader=deputy,
            cooperating_units=[bureau],
            main_negotiating_unit=None,
            service_liaison=staff_of(bureau),
        )

    def test_only_the_lead_unit_adds_units_and_names_the_main_unit(
        self, case, teammate, owner, outsider
    ):
        water = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, name="营口市水利局")
        for user in (owner, outsider):
            with pytest.raises(PermissionDenied):
                services.negotiation_team_add_unit(case=case, unit=water, user=user)
            with pytest.raises(PermissionDenied):
                services.negotiation_main_unit_name(case=case, unit=water, user=user)
        services.negotiation_team_add_unit(case=case, unit=water, user=teammate)
        services.negotiation_main_unit_name(case=case, unit=water, user=teammate)
        case.team.refresh_from_db()
        assert water in case.team.cooperating_units.all()
        assert case.team.main_negotiating_unit == water

    def test_rule_7_admits_only_the_areas_own_departments(self, area, owner):
        project = ProjectFactory(owner_unit=area, total_investment="5000.00")
        case = services.negotiation_case_open(project=project, negotiating_unit=area, user=owner)
        services.negotiation_team_add_unit(case=case, unit=area_department(area), user=owner)
        city_department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        with pytest.raises(RuleViolation, match="第7条"):
            services.negotiation_team_add_unit(case=case, unit=city_department, user=owner)


class TestTasks:
    def test_the_lead_unit_assigns_tasks_to_team_units(self, case, teammate, owner, outsider, area):
        with pytest.raises(PermissionDenied):
            services.team_task_assign(
                case=case,
                user=owner,
                title="提供用地",
                owner_unit=area,
                due_on=dt.date(2026, 12, 5),
            )
        with pytest.raises(RuleViolation, match="N-3"):
            services.team_task_assign(
                case=case,
                user=teammate,
                title="提供用地",
                owner_unit=outsider.unit,
                due_on=dt.date(2026, 12, 5),
            )
        task = services.team_task_assign(
            case=case, user=teammate, title="提供用地", owner_unit=area, due_on=dt.date(2026, 12, 5)
        )
        assert task.status == TaskStatus.OPEN
        with pytest.raises(PermissionDenied):
            services.team_task_update(task=task, user=outsider, status=TaskStatus.DONE)
        services.team_task_update(task=task, user=owner, status=TaskStatus.DONE, outcome="已落实")
        task.refresh_from_db()
        assert task.done_on == dt.date(2026, 11, 26)


class TestQuestions:
    def test_a_policy_question_is_due_three_days_after_it_was_asked(self, case, owner, area):
        question = services.investor_question_raise(
            case=case,
            user=owner,
            kind=QuestionKind.POLICY,
            question="土地出让金可否分期缴纳？",
            owner_unit=area,
            asked_on=dt.date(2026, 11, 20),
        )
        assert question.due_on == dt.date(2026, 11, 23)
        with pytest.raises(RuleViolation, match="N-4"):
            services.investor_question_raise(
                case=case,
                user=owner,
                kind=QuestionKind.POLICY,
                question="环评审批时限？",
                owner_unit=area,
                asked_on=dt.date(2026, 11, 20),
                due_on=dt.date(2026, 11, 24),
            )

    def test_a_superior_question_names_the_body_and_goes_through_a_team_unit(
        self, case, owner, department, outsider
    ):
        kwargs = {
            "case": case,
            "user": owner,
            "kind": QuestionKind.SUPERIOR,
            "question": "能否纳入省重点项目？",
            "asked_on": dt.date(2026, 11, 20),
            "due_on": dt.date(2026, 12, 20),
        }
        with pytest.raises(RuleViolation, match="N-4"):
            services.investor_question_raise(owner_unit=department, **kwargs)
        with pytest.raises(RuleViolation, match="N-3"):
            services.investor_question_raise(
                owner_unit=outsider.unit, superior_body="辽宁省发展改革委", **kwargs
            )
        question = services.investor_question_raise(
            owner_unit=department, superior_body="辽宁省发展改革委", **kwargs
        )
        assert question.due_on == dt.date(2026, 12, 20)

    def test_a_city_question_is_reported_by_the_lead_unit(self, case, owner, teammate, department):
        kwargs = {
            "case": case,
            "kind": QuestionKind.CITY,
            "question": "需市政府协调港口岸线",
            "owner_unit": department,
            "asked_on": dt.date(2026, 11, 24),
            "due_on": dt.date(2026, 12, 10),
        }
        with pytest.raises(PermissionDenied):
            services.investor_question_raise(user=owner, **kwargs)
        question = services.investor_question_raise(user=teammate, **kwargs)
        assert question.reported_on == dt.date(2026, 11, 26)

    def test_answers_by_the_owner_unit_dated_in_order(self, case, owner, outsider, area):
        question = services.investor_question_raise(
            case=case,
            user=owner,
            kind=QuestionKind.POLICY,
            question="税收优惠？",
            owner_unit=area,
            asked_on=dt.date(2026, 11, 20),
        )
        with pytest.raises(PermissionDenied):
            services.investor_question_answer(
                question=question, user=outsider, outcome="可", answered_on=dt.date(2026, 11, 21)
            )
        with pytest.raises(RuleViolation):
            services.investor_question_answer(
                question=question,
                user=owner,
                outcome="可",
                answered_on=dt.date(2026, 11, 22),
                done_on=dt.date(2026, 11, 21),
            )
        services.investor_question_answer(
            question=question,
            user=owner,
            outcome="符合条件可享受",
            answered_on=dt.date(2026, 11, 22),
            done_on=dt.date(2026, 11, 23),
        )
        from negotiation.rules import question_on_time

        assert question_on_time(question) is True


class TestMeetingsAndReports:
    def test_team_units_record_meetings(self, case, owner, outsider):
        with pytest.raises(PermissionDenied):
            services.team_meeting_record(
                case=case, user=outsider, held_on=dt.date(2026, 11, 1), attendees="-", minutes="-"
            )
        meeting = services.team_meeting_record(
            case=case,
            user=owner,
            held_on=dt.date(2026, 11, 1),
            attendees="工信局、鲅鱼圈区",
            minutes="研究用地",
            decisions="鲅鱼圈区11月底前完成用地预审",
        )
        assert meeting.history.count() == 1

    def test_a_report_is_on_time_until_the_last_day_of_its_month(self, case, teammate):
        october = services.progress_report_file(
            case=case, user=teammate, period="2026-10", progress="完成考察"
        )
        november = services.progress_report_file(
            case=case, user=teammate, period="2026-11", progress="协商合同条款"
        )
        assert october.on_time is False
        assert november.on_time is True
        with pytest.raises(RuleViolation, match="N-6"):
            services.progress_report_file(
                case=case, user=teammate, period="2026-11", progress="重复"
            )
        with pytest.raises(RuleViolation, match="N-6"):
            services.progress_report_file(
                case=case, user=teammate, period="2026-12", progress="未来"
            )


def test_staff_of_other_roles_cannot_open_cases(department, dept_project):
    supervisor = UserFactory(username="sup", role=Role.SUPERVISOR, unit=department)
    with pytest.raises(PermissionDenied):
        services.negotiation_case_open(
            project=dept_project, negotiating_unit=department, user=supervisor
        )


def test_signing_rechecks_the_lead_when_the_investment_grew(case, teammate, area, principal):
    _to_negotiation(case, teammate)
    services.negotiation_team_update(
        case=case,
        user=teammate,
        lead_leader=principal,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=teammate,
    )
    case.project.total_investment = "100000.00"  # now tier A: rule 1, a vice-mayor must lead
    case.project.save()
    case.refresh_from_db()
    with pytest.raises(RuleViolation) as excinfo:
        services.negotiation_case_sign(case=case, user=teammate)
    assert "第1条" in excinfo.value.text
    case.refresh_from_db()
    assert case.stage == NegotiationStage.NEGOTIATION
