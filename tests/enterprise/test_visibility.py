"""Who sees what (SPEC §0): owner, teammate, outsider and the city-wide roles, per model."""

import datetime as dt

import pytest

from enterprise import services
from enterprise.models import Enterprise, Inspection, PolicyPromise, Problem, Visit
from tests.enterprise.factories import (
    EnterpriseFactory,
    InspectionFactory,
    PromiseFactory,
    VisitFactory,
)
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role

D = dt.date


@pytest.fixture
def records(area, department, owner):
    enterprise = EnterpriseFactory(introducing_unit=area, counterpart_unit=department)
    agency = UnitFactory(code="STHJ", enforcement_system="ecology")
    return {
        "enterprise": enterprise,
        "visit": VisitFactory(enterprise=enterprise),
        "problem": services.problem_raise(
            enterprise=enterprise,
            user=owner,
            category="funds",
            description="x",
            raised_on=D(2026, 11, 2),
        ),
        "promise": PromiseFactory(enterprise=enterprise),
        "inspection": InspectionFactory(enterprise=enterprise, agency=agency),
        "agency": agency,
    }


MODELS = {
    "enterprise": Enterprise,
    "visit": Visit,
    "problem": Problem,
    "promise": PolicyPromise,
    "inspection": Inspection,
}


@pytest.mark.django_db
def test_owner_counterpart_and_city_roles_see_everything(
    records, owner, teammate, drc, city_leader_user, supervisor, legal
):
    # `teammate` is staff of the counterpart service department.
    for user in (owner, teammate, drc, city_leader_user, supervisor, legal):
        for name, model in MODELS.items():
            assert list(model.objects.visible_to(user)) == [records[name]], (user, name)


@pytest.mark.django_db
def test_outsider_and_anonymous_see_nothing(records, outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (outsider, AnonymousUser()):
        for model in MODELS.values():
            assert not model.objects.visible_to(user).exists()


@pytest.mark.django_db
def test_an_agency_sees_its_inspections_not_the_enterprise(records):
    staff = UserFactory(role=Role.UNIT_STAFF, unit=records["agency"])
    assert list(Inspection.objects.visible_to(staff)) == [records["inspection"]]
    assert not Enterprise.objects.visible_to(staff).exists()


@pytest.mark.django_db
def test_a_unit_asked_to_act_sees_the_problem(records, owner, other_area):
    problem = records["problem"]
    services.problem_request_action(
        problem=problem, user=owner, unit=other_area, task="出具意见", due_on=D(2099, 1, 1)
    )
    helper = UserFactory(role=Role.UNIT_STAFF, unit=other_area)
    assert list(Problem.objects.visible_to(helper)) == [problem]
    assert not Enterprise.objects.visible_to(helper).exists()
