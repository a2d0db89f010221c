"""E-7: an archived assessment names each area and department as it was named at the period's
end, and orders units of the same score by their code then: a unit renamed and recoded after
the quarter still reads under its old name, in its old place, on the page, on its own result
page, in the Excel file and in the API. Results archived before the names were kept take them
from the unit's history as of their period's end."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from enterprise import services
from enterprise.models import AssessmentResult
from tests.clock import at
from tests.conftest import api_as
from tests.exports import sheet_rows
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db
D = dt.date
OLD, NEW = "鲅鱼圈区", "鲅鱼圈经济技术开发区"


@pytest.fixture
def renamed():
    """Two areas, neither reporting Q3 2026 (both criticised, equal scores, told apart by code);
    the first is renamed and recoded after the quarter is archived, its new code after the
    other's."""
    with at(dt.date(2025, 1, 1)):
        area = UnitFactory(name=OLD, code="A1", kind=UnitKind.COUNTY)
        UnitFactory(name="盖州市", code="B1", kind=UnitKind.COUNTY)
    with at(dt.date(2026, 10, 21)):
        services.assessment_archive(period="2026-Q3", start=D(2026, 7, 1), end=D(2026, 9, 30))
    with at(dt.date(2026, 11, 2)):
        area.name, area.code = NEW, "Z9"
        area.save()
    return area


def test_the_old_quarter_keeps_the_name_and_order_of_its_end(client, supervisor, renamed):
    client.force_login(supervisor)
    with at(dt.date(2026, 11, 3)):
        page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"}).content
        rows = sheet_rows(
            client.get(reverse("enterprise:assessment"), {"period": "2026-Q3", "export": "xlsx"})
        )
        api = api_as(supervisor).get("/api/v1/enterprise/assessments/", {"period": "2026-Q3"})
    text = page.decode()
    assert OLD in text and NEW not in text
    assert text.index(OLD) < text.index("盖州市")
    assert [row[1] for row in rows] == [OLD, "盖州市"]
    results = api.json()["results"]
    assert [(r["unit_name"], r["unit_code"]) for r in results] == [(OLD, "A1"), ("盖州市", "B1")]


def test_the_units_own_result_page_keeps_its_old_name(client, renamed):
    client.force_login(UserFactory(unit=renamed))
    with at(dt.date(2026, 11, 3)):
        page = client.get(reverse("enterprise:assessment_result"), {"period": "2026-Q3"})
    # The header names the user's unit as it is now; the result, as it was then.
    assert f"<h2>{OLD}</h2>" in page.content.decode()


def test_results_archived_before_take_the_names_of_their_period_end(renamed):
    AssessmentResult.objects.update(unit_name="", unit_code="")
    with at(dt.date(2025, 1, 1)):
        # Predates its history: read as it is now.
        unrecorded = UnitFactory.build(name="老边区", code="LB", kind=UnitKind.COUNTY)
        unrecorded.save_base(raw=True)
    AssessmentResult.objects.create(period="2026-Q3", unit=unrecorded, verdict="criticised")
    migration = importlib.import_module(
        "enterprise.migrations.0022_assessment_result_unit_name_and_code"
    )
    migration.fill(apps, None)
    assert set(AssessmentResult.objects.values_list("unit_name", "unit_code")) == {
        (OLD, "A1"),
        ("盖州市", "B1"),
        ("老边区", "LB"),
    }
