"""E-7 对各地区、各部门完成情况进行评估: each area and department reports its own figures, the
supervision bureau sees and may correct them all; nobody changes them once the reporting window
has closed (the quarter is assessed from the figures as reported by then)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import services
from enterprise.models import AssessmentFigures
from tests.clock import local
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db
URL = reverse("enterprise:assessment_figures") + "?period=2026-Q3"
# The third quarter of 2026 is reported until Tuesday 20 October (National Day break skipped).
LAST_DAY = dt.date(2026, 10, 20)


@pytest.fixture
def clock(time_machine):
    def at(day):
        time_machine.move_to(local(day), tick=False)

    at(dt.date(2026, 10, 12))
    return at


def values(**changes):
    return {
        "period": "2026-Q3",
        "new_market_entities": 120,
        "new_market_entities_last_year": 100,
        "satisfaction": "91.50",
        "private_investment": "5000.00",
        "private_investment_last_year": "4500.00",
        "targets_total": 10,
        "targets_met": 9,
        **changes,
    }


def save(user, unit, **changes):
    return services.assessment_figures_save(user=user, unit=unit, **values(**changes))


def test_an_area_reports_its_own_figures_only(clock, area, other_area, owner, reviewer):
    assert save(owner, area).entered_by == owner
    with pytest.raises(PermissionDenied):
        save(reviewer, other_area)
    assert list(AssessmentFigures.objects.values_list("unit__code", flat=True)) == ["BYQ"]


def test_who_does_not_report(clock, area, drc):
    county_bureau = UnitFactory(
        code="BYQ-GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT, level="county", parent=area
    )
    for user in (drc, UserFactory(role=Role.UNIT_STAFF, unit=county_bureau)):
        with pytest.raises(PermissionDenied):
            save(user, area)


def test_the_supervision_bureau_enters_or_corrects_any_units(clock, area, owner, supervisor):
    save(owner, area)
    record = save(supervisor, area, expected_version=1, targets_met=8)
    assert (record.targets_met, record.version, record.entered_by) == (8, 2, supervisor)


def test_frozen_the_day_after_the_window_closes(clock, area, owner, supervisor):
    clock(LAST_DAY)
    save(owner, area)
    clock(LAST_DAY + dt.timedelta(days=1))
    for user in (owner, supervisor):
        with pytest.raises(RuleViolation) as error:
            save(user, area, expected_version=1, targets_met=1)
        assert error.value.rule == "E-7" and "已冻结" in str(error.value)
    assert AssessmentFigures.objects.get().targets_met == 9


def test_the_page_offers_an_area_only_its_own_unit(clock, client, area, other_area, owner):
    client.force_login(owner)
    page = client.get(URL)
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields["unit"].queryset) == [area]
    refused = client.post(URL, {**values(), "unit": other_area.pk, "version": 0})
    assert refused.status_code == 200 and not AssessmentFigures.objects.exists()
    assert client.post(URL, {**values(), "unit": area.pk, "version": 0}).status_code == 302
    assert AssessmentFigures.objects.get().unit == area


def test_an_area_sees_no_other_units_figures(clock, client, area, other_area, owner, supervisor):
    save(supervisor, other_area, new_market_entities=777)
    client.force_login(owner)
    page = client.get(URL).content.decode()
    assert "777" not in page and other_area.name not in page
    client.force_login(supervisor)
    assert "777" in client.get(URL).content.decode()


def test_a_frozen_period_shows_no_form(clock, client, area, owner):
    clock(LAST_DAY + dt.timedelta(days=1))
    client.force_login(owner)
    page = client.get(URL)
    assert page.status_code == 200 and page.context["form"] is None
    assert "已冻结" in page.content.decode()
    refused = client.post(URL, {**values(), "unit": area.pk, "version": 0})
    assert "已冻结" in refused.content.decode() and not AssessmentFigures.objects.exists()


def test_other_roles_are_kept_out_of_the_page(clock, client, drc):
    client.force_login(drc)
    assert client.get(URL).status_code == 403
