"""The demo tells one story: what one app says happened to a project agrees with what the others
say and with today. Officials judge the product by it (a case "taken in from its signing" six
months before the signing; an assessment that criticises units for a quarter still running)."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from tests.demo_story import misdated
from tests.exports import sheet_header
from yingkou.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once for the module inside a transaction rolled back at its end (a flush would
    also empty what the data migrations wrote); yields the day it was seeded."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", projects=120, stdout=io.StringIO())
            yield timezone.localdate()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_a_case_taken_in_from_a_signing_opens_on_or_after_it(demo):
    """N-1, A-1: a signing hands the project to assistance that day; a case that says 洽谈签约转入
    was not opened before the signing it came from."""
    from assistance.models import AssistanceCase
    from negotiation.models import NegotiationCase

    signed = {c.project_id: c for c in NegotiationCase.objects.filter(stage="signed")}
    from_signing = list(AssistanceCase.objects.filter(source="negotiation"))
    assert len(from_signing) >= 5
    assert {case.project_id for case in from_signing} == set(signed)
    late = [
        (case.project.name, case.opened_on, signed[case.project_id].signed_on)
        for case in from_signing
        if case.opened_on < signed[case.project_id].signed_on
    ]
    assert late == []


def test_nothing_is_dated_after_today_or_before_its_case_was_opened(demo):
    assert misdated(demo) == []


def test_a_projects_stage_agrees_with_its_reserve_negotiation_and_assistance(demo):
    """A project in 储备 is in a pool (approval moves it there, R-3); one in 签约 has a signed
    negotiation; a completed one went on to enterprise help the day its assistance case was
    handed over (E-1); planned years agree with the stage."""
    from assistance.models import AssistanceCase
    from enterprise.models import Enterprise
    from reserve.models import Membership
    from yingkou.models import Project

    reserve = set(Project.objects.filter(stage="reserve").values_list("pk", flat=True))
    assert reserve
    assert reserve <= set(Membership.objects.current().values_list("project_id", flat=True))
    signed = Project.objects.filter(stage="signed")
    assert signed.exists() and not signed.exclude(negotiation_case__stage="signed").exists()
    handed = AssistanceCase.objects.filter(status="handed_over")
    assert handed.exists()
    registered = dict(Enterprise.objects.values_list("project_id", "registered_on"))
    assert all(registered[case.project_id] == case.handed_over_on for case in handed)
    year = demo.year
    for project in Project.objects.exclude(start_year=None):
        if project.stage in ("completed", "operating"):
            assert project.end_year <= year, project
        elif project.stage == "construction":
            assert project.start_year <= year <= project.end_year, project
        elif project.stage != "stopped":
            assert project.start_year >= year, project


def test_the_demo_owes_no_scheduled_run(demo):
    """SPEC §6: the scheduler's record starts with the demo's own catch-up of its closed
    periods, so the runs page lists no period missing; and an overdue investor question was
    escalated the morning after its due date (N-4), not on the day the demo was made."""
    from negotiation.models import InvestorQuestion
    from yingkou.scheduling.reconcile import MISSING, owed

    assert [gap for gap in owed() if gap.problem == MISSING] == []
    escalated = InvestorQuestion.objects.exclude(escalated_on=None)
    assert escalated.exists()
    assert all(q.escalated_on == q.due_on + dt.timedelta(days=1) for q in escalated)


def test_the_running_quarter_is_not_presented_as_judged(demo, client):
    """E-7: a quarter's figures are known once it has ended and are reported in the window
    after it; while it runs nobody has reported, nobody is listed as commended or criticised,
    and what the page computes for the year so far is called a trial, not the assessment."""
    from enterprise.models import AssessmentFigures, AssessmentResult
    from yingkou.scheduling import period_key

    running = period_key("quarterly", demo)
    assert not AssessmentFigures.objects.filter(period=running).exists()
    assert not AssessmentResult.objects.filter(period=running).exists()
    assert AssessmentResult.objects.filter(period__contains="-Q").exists()  # the closed ones
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get(reverse("enterprise:assessment"), {"period": running})
    assert page.context["results"]
    assert {r.verdict for r in page.context["results"]} == {"awaiting"}
    assert not page.context["commended"] and not page.context["criticised"]
    text = page.content.decode()
    assert "通报批评（试算）" in text and "问责：" not in text
    year = client.get(reverse("enterprise:assessment"), {"period": str(demo.year)})
    text = year.content.decode()
    assert "按当前数据试算，不是考核结论" in text and "问责：" not in text
    assert "通报批评（试算）" in text and "<th>结论</th>" not in text
    exported = client.get(
        reverse("enterprise:assessment"), {"period": str(demo.year), "export": "xlsx"}
    )
    assert sheet_header(exported)[-1] == "试算结论"
    closed = client.get(
        reverse("enterprise:assessment"), {"period": str(demo.year - 1), "export": "xlsx"}
    )
    assert sheet_header(closed)[-3:] == (
        "结论",
        "负有责任的“一把手”（逾期未兑现政策承诺）",
        "问责情况",
    )


def _first_records(today: dt.date) -> dict[int, dt.date]:
    """Each project's earliest dated record elsewhere: its first contact, reserve declaration,
    assistance case, enterprise registration, or the month its code was issued."""
    from assistance.models import AssistanceCase
    from enterprise.models import Enterprise
    from negotiation.models import NegotiationCase
    from reserve.models import Entry
    from yingkou.models import Project

    first = {}
    for pk, code in Project.objects.values_list("pk", "code"):
        first[pk] = dt.date(2000 + int(code[:2]), int(code[2:4]), 1) if code else today
    dated = [
        NegotiationCase.objects.values_list("project_id", "opened_on"),
        AssistanceCase.objects.values_list("project_id", "opened_on"),
        Enterprise.objects.values_list("project_id", "registered_on"),
        (
            (pk, timezone.localdate(when))
            for pk, when in Entry.history.model.objects.values_list("project_id", "history_date")
        ),
    ]
    for rows in dated:
        for pk, day in rows:
            first[pk] = min(first[pk], day)
    return first


def test_projects_were_entered_over_the_past_months_before_anything_about_them(demo):
    """The home page's 每月新增项目 has a past: projects were entered over the last twelve to
    eighteen months, never after the first thing recorded about them nor in the future, and the
    history's first row is their entry."""
    from yingkou.home_figures import home_figures
    from yingkou.models import Project

    first = _first_records(demo)
    created_rows = dict(
        Project.history.model.objects.filter(history_type="+").values_list("id", "history_date")
    )
    for project in Project.objects.all():
        entered = timezone.localdate(project.created_at)
        assert created_rows[project.pk] == project.created_at, project
        assert demo - dt.timedelta(days=548) <= entered <= first[project.pk], project
        assert entered <= demo
    figures = home_figures(User.objects.get(username="drc"))
    (new,) = [c for c in figures["charts"] if c["id"] == "chart-new-projects"]
    assert not new["empty"]
    values = new["spec"]["series"][0]["values"]
    assert sum(1 for value in values[:-1] if value) >= 10, values
    assert max(values) <= sum(values) / 3, values  # a series, not one founding day


def test_the_running_month_has_its_share_of_new_projects(demo):
    """每月新增项目 does not end in an empty month: the running month has as many new projects as
    the days it has run call for at the pace of the months before, and at least a few from its
    first day; none is entered later than now."""
    from yingkou.home_figures import home_figures
    from yingkou.models import Project

    assert not Project.objects.filter(created_at__gt=timezone.now()).exists()
    month_start = timezone.make_aware(dt.datetime.combine(demo.replace(day=1), dt.time.min))
    before = Project.objects.filter(created_at__lt=month_start)
    first = timezone.localdate(before.order_by("created_at").first().created_at)
    pace = before.count() / (demo.replace(day=1) - first).days  # projects a day
    figures = home_figures(User.objects.get(username="drc"))
    (new,) = [c for c in figures["charts"] if c["id"] == "chart-new-projects"]
    running = new["spec"]["series"][0]["values"][-1]
    assert running == Project.objects.filter(created_at__gte=month_start).count()
    assert 3 <= running <= max(3, 2 * pace * demo.day), (running, pace, demo)


def test_a_stopped_project_came_to_it_from_where_it_was_followed(demo):
    """§1, N-1, R-1: no project goes from 策划包装 straight to 终止. Each stopped one was in
    negotiation, which was ended (终止) on the day the project stopped; one pooled in reserve
    before (储备 on the day of its approval) left the pool when it went into negotiation, its
    entry closed. Its history is in order, and no national code was issued after it stopped."""
    from negotiation.models import NegotiationCase
    from reserve.models import Entry, Membership
    from yingkou.models import Project

    stopped = list(Project.objects.filter(stage="stopped").order_by("pk"))
    assert len(stopped) >= 3
    ended = {c.project_id: c for c in NegotiationCase.objects.filter(project__in=stopped)}
    pooled = 0
    for project in stopped:
        history = list(project.history.order_by("history_id"))
        dates = [row.history_date for row in history]
        assert dates == sorted(dates), project
        path = [row.stage for row in history]
        path = [stage for index, stage in enumerate(path) if path[index - 1 : index] != [stage]]
        assert path[-1] == "stopped" and "negotiating" in path, (project, path)
        assert path[-2] != "planning", (project, path)
        stop = timezone.localdate(next(r.history_date for r in history if r.stage == "stopped"))
        case = ended[project.pk]
        assert (case.stage, case.ended_on) == ("ended", stop), project
        if project.code:
            issued = dt.date(2000 + int(project.code[:2]), int(project.code[2:4]), 1)
            assert issued <= stop, project
        if "reserve" in path:
            pooled += 1
            entries = Entry.objects.filter(project=project)
            assert entries and {e.status for e in entries} <= {"withdrawn", "removed"}, project
            assert not Membership.objects.current().filter(project=project).exists()
            approved = Entry.history.model.objects.filter(project_id=project.pk, status="approved")
            reserve_row = next(r for r in history if r.stage == "reserve")
            assert approved.earliest("history_date").history_date <= reserve_row.history_date
    assert pooled, "no stopped project was pooled before"


def _period(key: str) -> tuple[str, dt.date] | None:
    """The kind of a period key and a day in it (None for a day's key)."""
    if "-W" in key:
        year, week = key.split("-W")
        return "weekly", dt.date.fromisocalendar(int(year), int(week), 1)
    if "-Q" in key:
        year, quarter = key.split("-Q")
        return "quarterly", dt.date(int(year), 3 * int(quarter) - 2, 1)
    if key.count("-") == 1:
        year, month = key.split("-")
        return "monthly", dt.date(int(year), int(month), 1)
    return ("yearly", dt.date(int(key), 1, 1)) if key.isdigit() else None


def test_the_closed_periods_archives_are_dated_when_their_runs_were_due(demo):
    """SPEC §6: a late run gives what an on-time run would have, the demo's catch-up of its
    closed periods included — each circular, list, dispatch, report and assessment is dated the
    day its period's run was due (the day after a month, quarter or year; the Monday a week's
    dispatch waits for; the first day after E-7's reporting window), not the day the demo was
    made."""
    from assistance.models import SupervisionReport
    from enterprise.models import Archive, AssessmentResult
    from enterprise.rules import assessment_may_archive_rule
    from negotiation.models import NegotiationArchive
    from reserve.models import MonthlyArchive
    from yingkou.scheduling.periods import due_on, period_bounds

    def on_time(kind: str, day: dt.date, waits_for_week: bool = False) -> dt.date:
        due = due_on(kind, day)
        if waits_for_week:
            due = period_bounds("weekly", day)[1] + dt.timedelta(days=1)
        return min(due, demo)

    archives = [
        *((a.period, a.created_at) for a in MonthlyArchive.objects.all()),
        *((a.period, a.created_at) for a in NegotiationArchive.objects.all()),
        *((r.period_key, r.created_at) for r in SupervisionReport.objects.all()),
        *((a.period, a.created_at) for a in Archive.objects.all()),
    ]
    kinds = set()
    for key, created in archives:
        period = _period(key)
        if period is None:
            continue  # a day's list, made by today's run
        kinds.add(period[0])
        assert timezone.localdate(created) == on_time(*period, period[0] == "weekly"), key
    assert kinds == {"weekly", "monthly", "quarterly", "yearly"}, kinds
    assessed = dict(AssessmentResult.objects.values_list("period", "created_at"))
    assert len(assessed) >= 2
    for key, created in assessed.items():
        kind, day = _period(key)
        end = period_bounds(kind, day)[1]
        first_day = due_on(kind, day)
        while not assessment_may_archive_rule(end, first_day):
            first_day += dt.timedelta(days=1)
        assert timezone.localdate(created) == min(first_day, demo), key


def test_a_projects_history_moves_through_its_stages_on_the_days_the_apps_record(demo, client):
    """A project's history starts in its first stage (策划包装, or 洽谈 when it was negotiated),
    never goes back, reaches 储备 on its approval, 签约 on its signing and 建设 no earlier than
    its assistance case was opened, shows no code before the month it was issued, and ends in
    the stage the project has; the page lists it in the order it happened."""
    from assistance.models import AssistanceCase
    from negotiation.models import NegotiationCase
    from reserve.models import Entry
    from yingkou.choices import Stage
    from yingkou.models import Project

    order = [value for value in Stage.values if value != Stage.STOPPED]
    signed = dict(
        NegotiationCase.objects.exclude(signed_on=None).values_list("project_id", "signed_on")
    )
    opened = dict(AssistanceCase.objects.values_list("project_id", "opened_on"))
    approved = {}
    for pk, when in (
        Entry.history.model.objects.filter(status="approved")
        .order_by("-history_date")
        .values_list("project_id", "history_date")
    ):
        approved[pk] = when
    rows: dict[int, list] = {}
    for row in Project.history.model.objects.order_by("history_id"):
        rows.setdefault(row.id, []).append(row)
    reached = {"signed": 0, "construction": 0, "reserve": 0}
    for project in Project.objects.all():
        history = rows[project.pk]
        assert history[0].stage in (Stage.PLANNING, Stage.NEGOTIATING), project
        assert history[-1].stage == project.stage, project
        dates = [row.history_date for row in history]
        assert dates == sorted(dates), project
        seen = [order.index(row.stage) for row in history if row.stage != Stage.STOPPED]
        assert seen == sorted(seen), project
        for row in history:
            day = timezone.localdate(row.history_date)
            if row.code:
                assert row.code[:4] <= f"{day:%y%m}", (project, row.code, day)
            if row.stage == Stage.SIGNED and project.pk in signed:
                assert day >= signed[project.pk], project
                reached["signed"] += 1
            if row.stage == Stage.CONSTRUCTION and project.pk in opened:
                assert day >= opened[project.pk], project
                reached["construction"] += 1
            if row.stage == Stage.RESERVE:
                assert row.history_date >= approved[project.pk], project
                reached["reserve"] += 1
    assert all(reached.values()), reached
    showcase = Project.objects.filter(stage="signed").order_by("pk").first()
    client.force_login(User.objects.get(username="drc"))
    entries = client.get(reverse("projects:detail", args=[showcase.pk])).context["history"]
    assert entries[-1].action == "新建"
    assert [entry.when for entry in entries] == sorted((e.when for e in entries), reverse=True)
    assert (str(Project._meta.get_field("stage").verbose_name), "洽谈", "签约") in [
        change for entry in entries for change in entry.changes
    ]


def test_the_weekly_reserve_reminders_ran_for_the_last_friday(demo):
    """R-5: the runs page shows the Friday reminder job done for the last week whose Friday has
    come, run through the scheduler like the demo's other closed periods, not 从未成功."""
    from reserve.models import WeeklyReminder
    from yingkou.scheduling import period_key
    from yingkou.scheduling.periods import last_due_day
    from yingkou.scheduling.reconcile import standings

    week = period_key("weekly", last_due_day("weekly", demo))
    (standing,) = [s for s in standings(demo) if s.job == "reserve_friday_reminders"]
    assert standing.last_success is not None
    assert standing.last_success.period_key == week
    assert WeeklyReminder.objects.filter(week=week).exists()


def test_the_city_leader_s_login_is_in_his_history(demo):
    """The demo links 张海峰 to the `leader` login through his history, as it writes everything:
    an administrator's later change of him must not show the link as that administrator's."""
    from yingkou.models import Leader

    leader = Leader.objects.get(name="张海峰")
    assert leader.user.username == "leader"
    assert leader.history.latest("history_id").user_id == leader.user_id


def test_every_month_of_the_entry_window_has_its_share_of_new_projects(demo):
    """每月新增项目 over the sixteen months: what the apps recorded crowds some months (their
    records cluster), so the entries are spread — no closed month of the window holds less than
    half the closed months' average."""
    from yingkou.demo import entry_window_start
    from yingkou.models import Project

    start, running = entry_window_start(demo), demo.replace(day=1)
    counts = {}
    for created in Project.objects.values_list("created_at", flat=True):
        month = timezone.localdate(created).replace(day=1)
        if start <= month < running:
            counts[month] = counts.get(month, 0) + 1
    months = []
    month = start
    while month < running:
        months.append(month)
        month = (month + dt.timedelta(days=31)).replace(day=1)
    assert len(months) == 15
    average = sum(counts.values()) / len(months)
    thin = {f"{m:%Y-%m}": counts.get(m, 0) for m in months if counts.get(m, 0) < average / 2}
    assert thin == {}, (thin, average)


def test_a_projects_version_counts_its_changes(demo, client):
    """Every change of a project raises its version (a service's stage move or edit, and the
    demo's own rows for a move or the issue of its national code alike), so an edit started
    before any of them is refused. The counter means nothing to a reader: the project's page
    does not show it (its edit form carries it, hidden)."""
    from yingkou.models import Project

    versions: dict[int, list[int]] = {}
    for pk, version in Project.history.model.objects.order_by("history_id").values_list(
        "id", "version"
    ):
        versions.setdefault(pk, []).append(version)
    wrong = [
        (project.pk, project.version, versions[project.pk])
        for project in Project.objects.all()
        if versions[project.pk] != list(range(1, len(versions[project.pk]) + 1))
        or project.version != len(versions[project.pk])
    ]
    assert wrong == []
    coded = Project.objects.exclude(code=None).filter(stage="signed").order_by("pk").first()
    assert len(versions[coded.pk]) >= 3  # entered, its code issued, moved to 签约
    client.force_login(User.objects.get(username="drc"))
    page = client.get(reverse("projects:detail", args=[coded.pk])).content.decode()
    assert "版本" not in page
    form = client.get(reverse("projects:edit", args=[coded.pk])).content.decode()
    assert f'type="hidden" name="version" value="{len(versions[coded.pk])}"' in form


def test_the_bureau_dispatched_the_closed_months_teams_behind_on_their_day(demo, client):
    """N-6: each closed month whose teams had not all reported was dispatched by the investment
    bureau on the fifth working day after it (once the late reports were in), through the
    service: its history is dated that day and names the bureau, and each lead unit behind on
    that month was told then, with a link to that month's cases behind."""
    from negotiation.models import ProgressDispatch
    from negotiation.rules import progress_report_due
    from negotiation.selectors import lead_units_behind
    from yingkou.choices import NotificationKind
    from yingkou.models import Notification
    from yingkou.workdays import working_days_in

    dispatches = list(ProgressDispatch.objects.all())
    assert len(dispatches) >= 3
    bureau = User.objects.get(username="zsj")
    for dispatch in dispatches:
        after = progress_report_due(dispatch.period) + dt.timedelta(days=1)
        assert dispatch.dispatched_on == working_days_in(after, after + dt.timedelta(days=20))[4]
        assert dispatch.dispatched_on <= demo
        (row,) = dispatch.history.all()
        assert (timezone.localdate(row.history_date), row.history_user) == (
            dispatch.dispatched_on,
            bureau,
        )
        told = Notification.objects.filter(
            kind=NotificationKind.PROGRESS_REPORT, url__endswith=f"month={dispatch.period}"
        ).filter(title__startswith="市招商局调度")
        assert {timezone.localdate(n.created_at) for n in told} == {dispatch.dispatched_on}
        assert set() < {n.user.unit_id for n in told} <= set(lead_units_behind(dispatch.period))
    client.force_login(bureau)
    latest = dispatches[0]
    page = client.get(reverse("negotiation:pool"), {"month": latest.period})
    assert page.context["dispatch"] == latest
    assert latest.remarks in page.content.decode()


# Links the walk does not follow: signing out, files, the admin (its own), the API's schema.
NOT_WALKED = ("/logout", "/static/", "/media/", "/admin/", "/api/schema", "/i18n/")
LINK = re.compile(r'href="(/[^"#]*)"')


def _walk(client, start="/"):
    """Every page a signed-in user reaches from the home page by its links, one page of each
    view: [(link, status)] of those that did not open."""
    seen_views, visited, broken = set(), set(), []
    queue = [start]
    while queue:
        link = queue.pop(0)
        if link in visited:
            continue
        visited.add(link)
        try:
            view = resolve(link.partition("?")[0]).view_name
        except Resolver404:
            broken.append((link, 404))
            continue
        if view in seen_views:
            continue
        seen_views.add(view)
        response = client.get(link)
        if response.status_code >= 400:
            broken.append((link, response.status_code))
            continue
        if response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        for found in LINK.findall(response.content.decode()):
            found = found.replace("&amp;", "&")
            if not found.startswith(NOT_WALKED) and "export=" not in found:
                queue.append(found)
    return broken


def test_every_link_each_user_is_shown_opens(demo, client):
    """Whatever a user's pages link to, the user may open: no link to a record it may not see
    (404, 403), to an action it cannot take by a link (405), or to a page that fails (500).
    One user of each unit (its staff where it has several): what a unit sees differs from the
    next unit's by its remit, the finance bureau's from the industry department's."""
    broken, units = {}, set()
    users = User.objects.filter(is_active=True, is_superuser=False).order_by("unit_id", "-role")
    for user in users:
        if user.unit_id in units:
            continue
        units.add(user.unit_id)
        client.force_login(user)
        if found := _walk(client):
            broken[user.username] = found
    assert broken == {}


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_logins() -> list[str]:
    """The logins in backticks in the first column of the README's "Demo logins" table."""
    section = README.read_text().split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return [login for row in rows for login in re.findall(r"`([^`]+)`", row)]


def test_every_login_the_readme_lists_signs_in_with_the_demo_password(demo, client):
    logins = _readme_logins()
    assert {"reserve_staff_zrzy", "reserve_staff_czj"} <= set(logins)
    refused = [u for u in logins if not client.login(username=u, password=settings.DEMO_PASSWORD)]
    assert refused == []


def test_a_department_asked_to_help_signs_in_and_finds_what_it_is_asked(demo, client):
    """E-3: a department asked to help with an enterprise's problem (自然资源局, the demo's reserve
    staff of the unit) signs in with the demo password, finds the problem in its list and, on
    its page, the form to report what it has done."""
    from enterprise.models import ProblemAction

    action = ProblemAction.objects.filter(unit__code="ZRZY", done_on=None).order_by("pk").first()
    helper = User.objects.get(username="reserve_staff_zrzy")
    assert helper.unit_id == action.unit_id
    signed_in = client.post(
        reverse("login"), {"username": helper.username, "password": settings.DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    url = reverse("enterprise:problem", args=[action.problem_id])
    assert f'href="{url}"' in client.get(reverse("enterprise:problems")).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert f"本部门办理情况：{action.task}" in page.content.decode()
