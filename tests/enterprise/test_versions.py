"""E-7 figures and accountability carry a version: an entry or correction made on an older
version (someone saved in between) is refused with a message instead of overwriting."""

import pytest
from django.urls import reverse

from enterprise import services
from enterprise.choices import AssessmentVerdict
from enterprise.models import Accountability, AssessmentFigures
from tests.enterprise.factories import AssessmentResultFactory
from yingkou.errors import StaleVersion

pytestmark = pytest.mark.django_db
STALE = "已被他人"


@pytest.fixture(autouse=True)
def reporting_window(time_machine):
    """The third quarter's figures are reported until 20 October 2026 (E-7), then frozen."""
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 10, 12, 2, tzinfo=dt.UTC), tick=False)


def figures(area, **changes) -> dict:
    return {
        "unit": area.pk,
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


def test_stale_figures_are_refused(client, area, supervisor):
    client.force_login(supervisor)
    url = reverse("enterprise:assessment_figures") + "?period=2026-Q3"
    assert client.post(url, figures(area, version=0)).status_code == 302
    # A second entry of the same unit and period, from a page opened before the first.
    stale = client.post(url, figures(area, version=0, new_market_entities=1))
    assert stale.status_code == 200 and STALE in stale.content.decode()
    # Shown the version now there, the form saves on it once confirmed.
    assert 'name="version" value="1"' in stale.content.decode()
    assert AssessmentFigures.objects.get().new_market_entities == 120
    page = client.get(url + f"&unit={area.pk}").content.decode()
    assert 'name="version" value="1"' in page and 'value="120"' in page
    assert client.post(url, figures(area, version=1, new_market_entities=130)).status_code == 302
    record = AssessmentFigures.objects.get()
    assert (record.new_market_entities, record.version) == (130, 2)


def test_stale_accountability_is_refused(client, area, supervisor):
    AssessmentResultFactory(
        period="2026-Q3",
        unit=area,
        score=50,
        verdict=AssessmentVerdict.CRITICISED,
    )
    client.force_login(supervisor)
    url = reverse("enterprise:assessment") + "?period=2026-Q3"
    data = {"unit": area.pk, "measures": "约谈", "decided_on": "2026-10-09", "version": 0}
    assert client.post(url, data).status_code == 302
    assert 'name="version" value="1"' in client.get(url).content.decode()
    stale = client.post(url, {**data, "measures": "覆盖"})
    assert stale.status_code == 200 and STALE in stale.content.decode()
    record = Accountability.objects.get()
    assert (record.measures, record.version) == ("约谈", 1)


def test_figures_entered_twice_at_once_keep_the_first(area, supervisor):
    data = figures(area)
    data.pop("unit")
    services.assessment_figures_save(user=supervisor, unit=area, **data)
    with pytest.raises(StaleVersion):
        services.assessment_figures_save(
            user=supervisor, unit=area, expected_version=0, **{**data, "targets_met": 1}
        )
    assert AssessmentFigures.objects.get().targets_met == 9


@pytest.mark.parametrize(
    ("period", "refusal"),
    [
        ("2027-Q1", "尚未开始"),  # a quarter not begun: nothing happened in it yet
        ("2026", "按季度填报"),  # a year is summed from its quarters
        ("2026Q3", "无法识别"),
    ],
)
def test_figures_are_entered_for_a_quarter_that_has_begun(area, supervisor, period, refusal):
    import datetime as dt

    import time_machine

    from yingkou.errors import RuleViolation

    data = figures(area, period=period)
    data.pop("unit")
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(RuleViolation, match=refusal):
            services.assessment_figures_save(user=supervisor, unit=area, **data)
        services.assessment_figures_save(
            user=supervisor, unit=area, **{**data, "period": "2026-Q4"}
        )
    assert list(AssessmentFigures.objects.values_list("period", flat=True)) == ["2026-Q4"]
