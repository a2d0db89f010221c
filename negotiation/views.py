"""Pages for lead units, team units, the investment bureau and city leaders (SPEC §3, §7)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from yingkou.dashboard import linked_count
from yingkou.dates import year_month
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.forms import DispatchForm
from yingkou.history import history_of
from yingkou.paging import queue_head
from yingkou.permissions import require
from yingkou.scheduling.periods import period_bounds, period_name
from yingkou.views.kit import (
    asked_period,
    attempt,
    child_create,
    done_at_message,
    form_error,
    links_lead_to,
    list_page,
    next_path,
    no_filter_chosen,
    page_forms,
    record_step,
)

from . import forms, rules, selectors, services
from . import permissions as perms
from .choices import ArchiveKind, NegotiationStage, QuestionKind
from .exports import (
    AppraisalExporter,
    CircularExporter,
    InvestorQuestionExporter,
    NegotiationCaseExporter,
)
from .filters import InvestorQuestionFilterSet, NegotiationCaseFilterSet
from .models import (
    InvestorQuestion,
    NegotiationArchive,
    NegotiationCase,
    NegotiationCaseQuerySet,
    ProgressDispatch,
    TeamTask,
)


def _case(request, pk: int) -> NegotiationCase:
    return get_object_or_404(selectors.case_list(user=request.user).with_related(), pk=pk)


def _cases(request, queryset) -> NegotiationCaseFilterSet:
    return NegotiationCaseFilterSet(request.GET, queryset=queryset, request=request)


def _cases_page(
    request, filterset, template: str, extra: dict, export_name: str, background: str, **page
):
    return list_page(
        request,
        filterset,
        template,
        extra,
        exporter=NegotiationCaseExporter,
        export_name=export_name,
        rows=lambda page: [(case, *selectors.case_rule(case)) for case in page],
        background=background,
        **page,
    )


@login_required
def case_list(request):
    """Every case the user may see: their unit's, the ones landing in their area, their teams'."""
    return _cases_page(
        request,
        _cases(request, selectors.case_list(user=request.user)),
        "negotiation/list.html",
        {"can_open": perms.can_open_case(request.user)},
        "项目洽谈",
        "negotiation.exports.build_cases",
    )


@login_required
def pool(request):
    """N-6: the investment bureau's under-negotiation pool (在谈项目库) with its summary; for the
    bureau, a month's dispatch (`?month=`, by default the running month)."""
    return _pool_page(request)


def _pool_page(request, bound: dict | None = None):
    """The pool; `bound` holds a refused dispatch form to show again with its errors."""
    user = request.user
    month = _dispatch_month(request)
    queryset = selectors.case_list(user=user).open()
    filterset = _cases(request, queryset)
    page = {}
    if not user.is_city_wide:
        # Deciding which cases a unit sees costs 15-20 ms a time at 100,000 projects: its
        # pool's cases are read once, in order, for both the summary and the page.
        listed = list(filterset.qs.values_list("pk", "stage", "project__total_investment"))
        summary = selectors.pool_summary_of((stage, amount) for _pk, stage, amount in listed)
        page = {
            "keys": lambda: [pk for pk, _stage, _amount in listed],
            "annotate": NegotiationCaseQuerySet.for_list,
        }
    elif no_filter_chosen(filterset):
        summary = selectors.city_pool_summary()  # no filter chosen: the whole city's pool
    else:
        summary = selectors.pool_summary(filterset.qs)
    summary = {
        **summary,
        "stages": [
            row for row in summary["stages"] if row["value"] in NegotiationStage.open_stages()
        ],
    }
    return _cases_page(
        request,
        filterset,
        "negotiation/pool.html",
        {
            "summary": summary,
            "can_open": perms.can_open_case(user),
            "can_appraise": perms.can_appraise(user),
            **_dispatch_context(user, queryset, month, bound),
        },
        "在谈项目库",
        "negotiation.exports.build_pool",
        # The summary counts every case of the pool: the pager needs no count of its own.
        count=summary["total"],
        **page,
    )


def _dispatch_month(request) -> dt.date:
    """N-6: the first day of the month `?month=` names (`YYYY-MM`), else of the running month:
    one not begun or unreadable is 404, one before the service 400 (dispatch_month_rule)."""
    today = timezone.localdate()
    asked = request.GET.get("month") or rules.report_month(today)
    with asked_period():
        return rules.dispatch_month_rule(period=asked, today=today)


def _month_query(period: str) -> str:
    """The query naming a month's dispatch: none for the running month, the pool's default."""
    return "" if period == rules.report_month(timezone.localdate()) else f"?month={period}"


def _dispatch_context(user, pool, month: dt.date, bound: dict | None = None) -> dict:
    """N-6: for the investment bureau, `month`'s cases not reported yet (counted as the list
    they link to counts them) and its dispatch of the month, with the form to record it (posted
    to `progress_dispatch`; `bound` holds it refused) and links to the months before and after
    that it may dispatch."""
    if not perms.can_dispatch_reports(user):
        return {}
    today = timezone.localdate()
    period = rules.report_month(month)
    query = _month_query(period)
    if query:
        # A closed month is owed by the cases signed or ended since as well: the case list holds
        # them, the pool only the open ones.
        url_name, cases, params = (
            "negotiation:list",
            selectors.case_list(user=user),
            {"report_missing": "true", "month": period},
        )
    else:
        url_name, cases, params = "negotiation:pool", pool, {"report_missing": "true"}
    _label, missing, missing_url = linked_count(
        "",
        url_name=url_name,
        filterset=NegotiationCaseFilterSet,
        queryset=cases,
        user=user,
        params=params,
    )
    dispatch = (
        ProgressDispatch.objects.filter(period=period).select_related("dispatched_by").first()
    )
    previous = rules.report_month(month - dt.timedelta(days=1))
    following = rules.report_month(month + dt.timedelta(days=31))
    return {
        "report_month": year_month(month),
        "reports_missing": missing,
        "reports_missing_url": missing_url,
        "dispatch": dispatch,
        "dispatch_history": history_of(dispatch) if dispatch else [],
        "dispatch_action": reverse("negotiation:dispatch") + query + "#dispatch",
        "dispatch_months": [
            (label, reverse("negotiation:pool") + _month_query(key) + "#dispatch")
            for label, key in (
                (_("上月：%(month)s") % {"month": period_name(previous)}, previous),
                (_("下月：%(month)s") % {"month": period_name(following)}, following),
            )
            if rules.dispatch_month_shown_rule(key, today)
        ],
        "dispatch_form": page_forms(
            {"dispatch": DispatchForm},
            bound,
            initial={
                "dispatch": {
                    "remarks": dispatch.remarks if dispatch else "",
                    "version": dispatch.version if dispatch else 0,
                }
            },
        )["dispatch"],
    }


@login_required
@links_lead_to("negotiation:pool")
def progress_dispatch(request):
    """N-6: the investment bureau dispatches (调度) a month's progress reports (`?month=`, by
    default the running month; a closed month too) from the pool page; the lead units whose
    teams have not reported that month are told. A refused dispatch shows the pool again with
    the form as it was sent."""
    require(perms.can_dispatch_reports(request.user))
    period = rules.report_month(_dispatch_month(request))
    pool_url = reverse("negotiation:pool") + _month_query(period)
    return record_step(
        request,
        period,
        DispatchForm(request.POST),
        services.progress_dispatch_record,
        as_name="period",
        success=_dispatch_done,
        done=pool_url + ("&" if "?" in pool_url else "?") + "report_missing=true",
        page=lambda form: _pool_page(request, {"dispatch": form}),
        values=lambda data: {"remarks": data["remarks"], "expected_version": data["version"]},
    )


def _dispatch_done(dispatch) -> str:
    """What the dispatch did, for that month: how many lead units were told."""
    month = period_name(dispatch.period)
    behind = len(selectors.lead_units_behind(dispatch.period))
    if not behind:
        return _("%(month)s推进情况调度已记录；各牵头单位均已上报推进情况，无需通知。") % {
            "month": month
        }
    return ngettext(
        "%(month)s推进情况调度已记录，已通知尚未上报推进情况的%(count)d个牵头单位。",
        "%(month)s推进情况调度已记录，已通知尚未上报推进情况的%(count)d个牵头单位。",
        behind,
    ) % {"month": month, "count": behind}


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require(perms.can_open_case(request.user))
    form = forms.CaseOpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if form.is_new_project:
                case = services.negotiation_case_open_with_new_project(
                    user=request.user, new_project=form.new_project(), **form.case_values()
                )
            else:
                case = services.negotiation_case_open(
                    user=request.user, project=form.cleaned_data["project"], **form.case_values()
                )
        except ValidationError as exc:  # a rule (RuleViolation) or the new project's own checks
            form.add_service_error(exc)
        else:
            messages.success(request, _("已登记洽谈项目，服务团队已按规范初步组建。"))
            return redirect("negotiation:detail", pk=case.pk)
    return render(request, "negotiation/form.html", {"form": form, "title": _("登记洽谈项目")})


@login_required
def case_detail(request, pk: int):
    return _case_page(request, _case(request, pk))


def _case_page(request, case, bound: dict | None = None):
    """The case's page; `bound` holds a refused form to show again with its errors and what
    was typed, even where the case has changed so that the form is no longer offered."""
    bound = bound or {}
    user = request.user
    composition = case.team_rule(with_candidates=True)
    is_lead = perms.can_lead_team(user, case)
    today = timezone.localdate()
    questions = _deadline_marks(case.questions.select_related("owner_unit"), today)
    for question in questions:
        question.can_answer = perms.can_answer_question(user, question)
    tasks = list(case.tasks.select_related("owner_unit"))
    for task in tasks:
        task.can_update = perms.can_update_task(user, task)
    is_team = perms.can_work_on_case(user, case)
    # The actions offered are those the services will accept: the same rule functions decide.
    can_record = rules.case_recording_possible(case)
    reports = list(case.reports.select_related("reported_by"))
    filed = {report.period for report in reports}
    report_months = (
        rules.progress_report_months(case=case, filed=filed, today=today) if is_team else []
    )
    # A month past due without a report reads as such among the reports, not as a gap.
    missed = rules.progress_report_missed_months(case=case, filed=filed, today=today)
    report_rows = sorted(
        [
            *({"report": report, "period": report.period} for report in reports),
            *({"period": period, "due": rules.progress_report_due(period)} for period in missed),
        ],
        key=lambda row: row["period"],
        reverse=True,
    )
    lead_ok = None
    if case.team.lead_leader_id:
        lead_ok = rules.lead_leader_fits(composition, case.team.lead_leader, project=case.project)
    return render(
        request,
        "negotiation/detail.html",
        {
            "case": case,
            "team": case.team,
            "composition": composition,
            "lead_ok": lead_ok,
            "transitions": case.transitions.select_related("recorded_by"),
            "tasks": tasks,
            "questions": questions,
            "meetings": case.meetings.select_related("recorded_by"),
            "report_rows": report_rows,
            "history": history_of(case),
            "team_history": history_of(case.team),
            "is_lead": is_lead and can_record,
            "can_record": is_team and can_record,
            "report_months": report_months,
            "move_form": bound.get("move")
            or (forms.CaseMoveForm(case=case) if is_lead and can_record else None),
            "add_unit_form": bound.get("add_unit")
            or (forms.AddUnitForm() if is_lead and can_record else None),
        },
    )


@login_required
@require_POST
def case_move(request, pk: int):
    case = _case(request, pk)
    require(perms.can_lead_team(request.user, case))
    form = forms.CaseMoveForm(request.POST, case=case)
    moved = form.is_valid() and attempt(
        form, services.negotiation_case_move, case=case, user=request.user, **form.cleaned_data
    )
    if not moved:
        return _case_page(request, case, {"move": form})
    messages.success(
        request, _("洽谈阶段已变更为“%(stage)s”。") % {"stage": moved.get_stage_display()}
    )
    if moved.stage == NegotiationStage.SIGNED:
        if moved.handover_refusal:
            messages.info(request, moved.handover_refusal)
        else:
            messages.success(
                request,
                _("项目已签约，移交重点项目精准帮扶，牵头领导、牵头单位和团队保持不变。"),
            )
    return redirect("negotiation:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int):
    case = _case(request, pk)
    require(perms.can_lead_team(request.user, case))
    composition = case.team_rule(with_candidates=True)
    form = forms.TeamForm(request.POST or None, case=case, composition=composition)
    if request.method == "POST" and form.is_valid():
        try:
            values = dict(form.cleaned_data)
            services.negotiation_team_update(
                case=case, user=request.user, expected_version=values.pop("version"), **values
            )
        except (RuleViolation, StaleVersion) as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("服务团队已保存。"))
            return redirect("negotiation:detail", pk=pk)
    return render(
        request,
        "negotiation/form.html",
        {"form": form, "case": case, "composition": composition, "title": _("服务团队")},
    )


@login_required
@require_POST
def team_add_unit(request, pk: int):
    """N-3: the lead unit brings a unit into the team; a refused one shows the case again with
    the unit chosen and why."""
    case = _case(request, pk)
    require(perms.can_lead_team(request.user, case))
    return record_step(
        request,
        case,
        forms.AddUnitForm(request.POST),
        services.negotiation_team_add_unit,
        as_name="case",
        success=_("已加入服务团队。"),
        done=done_at_message(reverse("negotiation:detail", args=[pk])),
        # A refused change may have claimed the case's version in memory: shown as stored.
        page=lambda form: _case_page(request, _case(request, pk), {"add_unit": form}),
    )


def _child_form(request, case, form_class, service, title, success, form_kwargs=None):
    """A form that records something on a case through a service (N-3 … N-6)."""
    return child_create(
        request,
        case,
        form_class,
        service,
        parent_name="case",
        template="negotiation/form.html",
        title=title,
        success=success,
        next_url=lambda case, created: reverse("negotiation:detail", args=[case.pk]),
        form_kwargs=form_kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk: int):
    case = _case(request, pk)
    require(perms.can_lead_team(request.user, case))
    return _child_form(
        request,
        case,
        forms.TaskForm,
        services.team_task_assign,
        _("交办任务"),
        _("任务已交办。"),
        form_kwargs={"case": case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request, pk: int):
    case = _case(request, pk)
    require(perms.can_work_on_case(request.user, case))
    return _child_form(
        request,
        case,
        forms.QuestionForm,
        services.investor_question_raise,
        _("登记投资方问题"),
        _("问题已登记。"),
        form_kwargs={"case": case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk: int):
    case = _case(request, pk)
    require(perms.can_work_on_case(request.user, case))
    return _child_form(
        request,
        case,
        forms.MeetingForm,
        services.team_meeting_record,
        _("记录碰头会议"),
        _("会议纪要已保存。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int):
    case = _case(request, pk)
    require(perms.can_work_on_case(request.user, case))
    return _child_form(
        request,
        case,
        forms.ReportForm,
        services.progress_report_file,
        _("上报推进情况"),
        _("推进情况已上报市招商局。"),
        form_kwargs={
            "months": rules.progress_report_months(
                case=case,
                filed=set(case.reports.values_list("period", flat=True)),
                today=timezone.localdate(),
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request, pk: int):
    task = get_object_or_404(
        TeamTask.objects.visible_to(request.user).select_related("case__team"), pk=pk
    )
    require(perms.can_update_task(request.user, task))
    form = forms.TaskUpdateForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_task_update(task=task, user=request.user, **form.service_values())
        except (RuleViolation, StaleVersion) as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("任务办理情况已保存。"))
            return redirect("negotiation:detail", pk=task.case_id)
    return render(
        request,
        "negotiation/form.html",
        {"form": form, "case": task.case, "title": task.title, "history": history_of(task)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request, pk: int):
    question = get_object_or_404(
        InvestorQuestion.objects.visible_to(request.user).select_related("case__team"), pk=pk
    )
    require(perms.can_answer_question(request.user, question))
    back = next_path(request)
    form = forms.AnswerForm(request.POST or None, instance=question)
    if request.method == "GET" and not question.answered_on:
        form.initial["answered_on"] = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            services.investor_question_answer(
                question=question, user=request.user, **form.service_values()
            )
        except (RuleViolation, StaleVersion) as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("答复已保存。"))
            return redirect(back or reverse("negotiation:detail", args=[question.case_id]))
    return render(
        request,
        "negotiation/form.html",
        {
            "form": form,
            "next": back,
            "case": question.case,
            "question": question,
            "title": _("答复投资方问题"),
            "history": history_of(question),
        },
    )


@login_required
def question_detail(request, pk: int):
    """N-4: one investor question, for whoever may see it (InvestorQuestionQuerySet.for_unit): the
    units on its case, the unit answering it, the unit it was escalated to. Those who may answer
    it (permissions.can_answer_question) are offered the answer; for the others it is read-only,
    and its case is linked only to those who may open it."""
    user = request.user
    question = get_object_or_404(
        InvestorQuestion.objects.visible_to(user).select_related(
            "case__project",
            "case__team",
            "owner_unit",
            "escalated_to",
            "escalated_leader",
            "raised_by",
        ),
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "negotiation/question.html",
        {
            "question": question,
            "case_visible": NegotiationCase.objects.visible_to(user)
            .filter(pk=question.case_id)
            .exists(),
            "can_answer": perms.can_answer_question(user, question),
            "late": rules.question_is_late(question, today),
            "days_overdue": rules.question_days_overdue(question, today),
            "moot": rules.question_moot(question),
            "history": history_of(question),
        },
    )


def _deadline_marks(questions, today: dt.date) -> list:
    """What `negotiation/_question_due.html` marks beside each question's due date, for the
    questions page and the case page alike (rules N-4)."""
    questions = list(questions)
    for question in questions:
        question.late = rules.question_is_late(question, today)
        question.moot = rules.question_moot(question)
        question.due_today = rules.question_due_today(question, today)
    return questions


def _case_links(questions, user) -> None:
    """Whether each question's case opens for `user` (its row links there, else to the question
    alone): one query, the questions of a unit escalated to or answering them without being on
    the case among them."""
    questions = list(questions)
    if user.is_city_wide:
        visible = {question.case_id for question in questions}
    else:
        visible = set(
            NegotiationCase.objects.visible_to(user)
            .filter(pk__in={question.case_id for question in questions})
            .values_list("pk", flat=True)
        )
    for question in questions:
        question.case_visible = question.case_id in visible


@login_required
def question_list(request):
    """N-4: the questions the user may see with their deadlines; city leaders get the questions
    reported to the city government first (市级领导待办)."""
    filterset = InvestorQuestionFilterSet(
        request.GET, queryset=selectors.visible_questions(user=request.user), request=request
    )
    today = timezone.localdate()
    questions = reverse("negotiation:questions")
    # Each queue shows its first rows, with its total and a link to the whole filtered list.
    inbox = None
    if perms.can_answer_city_questions(request.user):
        inbox = queue_head(
            selectors.city_inbox(user=request.user),
            url=f"{questions}?{urlencode({'kind': QuestionKind.CITY, 'status': 'open'})}",
        )
    escalated = queue_head(
        selectors.escalated_queue(user=request.user),
        url=f"{questions}?{urlencode({'escalated_to': request.user.unit_id, 'status': 'open'})}",
    )
    for question in escalated.rows:
        question.days_overdue = rules.question_days_overdue(question, today)

    def rows(page):
        _deadline_marks(page, today)
        _case_links([*page, *escalated.rows, *(inbox.rows if inbox else [])], request.user)
        return page

    return list_page(
        request,
        filterset,
        "negotiation/questions.html",
        {
            "inbox": inbox,
            "escalated": escalated,
        },
        exporter=InvestorQuestionExporter,
        export_name="投资方问题",
        background="negotiation.exports.build_questions",
        rows=rows,
        annotate=selectors.question_rows,
    )


@login_required
def circular_list(request):
    archives = NegotiationArchive.objects.filter(kind=ArchiveKind.CIRCULAR).defer("payload")
    return render(request, "negotiation/circulars.html", {"archives": archives})


@login_required
def circular_detail(request, period: str):
    """N-6: an archived monthly circular, page and Excel from the same frozen data."""
    with asked_period():
        rules.circular_month_rule(period=period, today=timezone.localdate())
    archive = get_object_or_404(NegotiationArchive, kind=ArchiveKind.CIRCULAR, period=period)
    payload = archive.payload
    if request.GET.get("export") == "xlsx":
        # An archived month is as of its last day (N-6), whenever the archive was written: a
        # circular archived late said it held the data of the day it was written.
        year, month = (int(part) for part in period.split("-"))
        exporter = CircularExporter(payload).describe(
            title="洽谈项目月度通报",
            period=period_name(period),
            scope="全市",
            as_of=period_bounds("monthly", dt.date(year, month, 1))[1],
        )
        return exporter.response(f"洽谈项目月度通报{period}")
    largest = max((row["count"] for row in payload["by_stage"]), default=0) or 1
    for row in payload["by_stage"]:
        row["width"] = round(100 * row["count"] / largest)
    # The circular names every case in the city; each row opens its case for whoever may see it.
    visible = set(
        NegotiationCase.objects.visible_to(request.user)
        .filter(pk__in=[row.get("case") for row in payload["rows"]])
        .values_list("pk", flat=True)
    )
    for row in payload["rows"]:
        row["report_label"] = selectors.report_status_label(row["report"])
        row["case_visible"] = row.get("case") in visible
    return render(request, "negotiation/circular.html", {"archive": archive, "payload": payload})


@login_required
def appraisal(request):
    """N-6: the year-end appraisal per unit, from recorded data, with its formula."""
    require(perms.can_appraise(request.user))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        dt.date(year, 1, 1)
    except ValueError:
        raise Http404 from None
    with asked_period():
        rules.appraisal_year_rule(year=year, today=today)
    table, frozen = selectors.appraisal_for_year(year=year, today=today)
    if request.GET.get("export") == "xlsx":
        # A closed year's table is frozen as of 31 December: the file says so, not the
        # moment it was downloaded.
        exporter = AppraisalExporter(table).describe(
            period=f"{year}年", scope="全市", as_of=dt.date(year, 12, 31) if frozen else None
        )
        return exporter.response(f"洽谈工作年终考核{year}")
    best = max((row["score"] for row in table), default=0) or 1
    for row in table:
        row["width"] = round(100 * row["score"] / best)
    return render(
        request,
        "negotiation/appraisal.html",
        {
            "table": table,
            "frozen": frozen,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "formula": rules.APPRAISAL_FORMULA,
        },
    )
