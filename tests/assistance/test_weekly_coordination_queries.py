"""The new lists run a fixed number of queries whatever their length: the weekly dispatch (its
page and its archive, public or not) and the proposal lists."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from assistance.models import CoordinationEntry, WeeklyProgress
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.factories import ProjectFactory, UnitFactory
from tests.queries import assert_constant_queries
from yingkou.choices import UnitKind
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db


def test_the_weekly_page_and_the_published_progress(client, area, owner, drc):
    def add(n):
        with at(dt.date(2026, 6, 1)):
            cases = [
                AssistanceCaseFactory(
                    project=ProjectFactory(
                        owner_unit=area, landing_unit=area, stage="construction"
                    ),
                    team__lead_unit=area,
                )
                for _ in range(n)
            ]
        with at(dt.date(2026, 9, 29)):
            WeeklyProgress.objects.bulk_create(
                WeeklyProgress(
                    case=case,
                    week=dt.date(2026, 9, 28),
                    progress="施工中",
                    investment=Decimal("10"),
                    reported_by=owner,
                    reported_on=dt.date(2026, 9, 29),
                )
                for case in cases[::2]
            )

    client.force_login(owner)  # a unit: its rows filtered by what it may see
    with at(dt.date(2026, 10, 2)):
        assert_constant_queries(lambda: client.get(reverse("assistance:weekly")), add, 3, 30)


def test_the_archived_weeks_are_listed_on_the_public_page(client, area, owner):
    with at(dt.date(2026, 6, 1)):
        for _ in range(5):
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
                team__lead_unit=area,
            )
    with at(dt.date(2026, 10, 5)):
        run_period("weekly", dt.date(2026, 10, 2))
    for offset in range(1, 4):  # more archived weeks listed
        with at(dt.date(2026, 10, 5 + 7 * offset)):
            run_period("weekly", dt.date(2026, 10, 2 + 7 * offset))
    url = reverse("assistance:public_progress")
    response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("<tr>") >= 6


def test_the_proposal_list_page(client, area, owner, drc):
    def add(n):
        for index in range(n):
            other = UnitFactory(kind=UnitKind.COUNTY)
            case = AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
            )
            services.coordination_propose(
                case=case, user=owner, involved_unit=other, matter=f"需协调事项{index}"
            )
        services.coordination_compile(user=drc)

    client.force_login(drc)
    assert_constant_queries(lambda: client.get(reverse("assistance:coordination")), add, 3, 30)
    assert CoordinationEntry.objects.count() == 30
