"""N-6: the investment bureau dispatches (调度) the teams' monthly progress reports — the lead units
still without the month's report are reminded before the month ends, listed on the pool's
本月未上报 filter and counted on the bureau's dashboard, and told when the bureau dispatches.

The case fixture is led by 营口市工业和信息化局 (bob, teammate); alice (owner) is staff of 鲅鱼圈区, a
cooperating unit that leads a case of its own which has reported November."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import rules, selectors, services
from negotiation.choices import NegotiationStage
from negotiation.dashboard import panels
from negotiation.models import NegotiationCase, ProgressDispatch
from negotiation.notices import progress_reports_due
from tests.clock import at
from tests.factories import ProjectFactory
from tests.negotiation.factories import open_case
from tests.queries import assert_constant_queries
from tests.refusals import OVERWRITE, field_reasons, field_value, form_reasons, shown_form
from yingkou.choices import NotificationKind
from yingkou.models import Notification, ScheduledRun
from yingkou.scheduling import registered_jobs, run_period

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 11, 26)  # the conftest's frozen day: three working days of November left
JOB = "negotiation_report_reminders"


@pytest.fixture
def reported(area, owner):
    """A case led by 鲅鱼圈区 whose team has reported November."""
    project = ProjectFactory(
        name="港口物流园项目", owner_unit=area, landing_unit=area, total_investment="8000.00"
    )
    case = open_case(negotiating_unit=area, project=project, user=owner, opened_on=D(2026, 9, 1))
    services.progress_report_file(case=case, user=owner, period="2026-11", progress="已完成考察")
    return case


def _told(kind=NotificationKind.PROGRESS_REPORT):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


class TestReminderDays:
    @pytest.mark.parametrize(
        "day,occasion",
        [
            (D(2026, 11, 25), None),
            (D(2026, 11, 26), "soon"),  # Thursday: 26, 27 and 30 November left
            (D(2026, 11, 27), None),
            (D(2026, 11, 30), "last"),  # Monday, the month's last day
            # The Spring Festival's make-up Saturday is February's last working day.
            (D(2026, 2, 26), "soon"),
            (D(2026, 2, 27), None),
            (D(2026, 2, 28), "last"),
            # Mid-Autumn Festival, Friday 25 September, is off: the first reminder is on Monday.
            (D(2026, 9, 24), None),
            (D(2026, 9, 25), None),
            (D(2026, 9, 28), "soon"),
            (D(2026, 9, 30), "last"),
        ],
    )
    def test_three_working_days_before_the_month_ends_and_on_its_last(self, day, occasion):
        assert rules.progress_report_reminder_rule(day) == occasion


class TestWhoOwesTheMonth:
    def test_cases_under_negotiation_in_the_month_without_its_report(self, case, reported):
        assert list(selectors.reports_missing("2026-11")) == [case]

    @pytest.mark.parametrize("ended_on,owed", [(D(2026, 10, 31), False), (D(2026, 11, 1), True)])
    def test_a_case_closed_in_the_month_still_owes_it(self, case, ended_on, owed):
        NegotiationCase.objects.filter(pk=case.pk).update(
            stage=NegotiationStage.ENDED, ended_on=ended_on
        )
        assert selectors.reports_missing("2026-11").filter(pk=case.pk).exists() is owed

    @pytest.mark.parametrize("opened_on,owed", [(D(2026, 11, 30), True), (D(2026, 12, 1), False)])
    def test_a_case_opened_by_the_months_last_day_owes_it(self, case, opened_on, owed):
        NegotiationCase.objects.filter(pk=case.pk).update(opened_on=opened_on)
        assert selectors.reports_missing("2026-11").filter(pk=case.pk).exists() is owed


class TestReminderJob:
    def test_it_is_registered_as_a_daily_job(self):
        assert JOB in [job.name for job in registered_jobs("daily")]

    def test_the_lead_units_behind_are_reminded_once_per_reminder(
        self, case, reported, teammate, owner, bureau
    ):
        with at(TODAY, 17):
            run_period("daily", TODAY, jobs=[JOB])
            assert progress_reports_due(TODAY) == 0  # a second run tells nobody again
        assert ScheduledRun.objects.get(job=JOB).status == "succeeded"
        [notice] = Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT)
        assert notice.user == teammate  # the lead unit; 鲅鱼圈区 has reported its own case
        assert "2026年11月30日前" in notice.title
        assert "2026年11月" in notice.title and "1个项目尚未上报" in notice.title
        assert case.project.name in notice.body
        assert notice.url == (
            reverse("negotiation:list") + "?mine=true&report_missing=true&month=2026-11"
        )

        with at(D(2026, 11, 27), 17):
            run_period("daily", D(2026, 11, 27), jobs=[JOB])
        assert _told() == ["bob"]
        with at(D(2026, 11, 30), 17):
            run_period("daily", D(2026, 11, 30), jobs=[JOB])
            assert progress_reports_due(TODAY) == 0  # a catch-up of an older day tells nobody
        assert _told() == ["bob", "bob"]
        last = Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT).latest("pk")
        assert "最后一个工作日" in last.title

    def test_a_unit_that_reported_is_not_reminded(self, case, teammate):
        services.progress_report_file(case=case, user=teammate, period="2026-11", progress="推进中")
        with at(TODAY, 17):
            progress_reports_due(TODAY)
        assert _told() == []

    def test_the_lead_unit_sees_its_cases_behind_behind_the_link(self, client, case, teammate):
        client.force_login(teammate)
        page = client.get(reverse("negotiation:list") + "?mine=true&report_missing=true")
        assert case.project.name in page.content.decode()


class TestPoolAndDashboard:
    def test_the_pool_narrows_to_the_cases_not_reported_this_month(
        self, client, case, reported, bureau
    ):
        client.force_login(bureau)
        page = client.get(reverse("negotiation:pool") + "?report_missing=true").content.decode()
        assert case.project.name in page
        assert reported.project.name not in page
        page = client.get(reverse("negotiation:pool") + "?report_missing=false").content.decode()
        assert case.project.name not in page
        assert reported.project.name in page

    def test_the_bureau_counts_them_on_its_dashboard(self, case, reported, bureau, drc):
        rows = {
            label: (value, url) for panel in panels(bureau) for label, value, url in panel["rows"]
        }
        assert rows["本月未上报推进情况"] == (
            1,
            reverse("negotiation:pool") + "?report_missing=true",
        )
        assert "本月未上报推进情况" not in {
            label for panel in panels(drc) for label, _value, _url in panel["rows"]
        }

    @pytest.mark.parametrize("month", ["", "&month=2026-10"])
    def test_the_bureaus_pool_runs_a_fixed_number_of_queries(
        self, client, bureau, department, area, teammate, month
    ):
        def add(n):
            for _ in range(n):
                project = ProjectFactory(
                    owner_unit=department, landing_unit=area, total_investment="20000.00"
                )
                open_case(
                    negotiating_unit=department,
                    project=project,
                    user=teammate,
                    opened_on=D(2026, 10, 5),
                )

        client.force_login(bureau)
        assert_constant_queries(
            lambda: client.get(reverse("negotiation:pool") + "?report_missing=true" + month),
            add,
            small=2,
            large=12,
        )


def _message(client, response) -> str:
    return client.get(response.url).content.decode()


class TestDispatch:
    URL = "negotiation:dispatch"

    def test_the_bureau_dispatches_and_the_lead_units_behind_are_told(
        self, client, case, reported, bureau, teammate
    ):
        client.force_login(bureau)
        pool = client.get(reverse("negotiation:pool")).content.decode()
        assert "2026年11月推进情况调度" in pool
        response = client.post(
            reverse(self.URL), {"remarks": "请于月底前上报推进情况", "version": 0}
        )
        assert response.status_code == 302
        assert response.url == reverse("negotiation:pool") + "?report_missing=true"
        dispatch = ProgressDispatch.objects.get(period="2026-11")
        assert (dispatch.dispatched_by, dispatch.dispatched_on) == (bureau, TODAY)
        assert dispatch.history.get().history_user == bureau
        [notice] = Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT)
        assert notice.user == teammate
        assert "市招商局调度" in notice.title
        assert "请于月底前上报推进情况" in notice.body
        assert case.project.name in notice.body
        page = _message(client, response)
        assert "已通知尚未上报推进情况的1个牵头单位" in page
        assert "请于月底前上报推进情况" in page

    def test_a_dispatch_with_everyone_reported_says_no_one_was_told(
        self, client, case, reported, bureau, teammate
    ):
        services.progress_report_file(
            case=case, user=teammate, period="2026-11", progress="已完成考察"
        )
        client.force_login(bureau)
        response = client.post(reverse(self.URL), {"remarks": "月中调度", "version": 0})
        assert "各牵头单位均已上报推进情况，无需通知" in _message(client, response)
        assert not Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT).exists()

    def test_amending_keeps_one_dispatch_and_a_stale_edit_is_refused(self, client, case, bureau):
        client.force_login(bureau)
        client.post(reverse(self.URL), {"remarks": "第一次调度", "version": 0})
        client.post(reverse(self.URL), {"remarks": "第二次调度", "version": 1})
        dispatch = ProgressDispatch.objects.get()
        assert (dispatch.remarks, dispatch.version) == ("第二次调度", 2)
        response = client.post(reverse(self.URL), {"remarks": "旧页面", "version": 1}, follow=True)
        assert "已被他人记录或修改" in response.content.decode()
        assert ProgressDispatch.objects.get().remarks == "第二次调度"

    def test_empty_remarks_are_refused(self, client, case, bureau):
        client.force_login(bureau)
        response = client.post(reverse(self.URL), {"remarks": "  ", "version": 0}, follow=True)
        assert not ProgressDispatch.objects.exists()
        assert response.status_code == 200

    def test_a_refused_dispatch_is_shown_again_at_the_foot_of_the_pool_with_what_was_typed(
        self, client, case, bureau
    ):
        """The form is at the foot of the pool: its refusal was a message at the top of the
        pool the browser was sent back to, and the remarks typed were gone."""
        services.progress_dispatch_record(period="2026-11", user=bureau, remarks="第一次调度")
        client.force_login(bureau)
        url = reverse(self.URL)
        response = client.post(url, {"remarks": "请各牵头单位月底前上报", "version": 0})
        assert response.status_code == 200
        form = shown_form(response.content.decode(), url)
        reason, *changed = form_reasons(form)
        assert reason.startswith(
            "本期调度意见已被他人记录或修改，请刷新页面后在最新内容上重新填写。"
            f"（最近一次由{bureau.display_name}于"
        )
        assert changed == [
            "「调度意见」现为 第一次调度，您填写的是 请各牵头单位月底前上报",
            OVERWRITE,
        ]
        assert field_value(form, "version") == "1"
        assert field_value(form, "remarks") == "请各牵头单位月底前上报"
        assert response.context["page"].paginator.count == 1  # the pool itself, as shown
        form = shown_form(client.post(url, {"remarks": "  ", "version": 1}).content.decode(), url)
        assert field_reasons(form, "remarks") == ["此项必须填写。"]
        assert ProgressDispatch.objects.get().remarks == "第一次调度"
        # Its links name the pool's query alone: they lead to the pool.
        assert client.get(url + "?ordering=name").url == reverse("negotiation:pool") + (
            "?ordering=name"
        )

    def test_a_refused_dispatch_shows_the_pool_in_a_fixed_number_of_queries(
        self, client, bureau, department, area, teammate
    ):
        def add(n):
            for _ in range(n):
                project = ProjectFactory(
                    owner_unit=department, landing_unit=area, total_investment="20000.00"
                )
                open_case(
                    negotiating_unit=department,
                    project=project,
                    user=teammate,
                    opened_on=D(2026, 11, 5),
                )

        client.force_login(bureau)
        assert_constant_queries(
            lambda: client.post(reverse(self.URL), {"remarks": "", "version": 0}),
            add,
            small=2,
            large=12,
        )

    def test_only_the_bureau_dispatches(self, client, case, teammate, drc):
        for user in (teammate, drc):
            client.force_login(user)
            assert (
                client.post(reverse(self.URL), {"remarks": "调度", "version": 0}).status_code == 403
            )
            assert "推进情况调度" not in client.get(reverse("negotiation:pool")).content.decode()
        assert not ProgressDispatch.objects.exists()
        assert not Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT).exists()

    def test_a_closed_month_is_dispatched_telling_the_units_behind_on_that_month(
        self, client, case, reported, bureau, teammate, owner
    ):
        """Both lead units owe October (鲅鱼圈区 reported November only); the dispatch of October,
        chosen on the pool with ?month=, tells both of October, not of the running month."""
        client.force_login(bureau)
        pool = client.get(reverse("negotiation:pool"), {"month": "2026-10"}).content.decode()
        assert "2026年10月推进情况调度" in pool
        assert 'action="/negotiation/pool/dispatch/?month=2026-10#dispatch"' in pool
        response = client.post(
            reverse(self.URL) + "?month=2026-10", {"remarks": "请补报10月推进情况", "version": 0}
        )
        assert response.url == reverse("negotiation:pool") + "?month=2026-10&report_missing=true"
        dispatch = ProgressDispatch.objects.get()
        assert (dispatch.period, dispatch.dispatched_on) == ("2026-10", TODAY)
        assert _told() == ["alice", "bob"]
        notices = Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT)
        assert {n.title for n in notices} == {
            "市招商局调度：本单位牵头的1个洽谈项目尚未上报2026年10月推进情况"
        }
        assert {n.url for n in notices} == {
            reverse("negotiation:list") + "?mine=true&report_missing=true&month=2026-10"
        }
        page = _message(client, response)
        assert "2026年10月推进情况调度已记录，已通知尚未上报推进情况的2个牵头单位" in page
        assert "请补报10月推进情况" in page

    def test_the_lead_unit_opens_the_months_cases_behind_from_its_notice(
        self, client, case, reported, owner
    ):
        client.force_login(owner)
        url = reverse("negotiation:list") + "?mine=true&report_missing=true&month=2026-10"
        page = client.get(url).content.decode()
        assert reported.project.name in page  # its own case, behind on October
        november = client.get(url.replace("2026-10", "2026-11")).content.decode()
        assert reported.project.name not in november  # reported

    def test_a_closed_months_count_includes_the_cases_closed_since(
        self, client, case, reported, bureau
    ):
        """The pool holds the open cases; a case ended in November still owed October, so the
        count of October's cases behind, and the list it links to, are the case list's."""
        NegotiationCase.objects.filter(pk=reported.pk).update(
            stage=NegotiationStage.ENDED, ended_on=D(2026, 11, 3)
        )
        client.force_login(bureau)
        context = client.get(reverse("negotiation:pool"), {"month": "2026-10"}).context
        url = reverse("negotiation:list") + "?report_missing=true&month=2026-10"
        assert (context["reports_missing"], context["reports_missing_url"]) == (2, url)
        listed = client.get(url).content.decode()
        assert case.project.name in listed and reported.project.name in listed
        running = client.get(reverse("negotiation:pool")).context
        assert running["reports_missing_url"] == reverse("negotiation:pool") + (
            "?report_missing=true"
        )

    @pytest.mark.parametrize(
        "month,status",
        [
            ("2026-12", 404),  # not begun
            ("2026-13", 404),
            ("十月", 404),
            ("2017-07", 400),  # before the service
        ],
    )
    def test_a_month_not_begun_or_before_the_service_is_not_dispatched(
        self, client, case, bureau, month, status
    ):
        client.force_login(bureau)
        assert client.get(reverse("negotiation:pool"), {"month": month}).status_code == status
        response = client.post(
            reverse(self.URL) + f"?month={month}", {"remarks": "调度", "version": 0}
        )
        assert response.status_code == status
        assert not ProgressDispatch.objects.exists()

    @pytest.mark.parametrize(
        "period,refused",
        [("2026-12", True), ("2026-11", False), ("2026-10", False), ("2017-08", False)],
    )
    def test_the_service_takes_a_begun_month_of_the_service(self, bureau, period, refused):
        from yingkou.errors import RuleViolation

        if refused:
            with pytest.raises(RuleViolation) as refusal:
                services.progress_dispatch_record(period=period, user=bureau, remarks="调度")
            assert refusal.value.rule == "N-6"
        else:
            services.progress_dispatch_record(period=period, user=bureau, remarks="调度")
            assert ProgressDispatch.objects.filter(period=period).exists()

    def test_before_the_service_is_refused_as_such(self, bureau):
        from yingkou.errors import PeriodBeforeService

        with pytest.raises(PeriodBeforeService):
            services.progress_dispatch_record(period="2017-07", user=bureau, remarks="调度")

    def test_a_month_is_kept_under_one_key_however_it_is_written(self, bureau):
        services.progress_dispatch_record(period="2026-9", user=bureau, remarks="调度")
        assert list(ProgressDispatch.objects.values_list("period", flat=True)) == ["2026-09"]

    def test_the_pool_links_to_the_months_it_may_dispatch(self, client, bureau):
        client.force_login(bureau)

        def links(month=None):
            query = {"month": month} if month else {}
            context = client.get(reverse("negotiation:pool"), query).context
            return [url for _label, url in context["dispatch_months"]]

        pool = reverse("negotiation:pool")
        assert links() == [f"{pool}?month=2026-10#dispatch"]  # no month not begun
        assert links("2026-10") == [f"{pool}?month=2026-09#dispatch", f"{pool}#dispatch"]
        assert links("2017-08") == [f"{pool}?month=2017-09#dispatch"]  # none before the service
