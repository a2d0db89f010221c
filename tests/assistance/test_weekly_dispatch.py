"""帮扶机制二(一) (A-8): the DRC's weekly dispatch of projects under construction and the published
city-wide progress. Boundaries on the official calendar: the National Day week of 2026-10-02 (due
on Wednesday 30 September), the week after it (due Friday 9 October; the make-up working Saturday
10 October does not carry the update, a report that day is late) and the Spring Festival week of
16 February 2026 (no working day: nothing owed)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from assistance import rules, services
from assistance.models import SupervisionReport, WeeklyDispatch, WeeklyProgress
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.factories import ProjectFactory
from yingkou.errors import RuleViolation
from yingkou.models import Notification
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db
D = dt.date


def report(case, user, day, hour=10, progress="主体结构完成80%", investment="500"):
    with at(day, hour):
        return services.weekly_progress_report(
            case=case,
            user=user,
            progress=progress,
            investment=Decimal(investment),
            problems="施工用电容量不足",
        )


class TestDueDay:
    def test_national_day_week_is_due_on_wednesday_30_september(self):
        assert rules.weekly_progress_due_rule(D(2026, 10, 2)) == D(2026, 9, 30)

    def test_the_week_after_is_due_on_friday_not_the_make_up_saturday(self):
        assert rules.weekly_progress_due_rule(D(2026, 10, 10)) == D(2026, 10, 9)
        assert rules.weekly_report_state(reported_on=D(2026, 10, 9), due_on=D(2026, 10, 9)) == (
            "on_time"
        )
        assert rules.weekly_report_state(reported_on=D(2026, 10, 10), due_on=D(2026, 10, 9)) == (
            "late"
        )

    def test_a_week_without_a_working_day_owes_nothing(self):
        assert rules.weekly_progress_due_rule(D(2026, 2, 18)) is None
        assert rules.weekly_report_state(reported_on=None, due_on=None) == "not_owed"
        assert rules.weekly_progress_due_rule(D(2026, 11, 27)) == D(2026, 11, 27)


class TestReporting:
    def test_a_unit_reports_its_project_and_corrects_it_in_the_same_week(self, site, owner):
        report(site, owner, D(2026, 9, 29))
        report(site, owner, D(2026, 9, 30), progress="主体结构封顶")
        progress = WeeklyProgress.objects.get(case=site)
        assert progress.week == D(2026, 9, 28) and progress.progress == "主体结构封顶"
        assert progress.history.count() == 2
        assert progress.history.first().history_user == owner

    def test_another_units_staff_may_not_report(self, site, outsider):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            report(site, outsider, D(2026, 9, 29))

    def test_only_projects_under_construction_report(self, site, owner):
        site.project.stage = "signed"
        site.project.save()
        with pytest.raises(RuleViolation) as refused:
            report(site, owner, D(2026, 9, 29))
        assert refused.value.rule == "A-8"

    def test_the_published_text_refuses_personal_data(self, site, owner):
        with pytest.raises(RuleViolation) as refused:
            report(site, owner, D(2026, 9, 29), progress="联系人张工13912345678")
        assert refused.value.field == "progress"
        assert not WeeklyProgress.objects.exists()

    def test_the_report_page_and_an_outsider_gets_404(self, client, site, owner, outsider):
        url = reverse("assistance:weekly_report", args=[site.pk])
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        client.force_login(owner)
        with at(D(2026, 10, 10)):
            page = client.get(url)
            assert "10月9日前报送" in page.content.decode()
            response = client.post(url, {"progress": "设备安装", "investment": "120", "version": 0})
        assert response.status_code == 302
        assert WeeklyProgress.objects.get(case=site).reported_on == D(2026, 10, 10)

    def test_a_stale_correction_of_the_week_is_refused(self, client, site, owner, reviewer):
        url = reverse("assistance:weekly_report", args=[site.pk])
        data = {"progress": "设备安装", "investment": "120", "version": 0}
        with at(D(2026, 10, 9)):
            client.force_login(owner)
            assert client.post(url, data).status_code == 302
            # Opened before the first report was sent: refused, the report stays.
            client.force_login(reviewer)
            stale = client.post(url, {**data, "progress": "覆盖"})
            assert stale.status_code == 200 and "已被他人报送或修改" in stale.content.decode()
            assert 'name="version" value="1"' in client.get(url).content.decode()
            fresh = client.post(url, {**data, "progress": "设备调试", "version": 1})
            assert fresh.status_code == 302
        report = WeeklyProgress.objects.get(case=site)
        assert (report.progress, report.version) == ("设备调试", 2)


class TestWeeklyJob:
    def test_the_national_day_week_is_archived_as_of_its_sunday(self, site, other_site, owner, drc):
        report(site, owner, D(2026, 10, 3))  # a day off in the break: late, but in the week
        with at(D(2026, 10, 2)):  # due by the runner on Friday, but the week is not over
            results = {r.job: r.status for r in run_period("weekly", D(2026, 10, 2))}
        assert results["assistance_weekly_dispatch"] == "deferred"
        assert not SupervisionReport.objects.filter(kind="weekly").exists()
        with at(D(2026, 10, 5), hour=8):
            results = {r.job: r.status for r in run_period("weekly", D(2026, 10, 2))}
        assert results["assistance_weekly_dispatch"] == "succeeded"
        archive = SupervisionReport.objects.get(kind="weekly", period_key="2026-W40")
        rows = {row["project"]: row for row in archive.content["projects"]}
        assert archive.content["due_on"] == "2026-09-30"
        assert rows["鲅鱼圈区精细化工项目"]["state"] == "late"
        assert rows["盖州市物流园项目"]["state"] == "missing"
        assert archive.content["not_reported_units"] == ["盖州市"]
        assert archive.title == "2026年9月28日至10月4日在建项目周调度"

    def test_the_make_up_saturday_report_counts_late_and_a_rerun_keeps_the_archive(
        self, site, owner
    ):
        report(site, owner, D(2026, 10, 10))
        with at(D(2026, 10, 12)):
            run_period("weekly", D(2026, 10, 9))
        with at(D(2026, 10, 14)):
            run_period("weekly", D(2026, 10, 9), manual=True)
        archive = SupervisionReport.objects.get(kind="weekly", period_key="2026-W41")
        assert archive.content["due_on"] == "2026-10-09"
        assert archive.content["projects"][0]["state"] == "late"
        assert archive.content["projects"][0]["reported_on"] == "2026-10-10"


class TestDispatchPage:
    def test_the_drc_sees_who_has_not_reported_and_records_the_dispatch(
        self, client, site, other_site, owner, outsider, drc
    ):
        report(site, owner, D(2026, 9, 30))
        client.force_login(drc)
        with at(D(2026, 10, 2)):
            page = client.get(reverse("assistance:weekly"), {"week": "2026-10-02"}).content.decode()
            assert "未报送单位：盖州市" in strip_tags(page) and "应于9月30日前报送" in page
            response = client.post(
                reverse("assistance:weekly") + "?week=2026-10-02",
                {"remarks": "盖州市物流园项目请于节后首个工作日补报。", "version": 0},
            )
            stale = client.post(
                reverse("assistance:weekly") + "?week=2026-10-02",
                {"remarks": "覆盖的调度意见", "version": 0},
            )
        assert response.status_code == 302
        assert stale.status_code == 200 and "已被他人记录或修改" in stale.content.decode()
        dispatch = WeeklyDispatch.objects.get(week=D(2026, 9, 28))
        assert dispatch.dispatched_by == drc and dispatch.history.count() == 1
        assert dispatch.remarks.startswith("盖州市物流园项目")
        told = Notification.objects.filter(kind="weekly_dispatch")
        assert set(told.values_list("user", flat=True)) == {outsider.pk}
        # Days as every notice writes them (yingkou.dates.month_day): no leading zero.
        assert told.get().title == "在建项目周调度：9月28日起的一周，本单位尚有项目未报送进展"

    def test_a_unit_sees_only_its_own_projects_and_may_not_record(
        self, client, site, other_site, owner
    ):
        client.force_login(owner)
        with at(D(2026, 10, 2)):
            page = client.get(reverse("assistance:weekly")).content.decode()
            assert "鲅鱼圈区精细化工项目" in page and "盖州市物流园项目" not in page
            response = client.post(reverse("assistance:weekly"), {"remarks": "x"})
        assert response.status_code == 403
        assert not WeeklyDispatch.objects.exists()

    def test_the_drc_narrows_the_week_to_who_is_behind(
        self, client, site, other_site, owner, outsider, drc, other_area, city_leader_user
    ):
        report(site, owner, D(2026, 10, 9))
        client.force_login(drc)
        weekly = reverse("assistance:weekly")
        with at(D(2026, 10, 10)):
            page = client.get(weekly).content.decode()
            behind = client.get(weekly, {"state": "missing"}).content.decode()
            reported = client.get(weekly, {"state": "reported"}).content.decode()
            of_unit = client.get(weekly, {"unit": other_area.pk}).content.decode()
            unit_done = client.get(weekly, {"unit": other_area.pk, "state": "reported"})
            unknown = client.get(weekly, {"state": "late-ish", "unit": "x"}).content.decode()
        # Two projects under construction, one reported (on time), one not: red only there.
        assert '<div class="stat">2</div>' in page
        assert '<div class="stat ok">1</div>' in page and '<div class="stat bad">1</div>' in page
        link = f'<a href="?week=2026-10-05&state=missing&unit={other_area.pk}">盖州市</a>'
        assert f"未报送单位：{link}" in page
        assert "盖州市物流园项目" in behind and "鲅鱼圈区精细化工项目" not in behind
        assert "鲅鱼圈区精细化工项目" in reported and "盖州市物流园项目" not in reported
        assert "盖州市物流园项目" in of_unit and "鲅鱼圈区精细化工项目" not in of_unit
        assert "盖州市" in of_unit and "显示全部" in of_unit
        assert "没有符合条件的项目" in unit_done.content.decode()
        # A narrowing the page does not offer shows the whole week.
        assert "盖州市物流园项目" in unknown and "鲅鱼圈区精细化工项目" in unknown
        # The DRC may report any row; a city leader reads the week and reports none.
        report_link = reverse("assistance:weekly_report", args=[other_site.pk])
        assert report_link in page
        client.force_login(city_leader_user)
        with at(D(2026, 10, 10)):
            read_only = client.get(weekly).content.decode()
        assert "盖州市物流园项目" in read_only and report_link not in read_only

    def test_after_the_due_day_the_page_and_the_form_say_a_report_is_late(
        self, client, site, owner
    ):
        client.force_login(owner)
        form = reverse("assistance:weekly_report", args=[site.pk])
        with at(D(2026, 10, 9)):  # the due day itself
            on_time = client.get(reverse("assistance:weekly")).content.decode()
            form_on_time = client.get(form).content.decode()
        with at(D(2026, 10, 10)):  # the make-up working Saturday: late
            late = client.get(reverse("assistance:weekly")).content.decode()
            form_late = client.get(form).content.decode()
            last_week = client.get(reverse("assistance:weekly"), {"week": "2026-09-28"})
        assert "已过本周报送期限" not in on_time and "逾期报送。" not in form_on_time
        assert "已过本周报送期限，尚未报送的项目现在报送记为逾期报送。" in late
        assert "已过本周报送期限（10月9日），现在报送记为逾期报送。" in form_late
        # A week over but not yet archived is not "still running".
        text = last_week.content.decode()
        assert "本周已结束，尚待归档" in text and "本周尚未结束" not in text

    def test_a_week_not_begun_is_404(self, client, drc):
        client.force_login(drc)
        with at(D(2026, 10, 2)):
            assert (
                client.get(reverse("assistance:weekly"), {"week": "2026-10-05"}).status_code == 404
            )


def test_the_published_progress_is_public_and_names_nobody(client, site, other_site, owner):
    owner.first_name, owner.last_name = "爱丽", "王"
    owner.save()
    report(site, owner, D(2026, 9, 30))
    with at(D(2026, 10, 5)):
        run_period("weekly", D(2026, 10, 2))
    page = client.get(reverse("assistance:public_progress")).content.decode()  # anonymous
    assert "鲅鱼圈区精细化工项目" in page and "主体结构完成80%" in page
    assert "盖州市物流园项目" in page and "未报送" in page
    assert "施工用电容量不足" not in page  # the internal problems are not published
    assert "王爱丽" not in page and owner.username not in page
    assert (
        client.get(reverse("assistance:public_progress"), {"week": "2026-W39"}).status_code == 404
    )


def test_units_are_reminded_on_the_due_day_only(site, other_site, owner, outsider):
    from assistance import jobs

    report(site, owner, D(2026, 9, 29))
    with at(D(2026, 9, 30), hour=8):
        assert jobs.assistance_weekly_due_reminders(D(2026, 9, 30)) == "发出提醒 1 条"
    told = Notification.objects.filter(kind="weekly_dispatch")
    assert list(told.values_list("user", flat=True)) == [outsider.pk]
    for day in (D(2026, 10, 2), D(2026, 10, 10)):  # National Day Friday; make-up Saturday
        with at(day, hour=8):
            assert jobs.assistance_weekly_due_reminders(day) == "今天不是应报送日"
    with at(D(2026, 10, 9), hour=8):
        jobs.assistance_weekly_due_reminders(D(2026, 10, 9))
    assert set(told.values_list("user", flat=True)) == {outsider.pk, owner.pk}


class TestLiveWeek:
    """The week still running is read from the current tables, a week over from the history: the
    two agree on the same records."""

    def live_reads(self, monkeypatch) -> list:
        from assistance import selectors

        calls = []
        history = selectors._weekly_as_of

        def spy(*args):
            calls.append(args)
            return history(*args)

        monkeypatch.setattr(selectors, "_weekly_as_of", spy)
        return calls

    def test_the_live_week_on_sunday_night_equals_its_archive_after_monday_changes(
        self, monkeypatch, site, other_site, owner, outsider, drc
    ):
        from assistance import selectors
        from yingkou.services import save_with_history

        report(site, owner, D(2026, 10, 9))
        report(other_site, outsider, D(2026, 10, 10))  # the make-up Saturday: late
        report(site, owner, D(2026, 10, 11), hour=20, progress="主体结构封顶")  # corrected: late
        history_reads = self.live_reads(monkeypatch)
        with at(D(2026, 10, 11), hour=22):
            live = selectors.weekly_dispatch(week=D(2026, 10, 5), moment=None)
            unit_rows = selectors.weekly_for(user=owner, monday=D(2026, 10, 5))[1]
        assert history_reads == []  # nothing dated after now: the current tables
        states = {r["project"]: (r["state"], r["progress"]) for r in live["projects"]}
        assert states == {
            "鲅鱼圈区精细化工项目": ("late", "主体结构封顶"),
            "盖州市物流园项目": ("late", "主体结构完成80%"),
        }
        assert unit_rows == [r for r in live["projects"] if r["case"] == site.pk]
        # After the week: a new week's report, a renamed project, a project finished.
        report(site, owner, D(2026, 10, 12), progress="设备安装")
        with at(D(2026, 10, 12), hour=9):
            site.project.name = "鲅鱼圈区精细化工项目（一期）"
            save_with_history(site.project, drc)
            other_site.project.stage = "completed"
            save_with_history(other_site.project, drc)
        with at(D(2026, 10, 12), hour=10):
            unarchived = selectors.weekly_for(user=owner, monday=D(2026, 10, 5))[1]
            run_period("weekly", D(2026, 10, 9))
            running = selectors.weekly_dispatch(week=D(2026, 10, 12), moment=None)
        archive = SupervisionReport.objects.get(kind="weekly", period_key="2026-W41")
        assert len(history_reads) == 2  # the page before the job and the job: written since
        assert archive.content == live
        assert unarchived == unit_rows
        assert [(r["project"], r["state"]) for r in running["projects"]] == [
            ("鲅鱼圈区精细化工项目（一期）", "on_time")
        ]

    def test_a_report_saved_during_the_live_read_is_read_again_as_of_a_new_present(
        self, monkeypatch, site, owner
    ):
        from assistance import selectors

        history_reads = self.live_reads(monkeypatch)
        live, live_reads = selectors._weekly_live, []

        def reporting_meanwhile(*args):
            live_reads.append(args)
            result = live(*args)
            if len(live_reads) == 1:  # saved while the first read ran, dated after its moment
                services.weekly_progress_report(
                    case=site, user=owner, progress="桩基施工", investment=Decimal(80)
                )
            return result

        monkeypatch.setattr(selectors, "_weekly_live", reporting_meanwhile)
        with time_machine.travel(dt.datetime(2026, 10, 6, 2, tzinfo=dt.UTC), tick=True):
            content = selectors.weekly_dispatch(week=D(2026, 10, 5), moment=None)
        assert (len(live_reads), history_reads) == (2, [])
        [row] = content["projects"]
        assert (row["state"], row["progress"]) == ("on_time", "桩基施工")

    def test_a_report_without_history_is_not_counted_live_either(self, site, owner):
        from assistance import selectors

        with at(D(2026, 10, 6)):
            WeeklyProgress.objects.bulk_create(
                [
                    WeeklyProgress(
                        case=site,
                        week=D(2026, 10, 5),
                        progress="未经服务写入",
                        investment=Decimal(1),
                        reported_by=owner,
                        reported_on=D(2026, 10, 6),
                    )
                ]
            )
            live = selectors.weekly_dispatch(week=D(2026, 10, 5), moment=None)
        assert [(r["state"], r["progress"]) for r in live["projects"]] == [("missing", "")]

    def test_the_page_shows_a_page_of_rows_and_every_unit_not_reported(
        self, client, area, other_area, owner, drc
    ):
        with at(D(2026, 6, 1)):
            for number in range(21):
                AssistanceCaseFactory(
                    project=ProjectFactory(
                        name=f"在建项目{number:02d}",
                        owner_unit=other_area if number == 20 else area,
                        landing_unit=area,
                        stage="construction",
                    ),
                    team__lead_unit=other_area if number == 20 else area,
                )
        client.force_login(drc)
        with at(D(2026, 10, 6)):
            first = client.get(reverse("assistance:weekly"), {"per_page": 20}).content.decode()
            second = client.get(reverse("assistance:weekly"), {"per_page": 20, "page": 2})
        assert "在建项目19" in first and "在建项目20" not in first
        assert "在建项目20" in second.content.decode()
        for page in (first, second.content.decode()):
            assert "未报送单位：盖州市、鲅鱼圈区" in strip_tags(page) and "共 21 条" in page


def test_the_api_rows_are_what_the_serializer_gives(client, site, other_site, owner, drc):
    import json

    from assistance import selectors
    from assistance.api.serializers import WeeklyDispatchSerializer

    report(site, owner, D(2026, 10, 9))
    with at(D(2026, 10, 12)):
        run_period("weekly", D(2026, 10, 9))
    client.force_login(drc)
    report(site, owner, D(2026, 10, 13))
    for monday in (D(2026, 10, 5), D(2026, 10, 12)):  # archived, running
        with at(D(2026, 10, 13)):
            answer = client.get("/api/v1/assistance/weekly/", {"week": monday.isoformat()})
            content, rows, archive = selectors.weekly_for(user=drc, monday=monday)
        versions = dict(
            WeeklyProgress.objects.filter(week=monday).values_list("case_id", "version")
        )
        expected = WeeklyDispatchSerializer(
            {
                "week": content["week"],
                "due_on": content["due_on"],
                "archived": archive is not None,
                "count": 2,
                "page": 1,
                "pages": 1,
                "next": None,
                "previous": None,
                "projects": [
                    {**row, "version": None if archive else versions.get(row["case"], 0)}
                    for row in rows
                ],
                "not_reported_units": content["not_reported_units"],
            }
        ).data
        assert answer.json() == json.loads(json.dumps(expected))
        assert len(rows) == 2 and (archive is None) == (monday.day == 12)


def test_the_api_gives_the_week_a_page_at_a_time(client, site, other_site, owner, drc):
    """A city's week is some 15,000 projects: the API sends them page_size at a time, in the
    week's order, with the whole week's count and units not reported on every page."""
    client.force_login(drc)
    with at(D(2026, 10, 13)):
        whole = client.get("/api/v1/assistance/weekly/").json()
        first = client.get("/api/v1/assistance/weekly/", {"page_size": 1}).json()
        second = client.get("/api/v1/assistance/weekly/", {"page_size": 1, "page": 2}).json()
        beyond = client.get("/api/v1/assistance/weekly/", {"page_size": 1, "page": 3})
        too_big = client.get("/api/v1/assistance/weekly/", {"page_size": 5000})
    assert (whole["count"], whole["pages"], len(whole["projects"])) == (2, 1, 2)
    assert (first["count"], first["page"], first["pages"]) == (2, 1, 2)
    assert first["projects"] + second["projects"] == whole["projects"]
    assert (
        first["not_reported_units"] == second["not_reported_units"] == whole["not_reported_units"]
    )
    assert beyond.status_code == 404
    assert too_big.status_code == 400


def test_the_weeks_pages_link_on_as_every_list_endpoint_does(client, site, other_site, drc):
    """`next`/`previous` as StandardPagination writes them: a client follows `next` until null,
    the narrowing kept, the first page without `?page=`."""
    client.force_login(drc)
    url = "/api/v1/assistance/weekly/?page_size=1&state=missing"
    with at(D(2026, 10, 13)):
        whole = client.get("/api/v1/assistance/weekly/", {"state": "missing"}).json()
        pages, link = [], url
        while link:
            pages.append(client.get(link).json())
            link = pages[-1]["next"]
        back = client.get(pages[-1]["previous"]).json()
    assert [row for page in pages for row in page["projects"]] == whole["projects"]
    assert len(pages) == whole["count"] == 2 and whole["next"] is None
    assert pages[0]["previous"] is None and "state=missing" in pages[0]["next"]
    assert back == pages[0] and "page=" not in pages[-1]["previous"]


def test_the_api_narrows_the_week_by_state_and_unit(
    client, site, other_site, owner, drc, other_area
):
    report(site, owner, D(2026, 10, 9))
    client.force_login(drc)
    weekly = "/api/v1/assistance/weekly/"
    with at(D(2026, 10, 10)):
        behind = client.get(weekly, {"state": "missing"}).json()
        reported = client.get(weekly, {"state": "reported"}).json()
        of_unit = client.get(weekly, {"unit": other_area.pk, "state": "reported"}).json()
        refused = client.get(weekly, {"state": "late-ish"})
    assert [row["project"] for row in behind["projects"]] == ["盖州市物流园项目"]
    assert [row["project"] for row in reported["projects"]] == ["鲅鱼圈区精细化工项目"]
    assert (of_unit["count"], of_unit["pages"], of_unit["projects"]) == (0, 1, [])
    # The units not reported cover the week, whatever the narrowing.
    assert behind["not_reported_units"] == reported["not_reported_units"] == ["盖州市"]
    assert refused.status_code == 400 and "state" in refused.json()


def test_a_row_already_reported_offers_to_change_it_not_to_report_it(
    client, site, other_site, owner, drc
):
    """Every row said 报送, the one reported an hour ago too: it read as not sent yet."""
    report(site, owner, D(2026, 10, 8))
    client.force_login(drc)
    with at(D(2026, 10, 8), 11):
        page = client.get(reverse("assistance:weekly")).content.decode()
    done = reverse("assistance:weekly_report", args=[site.pk])
    owed = reverse("assistance:weekly_report", args=[other_site.pk])
    assert f'<a href="{done}">修改</a>' in page
    assert f'<a href="{owed}">报送</a>' in page
