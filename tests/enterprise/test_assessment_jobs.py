"""E-7 scoring thresholds, and the scheduled jobs (E-2, E-4, E-7): run twice, nothing twice. The
jobs report as of the period's end, so a period's records are entered while it runs."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from enterprise import jobs, rules
from enterprise.choices import AssessmentVerdict
from enterprise.models import Archive, AssessmentFigures, AssessmentResult
from tests.clock import at
from tests.enterprise.factories import (
    AssessmentResultFactory,
    ComplaintFactory,
    EnterpriseFactory,
    VisitFactory,
)
from tests.factories import UnitFactory
from yingkou.errors import RuleViolation
from yingkou.scheduling import run_period

# The units assessed are those of the period's end: the standard ones are there long before it.
pytestmark = pytest.mark.units_formed_early
D = dt.date


def figures(**overrides):
    values = {
        "new_market_entities": 110,
        "new_market_entities_last_year": 100,
        "private_investment": Decimal("110"),
        "private_investment_last_year": Decimal("100"),
        "satisfaction": Decimal("100"),
        "targets_total": 10,
        "targets_met": 10,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


# E-7 now scores satisfaction by its rise over the unit's previous year (full at +5 points), not
# its level, and complaint handling by speed and quality; the boundaries below follow that rule.
class TestScore:
    def test_full_marks(self):
        score = rules.assessment_rule(
            figures(), complaints_due=4, complaints_on_time=4, previous_satisfaction=Decimal("95")
        )
        assert score.score == Decimal("100.00")
        assert score.verdict == AssessmentVerdict.COMMENDED
        assert score.market_growth == Decimal("10.00")
        assert score.satisfaction_gain == Decimal("5.00")

    def test_commendation_at_exactly_85_and_not_one_hundredth_below(self):
        # A rise of 1.25 points earns 5 of 20: 85.00 exactly.
        previous = Decimal("90")
        at = rules.assessment_rule(
            figures(satisfaction=Decimal("91.25")), 0, 0, previous_satisfaction=previous
        )
        assert at.score == Decimal("85.00") and at.verdict == AssessmentVerdict.COMMENDED
        below = rules.assessment_rule(
            figures(satisfaction=Decimal("91.24")), 0, 0, previous_satisfaction=previous
        )
        assert below.score == Decimal("84.96") and below.verdict == AssessmentVerdict.NORMAL

    def test_a_high_but_unchanged_satisfaction_earns_nothing(self):
        score = rules.assessment_rule(
            figures(satisfaction=Decimal("98")), 0, 0, previous_satisfaction=Decimal("98")
        )
        assert score.score == Decimal("80.00") and score.satisfaction_gain == Decimal("0.00")
        fallen = rules.assessment_rule(figures(), 0, 0, previous_satisfaction=Decimal("100.5"))
        assert fallen.score == Decimal("80.00")

    def test_without_last_years_figure_the_rise_scores_half(self):
        score = rules.assessment_rule(figures(), 0, 0)
        assert score.score == Decimal("90.00") and score.satisfaction_gain is None

    def test_criticism_below_60(self):
        # No growth (0 + 0), full rise, targets and complaints: 60.00 is not criticised.
        flat = figures(new_market_entities=100, private_investment=Decimal("100"))
        previous = Decimal("95")
        at = rules.assessment_rule(flat, 0, 0, previous_satisfaction=previous)
        assert at.score == Decimal("60.00") and at.verdict == AssessmentVerdict.NORMAL
        below = rules.assessment_rule(flat, 1000, 999, previous_satisfaction=previous)
        assert below.score == Decimal("59.98") and below.verdict == AssessmentVerdict.CRITICISED

    def test_late_complaints_cost_points_and_no_figures_is_not_reported(self):
        score = rules.assessment_rule(
            figures(), complaints_due=4, complaints_on_time=2, previous_satisfaction=Decimal("95")
        )
        assert score.score == Decimal("90.00")
        assert rules.assessment_rule(None, 0, 0).verdict == AssessmentVerdict.NOT_REPORTED

    def test_quality_counts_as_well_as_speed(self):
        # All four on time, only two accepted by the complainant: 5 of the 10 quality points lost.
        score = rules.assessment_rule(
            figures(), 4, 4, complaints_accepted=2, previous_satisfaction=Decimal("95")
        )
        assert score.score == Decimal("95.00")


def test_quarterly_assessment_archives_every_unit_once(area, other_area, department, supervisor):
    # Reported inside the quarter's reporting window (until 20 October), as the rule requires.
    with time_machine.travel(dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC), tick=False):
        AssessmentFigures.objects.create(
            unit=area,
            period="2026-Q3",
            new_market_entities=120,
            new_market_entities_last_year=100,
            satisfaction=Decimal("95"),
            private_investment=Decimal("120"),
            private_investment_last_year=Decimal("100"),
            targets_total=8,
            targets_met=8,
        )
    with time_machine.travel(dt.datetime(2025, 10, 15, 2, tzinfo=dt.UTC), tick=False):
        AssessmentFigures.objects.create(
            unit=area,
            period="2025-Q3",
            new_market_entities=100,
            new_market_entities_last_year=100,
            satisfaction=Decimal("91"),
            private_investment=Decimal("100"),
            private_investment_last_year=Decimal("100"),
            targets_total=8,
            targets_met=8,
        )
    bureau = UnitFactory(code="BYQ-SCJG", kind="municipal_department", level="county", parent=area)
    with time_machine.travel(dt.datetime(2026, 9, 25, 10, tzinfo=dt.UTC), tick=False):
        ComplaintFactory(
            receiving_unit=bureau,
            due_on=D(2026, 8, 10),
            done_on=D(2026, 8, 7),
            accepted_by_complainant=True,
        )
        ComplaintFactory(receiving_unit=bureau, due_on=D(2026, 8, 11), done_on=D(2026, 8, 20))
        ComplaintFactory(receiving_unit=bureau, due_on=D(2026, 10, 11))  # next quarter

    run_period("quarterly", D(2026, 9, 30))
    run_period("quarterly", D(2026, 9, 30))
    jobs.assessment(D(2026, 9, 30))

    results = {r.unit: r for r in AssessmentResult.objects.filter(period="2026-Q3")}
    assert set(results) == {area, other_area, department}
    assert AssessmentResult.objects.count() == 3
    assert (results[area].complaints_due, results[area].complaints_on_time) == (2, 1)
    assert results[area].complaints_accepted == 1
    assert results[area].satisfaction_gain == Decimal("4.00")
    # 20 + 20 (growth over 10 %) + 16 (satisfaction up 4 points on 2025-Q3) + 20 (targets)
    # + 5 + 5 (one of two on time; that one accepted by the complainant)
    assert results[area].score == Decimal("86.00")
    assert results[area].verdict == AssessmentVerdict.COMMENDED
    assert results[other_area].verdict == AssessmentVerdict.NOT_REPORTED


@pytest.mark.django_db
def test_assessment_page_and_excel(client, supervisor, area):
    AssessmentResultFactory(
        period="2026-Q3",
        unit=area,
        score=Decimal("91.00"),
        verdict=AssessmentVerdict.COMMENDED,
    )
    client.force_login(supervisor)
    page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"})
    assert "通报表彰" in page.content.decode() and "鲅鱼圈区" in page.content.decode()
    export = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(
        reverse("enterprise:assessment_figures"),
        {
            "unit": area.pk,
            "period": "2026-Q4",
            "new_market_entities": 5,
            "new_market_entities_last_year": 4,
            "satisfaction": "88.5",
            "private_investment": "10",
            "private_investment_last_year": "9",
            "targets_total": 3,
            "targets_met": 4,
        },
    )
    assert response.status_code == 200
    assert not AssessmentFigures.objects.exists()  # more targets met than set is refused


@pytest.mark.django_db
def test_monthly_visit_job_archives_the_enterprises_behind(area, area_principal):
    with time_machine.travel(dt.datetime(2026, 10, 31, 10, tzinfo=dt.UTC), tick=False):
        behind = EnterpriseFactory(
            name="落后企业", introducing_unit=area, responsible_leader=area_principal
        )
        visited = EnterpriseFactory(introducing_unit=area)
        EnterpriseFactory(introducing_unit=area, is_key=False)
        VisitFactory(enterprise=visited, visited_on=D(2026, 10, 31))
    # Recorded in November: it does not make up for October.
    VisitFactory(enterprise=behind, visited_on=D(2026, 10, 30))

    run_period("monthly", D(2026, 10, 31))
    run_period("monthly", D(2026, 10, 31))
    jobs.visit_compliance(D(2026, 10, 15))

    archive = Archive.objects.get(kind=jobs.VISIT_CHECK)
    assert archive.period == "2026-10"
    assert [row["enterprise"] for row in archive.data["missing"]] == [behind.pk]
    assert archive.data["missing"][0]["responsible_leader"] == str(area_principal)
    assert (archive.data["key_enterprises"], archive.data["visited"]) == (2, 1)


@pytest.mark.django_db
def test_daily_deadline_job(area):
    # The day's archive is that morning's (07:30): its complaints are recorded the day before.
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False):
        ComplaintFactory(receiving_unit=area, due_on=D(2026, 11, 20))
        ComplaintFactory(receiving_unit=area, due_on=D(2026, 11, 26))
    jobs.deadlines(D(2026, 11, 26))
    jobs.deadlines(D(2026, 11, 26))
    archive = Archive.objects.get(kind=jobs.DEADLINES)
    assert archive.data["complaints"] == 1
    assert archive.data["complaints_by_unit"] == {area.name: 1}


@pytest.mark.django_db
def test_the_annual_assessment_is_frozen_as_of_31_december(client, area, supervisor):
    """E-7: the yearly job freezes the year from its quarters' figures and the complaints as
    recorded on 31 December; the page reads the frozen result for the closed year."""
    # the fourth quarter's figures are reported in January, inside its window
    with time_machine.travel(dt.datetime(2026, 1, 10, 2, tzinfo=dt.UTC), tick=False):
        for quarter, entities in (("2025-Q3", 60), ("2025-Q4", 60)):
            AssessmentFigures.objects.create(
                unit=area,
                period=quarter,
                new_market_entities=entities,
                new_market_entities_last_year=50,
                satisfaction=Decimal("90") if quarter.endswith("3") else Decimal("100"),
                private_investment=Decimal("60"),
                private_investment_last_year=Decimal("50"),
                targets_total=8,
                targets_met=6 if quarter.endswith("3") else 8,
            )
    with time_machine.travel(dt.datetime(2025, 12, 20, 10, tzinfo=dt.UTC), tick=False):
        late = ComplaintFactory(receiving_unit=area, due_on=D(2025, 12, 10))
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False):
        late.done_on = D(2025, 12, 9)  # entered after the year's end: too late for 2025
        late.save()
        # The fourth quarter's figures are reported until 15 January 2026 (10 working days after
        # the year, New Year's Day off): the year is frozen after that, not on 1 January.
        results = {r.job: r.status for r in run_period("yearly", D(2025, 12, 31))}
        assert results["enterprise_annual_assessment"] == "deferred"
        assert not AssessmentResult.objects.exists()
    with time_machine.travel(dt.datetime(2026, 1, 16, 10, tzinfo=dt.UTC), tick=False):
        run_period("yearly", D(2025, 12, 31))
    result = AssessmentResult.objects.get(period="2025", unit=area)
    # 20 (growth 20 %) + 20 + 10 (no 2024 figures: the satisfaction rise is unknown, half)
    # + 20 (8 of 8 targets) + 0 (complaint late)
    assert (result.complaints_due, result.complaints_on_time) == (1, 0)
    assert result.satisfaction == Decimal("95.00")
    assert result.score == Decimal("70.00")
    client.force_login(supervisor)
    page = client.get(reverse("enterprise:assessment"), {"period": "2025"}).content.decode()
    assert "已于12月31日冻结" in page and "70.00" in page


# --- E-7 reporting window: the quarter's figures are reported after it ends ----------------------


@pytest.mark.django_db
def test_the_third_quarter_of_2026_is_reported_until_20_october():
    # 1-7 October off (National Day), 8, 9 and the make-up Saturday 10 October working days.
    assert rules.assessment_reporting_closes_rule(D(2026, 9, 30)) == D(2026, 10, 20)
    assert not rules.assessment_may_archive_rule(D(2026, 9, 30), D(2026, 10, 20))
    assert rules.assessment_may_archive_rule(D(2026, 9, 30), D(2026, 10, 21))


def _q3_figures(unit, user=None, **overrides):
    values = {
        "new_market_entities": 120,
        "new_market_entities_last_year": 100,
        "satisfaction": Decimal("95"),
        "private_investment": Decimal("120"),
        "private_investment_last_year": Decimal("100"),
        "targets_total": 8,
        "targets_met": 8,
    }
    values.update(overrides)
    return AssessmentFigures.objects.create(unit=unit, period="2026-Q3", **values)


@pytest.mark.django_db
def test_the_on_time_quarterly_run_waits_for_the_reporting_window(area, other_area, supervisor):
    """The run due on 1 October does not mark everybody "not reported": it is deferred until the
    window has closed; figures reported within it count, figures entered after it do not."""
    with at(dt.date(2026, 10, 1)):
        results = {r.job: r.status for r in run_period("quarterly", D(2026, 9, 30))}
    assert results["enterprise_assessment"] == "deferred"
    assert not AssessmentResult.objects.exists()
    with at(dt.date(2026, 10, 20), hour=23):  # the window's last day, late in the evening
        _q3_figures(area)
        results = {r.job: r.status for r in run_period("quarterly", D(2026, 9, 30))}
    assert results["enterprise_assessment"] == "deferred"
    with at(dt.date(2026, 10, 21), hour=9):  # after the window, before the run: too late to count
        _q3_figures(other_area, satisfaction=Decimal("99"))
    with at(dt.date(2026, 10, 21)):
        results = {r.job: r.status for r in run_period("quarterly", D(2026, 9, 30))}
    assert results["enterprise_assessment"] == "succeeded"
    verdicts = dict(
        AssessmentResult.objects.filter(period="2026-Q3").values_list("unit", "verdict")
    )
    assert verdicts[area.pk] != AssessmentVerdict.NOT_REPORTED
    assert verdicts[other_area.pk] == AssessmentVerdict.NOT_REPORTED


@pytest.mark.django_db
def test_the_quarter_cannot_be_frozen_by_hand_inside_the_window(area):
    from enterprise import services
    from yingkou.errors import RuleViolation

    with at(dt.date(2026, 10, 20)), pytest.raises(RuleViolation) as refused:
        services.assessment_archive(period="2026-Q3", start=D(2026, 7, 1), end=D(2026, 9, 30))
    assert refused.value.rule == "E-7"
    assert not AssessmentResult.objects.exists()


@pytest.mark.django_db
def test_the_assessment_page_says_the_figures_are_still_being_reported(client, supervisor):
    client.force_login(supervisor)
    with at(dt.date(2026, 10, 12)):
        page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"})
    assert "考核数据报送至2026年10月20日" in page.content.decode()


# --- E-7 periods: nobody is criticised for not reporting before the deadline ---------------------


@pytest.mark.django_db
def test_a_period_runs_then_is_reported_then_closes():
    end = D(2026, 9, 30)
    assert rules.assessment_stage_rule(end, D(2026, 9, 30)) == rules.AssessmentStage.RUNNING
    assert rules.assessment_stage_rule(end, D(2026, 10, 20)) == rules.AssessmentStage.REPORTING
    assert rules.assessment_stage_rule(end, D(2026, 10, 21)) == rules.AssessmentStage.CLOSED
    today = D(2026, 12, 5)
    assert rules.assessment_period_rule("2026-Q4", today).end == D(2026, 12, 31)
    assert rules.assessment_period_rule("2026", today).kind == "yearly"
    for refused in ("2027-Q1", "2027", "abc", "2026-Q5", "0001"):
        with pytest.raises(RuleViolation):
            rules.assessment_period_rule(refused, today)


def _page(client, period):
    return client.get(reverse("enterprise:assessment"), {"period": period})


@pytest.mark.django_db
def test_the_running_quarter_criticises_nobody_for_not_reporting(client, supervisor, area):
    client.force_login(supervisor)
    with at(dt.date(2026, 12, 5)):
        page = _page(client, "2026-Q4").content.decode()
        year = _page(client, "2026").content.decode()
    assert f"{area.name}（未报送）" not in page and "待报送（报送至" in page
    assert "考核期尚未结束" in page
    assert "?period=2027-Q1" not in page and "?period=2027" not in year  # not begun: no link
    assert f"{area.name}（未报送）" not in year


@pytest.mark.django_db
def test_a_period_not_begun_or_unreadable_is_404_with_the_reason(client, supervisor):
    client.force_login(supervisor)
    with at(dt.date(2026, 12, 5)):
        for period in ("2027-Q1", "2027", "2028"):
            answer = _page(client, period)
            assert answer.status_code == 404, period
            assert "尚未开始" in answer.content.decode()
        unreadable = _page(client, "abc")
        figures = client.get(reverse("enterprise:assessment_figures"), {"period": "abc"})
    assert unreadable.status_code == 404 and "无法识别" in unreadable.content.decode()
    assert figures.status_code == 404


@pytest.mark.django_db
def test_inside_the_window_a_unit_without_figures_is_still_to_report(client, supervisor, area):
    client.force_login(supervisor)
    with at(dt.date(2026, 10, 12)):
        page = _page(client, "2026-Q3").content.decode()
    assert f"{area.name}（未报送）" not in page and "待报送" in page


@pytest.mark.django_db
def test_a_closed_quarter_the_job_has_not_archived_says_so(client, supervisor, area, other_area):
    with at(dt.date(2026, 10, 15)):
        _q3_figures(area)
    with at(dt.date(2026, 11, 2)):  # after the deadline: too late to count, as in the archive
        _q3_figures(other_area)
    client.force_login(supervisor)
    with at(dt.date(2026, 12, 5)):
        page = _page(client, "2026-Q3").content.decode()
    assert "考核数据报送已于2026年10月20日截止，定期任务尚未归档" in page
    assert "截止后归档" not in page
    assert f"{other_area.name}（未报送）" in page and f"{area.name}（未报送）" not in page


@pytest.mark.django_db
def test_the_units_behind_with_their_monthly_visits_are_told_once(
    client, area, other_area, area_principal
):
    """E-2: the month's check tells each responsible area or department which of its key
    enterprises had no visit, once, with a link to that month's list it may open; a unit whose
    enterprises were all visited hears nothing."""
    from tests.factories import UserFactory
    from yingkou.models import Notification

    staff = UserFactory(unit=area)
    other_staff = UserFactory(unit=other_area)
    with time_machine.travel(dt.datetime(2026, 10, 31, 10, tzinfo=dt.UTC), tick=False):
        EnterpriseFactory(name="落后企业", introducing_unit=area, responsible_leader=area_principal)
        visited = EnterpriseFactory(introducing_unit=other_area)
        VisitFactory(enterprise=visited, visited_on=D(2026, 10, 31))

    run_period("monthly", D(2026, 10, 31))
    jobs.visit_compliance(D(2026, 10, 15))

    # The month's other jobs may tell the area of their own reports; E-2's notice is told once.
    [notice] = Notification.objects.filter(user=staff, key__startswith="enterprise:visits:")
    assert notice.title == "2026年10月有1家重点企业未走访（E-2）"
    assert "落后企业" in notice.body
    assert notice.url == reverse("enterprise:visits") + "?month=2026-10"
    assert not Notification.objects.filter(
        user=other_staff, key__startswith="enterprise:visits:"
    ).exists()
    client.force_login(staff)
    assert "落后企业" in client.get(notice.url).content.decode()


@pytest.mark.django_db
def test_each_assessed_unit_is_told_its_result_once(client, area, other_area, department):
    """E-7: archiving the quarter tells each area and department its result — commended,
    criticised (also for figures never reported) or neither — once, however often the period is
    run, with a link to a page where it reads its own result and no other unit's."""
    from tests.factories import UserFactory
    from yingkou.models import Notification

    staff = {unit: UserFactory(unit=unit) for unit in (area, other_area, department)}
    with at(dt.date(2026, 10, 15)):
        _q3_figures(area)
        _q3_figures(department, satisfaction=Decimal("80"), targets_met=5)

    run_period("quarterly", D(2026, 9, 30))
    run_period("quarterly", D(2026, 9, 30))
    jobs.assessment(D(2026, 9, 30))

    told = {
        unit: list(
            Notification.objects.filter(
                user=user, key__startswith="enterprise:assessment:"
            ).values_list("title", "body", "url")
        )
        for unit, user in staff.items()
    }
    url = reverse("enterprise:assessment_result") + "?period=2026-Q3"
    verdicts = {r.unit: r for r in AssessmentResult.objects.filter(period="2026-Q3")}
    assert verdicts[area].verdict == AssessmentVerdict.COMMENDED
    assert told[area] == [
        (
            f"2026年第三季度营商环境考核结果：通报表彰（得分{verdicts[area].score}）",
            "本单位列入通报表彰。",
            url,
        )
    ]
    [(title, body, link)] = told[other_area]
    assert title == "2026年第三季度营商环境考核结果：未报送"
    assert body == "本单位列入通报批评，将记录问责情况。" and link == url
    [(title, body, _link)] = told[department]
    assert verdicts[department].verdict not in (AssessmentVerdict.COMMENDED,)
    assert title.startswith(
        f"2026年第三季度营商环境考核结果：{verdicts[department].get_verdict_display()}"
    )

    client.force_login(staff[other_area])
    page = client.get(url).content.decode()
    assert "未报送" in page and "列入通报批评" in page and area.name not in page
    client.force_login(staff[area])
    page = client.get(url).content.decode()
    assert "通报表彰" in page and str(verdicts[area].score) in page


@pytest.mark.django_db
def test_the_frozen_year_is_told_once_whether_the_page_or_the_job_archives_it(
    client, area, supervisor
):
    """E-7: the year is archived by the yearly job or, if it has not run, by the assessment page;
    either way each unit hears its result once."""
    from tests.factories import UserFactory
    from yingkou.models import Notification

    staff = UserFactory(unit=area)
    client.force_login(supervisor)
    assert client.get(reverse("enterprise:assessment"), {"period": "2025"}).status_code == 200
    run_period("yearly", D(2025, 12, 31))
    jobs.annual_assessment(D(2025, 12, 31))
    [notice] = Notification.objects.filter(user=staff, key__startswith="enterprise:assessment:")
    assert notice.title == "2025年度营商环境考核结果：未报送"
    assert notice.url == reverse("enterprise:assessment_result") + "?period=2025"
    client.force_login(staff)
    assert "未报送" in client.get(notice.url).content.decode()


@pytest.mark.django_db
def test_a_unit_finds_its_latest_result_in_the_menu_and_walks_its_periods(client, area, supervisor):
    """E-7: an assessed unit's users have their own result in the enterprise menu (those who see
    the whole assessment do not: they are sent there); opened from it, the page shows the unit's
    latest archived quarter, since the running one has no result yet, and links the quarter
    before and after it and the year."""
    from tests.factories import UserFactory

    staff = UserFactory(unit=area)
    with at(dt.date(2026, 10, 15)):
        _q3_figures(area)
    with at(dt.date(2026, 12, 7)):
        run_period("quarterly", D(2026, 9, 30))
        client.force_login(staff)
        menu = client.get(reverse("enterprise:list")).content.decode()
        url = reverse("enterprise:assessment_result")
        assert f'href="{url}"' in menu and "本单位考核结果" in menu
        page = client.get(url).content.decode()
        assert "本单位营商环境考核结果 2026年第三季度" in page and "通报表彰" in page
        for linked in ("2026-Q2", "2026-Q4", "2026"):
            assert f'href="?period={linked}"' in page
        running = client.get(url, {"period": "2026-Q4"}).content.decode()
        assert "本考核期尚未结束" in running and 'href="?period=2027-Q1"' not in running

        client.force_login(supervisor)
        assert "本单位考核结果" not in client.get(reverse("enterprise:list")).content.decode()
