"""Pages of the reserve app for unit staff, unit reviewers, the DRC and the investment bureau."""

import datetime as dt
import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingkou import export_jobs
from yingkou.auth import token_or_login_required
from yingkou.dates import month_day
from yingkou.errors import RuleViolation
from yingkou.exports import XLSX
from yingkou.history import history_of
from yingkou.models import Unit
from yingkou.paging import paginate
from yingkou.permissions import require
from yingkou.scheduling.periods import period_bounds
from yingkou.views.kit import (
    asked_period,
    batch,
    checked_ids,
    done_at_message,
    form_error,
    links_lead_to,
    list_page,
    list_query,
    record_step,
    refused_row,
    row_action_tail,
)

from . import documents, imports, rules, selectors, services
from . import permissions as perms
from .choices import ArchiveKind, EntryStatus, FundingChannel, PoolLevel, StepAction
from .exports import CircularExporter, DetailListExporter, EntryExporter, PoolHealthExporter
from .filters import EntryFilterSet, QueueFilterSet
from .forms import (
    CandidateForm,
    CandidateReasonForm,
    CandidateRemovalForm,
    DeclareExistingForm,
    DeclareForm,
    FundForm,
    ImportForm,
    PlanForm,
    ResponsibleForm,
    StepForm,
    WeeklyUpdateForm,
)
from .models import Candidate, Entry, MonthlyArchive, Pool, ReserveFund, WeeklyUpdate

PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


# ---------------------------------------------------------------- unit staff


@login_required
def my_pool(request):
    """ "My pool" (我的储备库): the unit's pool health, weekly update and its entries."""
    pool = selectors.pool_of_user(request.user)
    if pool is None:
        raise Http404(_("您的单位不设项目储备库。"))
    return _my_pool_page(request, pool)


def _my_pool_page(request, pool, *, weekly_form=None, responsible_form=None):
    """The unit's pool; `weekly_form` a refused weekly update, shown again with its reasons and
    the note typed, `responsible_form` a refused choice of its responsible person (R-5)."""
    pool.health = selectors.pool_health(pool)
    entries = Entry.objects.with_related().filter(pool=pool)
    weekly = selectors.weekly_status(pool, timezone.localdate())
    week_update = weekly["update"]
    return list_page(
        request,
        EntryFilterSet(request.GET, queryset=entries),
        "reserve/my_pool.html",
        {
            "pool": pool,
            "week_update": week_update,
            "weekly_form": weekly_form
            or WeeklyUpdateForm(initial={"note": week_update.note if week_update else ""}),
            "reminders": selectors.reminders_for(pool),
            "weekly": weekly,
            "responsible_form": responsible_form
            or (
                ResponsibleForm(
                    pool=pool,
                    initial={"responsible": getattr(pool.current_responsible, "pk", None)},
                )
                if perms.can_set_responsible(request.user, pool)
                else None
            ),
            "funds": ReserveFund.objects.filter(unit=pool.unit)[:5],
            "can_declare": perms.can_declare(request.user),
            "last_month": _recent_months(1)[0],
            "compact_fields": ("q", "status", "level", "stage", "investment_min", "is_published"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare(request):
    """Declare a project (申报项目): a new one, or one the unit already has."""
    try:
        services.declaring_pool(request.user)
    except RuleViolation as exc:
        raise Http404(exc.text) from exc
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    unit = request.user.unit
    form = DeclareForm(
        posted if which == "new" else None,
        initial={"landing_unit": unit.pk if unit.is_area else None},
    )
    existing = DeclareExistingForm(posted if which == "existing" else None, user=request.user)
    entry = None
    if which == "new" and form.is_valid():
        data = dict(form.cleaned_data)
        submit = data.pop("submit_now")
        try:
            entry = services.entry_declare_new(user=request.user, submit=submit, **data)
        except RuleViolation as exc:
            form_error(form, exc)
    elif which == "existing" and existing.is_valid():
        try:
            entry = services.entry_declare(
                project=existing.cleaned_data["project"],
                user=request.user,
                submit=existing.cleaned_data["submit_now"],
            )
        except RuleViolation as exc:
            form_error(existing, exc)
    if entry is not None:
        if entry.status == EntryStatus.SUBMITTED:
            messages.success(request, _("项目已申报并提交单位审核。"))
        else:
            messages.success(request, _("项目已保存为草稿，请核对后提交审核。"))
        return redirect("reserve:entry_detail", pk=entry.pk)
    return render(request, "reserve/declare.html", {"form": form, "existing": existing})


@login_required
def entry_list(request):
    """Every entry the user may see, queryable by every field (R-3)."""
    return list_page(
        request,
        EntryFilterSet(request.GET, queryset=selectors.entries_for(request.user)),
        "reserve/entry_list.html",
        {"title": _("储备项目查询")},
        exporter=EntryExporter,
        export_name="储备项目",
        background="reserve.exports.build_entries",
    )


REVIEW_ACTIONS = {StepAction.APPROVE, StepAction.RETURN, StepAction.RECOMMEND}


def _available_actions(entry: Entry, user) -> list[tuple[str, str]]:
    actions = []
    for action in (
        StepAction.SUBMIT,
        StepAction.APPROVE,
        StepAction.RETURN,
        StepAction.RECOMMEND,
        StepAction.WITHDRAW,
    ):
        if perms.can_step_entry(user, entry, action) and rules.entry_step_possible(
            entry=entry, action=action
        ):
            actions.append((action.value, action.label))
    return actions


@login_required
def entry_detail(request, pk: int):
    return _entry_page(request, get_object_or_404(selectors.entries_for(request.user), pk=pk))


def _entry_page(request, entry, step_form=None):
    """The entry's page; `step_form` a refused review step's form, shown again with its reasons
    and the comment typed (even where the entry has changed so that no step is offered)."""
    in_pool = selectors.project_in_pool(entry.project)
    actions = _available_actions(entry, request.user)
    reviewing = any(action in REVIEW_ACTIONS for action, _label in actions)
    return render(
        request,
        "reserve/entry_detail.html",
        {
            "entry": entry,
            "project": entry.project,
            "steps": selectors.entry_steps(entry),
            "actions": actions,
            "step_form": step_form or StepForm(reviewing=reviewing),
            "in_pool": in_pool,
            "can_publish": in_pool and perms.can_publish(request.user, entry),
            "can_hand_over": perms.can_hand_over(request.user, entry)
            and rules.handover_possible(entry),
            "history": history_of(entry),
        },
    )


@login_required
@require_POST
def entry_action(request, pk: int, action: str):
    """A review step (R-3), publication (R-7) or handover (R-8) of an entry, from its page. A
    refused step shows the page again with the reasons and the comment typed."""
    entry = get_object_or_404(selectors.entries_for(request.user), pk=pk)
    if action in StepAction.values and action not in (StepAction.DECLARE, StepAction.HANDOVER):
        return record_step(
            request,
            entry,
            StepForm(request.POST),
            services.entry_step,
            as_name="entry",
            success=_("已%(action)s。") % {"action": StepAction(action).label},
            done=reverse("reserve:entry_detail", args=[pk]),
            page=lambda form: _entry_page(request, entry, step_form=form),
            values=lambda data: {"action": action, "comment": data["comment"]},
        )
    try:
        if action in ("publish", "unpublish"):
            services.entry_publish(entry=entry, published=action == "publish", user=request.user)
            messages.success(request, _("公开状态已更新。"))
        elif action == "handover":
            services.entry_hand_over(entry=entry, user=request.user)
            messages.success(request, _("项目已转入重点项目精准帮扶。"))
        else:
            raise Http404
    except RuleViolation as exc:
        messages.error(request, exc.text)
    return redirect("reserve:entry_detail", pk=pk)


# ---------------------------------------------------------------- review queues


def _queue_rows(queue):
    # The queue page shows the project and its declaring unit, not the pool: two model objects
    # fewer per row than the selector's with_related().
    return queue.select_related(None).select_related("project__owner_unit")


@login_required
def review_queue(request):
    """The unit reviewer's level-2 queue."""
    require(perms.can_review_level2(request.user))
    return _review_queue_page(request)


def _review_queue_page(request, batch_form=None, ticked=()):
    return list_page(
        request,
        QueueFilterSet(request.GET, queryset=_queue_rows(selectors.level2_queue(request.user))),
        "reserve/queue.html",
        {"title": _("二级库审核"), "level": 2, "batch_form": batch_form, "ticked": ticked},
    )


@login_required
def drc_queue(request):
    """The DRC's level-1 review queue, with approve/return on each row."""
    require(perms.can_review_level1(request.user))
    return _drc_queue_page(request)


def _drc_queue_page(request, batch_form=None, ticked=(), refused=None):
    """The level-1 queue; shown again with the batch bar's comment (`batch_form`) and the rows
    `ticked` when a batch was refused, or with a row's comment when its decision was
    (`refused`: the entry and its form)."""
    return list_page(
        request,
        QueueFilterSet(request.GET, queryset=_queue_rows(selectors.level1_queue())),
        "reserve/queue.html",
        {"title": _("一级库审核"), "level": 1, "batch_form": batch_form, "ticked": ticked},
        refused=refused,
    )


@login_required
@links_lead_to("reserve:drc_queue")
def drc_step(request, pk: int, action: str):
    """R-3: the DRC approves or returns one entry from its row of the level-1 queue, with the
    comment typed there. A refusal shows the queue again, as it was filtered, with that comment
    in its row and the reasons beside it; done, back to the queue."""
    require(perms.can_review_level1(request.user))
    entry = get_object_or_404(selectors.entries_for(request.user), pk=pk)
    query = list_query(request)
    return record_step(
        request,
        entry,
        StepForm(request.POST),
        services.entry_step,
        as_name="entry",
        # The row leaves the queue: the message names the project it was.
        success=_("已%(action)s：%(project)s。")
        % {"action": StepAction(action).label, "project": entry.project.name},
        done=done_at_message(reverse("reserve:drc_queue") + (f"?{query}" if query else "")),
        page=lambda form: _drc_queue_page(request, refused=(entry, form)),
        values=lambda data: {"action": action, "comment": data["comment"]},
    )


@login_required
@links_lead_to("reserve:drc_queue")
def drc_batch(request):
    """The DRC approves or returns several level-1 entries at once."""
    require(perms.can_review_level1(request.user))
    return _queue_batch(
        request,
        selectors.level1_queue(),
        (StepAction.APPROVE, StepAction.RETURN),
        "drc_queue",
        _drc_queue_page,
    )


@login_required
@links_lead_to("reserve:review_queue")
def review_batch(request):
    """The unit reviewer approves, returns or recommends several level-2 entries at once."""
    require(perms.can_review_level2(request.user))
    return _queue_batch(
        request,
        selectors.level2_queue(request.user),
        (StepAction.APPROVE, StepAction.RETURN, StepAction.RECOMMEND),
        "review_queue",
        _review_queue_page,
    )


def _queue_batch(request, queue, actions, back: str, page):
    """Each ticked entry of the queue goes through the same R-3 step as a single decision
    (who may act and the rules checked per entry); one refused entry does not stop the others.
    Nothing ticked, a comment refused or every entry refused shows the queue again with the
    comment typed, the entries still ticked and the reasons."""
    action = request.POST.get("action")
    if action not in actions:
        raise Http404
    form = StepForm(request.POST)
    entries = list(queue.filter(pk__in=checked_ids(request, "entries")))
    if form.is_valid() and not entries:
        form.add_error(None, _("请先勾选要批量处理的项目。"))
    if not form.is_valid():
        return page(request, batch_form=form)
    comment = form.cleaned_data["comment"]
    done, _refused = batch(
        request,
        entries,
        lambda entry: services.entry_step(
            entry=entry, action=action, user=request.user, comment=comment
        ),
        done_message=_("已批量%(action)s %%(count)s 个项目。")
        % {"action": StepAction(action).label},
        name=lambda entry: entry.project.name,
        form=form,
    )
    if not done:
        return page(request, batch_form=form, ticked={entry.pk for entry in entries})
    return redirect(f"reserve:{back}")


# ---------------------------------------------------------------- pools


@login_required
def pool_list(request):
    pools = selectors.pools_with_health(Pool.objects.visible_to(request.user))
    if request.GET.get("export") == "xlsx":
        return PoolHealthExporter(pools).response("储备库健康度")
    largest = max((p.health.total_investment for p in pools), default=0) or 1
    for pool in pools:
        pool.width = round(100 * pool.health.total_investment / largest)
    return render(request, "reserve/pool_list.html", {"pools": pools})


def _pool(request, pk: int):
    return get_object_or_404(
        Pool.objects.visible_to(request.user).select_related("unit", "responsible"), pk=pk
    )


def _pool_page(request, pool, *, plan_form=None, fund_form=None):
    pool.health = selectors.pool_health(pool)
    return render(
        request,
        "reserve/pool_detail.html",
        {
            "pool": pool,
            "page": paginate(request, selectors.pool_members(pool)),
            "query": list_query(request),
            "can_set_plan": perms.can_set_plan(request.user, pool),
            # The person is named on the unit's own pool page (my_pool), with the weekly update.
            "can_set_responsible": perms.can_set_responsible(request.user, pool)
            and pool.unit_id == request.user.unit_id,
            "can_enter_fund": perms.can_enter_fund(request.user)
            and rules.reserve_fund_budgeted(pool.unit),
            "plan_form": plan_form or PlanForm(instance=pool),
            "fund_form": fund_form or FundForm(instance=_fund_to_edit(request, pool)),
            "funds": ReserveFund.objects.filter(unit=pool.unit),
            "updates": WeeklyUpdate.objects.filter(pool=pool).select_related("confirmed_by")[:8],
            "history": history_of(pool),
        },
    )


def _fund_to_edit(request, pool):
    """The fund the fund form corrects: the year asked for (`?fund_year=`) or this year's; an
    unsaved one when that year has none yet."""
    try:
        year = int(request.GET.get("fund_year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    fund = ReserveFund.objects.filter(unit=pool.unit, year=year).first()
    return fund or ReserveFund(unit=pool.unit, year=year)


@login_required
def pool_detail(request, pk: int):
    return _pool_page(request, _pool(request, pk))


@login_required
@require_POST
def pool_plan(request, pk: int):
    """R-4: the DRC sets the pool's plan period and plan investment total."""
    pool = _pool(request, pk)
    require(perms.can_set_plan(request.user, pool))
    current = Pool.objects.get(pk=pk)
    return record_step(
        request,
        current,
        PlanForm(request.POST, instance=current),
        services.pool_set_plan,
        as_name="pool",
        success=_("规划投资总额已保存。"),
        done=reverse("reserve:pool_detail", args=[pk]),
        page=lambda form: _pool_page(request, pool, plan_form=form),
        values=lambda data: {
            "seen_plan": (data["seen_period"], data["seen_investment"]),
            "plan_period": data["plan_period"],
            "plan_investment": data["plan_investment"],
        },
    )


@login_required
@require_POST
def pool_fund(request, pk: int):
    """R-10: the DRC records the unit's reserve special fund of a year."""
    pool = _pool(request, pk)
    require(perms.can_enter_fund(request.user))
    return record_step(
        request,
        pool.unit,
        FundForm(request.POST),
        services.reserve_fund_set,
        as_name="unit",
        success=_("储备专项资金已保存。"),
        done=reverse("reserve:pool_detail", args=[pk]),
        page=lambda form: _pool_page(request, pool, fund_form=form),
        values=lambda data: {
            "expected_version": data["version"] or 0,
            "year": data["year"],
            "amount": data["amount"],
            "budget_document": data["budget_document"],
        },
    )


# ---------------------------------------------------------------- Friday updates


@login_required
def weekly(request):
    """The weekly dispatch table (周调度表): every pool's last update and who is late."""
    require(perms.can_see_weekly_dispatch(request.user))
    today = timezone.localdate()
    # The table's late marks, this week's due day and the missed one count on the same weeks.
    due_of = rules.weekly_update_due_days()
    pools = selectors.weekly_dispatch(today, due_of)
    owed = rules.weekly_update_owed_friday_rule(today, due_of)
    return render(
        request,
        "reserve/weekly.html",
        {
            "pools": pools,
            "late": sum(1 for p in pools if p.late),
            "friday": rules.weekly_update_friday_rule(today),
            "due_on": due_of(today),
            # A late pool missed an earlier week, not this one (due later): say which day.
            "missed_due": due_of(owed) if owed else None,
            "unnamed": sum(1 for p in pools if p.current_responsible is None),
        },
    )


@login_required
@links_lead_to("reserve:my_pool")
def pool_responsible(request, pk: int):
    """R-5: the unit names its pool's responsible person (专人负责); a refused choice shows the
    pool again with the person chosen and why."""
    pool = get_object_or_404(Pool.objects.visible_to(request.user), pk=pk)
    require(perms.can_set_responsible(request.user, pool))
    own = pool.unit_id == request.user.unit_id
    return record_step(
        request,
        pool,
        ResponsibleForm(request.POST, pool=pool),
        services.pool_responsible_set,
        as_name="pool",
        success=_("储备库更新专人已指定。"),
        done=done_at_message(
            reverse("reserve:my_pool") if own else reverse("reserve:pool_detail", args=[pk])
        ),
        page=lambda form: _my_pool_page(request, pool, responsible_form=form),
        values=lambda data: {
            "responsible": data["responsible"],
            "seen_responsible_id": data["seen"],
        },
    )


@login_required
@links_lead_to("reserve:my_pool")
def weekly_confirm(request):
    """R-5: the unit confirms its pool's weekly update, with a note of what changed; a refused
    note shows the pool again with it."""
    pool = selectors.pool_of_user(request.user)
    if pool is None:
        raise Http404
    return record_step(
        request,
        pool,
        WeeklyUpdateForm(request.POST),
        services.weekly_update_confirm,
        as_name="pool",
        success=_("本周储备库更新已确认。"),
        done=reverse("reserve:my_pool"),
        page=lambda form: _my_pool_page(request, pool, weekly_form=form),
    )


# ---------------------------------------------------------------- monthly


def _month(period: str) -> tuple[int, int]:
    match = PERIOD.match(period)
    if not match or not 1 <= int(match[2]) <= 12:
        raise Http404
    return int(match[1]), int(match[2])


def _recent_months(count: int = 12) -> list[str]:
    today = timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _i in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year}-{month:02d}")
    return months


@login_required
def monthly(request):
    """The monthly lists archive (月度明细表): the bureau's downloads and the circulars."""
    require(perms.can_see_monthly_archive(request.user))
    archives = {
        (a.kind, a.period): a for a in MonthlyArchive.objects.defer("content", "data").order_by()
    }
    today = timezone.localdate()
    current = f"{today.year}-{today.month:02d}"
    periods = sorted({p for _k, p in archives} | set(_recent_months()), reverse=True)
    rows = [
        {
            "period": period,
            "list": archives.get((ArchiveKind.DETAIL_LIST, period)),
            "circular": archives.get((ArchiveKind.CIRCULAR, period)),
        }
        for period in periods
        if period != current
    ]
    return render(
        request,
        "reserve/monthly.html",
        {
            "rows": rows,
            "current": current,
            "can_download": perms.can_download_monthly_list(request.user),
        },
    )


@token_or_login_required
def monthly_list_xlsx(request, period: str):
    """R-6: the month's project detail list. A closed month is archived on its first download
    (by the same function as the monthly job) and then served byte for byte from the archive;
    the current month is generated live and marked as provisional; a future month is 404, one
    before the service 400 (month_asked_rule)."""
    require(
        perms.can_download_monthly_list(request.user),
        _("项目明细表仅供市招商局和市发展改革委下载。"),
    )
    year, month = _month(period)
    today = timezone.localdate()
    with asked_period():
        rules.month_asked_rule(year=year, month=month, today=today)
    closed = rules.month_closed_rule(year=year, month=month, today=today)
    archived = MonthlyArchive.objects.filter(kind=ArchiveKind.DETAIL_LIST, period=period)
    if not (closed and archived.exists()) and export_jobs.is_large(
        selectors.detail_list_count(selectors.report_moment(year, month))
    ):
        # A large list not archived yet is built by the worker, never inside this request.
        job = export_jobs.export_start(
            user=request.user,
            kind="reserve.exports.build_monthly_list",
            title=f"项目明细表{period}",
            params={"year": year, "month": month},
            list_url=reverse("reserve:monthly"),
        )
        return redirect(export_jobs.export_url(job))
    if not closed:
        rows = selectors.detail_list_rows(selectors.report_moment(year, month))
        exporter = DetailListExporter(rows).describe(
            title="项目明细表（本月未结束，截至今日）",
            period=f"{year}年{month}月",
            scope="全市",
            as_of=timezone.now(),
        )
        return exporter.response(f"项目明细表{period}（截至{month_day(today)}）")
    archive = services.monthly_archive_detail_list(year=year, month=month)
    response = HttpResponse(bytes(archive.content), content_type=XLSX)
    name = f"项目明细表{period}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _circular_archive(request, period: str):
    # A circular (通报) is circulated to every unit: any signed-in user may read it.
    year, month = _month(period)
    with asked_period():
        circular, summary = services.monthly_archive_circular(year=year, month=month)
    return circular, *selectors.archived_circular(circular, summary)


@login_required
def circular(request, period: str):
    """R-6: the month's circular of every unit's reserve work and the city summary."""
    circular, rows, summary = _circular_archive(request, period)
    largest = max((float(r["health"]["total_investment"]) for r in rows), default=0) or 1
    for row in rows:
        row["width"] = round(100 * float(row["health"]["total_investment"]) / largest)
        row["health_missed"] = documents.health_missed(row["health"])
    return render(
        request,
        "reserve/circular.html",
        {"period": period, "rows": rows, "summary": summary, "archive": circular},
    )


@login_required
def circular_xlsx(request, period: str):
    circular, rows, _summary = _circular_archive(request, period)
    year, month = _month(period)
    # A closed month's circular is as of the month's last day (like its detail list), whenever
    # it was archived; the running month's is as of now.
    closed = rules.month_closed_rule(year=year, month=month, today=timezone.localdate())
    exporter = CircularExporter(rows).describe(
        title="储备工作月度通报",
        period=f"{year}年{month}月",
        scope="全市",
        as_of=(
            period_bounds("monthly", dt.date(year, month, 1))[1] if closed else circular.created_at
        ),
    )
    return exporter.response(f"储备工作月度通报{period}")


@login_required
def circular_docx(request, period: str):
    """R-6: the circular as an official document (GB/T 9704) in Word."""
    circular, rows, summary = _circular_archive(request, period)
    year, month = _month(period)
    content = documents.circular_docx(
        year=year,
        month=month,
        rows=rows,
        summary=summary,
        dated=timezone.localdate(circular.created_at),
    )
    response = HttpResponse(content, content_type=documents.DOCX)
    name = f"关于{year}年{month}月全市项目储备工作情况的通报.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---------------------------------------------------------------- candidates


@login_required
@require_http_methods(["GET", "POST"])
def candidates(request):
    require(perms.can_see_candidates(request.user))
    may_add = perms.can_add_candidate(request.user)
    require(may_add or request.method == "GET")
    # City leaders follow the list; only those who choose are given the form and its picker.
    form = CandidateForm(request.POST or None, user=request.user) if may_add else None
    warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.candidate_add(
                channel=data["channel"],
                year=data["year"],
                project=data["project"],
                user=request.user,
                override_reason=data["override_reason"],
            )
        except RuleViolation as exc:
            warning = data["project"]
            form_error(form, exc)
        except ValidationError as exc:  # already a candidate of that channel and year
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("已列入候选项目。"))
            return redirect("reserve:candidates")
    return _candidates_page(request, form, warning)


def _candidates_page(request, form, warning=None, refused=None, refused_kind=""):
    """The candidate list (R-9) with the form that adds one (`form`, None for those who only
    follow the list); `refused` a row's reason refused (the candidate and its form, of the
    `refused_kind` "reason" or "removal"), shown again in that row with the reason typed and
    why."""
    # Whether each project is in a pool now (R-9's mark) is read with the rows.
    rows = (
        Candidate.objects.visible_to(request.user)
        .with_pool_state()
        .select_related("project", "project__owner_unit", "added_by", "removed_by")
    )
    channel = request.GET.get("channel")
    if channel in FundingChannel.values:
        rows = rows.filter(channel=channel)
    else:
        channel = None
    # The candidates taken off the list are kept, shown apart (已移除) rather than among them.
    removed = request.GET.get("removed") == "1"
    rows = rows.removed().order_by("-removed_at", "pk") if removed else rows.listed()
    left_pool = not removed and request.GET.get("left_pool") == "1"
    if left_pool:
        rows = rows.left_pool(timezone.localdate())
    page = paginate(request, rows)
    for candidate in page:
        candidate.may_remove = not removed and perms.can_remove_candidate(request.user, candidate)
    return render(
        request,
        "reserve/candidates.html",
        {
            "form": form,
            "may_add": form is not None,
            "page": page,
            "query": list_query(request),
            "warning": warning,
            "channels": FundingChannel.choices,
            "channel": channel,
            "left_pool": left_pool,
            "removed": removed,
            # Each link keeps what else is chosen: the channel, and which list is shown.
            "by_channel": f"channel={channel}" if channel else "",
            "listing": "removed=1" if removed else "left_pool=1" if left_pool else "",
            "reason_min": rules.CANDIDATE_REASON_MIN_CHARS,
            "row_tail": row_action_tail(request, page),
            "refused": refused_row(refused, page),
            "refused_kind": refused_kind,
        },
    )


def _candidate_step(request, candidate, form, service, *, kind: str, success: str, done: str):
    """A candidate's reason or removal from its row (R-9): done, to `done` with a message;
    refused, the list again as it was asked for, with the reason typed in that row and why."""

    def page(form):
        adding = CandidateForm(user=request.user) if perms.can_add_candidate(request.user) else None
        return _candidates_page(request, adding, refused=(candidate, form), refused_kind=kind)

    return record_step(
        request,
        candidate,
        form,
        service,
        as_name="candidate",
        success=success,
        done=done,
        page=page,
    )


@login_required
@links_lead_to("reserve:candidates")
def candidate_reason(request, pk: int):
    """R-9: a candidate whose project has left the pools is kept with a written reason."""
    require(perms.can_add_candidate(request.user))
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("project"), pk=pk
    )
    return _candidate_step(
        request,
        candidate,
        CandidateReasonForm(request.POST),
        services.candidate_reason_record,
        kind="reason",
        success=_("已补充书面理由，继续列为候选项目。"),
        done=done_at_message(reverse("reserve:candidates") + "?left_pool=1"),
    )


@login_required
@links_lead_to("reserve:candidates")
def candidate_remove(request, pk: int):
    """R-9: whoever chose a candidate, or the DRC, takes it off the list with a written reason."""
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("project", "added_by"), pk=pk
    )
    require(perms.can_remove_candidate(request.user, candidate))
    return _candidate_step(
        request,
        candidate,
        CandidateRemovalForm(request.POST),
        services.candidate_remove,
        kind="removal",
        success=_("已从候选名单中移除。"),
        done=done_at_message(reverse("reserve:candidates") + "?removed=1"),
    )


# ---------------------------------------------------------------- Excel import


@login_required
def import_template(request):
    require(imports.can_import(request.user))
    return imports.template_response()


@login_required
@require_http_methods(["GET", "POST"])
def import_entries(request):
    require(imports.can_import(request.user), _("只有设有二级库的单位录入员可以导入。"))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.entries_import(file=form.cleaned_data["file"], user=request.user)
        if result.ok:
            messages.success(
                request,
                _("已导入%(count)d个项目（草稿），请核对后提交审核。") % {"count": result.created},
            )
            return redirect("reserve:my_pool")
    return render(request, "reserve/import.html", {"form": form, "result": result})


# ---------------------------------------------------------------- publication


def _public_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None or rules.pool_unit_rule(unit) is None:
        raise Http404
    return unit


def public_unit(request, code: str):
    """R-7: a unit's published reserve projects, for anyone."""
    unit = _public_unit(code)
    # A page at a time: a county's pool publishes hundreds of projects (647 of 鲅鱼圈区's at
    # 100,000 projects, 200 ms a request drawn whole); the feed has them all. Every page is
    # offered, not only the working lists' first 5,000 rows: whatever is published is public
    # (the DRC's 4,934 level-1 projects' last page: 140 ms).
    page = paginate(request, selectors.public_memberships(unit), bounded=False)
    return render(
        request,
        "reserve/public.html",
        {
            "unit": unit,
            "page": page,
            "rows": [selectors.public_row(membership) for membership in page],
            "feed": reverse("reserve:public_feed", args=[code]),
            "major_only": rules.pool_unit_rule(unit) == PoolLevel.LEVEL_1,
        },
    )


def public_feed(request, code: str):
    """R-7: the same, machine-readable."""
    unit = _public_unit(code)
    rows = selectors.public_rows(unit)
    return JsonResponse(
        {"unit": unit.name, "count": len(rows), "projects": rows},
        json_dumps_params={"ensure_ascii": False},
    )


def public_index(request):
    """R-7: the units whose published reserve projects anyone can read."""
    units = Unit.objects.filter(pools__isnull=False).distinct().order_by("code")
    return render(request, "reserve/public_index.html", {"units": units})
