"""The demo's random figures are drawn record by record in an order it names itself, the order
the records were written (`yingkou.demo.ordinals`), not the order a model lists them in by
default: read in another order, the same records would be given other figures."""

import random
from unittest import mock

import pytest
from django.utils import timezone

from assistance import demo as assistance_demo
from assistance.models import AssistanceCase, ProgressReport, WeeklyDispatch, WeeklyProgress
from enterprise import demo as enterprise_demo
from enterprise.models import Enterprise, Visit
from tests.assistance.factories import AssistanceCaseFactory
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import UserFactory
from yingkou.choices import Role, Stage

pytestmark = pytest.mark.django_db

ORDERS = (["id"], ["-id"])


def _told_in_each_order(model, run, told) -> list:
    """What `run` writes (`told` reads it) with `model` listed by id and then the reverse."""
    results = []
    for ordering in ORDERS:
        with mock.patch.object(model._meta, "ordering", ordering):
            run()
        results.append(told())
    return results


@pytest.fixture
def cases(area):
    staff = UserFactory(username="area_staff", role=Role.UNIT_STAFF, unit=area)
    today = timezone.localdate()
    return [
        AssistanceCaseFactory(
            project__stage=Stage.CONSTRUCTION,
            project__owner_unit=staff.unit,
            opened_on=today.replace(year=today.year - 1),
        )
        for _ in range(4)
    ]


@pytest.mark.parametrize(
    ("written", "write", "told"),
    [
        pytest.param(
            (ProgressReport,),
            assistance_demo._progress,
            lambda: {
                (r.case_id, r.month): r.actual_investment for r in ProgressReport.objects.all()
            },
            id="monthly progress",
        ),
        pytest.param(
            (WeeklyProgress, WeeklyDispatch),
            assistance_demo._weekly,
            lambda: {(w.case_id, w.week): w.progress for w in WeeklyProgress.objects.all()},
            id="weekly progress",
        ),
    ],
)
def test_the_case_figures(cases, drc, written, write, told):
    def run():
        for model in written:
            model.objects.all().delete()
        write(drc, timezone.localdate())

    first, second = _told_in_each_order(AssistanceCase, run, told)
    assert first and first == second


def test_the_visits(area, drc):
    for _ in range(4):
        EnterpriseFactory(introducing_unit=area)

    def run():
        Visit.objects.all().delete()
        enterprise_demo._visits(random.Random(7), timezone.localdate())

    def told():
        return {(v.enterprise_id, v.visited_on, v.topics) for v in Visit.objects.all()}

    first, second = _told_in_each_order(Enterprise, run, told)
    assert first and first == second
