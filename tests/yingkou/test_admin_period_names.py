"""The admin names a period as the site does (2026年第49周（11月30日至12月6日）, 2026年第四季度), not
by its key (2026-W49, 2026-Q4): on the lists of the runs and of the archived reports, on a
record only read there, and in the filter of the periods recorded."""

import datetime as dt
import itertools

import pytest

from assistance.choices import ReportKind
from assistance.models import SupervisionReport
from enterprise.models import Accountability, Archive, AssessmentFigures, AssessmentResult
from negotiation.choices import ArchiveKind
from negotiation.models import NegotiationArchive, ProgressReport
from tests.enterprise.factories import AssessmentResultFactory
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import open_case
from tests.queries import assert_constant_queries
from yingkou.models import ScheduledRun
from yingkou.scheduling.periods import Period, period_key

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2026, 12, 3)
# Days this far apart fall in different periods of the kind.
STEP = {Period.WEEKLY: 7, Period.MONTHLY: 31, Period.QUARTERLY: 92}


def keys(period: Period):
    """The periods of a kind, newest first from the one holding LAST_DAY, one for each row."""
    for n in itertools.count():
        yield period_key(period, LAST_DAY - dt.timedelta(days=STEP[period] * n))


def runs(unit, user):
    def make(key):
        ScheduledRun.objects.create(
            job="calendar_coverage",
            period=Period.WEEKLY,
            period_key=key,
            status=ScheduledRun.Status.SUCCEEDED,
            started_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        )

    return make


def supervision_reports(unit, user):
    def make(key):
        SupervisionReport.objects.create(
            kind=ReportKind.WEEKLY, period_key=key, scope="city", title="在建项目周调度"
        )

    return make


def figures(unit, user):
    def make(key):
        AssessmentFigures.objects.create(
            unit=unit,
            period=key,
            new_market_entities=10,
            new_market_entities_last_year=8,
            satisfaction=95,
            private_investment=100,
            private_investment_last_year=90,
            targets_total=5,
            targets_met=4,
            entered_by=user,
        )

    return make


def results(unit, user):
    def make(key):
        AssessmentResultFactory(unit=unit, period=key, score=90)

    return make


def accountabilities(unit, user):
    def make(key):
        Accountability.objects.create(
            unit=unit,
            period=key,
            measures="约谈主要负责人",
            decided_on=dt.date(2026, 11, 2),
            recorded_by=user,
        )

    return make


def archives(unit, user):
    def make(key):
        Archive.objects.create(kind="visit_check", period=key)

    return make


def progress_reports(unit, user):
    case = open_case(negotiating_unit=unit, project=ProjectFactory(owner_unit=unit), user=user)

    def make(key):
        ProgressReport.objects.create(
            case=case,
            period=key,
            reported_on=dt.date(2026, 11, 2),
            progress="推进中",
            reported_by=user,
        )

    return make


def negotiation_archives(unit, user):
    def make(key):
        NegotiationArchive.objects.create(kind=ArchiveKind.CIRCULAR, period=key)

    return make


def adder(builder, period, unit, user):
    """`add(n)`: n more rows, each of the next older period."""
    make = builder(unit, user)
    found = keys(period)

    def add(n):
        for key in itertools.islice(found, n):
            make(key)

    return add


LISTS = [
    (ScheduledRun, runs, Period.WEEKLY, "2026年第49周（11月30日至12月6日）"),
    (SupervisionReport, supervision_reports, Period.WEEKLY, "2026年第49周（11月30日至12月6日）"),
    (AssessmentFigures, figures, Period.QUARTERLY, "2026年第四季度"),
    (AssessmentResult, results, Period.QUARTERLY, "2026年第四季度"),
    (Accountability, accountabilities, Period.QUARTERLY, "2026年第四季度"),
    (Archive, archives, Period.MONTHLY, "2026年12月"),
    (ProgressReport, progress_reports, Period.MONTHLY, "2026年12月"),
    (NegotiationArchive, negotiation_archives, Period.MONTHLY, "2026年12月"),
]

IDS = [model._meta.model_name for model, *_ in LISTS]


def _url(model, suffix=""):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


@pytest.fixture
def root(client, db):
    user = UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    client.force_login(user)
    return user


@pytest.mark.parametrize(("model", "rows", "period", "name"), LISTS, ids=IDS)
def test_a_list_names_its_periods_in_a_fixed_number_of_queries(
    client, root, area, owner, model, rows, period, name
):
    add = adder(rows, period, area, owner)
    url = _url(model)
    client.get(url)  # the first visit also reads what the admin keeps (content types)
    assert_constant_queries(lambda: client.get(url), add, small=1, large=12)

    response = client.get(url)
    page = response.content.decode()
    key = period_key(period, LAST_DAY)
    assert name in page
    assert f">{key}<" not in page  # no cell shows the key alone
    # Sorted by the key, the newest period first, whichever way its name reads.
    column = response.context["cl"].list_display.index("period_shown")
    ordered = client.get(url, {"o": f"-{column}"}).context["cl"].result_list
    field = "period_key" if hasattr(model, "period_key") else "period"
    assert [getattr(row, field) for row in ordered][:2] == list(itertools.islice(keys(period), 2))


@pytest.mark.parametrize(
    ("model", "rows", "period", "name"),
    LISTS[1:],
    ids=IDS[1:],
)
def test_a_record_read_in_the_admin_names_its_period(
    client, root, area, owner, model, rows, period, name
):
    adder(rows, period, area, owner)(1)
    record = model.objects.get()
    page = client.get(_url(model, f"{record.pk}/change/")).content.decode()
    assert name in page
    assert f">{period_key(period, LAST_DAY)}<" not in page


def test_the_period_filter_offers_the_periods_by_name(client, root, area, owner):
    adder(figures, Period.QUARTERLY, area, owner)(2)
    page = client.get(_url(AssessmentFigures)).content.decode()
    assert "2026年第四季度" in page and "2026年第三季度" in page

    listed = client.get(_url(AssessmentFigures), {"period": "2026-Q3"}).context["cl"]
    assert [row.period for row in listed.result_list] == ["2026-Q3"]


# A supervision report is named by the title its job gave it.
NAMED_BY_PERIOD = [row for row in LISTS if row[0] is not SupervisionReport]


@pytest.mark.parametrize(
    ("model", "rows", "period", "name"),
    NAMED_BY_PERIOD,
    ids=[model._meta.model_name for model, *_ in NAMED_BY_PERIOD],
)
def test_a_record_is_named_by_its_period_in_titles_and_breadcrumbs(
    client, root, area, owner, model, rows, period, name
):
    """The change page's title and breadcrumb say what the record is (`__str__`), the period
    by its name too: `鲅鱼圈区 2026年第四季度`, not `鲅鱼圈区 2026-Q4`."""
    adder(rows, period, area, owner)(1)
    record = model.objects.get()
    response = client.get(_url(model, f"{record.pk}/change/"))
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    key = period_key(period, LAST_DAY)
    assert name in title and key not in title
    assert name in str(record) and key not in str(record)
