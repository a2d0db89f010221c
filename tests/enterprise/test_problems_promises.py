"""E-3 first-inquiry responsibility, time limit, one-time notice, coordination; E-6 promises."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprise import permissions, rules, services
from enterprise.choices import PromiseStatus
from tests.enterprise.factories import EnterpriseFactory, PromiseFactory
from tests.factories import UserFactory
from yingkou.choices import Role
from yingkou.errors import RuleViolation

D = dt.date


@pytest.fixture
def problem(area, owner):
    enterprise = EnterpriseFactory(introducing_unit=area)
    return services.problem_raise(
        enterprise=enterprise,
        user=owner,
        category="funds",
        description="流动资金贷款难",
        raised_on=D(2026, 9, 30),
    )


@pytest.mark.django_db
def test_time_limit_is_ten_working_days_on_the_calendar():
    # Across the National Day holiday: Oct 8, 9, 10 (make-up), 12 … 16, 19, 20.
    assert rules.problem_due_rule(D(2026, 9, 30)) == D(2026, 10, 20)
    assert rules.problem_due_rule(D(2026, 11, 2), D(2026, 11, 2)) == D(2026, 11, 2)
    with pytest.raises(RuleViolation):
        rules.problem_due_rule(D(2026, 11, 2), D(2026, 11, 1))


@pytest.mark.django_db
class TestFirstInquiry:
    def test_the_first_unit_owns_it_until_a_formal_hand_on(
        self, problem, owner, teammate, department, outsider
    ):
        assert problem.first_unit == problem.owner_unit == owner.unit
        assert problem.due_on == D(2026, 10, 20)
        assert permissions.can_own_problem(owner, problem)
        assert not permissions.can_own_problem(teammate, problem)
        with pytest.raises(RuleViolation):
            services.problem_hand_on(problem=problem, user=owner, to_unit=department, reason=" ")
        services.problem_hand_on(problem=problem, user=owner, to_unit=department, reason="职责")
        assert problem.owner_unit == department and problem.first_unit == owner.unit
        assert problem.due_on == D(2026, 10, 20)  # the time limit stays
        assert permissions.can_own_problem(teammate, problem)
        assert not permissions.can_own_problem(owner, problem)

    def test_materials_are_notified_once(self, problem, owner):
        services.problem_notify_materials(
            problem=problem, user=owner, materials="营业执照；财务报表", notified_on=D(2026, 10, 8)
        )
        with pytest.raises(RuleViolation) as error:
            services.problem_notify_materials(problem=problem, user=owner, materials="再补一份")
        assert error.value.rule == "E-3"
        assert "2026年10月8日" in str(error.value)

    def test_several_departments_each_with_a_due_date(
        self, problem, owner, department, other_area, frozen_today
    ):
        first = services.problem_request_action(
            problem=problem, user=owner, unit=department, task="对接银行", due_on=D(2026, 12, 1)
        )
        services.problem_request_action(
            problem=problem, user=owner, unit=other_area, task="出具证明", due_on=D(2026, 12, 8)
        )
        with pytest.raises(RuleViolation):  # the same department twice while open
            services.problem_request_action(
                problem=problem, user=owner, unit=department, task="x", due_on=D(2026, 12, 9)
            )
        with pytest.raises(RuleViolation):  # a due date in the past
            services.problem_request_action(
                problem=problem, user=owner, unit=owner.unit, task="x", due_on=D(2026, 11, 25)
            )
        assert [a.due_on for a in problem.actions.all()] == [D(2026, 12, 1), D(2026, 12, 8)]
        with pytest.raises(RuleViolation) as error:
            services.problem_solve(problem=problem, user=owner, outcome="已解决")
        assert "协办" in str(error.value)
        for action in problem.actions.all():  # each department reports its own part
            staff = UserFactory(role=Role.UNIT_STAFF, unit=action.unit)
            services.problem_action_complete(action=action, user=staff, outcome="已办")
        services.problem_solve(problem=problem, user=owner, outcome="已解决")
        assert problem.status == "solved"
        assert not first.is_overdue(D(2026, 12, 1))
        with pytest.raises(RuleViolation):
            services.problem_hand_on(problem=problem, user=owner, to_unit=department, reason="x")


@pytest.mark.django_db
def test_a_problem_is_not_solved_on_a_day_still_to_come(problem, owner, frozen_today):
    # 限时办结: a closing date ahead of today would stop the time limit's clock.
    with pytest.raises(RuleViolation) as error:
        services.problem_solve(
            problem=problem, user=owner, outcome="已解决", done_on=D(2026, 11, 27)
        )
    assert error.value.rule == "E-3"
    services.problem_solve(problem=problem, user=owner, outcome="已解决", done_on=D(2026, 11, 26))
    assert problem.done_on == D(2026, 11, 26)


@pytest.mark.django_db
class TestPromises:
    def test_not_honoured_on_a_day_still_to_come(self, area, frozen_today):
        # 凡是政府作出的书面承诺，必须按期兑现: a future date would close it before it is kept.
        promise = PromiseFactory(enterprise=EnterpriseFactory(introducing_unit=area))
        user = UserFactory(role=Role.DRC_REVIEWER)
        with pytest.raises(RuleViolation) as error:
            services.promise_close(
                promise=promise,
                user=user,
                status=PromiseStatus.HONOURED,
                honoured_on=D(2026, 11, 27),
                evidence="拨付凭证",
            )
        assert error.value.rule == "E-6"
        services.promise_close(
            promise=promise,
            user=user,
            status=PromiseStatus.HONOURED,
            honoured_on=D(2026, 11, 26),
            evidence="拨付凭证",
        )
        assert promise.honoured_on == D(2026, 11, 26)

    def test_honoured_needs_evidence(self, area):
        promise = PromiseFactory(enterprise=EnterpriseFactory(introducing_unit=area))
        user = UserFactory(role=Role.DRC_REVIEWER)
        with pytest.raises(RuleViolation) as error:
            services.promise_close(promise=promise, user=user, status=PromiseStatus.HONOURED)
        assert error.value.rule == "E-6"
        services.promise_close(
            promise=promise,
            user=user,
            status=PromiseStatus.HONOURED,
            honoured_on=D(2026, 11, 20),
            evidence="拨付凭证",
        )
        with pytest.raises(RuleViolation):
            services.promise_close(
                promise=promise, user=user, status=PromiseStatus.COMPENSATED, compensation="x"
            )

    def test_broken_promise_records_the_compensation(self, area):
        promise = PromiseFactory(enterprise=EnterpriseFactory(introducing_unit=area))
        services.promise_close(
            promise=promise,
            user=UserFactory(role=Role.DRC_REVIEWER),
            status=PromiseStatus.COMPENSATED,
            compensation="依法赔偿损失",
            compensation_amount=Decimal("20.00"),
        )
        promise.refresh_from_db()
        assert promise.compensation_amount == Decimal("20.00")
        assert not promise.is_overdue(D(2027, 6, 1))

    def test_pending_past_due_is_overdue(self, area):
        promise = PromiseFactory(
            enterprise=EnterpriseFactory(introducing_unit=area), due_on=D(2026, 11, 25)
        )
        assert promise.is_overdue(D(2026, 11, 26))
        assert not promise.is_overdue(D(2026, 11, 25))


def test_the_promise_list_filters_overdue_by_the_one_definition(client, area):
    """E-6: 超期未兑现 on the list is `PolicyPromise.objects.overdue_q` (the list, the dashboards
    and the reminders read one definition): pending and past due, not one kept late."""
    from django.urls import reverse

    late = PromiseFactory(due_on=D(2026, 11, 2), source="逾期未兑现")
    PromiseFactory(due_on=D(2026, 12, 31), source="未到期")
    kept = PromiseFactory(due_on=D(2026, 11, 2), source="逾期后兑现")
    kept.status = PromiseStatus.HONOURED
    kept.save()
    client.force_login(UserFactory(role=Role.DRC_REVIEWER, unit=area))
    listed = client.get(reverse("enterprise:promises") + "?is_overdue=true").context["page"]
    assert [p.pk for p in listed] == [late.pk]
