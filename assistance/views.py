"""Pages of key-project assistance: for the teams, the DRC, the city leaders and the public."""

import datetime as dt
from functools import partial, wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from yingkou.choices import AssessmentVerdict, Stage
from yingkou.dates import month_day
from yingkou.errors import NotFoundBecause
from yingkou.forms import BatchForm, DispatchForm
from yingkou.history import history_of
from yingkou.industries import city_industry_authority
from yingkou.models import Project, Unit
from yingkou.models.deadlines import due_soon_until
from yingkou.paging import paginate, queue_head, shown_query
from yingkou.permissions import require
from yingkou.scheduling import period_key
from yingkou.scheduling.periods import period_bounds, period_name
from yingkou.views.kit import (
    act,
    asked_period,
    attempt,
    batch,
    checked_ids,
    child_create,
    done_at_message,
    list_page,
    list_query,
    may_open,
    no_filter_chosen,
    page_forms,
    record_step,
    record_steps,
)

from . import forms, rules, selectors, services
from . import permissions as perm
from .choices import (
    ActionStatus,
    CoordinationStatus,
    ProblemStatus,
    PublicationState,
    ReportKind,
    Tier,
)
from .exports import (
    CaseExporter,
    CityReportExporter,
    DispatchExporter,
    InspectionExporter,
    PlanExporter,
    ProblemExporter,
)
from .filters import ActionItemFilterSet, CaseFilterSet, PlanFilterSet, ProblemFilterSet
from .models import (
    ActionItem,
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    CoordinationReport,
    GeneralLiaison,
    JointMeeting,
    Problem,
    PromotionGroup,
    SupervisionReport,
    WeeklyDispatch,
    WeeklyProgress,
)
from .rules import problem_deadline_state


def _with_state(page):
    """Each deadline item of a page with its state today (on time, due soon, late)."""
    with_problem_states(page)
    return page


def _visible_case(request, pk: int) -> AssistanceCase:
    return get_object_or_404(AssistanceCase.objects.visible_to(request.user).with_related(), pk=pk)


# --- cases -------------------------------------------------------------------------------------


@login_required
def case_list(request):
    filterset = CaseFilterSet(
        request.GET, queryset=AssistanceCase.objects.visible_to(request.user), request=request
    )

    def rows(page):
        # one count on the working-day calendar for the whole page.
        until = rules.publication_overdue_until(timezone.localdate())
        for case in page:
            case.construction_status = selectors.case_construction_status(case)
            case.publication = case.publication_state(until)
        return page

    # Read for the page only: an export does not show it.
    by_stage = SimpleLazyObject(lambda: selectors.cases_by_stage(filterset.qs))
    keys = None
    if request.user.is_city_wide and no_filter_chosen(filterset):
        by_stage = SimpleLazyObject(selectors.city_cases_by_stage)
    elif not request.user.is_city_wide:
        # Deciding which cases a unit sees costs 25-70 ms a time at 100,000 projects: its list's
        # cases are read once, in order, for both the stage summary and the page, and its whole
        # list is kept between writes.
        if no_filter_chosen(filterset):
            order = request.GET.get("ordering", "")
            listed = SimpleLazyObject(
                lambda: selectors.unit_cases(request.user, filterset.qs, order)
            )
        else:
            listed = SimpleLazyObject(lambda: selectors.cases_of(filterset.qs))
        by_stage = SimpleLazyObject(lambda: listed.by_stage)

        def keys():
            return listed.keys

    return list_page(
        request,
        filterset,
        "assistance/list.html",
        {"by_stage": by_stage, "can_open": perm.can_open_case(request.user)},
        exporter=CaseExporter,
        export_name="精准帮扶项目",
        rows=rows,
        annotate=selectors.with_figures,
        background="assistance.exports.build_cases",
        # The stage summary counts every case of the list: the pager needs no count of its own
        # (deciding which cases a unit sees costs 15-25 ms a time at 100,000 projects).
        count=lambda: sum(row["cases"] for row in by_stage),
        keys=keys,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request):
    """R-8, N-1: take a project into assistance (a unit proposes, the DRC enters)."""
    require(perm.can_open_case(request.user))
    form = forms.OpenCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        require(perm.can_open_case(request.user, project))
        case = attempt(
            form,
            services.assistance_case_open,
            project=project,
            user=request.user,
            source=form.cleaned_data["source"],
        )
        if case:
            messages.success(request, _("已纳入重点项目精准帮扶。"))
            return redirect("assistance:detail", pk=case.pk)
    return render(request, "assistance/form.html", {"form": form, "title": _("纳入精准帮扶")})


@login_required
def case_detail(request, pk: int):
    return _case_page(request, _visible_case(request, pk))


# The case page's forms that carry what a person typed: a refused one is shown again in its
# place with its reasons and what was typed (`_case_step`). Each names its fields' ids apart,
# as two of them have a note and a version.
CASE_FORMS = {
    "publication": partial(forms.PublicationForm, auto_id="publication-%s"),
    "progress": partial(forms.ProgressForm, auto_id="progress-%s"),
    "team_return": partial(forms.ReturnForm, auto_id="team-return-%s"),
}


def _case_page(request, case, bound: dict | None = None):
    """The case's page; `bound` holds a refused form to show again with its errors and what
    was typed, even where the case has changed so that the form is no longer offered: the
    reason says why."""
    bound = bound or {}
    team = case.team
    user = request.user
    problems = case.problems.select_related("owner_unit").order_by("status", "due_on")
    today = timezone.localdate()
    with_problem_states(problems)
    reports = list(case.progress_reports.order_by("-month")[:12])
    largest = max(
        [r.planned_investment for r in reports] + [r.actual_investment for r in reports] or [0]
    )
    for report in reports:
        report.planned_width = _width(report.planned_investment, largest)
        report.actual_width = _width(report.actual_investment, largest)
    meetings = case.meetings.select_related("convened_by").prefetch_related(
        "attendees",
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_unit")),
    )
    can_work = perm.can_work_on_case(user, case)
    industry_services = list(
        case.industry_services.select_related("department", "leader_in_charge", "service_staff")
    )
    industry_department = city_industry_authority(case.project.industry)
    publication = case.publication_state(rules.publication_overdue_until(today))
    return render(
        request,
        "assistance/detail.html",
        {
            "case": case,
            # published on the lead unit's portal, by when, and the form to record it.
            "publication": publication,
            "publication_due": rules.publication_due_rule(case.arranged_on)
            if publication and publication != PublicationState.PUBLISHED
            else None,
            "can_record_publication": "publication" in bound
            or (case.arranged and perm.can_record_publication(user, case)),
            "forms": page_forms(
                CASE_FORMS,
                bound,
                initial={
                    "publication": {"published_on": today, "version": case.version},
                    "progress": _progress_initial(request, case, today),
                },
            ),
            "team": team,
            "cooperating_units": list(team.cooperating_units.all()),
            "members": list(team.members.select_related("unit")),
            "problems": problems,
            "reports": reports,
            "meetings": meetings,
            "history": history_of(case),
            "team_history": history_of(team),
            "can_work": can_work,
            "project_visible": user.is_city_wide
            or Project.objects.visible_to(user).filter(pk=case.project_id).exists(),
            "industry_services": industry_services,
            "industry_department": industry_department,
            "industry_service_missing": rules.industry_service_missing(
                case, industry_department, industry_services
            ),
            "industry_form": bound.get("industry")
            or (
                forms.IndustryServiceForm(
                    unit=user.unit,
                    initial=_industry_service_initial(industry_services, user),
                )
                if perm.can_assign_industry_service(user, case)
                else None
            ),
            "can_propose": perm.can_propose_team(user, case),
            "can_compile": perm.can_compile_team(user, case)
            and rules.team_step_possible(case, rules.TeamStep.COMPILE),
            "can_decide": perm.can_decide_team(user, case),
            "decides_on_behalf": perm.team_decided_on_behalf(user, case),
            "team_awaits_decision": rules.team_step_possible(case, rules.TeamStep.APPROVE),
            "team_return_refused": "team_return" in bound,
            "can_move": perm.can_move_case(user, case),
            "compile_form": bound.get("compile")
            or forms.CompileForm(initial={"assisting_leader": team.lead_leader_id}),
            "stage_form": bound.get("stage") or forms.StageForm(case=case),
            "can_report_weekly": case.project.stage == Stage.CONSTRUCTION
            and perm.can_report_weekly(user, case),
            "coordination_entries": case.coordination_entries.select_related(
                "involved_unit", "proposing_unit"
            ),
            "can_propose_coordination": case.tier == Tier.LOCAL
            and perm.can_propose_coordination(user, case),
        },
    )


def _progress_initial(request, case, today) -> dict:
    """The month the progress form opens on (`?progress_month=2026-10`, else this month) with
    that month's report and its version (0: none yet), so a correction is made on what is there.
    A month that may not be reported answers as on every period page (progress_month_rule): not
    begun or unreadable 404, before the service 400."""
    value = request.GET.get("progress_month")
    if not value:
        return _progress_opened(case, today.replace(day=1))
    try:
        month = dt.date.fromisoformat(f"{value}-01")
    except ValueError as exc:
        raise NotFoundBecause(_("月份格式应为 YYYY-MM。")) from exc
    with asked_period():
        rules.progress_month_rule(month=month, today=today)
    return _progress_opened(case, month)


def _progress_opened(case, month: dt.date) -> dict:
    report = case.progress_reports.filter(month=month).first()
    opened = {"month": month.strftime("%Y-%m"), "version_month": month.strftime("%Y-%m")}
    if report is None:
        return {**opened, "version": 0}
    return {
        **opened,
        "planned_investment": report.planned_investment,
        "actual_investment": report.actual_investment,
        "note": report.note,
        "version": report.version,
    }


def _industry_service_initial(services, user) -> dict:
    """The user's department's service for the case as the form starts: the leader and person
    named (changing one did not mean choosing both again) and the version the form is made on."""
    service = next((s for s in services if s.department_id == user.unit_id), None)
    if service is None:
        return {"version": 0}
    return {
        "leader_in_charge": service.leader_in_charge_id,
        "service_staff": service.service_staff_id,
        "version": service.version,
    }


def _on_version(service):
    """A service called with the form's hidden `version` as the version the edit was made on."""

    @wraps(service)
    def call(*, version, **kwargs):
        return service(expected_version=version, **kwargs)

    return call


def _width(value, largest) -> int:
    return round(100 * value / largest) if largest else 0


def with_problem_states(items) -> None:
    """A-3 deadline state of each problem or action item of a page, as `item.state`, against one
    "due soon" cut-off computed for the whole page."""
    today = timezone.localdate()
    soon_until = due_soon_until(today)
    for item in items:
        done = item.status in (ProblemStatus.SOLVED, ActionStatus.DONE)
        status = ProblemStatus.SOLVED if done else ProblemStatus.OPEN
        item.state = problem_deadline_state(
            status=status, due_on=item.due_on, today=today, soon_until=soon_until
        )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int):
    """A-5, A-6: the area/department names the responsible leader and proposes the team."""
    case = _visible_case(request, pk)
    require(perm.can_propose_team(request.user, case))
    form = forms.TeamForm(request.POST or None, case=case)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            services.assistance_team_propose,
            case=case,
            user=request.user,
            expected_version=form.cleaned_data.pop("version"),
            **form.cleaned_data,
        )
    ):
        messages.success(
            request, _("团队名单已提交。") if case.tier == Tier.CITY else _("服务团队已保存。")
        )
        return redirect("assistance:detail", pk=case.pk)
    return render(
        request,
        "assistance/form.html",
        {"form": form, "title": _("服务团队"), "case": case},
    )


def _case_form_step(request, case, name: str, form, service, success: str):
    """An action of the case page whose form is drawn by `_case_page` itself (its choices read
    the case or the user): done, back to the case; refused, the case again with the form as it
    was sent, under `name` in `bound`."""
    return record_step(
        request,
        case,
        form,
        service,
        as_name="case",
        success=success,
        done=done_at_message(reverse("assistance:detail", args=[case.pk])),
        page=lambda form: _case_shown_again(request, case, {name: form}),
    )


@login_required
@require_POST
def team_compile(request, pk: int):
    """A-5: the DRC compiles the list and sends it to the assisting city leader it chose."""
    case = _visible_case(request, pk)
    require(perm.can_compile_team(request.user, case))
    return _case_form_step(
        request,
        case,
        "compile",
        forms.CompileForm(request.POST),
        services.assistance_team_compile,
        _("已汇总报帮扶市领导。"),
    )


@login_required
@require_POST
def team_approve(request, pk: int):
    """A-5: the assisting city leader approves the team list (a button, no form)."""
    case = _visible_case(request, pk)
    act(
        request,
        services.assistance_team_approve,
        case=case,
        user=request.user,
        success=_("已同意服务团队名单。"),
    )
    return redirect("assistance:detail", pk=case.pk)


@login_required
@require_POST
def team_batch(request):
    """The assisting city leader approves or returns several compiled teams of the queue at
    once (A-5); each goes through the same service as a single decision, with its own checks.
    Nothing ticked, or every team refused, shows the queue again with the comment typed, the
    teams still ticked and the reasons."""
    action = request.POST.get("action")
    if action not in ("approve", "return"):
        raise Http404
    form = BatchForm(request.POST)
    pending = selectors.pending_team_decisions(user=request.user)
    cases = list(pending.filter(pk__in=checked_ids(request, "cases")))
    if form.is_valid() and not cases:
        form.add_error(None, _("请先勾选要批量处理的服务团队。"))
    if not form.is_valid():
        # The queue again, with the comment typed.
        return _queue_page(request, batch_form=form)
    comment = form.cleaned_data["comment"]

    def decide(case):
        if action == "approve":
            services.assistance_team_approve(case=case, user=request.user)
        else:
            services.assistance_team_return(case=case, user=request.user, comment=comment)

    done, _refused = batch(
        request,
        cases,
        decide,
        done_message=_("已批量同意 %(count)s 个服务团队名单。")
        if action == "approve"
        else _("已批量退回 %(count)s 个服务团队名单。"),
        name=lambda case: case.project.name,
        form=form,
    )
    if not done:
        return _queue_page(request, batch_form=form, ticked={case.pk for case in cases})
    return redirect("assistance:queue")


@login_required
@require_POST
def case_stage(request, pk: int):
    """The project's stage moves on (竣工、投产 hand it over to the enterprise app, E-1)."""
    case = _visible_case(request, pk)
    require(perm.can_move_case(request.user, case))
    return _case_form_step(
        request,
        case,
        "stage",
        forms.StageForm(request.POST, case=case),
        services.assistance_case_advance,
        _("项目阶段已更新。"),
    )


def _case_shown_again(request, case, bound: dict):
    # A refused service may have changed the case it was given (a version claimed, then rolled
    # back): the page shows the case as it is stored.
    return _case_page(request, _visible_case(request, case.pk), bound)


_case_step = record_steps(
    _visible_case,
    _case_shown_again,
    CASE_FORMS,
    as_name="case",
    url_name="assistance:detail",
    allowed=perm.can_work_on_case,
)
# the lead area or department records that it published the case's arrangement on its
# portal; the assisting city leader sends the team list back with comments.
publication_record = _case_step(
    "publication",
    _on_version(services.assistance_publication_record),
    allowed=perm.can_record_publication,
    success=gettext_lazy("门户网站公示情况已记录。"),
)
team_return = _case_step(
    "team_return",
    services.assistance_team_return,
    allowed=perm.can_decide_team,
    success=gettext_lazy("已退回所在地区、部门。"),
)
progress_add = _case_step(
    "progress", _on_version(services.progress_record), success=gettext_lazy("月度进展已保存。")
)


# --- problems (A-3) ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request, pk: int):
    case = _visible_case(request, pk)
    require(perm.can_work_on_case(request.user, case))
    return child_create(
        request,
        case,
        forms.ProblemForm,
        services.problem_create,
        parent_name="case",
        template="assistance/form.html",
        title=_("登记问题"),
        success=_("问题已登记。"),
        next_url=lambda case, problem: reverse("assistance:problem", args=[problem.pk]),
    )


@login_required
def problem_list(request):
    filterset = ProblemFilterSet(
        request.GET, queryset=selectors.problem_list(user=request.user), request=request
    )
    # Read for the page only: an export does not show it.
    by_category = SimpleLazyObject(lambda: selectors.problems_by_category(filterset.qs))
    keys = None
    if not request.user.is_city_wide and no_filter_chosen(filterset):
        # A unit's whole list and its summary are kept between writes (deciding which problems
        # a unit sees costs 50-60 ms a time at 100,000 projects).
        by_category = SimpleLazyObject(
            lambda: selectors.unit_problems_by_category(request.user, filterset.qs)
        )
        order = request.GET.get("ordering", "")

        def keys():
            return selectors.unit_problem_keys(request.user, filterset.qs, order)

    return list_page(
        request,
        filterset,
        "assistance/problems.html",
        {"title": _("帮扶问题"), "by_category": by_category},
        exporter=ProblemExporter,
        export_name="精准帮扶问题",
        rows=_with_state,
        annotate=lambda problems: problems.with_related().annotate(
            case_seen=may_open(request.user, AssistanceCase, OuterRef("case_id"))
        ),
        background="assistance.exports.build_problems",
        # Every problem of the list is in one category's total: no count of its own.
        count=lambda: sum(row["total"] for row in by_category),
        keys=keys,
    )


def _problem(request, pk: int):
    return get_object_or_404(Problem.objects.visible_to(request.user).with_related(), pk=pk)


def _problem_page(request, problem, bound: dict | None = None):
    """The problem's page; `bound` holds a refused form to show again with its errors."""
    user = request.user
    with_problem_states([problem])
    return render(
        request,
        "assistance/problem_detail.html",
        {
            "problem": problem,
            "case_seen": may_open(user, AssistanceCase, problem.case_id),
            "history": history_of(problem),
            "forms": page_forms(PROBLEM_FORMS, bound),
            "can_solve": perm.can_solve_problem(user, problem),
            "can_escalate": perm.can_escalate_problem(user, problem),
            "can_instruct": perm.can_instruct_problem(user, problem),
            # who receives it now (routing follows the case's assisting leader).
            "receiving_leader": rules.escalation_receiving_leader(problem.case),
        },
    )


@login_required
def problem_detail(request, pk: int):
    return _problem_page(request, _problem(request, pk))


PROBLEM_FORMS = {
    "solve": forms.SolveForm,
    "escalate": forms.EscalateForm,
    "instruct": forms.InstructForm,
}

# the team solves, the lead unit escalates to the city government, which instructs.
_problem_step = record_steps(
    _problem,
    _problem_page,
    PROBLEM_FORMS,
    as_name="problem",
    url_name="assistance:problem",
    allowed=perm.can_solve_problem,
)
problem_solve = _problem_step("solve", services.problem_solve, success=gettext_lazy("问题已解决。"))
problem_escalate = _problem_step(
    "escalate",
    services.problem_escalate,
    allowed=perm.can_escalate_problem,
    success=gettext_lazy("已上报市政府。"),
)
problem_instruct = _problem_step(
    "instruct",
    services.problem_instruct,
    allowed=perm.can_instruct_problem,
    success=gettext_lazy("市政府意见已记录。"),
)


@login_required
def escalations(request):
    """A-3: problems reported to the city government, for city leaders and the DRC."""
    require(perm.can_see_escalations(request.user))
    return list_page(
        request,
        ProblemFilterSet(
            request.GET, queryset=selectors.escalations(user=request.user), request=request
        ),
        "assistance/escalations.html",
        {"title": _("上报市政府的问题")},
        exporter=ProblemExporter,
        export_name="上报市政府的问题",
        background="assistance.exports.build_escalations",
        rows=_with_state,
    )


@login_required
def action_list(request):
    """A-7: tasks agreed at joint meetings, the unit's own first among what the user may see."""
    return list_page(
        request,
        ActionItemFilterSet(
            request.GET, queryset=selectors.action_list(user=request.user), request=request
        ),
        "assistance/actions.html",
        rows=_with_state,
    )


@login_required
def queue(request):
    """A-3, A-7: what the user's unit has to do — its problems and meeting action items, the
    most urgent first, each with its total and a link to the whole list."""
    return _queue_page(request)


def _queue_page(request, batch_form=None, ticked=()):
    """The queue; `batch_form` the team batch refused (nothing ticked, or every team ticked
    refused: `ticked`), with the comment typed."""
    problems, actions = selectors.unit_queue(unit_id=request.user.unit_id)
    mine = urlencode({"owner_unit": request.user.unit_id, "status": "open", "ordering": "due_on"})
    problems = queue_head(problems, url=f"{reverse('assistance:problems')}?{mine}")
    actions = queue_head(actions, url=f"{reverse('assistance:actions')}?{mine}")
    with_problem_states([*problems.rows, *actions.rows])
    pending = list(selectors.pending_team_decisions(user=request.user))
    awaiting_city = []
    if perm.can_decide_coordination(request.user):
        # 帮扶机制二(二): the compiled reports with lines the city government has not decided
        awaiting_city = list(
            CoordinationReport.objects.annotate(
                waiting=Count("entries", filter=Q(entries__status=CoordinationStatus.REPORTED))
            )
            .filter(waiting__gt=0)
            .order_by("compiled_on", "id")[:50]
        )
    return render(
        request,
        "assistance/queue.html",
        {
            "problems": problems,
            "actions": actions,
            "pending": pending,
            # the DRC records the decisions of leaders without a login (代为录入).
            "pending_for_me": perm.can_approve_teams(request.user),
            "awaiting_city": awaiting_city,
            "batch_form": batch_form,
            "ticked": ticked,
        },
    )


# --- joint meetings (A-7) -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk: int):
    case = _visible_case(request, pk)
    require(perm.can_convene_meeting(request.user, case))
    return child_create(
        request,
        case,
        forms.MeetingForm,
        services.meeting_create,
        parent_name="case",
        template="assistance/form.html",
        title=_("召开部门联席会议"),
        success=_("联席会议已记录。"),
        next_url=lambda case, meeting: reverse("assistance:meeting", args=[meeting.pk]),
    )


def _meeting(request, pk: int):
    return get_object_or_404(
        JointMeeting.objects.visible_to(request.user).select_related(
            "case__project", "case__team", "convened_by", "convening_unit"
        ),
        pk=pk,
    )


def _meeting_page(request, meeting, *, minutes_form=None, item_form=None, done=None):
    """The meeting's page; a refused form is shown again with its errors and what was typed:
    the minutes, a new task, or `done` (the task's key and its form) in that task's row."""
    user = request.user
    items = list(meeting.action_items.select_related("owner_unit"))
    with_problem_states(items)
    refused_item, done_form = done or (None, None)
    for item in items:
        item.can_complete = perm.can_complete_action(user, item)
        item.done_form = done_form if item.pk == refused_item else None
    return render(
        request,
        "assistance/meeting_detail.html",
        {
            "meeting": meeting,
            # An attendee or a task's owner outside the team sees the meeting, not the case.
            "case_seen": may_open(user, AssistanceCase, meeting.case_id),
            "attendees": list(meeting.attendees.all()),
            "items": items,
            "can_edit": perm.can_edit_minutes(user, meeting),
            "minutes_form": minutes_form
            or forms.MinutesForm(
                initial={
                    "minutes": meeting.minutes,
                    "decisions": meeting.decisions,
                    "version": meeting.version,
                }
            ),
            "item_form": item_form or forms.ActionItemForm(),
            "history": history_of(meeting),
        },
    )


@login_required
def meeting_detail(request, pk: int):
    return _meeting_page(request, _meeting(request, pk))


@login_required
@require_POST
def meeting_minutes(request, pk: int):
    """A-7: whoever convened the meeting keeps its minutes and decisions."""
    meeting = _meeting(request, pk)
    require(perm.can_edit_minutes(request.user, meeting))
    return record_step(
        request,
        meeting,
        forms.MinutesForm(request.POST),
        _on_version(services.meeting_update_minutes),
        as_name="meeting",
        success=_("会议纪要已保存。"),
        done=reverse("assistance:meeting", args=[meeting.pk]),
        page=lambda form: _meeting_page(request, meeting, minutes_form=form),
    )


@login_required
@require_POST
def meeting_item_add(request, pk: int):
    """A-7: a task agreed at the meeting, with its owner unit and time limit."""
    meeting = _meeting(request, pk)
    require(perm.can_edit_minutes(request.user, meeting))
    return record_step(
        request,
        meeting,
        forms.ActionItemForm(request.POST),
        services.action_item_add,
        as_name="meeting",
        success=_("任务已布置。"),
        done=reverse("assistance:meeting", args=[meeting.pk]),
        page=lambda form: _meeting_page(request, meeting, item_form=form),
    )


@login_required
@require_POST
def meeting_item_done(request, pk: int, item_pk: int):
    """A-7: the owner unit reports its task carried out."""
    meeting = _meeting(request, pk)
    item = get_object_or_404(meeting.action_items, pk=item_pk)
    require(perm.can_complete_action(request.user, item))
    return record_step(
        request,
        item,
        forms.ActionDoneForm(request.POST),
        services.action_item_complete,
        as_name="item",
        success=_("任务已落实。"),
        done=reverse("assistance:meeting", args=[meeting.pk]),
        page=lambda form: _meeting_page(request, meeting, done=(item.pk, form)),
    )


# --- promotion groups, liaisons, plans (A-5) ----------------------------------------


@login_required
def group_list(request):
    user = request.user
    groups = PromotionGroup.objects.select_related("head").prefetch_related("areas", "members")
    liaisons = list(GeneralLiaison.objects.select_related("unit", "user__unit"))
    for liaison in liaisons:
        liaison.may_change = perm.can_set_general_liaison(user, liaison.unit)
    return render(
        request,
        "assistance/groups.html",
        {
            "groups": groups,
            "liaisons": liaisons,
            # A unit whose liaison left or was deactivated (A-6, `still_answers`) names another.
            "without_liaison": [
                *selectors.units_without_general_liaison(),
                *(liaison.unit for liaison in liaisons if liaison.user_left),
            ],
            "can_manage": perm.can_manage_groups(user),
            "can_name_liaison": perm.can_set_general_liaison(user),
            # 分地区负责推进 — an area no group covers gets no monthly dispatch.
            "areas_without_group": list(selectors.areas_without_promotion_group()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int | None = None):
    require(perm.can_manage_groups(request.user))
    group = get_object_or_404(PromotionGroup, pk=pk) if pk else None
    initial = (
        {
            "name": group.name,
            "head": group.head_id,
            "members": list(group.members.all()),
            "areas": list(group.areas.all()),
            "version": group.version,
        }
        if group
        else None
    )
    form = forms.PromotionGroupForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            _on_version(services.promotion_group_save),
            user=request.user,
            group=group,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("推进组已保存。"))
        return redirect("assistance:groups")
    return render(request, "assistance/form.html", {"form": form, "title": _("精准帮扶推进组")})


@login_required
@require_http_methods(["GET", "POST"])
def liaison_edit(request):
    require(perm.can_set_general_liaison(request.user))
    form = forms.GeneralLiaisonForm(
        request.POST or None, user=request.user, initial=_liaison_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        require(perm.can_set_general_liaison(request.user, unit))
        # Chosen without knowing who holds the post now (named meanwhile, or another unit's
        # than the form opened on): drawn again on that unit's record, naming who holds it, so
        # saving again replaces them knowingly.
        if attempt(
            form,
            services.general_liaison_set,
            unit=unit,
            liaison=form.cleaned_data["liaison"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        ):
            messages.success(request, _("总联络员已保存。"))
            return redirect("assistance:groups")
    return render(request, "assistance/form.html", {"form": form, "title": _("总联络员")})


def _liaison_initial(request) -> dict:
    """The unit the form opens on (`?unit=`, else the user's own) with its liaison and the
    version of its liaison record (0: none yet), so saving over someone else's choice is
    refused."""
    unit_id = request.GET.get("unit") or request.user.unit_id
    unit_id = int(unit_id) if str(unit_id or "").isdigit() else None
    record = GeneralLiaison.objects.filter(unit_id=unit_id).first() if unit_id else None
    return {
        "unit": unit_id,
        "liaison": record.user_id if record else None,
        "version": record.version if record else 0,
        "version_unit": unit_id,
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request):
    if not perm.can_edit_plan(request.user):
        raise PermissionDenied
    unit = request.user.unit
    year = _plan_year(request)
    current = AssistancePlan.objects.filter(unit=unit, year=year).first()
    initial = (
        {
            "year": year,
            "title": current.title,
            "content": current.content,
            "is_published": current.is_published,
            "version": current.version,
        }
        if current
        else {"year": year, "title": f"{unit.name}{year}年重点项目精准帮扶方案", "version": 0}
    )
    form = forms.PlanForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            _on_version(services.assistance_plan_save),
            unit=unit,
            user=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("帮扶方案已保存。"))
        saved = AssistancePlan.objects.get(unit=unit, year=form.cleaned_data["year"])
        return redirect("assistance:plan_detail", pk=saved.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "title": _("本单位%(year)s年度帮扶方案") % {"year": year},
            "plan_years": [(other, other == year) for other in _plan_years()],
        },
    )


def _plan_years() -> range:
    """The years whose plan the page opens (`rules.plan_years_open`), this year's the default."""
    return rules.plan_years_open(timezone.localdate())


def _plan_year(request) -> int:
    """The year of the plan the page edits, carried by the form itself on a save: the page
    loads that year's plan and its version, so an edit is claimed on the plan it showed, not on
    another year's. A year no longer open when the form is saved (opened before New Year's Day)
    is named on the page its refusal is shown on; an unknown year asked shows this year's."""
    years = _plan_years()
    if request.method == "POST":
        asked = request.POST.get("year", "")
        if asked.isdigit() and AssistancePlan.FIRST_YEAR <= int(asked) <= AssistancePlan.LAST_YEAR:
            return int(asked)
        return years[1]
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and int(asked) in years else years[1]


@login_required
def plan_list(request):
    """A-5: the yearly plans of the areas and departments the user may see (a unit its own,
    city-wide roles every unit's), each with its publication on the unit's portal (未公示)."""
    filterset = PlanFilterSet(
        request.GET,
        queryset=AssistancePlan.objects.visible_to(request.user).select_related("unit"),
        request=request,
    )

    def rows(page):
        # one count on the working-day calendar for the whole page.
        until = rules.publication_overdue_until(timezone.localdate())
        for plan in page:
            plan.publication = plan.publication_state(until)
        return page

    return list_page(
        request,
        filterset,
        "assistance/plans.html",
        {"can_edit": perm.can_edit_plan(request.user)},
        exporter=PlanExporter,
        export_name="帮扶方案",
        rows=rows,
    )


def _visible_plan(request, pk: int) -> AssistancePlan:
    return get_object_or_404(
        AssistancePlan.objects.visible_to(request.user).select_related("unit"), pk=pk
    )


@login_required
def plan_detail(request, pk: int, form=None):
    """A-5: a yearly plan, its publication on its unit's portal — by when, or 未公示 — and, for
    the unit's own people, the form to record it."""
    plan = _visible_plan(request, pk)
    today = timezone.localdate()
    user = request.user
    publication = plan.publication_state(rules.publication_overdue_until(today))
    if form is None and plan.adopted and perm.can_record_plan_publication(user, plan):
        form = forms.PublicationForm(initial={"published_on": today, "version": plan.version})
    return render(
        request,
        "assistance/plan_detail.html",
        {
            "plan": plan,
            "publication": publication,
            "publication_due": rules.publication_due_rule(plan.adopted_on)
            if publication and publication != PublicationState.PUBLISHED
            else None,
            "publication_form": form,
            "can_edit": plan.year in _plan_years() and perm.can_edit_plan(user, plan.unit),
            "history": history_of(plan),
        },
    )


@login_required
@require_POST
def plan_publication(request, pk: int):
    """A-5: the plan's own area or department records that it published the plan on its
    portal; a refused record is shown again on the plan's page with its reasons."""
    plan = _visible_plan(request, pk)
    require(perm.can_record_plan_publication(request.user, plan))
    return record_step(
        request,
        plan,
        forms.PublicationForm(request.POST),
        services.assistance_plan_publication_record,
        as_name="plan",
        success=_("门户网站公示情况已记录。"),
        done=reverse("assistance:plan_detail", args=[plan.pk]),
        page=lambda form: plan_detail(request, plan.pk, form=form),
        values=lambda data: {
            "published_on": data["published_on"],
            "url": data["url"],
            "note": data["note"],
            "expected_version": data["version"],
        },
    )


# --- supervision archives (A-8) ------------------------------------------------------------------


@login_required
def report_list(request):
    # Newest first: the keys of the kinds (2026-W49, 2026-Q3, 2026-12-07, 2026-11) do not sort
    # together, and a day's list fell below a quarter's report of months before.
    reports = (
        SupervisionReport.objects.visible_to(request.user)
        .defer("content")
        .order_by("-created_at", "kind", "scope", "-pk")
    )
    kinds = SupervisionReport.kinds_readable_by(request.user)
    kind = request.GET.get("kind")
    if kind in dict(kinds):
        reports = reports.filter(kind=kind)
    page = paginate(request, reports)
    return render(
        request,
        "assistance/reports.html",
        {"page": page, "query": list_query(request), "kinds": kinds, "kind": kind},
    )


EXPORTERS = {
    ReportKind.INSPECTION: InspectionExporter,
    ReportKind.DISPATCH: DispatchExporter,
    ReportKind.CITY_REPORT: CityReportExporter,
}


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(SupervisionReport.objects.visible_to(request.user), pk=pk)
    if report.kind == ReportKind.WEEKLY:  # the weekly archive is read on the weekly page
        year, _sep, week = report.period_key.partition("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
        return redirect(f"{reverse('assistance:weekly')}?week={monday.isoformat()}")
    content = selectors.report_content_for(report, request.user)
    if request.GET.get("export") == "xlsx" and report.kind in EXPORTERS:
        exporter = EXPORTERS[report.kind](content).describe(
            title=report.title, period=period_name(report.period_key), as_of=report.created_at
        )
        return exporter.response(report.title)
    return render(
        request,
        "assistance/report_detail.html",
        {
            "report": report,
            "content": content,
            **(_inspection_lists(content) if report.kind == ReportKind.INSPECTION else {}),
            **(_dispatch_publication(content) if report.kind == ReportKind.DISPATCH else {}),
            "exportable": report.kind in EXPORTERS,
            # a lead unit reads a group's dispatch for its own cases only.
            "read_in_part": report.kind == ReportKind.DISPATCH
            and selectors.dispatch_read_in_part(report, request.user),
        },
    )


@login_required
def inspection(request):
    """A-8 季度考核: a quarter's inspection of every area and department with its score, rank and
    verdict — the archived report once the quarterly job has made it (as of the quarter's end,
    once), a closed quarter not archived yet computed as its archive will be, and the running
    quarter as a trial on today's records (试算), page and Excel alike. Circulated to the whole
    city (向全市通报), so every signed-in user reads it."""
    today = timezone.localdate()
    with asked_period():
        first = selectors.asked_inspection_quarter(request.GET.get("quarter", ""), today)
    content, archive, provisional = selectors.inspection_for(first, today)
    key = content["quarter"]
    if request.GET.get("export") == "xlsx":
        title = _("%(quarter)s精准帮扶督导检查和季度考核") % {
            "quarter": selectors.quarter_name(first)
        }
        if provisional:
            title = _("%(title)s（预览：截至今日试算）") % {"title": title}
        as_of = dt.date.fromisoformat(content["end"])  # a closed quarter, as of its end
        if archive is not None:
            as_of = archive.created_at
        elif provisional:
            as_of = None  # now
        exporter = InspectionExporter(content, provisional=provisional).describe(
            title=archive.title if archive else title, period=period_name(key), as_of=as_of
        )
        return exporter.response(archive.title if archive else title)
    previous = period_bounds("quarterly", first - dt.timedelta(days=1))[0]
    following = period_bounds("quarterly", first)[1] + dt.timedelta(days=1)
    return render(
        request,
        "assistance/inspection.html",
        {
            "quarter": key,
            "quarter_name": selectors.quarter_name(first),
            "content": content,
            "archive": archive,
            "provisional": provisional,
            **_inspection_lists(content),
            "previous": period_key("quarterly", previous)
            if rules.inspection_quarter_shown_rule(previous, today)
            else None,
            "following": period_key("quarterly", following)
            if rules.inspection_quarter_shown_rule(following, today)
            else None,
            "previous_name": selectors.quarter_name(previous),
            "following_name": selectors.quarter_name(following),
        },
    )


def _inspection_lists(content: dict) -> dict:
    """A-8: the commendation and criticism lists of an assessed quarter, and each row's bars."""
    rows = content.get("rows", [])
    largest = max([r["solved_on_time"] + r["late"] for r in rows] or [0])
    for row in rows:
        row["on_time_width"] = _width(row["solved_on_time"], largest)
        row["late_width"] = _width(row["late"], largest)
    return {
        "commended": [r for r in rows if r.get("verdict") == AssessmentVerdict.COMMENDED],
        "criticised": [r for r in rows if r.get("verdict") == AssessmentVerdict.CRITICISED],
        # archived before publication (of the cases, of the plans) was counted, a quarter
        # judges nobody on it.
        "publication_counted": selectors.publication_counted(rows),
        "plan_publication_counted": selectors.plan_publication_counted(content),
    }


def _dispatch_publication(content: dict) -> dict:
    """A-5 in a group's monthly dispatch: its cases not published on their lead unit's portal in
    time, counted per lead unit over the rows the reader sees, and its areas' yearly plans not
    published in time, counted per area; an archive made before they were counted shows none."""
    cases = content.get("cases", [])
    return {
        "publication_counted": selectors.publication_counted(cases),
        "unpublished_units": selectors.unpublished_by_unit(cases),
        "plan_publication_counted": selectors.plan_publication_counted(content),
        "unpublished_plan_units": selectors.unpublished_plans_by_unit(
            content.get("unpublished_plans", [])
        ),
    }


# --- public pages (A-5) ---------------------------------------------------------------------------


def public_index(request):
    """Anonymous: the areas and departments with published assistance information."""
    return render(request, "assistance/public_index.html", {"units": selectors.public_units()})


def public_feed(request, code: str):
    """Anonymous, machine-readable: the same published data as the unit's public page (A-5),
    every case at once (the page shows them a page at a time)."""
    unit = get_object_or_404(Unit, code=code)
    return JsonResponse(
        {
            "unit": unit.name,
            "plans": [
                {"year": p.year, "title": p.title, "content": p.content}
                for p in selectors.public_plans(unit)
            ],
            "projects": selectors.public_projects(unit=unit),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def public_unit(request, code: str):
    """Anonymous: a unit's assistance plans, project list, leaders and approved teams (A-5).

    The list is paged: all of a unit's cases on one page took a worker one to two seconds at
    city scale. Every page is offered (`bounded=False`): each published case must be reachable
    (A-5), and a unit's list is only its own cases, so a deep page stays cheap."""
    unit = get_object_or_404(Unit, code=code)
    data = selectors.public_page(unit=unit)
    page = paginate(request, data["cases"], bounded=False)
    keys = list(page.object_list.values_list("pk", flat=True))
    page.object_list = [
        {**row, "tier": Tier(row["tier"]).label}
        for row in selectors.public_rows(data["cases"].filter(pk__in=keys))
    ]
    return render(
        request, "assistance/public_unit.html", {"unit": unit, "plans": data["plans"], "page": page}
    )


@login_required
@require_POST
def industry_service(request, pk: int):
    """A-3: the competent department for the project's industry names its leader in charge and
    service staff for it."""
    case = _visible_case(request, pk)
    require(perm.can_assign_industry_service(request.user, case))
    return _case_form_step(
        request,
        case,
        "industry",
        forms.IndustryServiceForm(request.POST, unit=request.user.unit),
        _on_version(services.industry_service_assign),
        _("已配备分管领导和服务人员。"),
    )


# --- weekly dispatch of projects under construction (帮扶机制二(一), A-8) --------------------------


def _week(request) -> dt.date:
    """The Monday of the week named by `?week=` (any day of it), else of this week; a week that
    has not begun is 404, one before the service 400 (A-8, weekly_week_rule)."""
    today = timezone.localdate()
    try:
        day = (
            dt.date.fromisoformat(request.GET.get("week", "")) if request.GET.get("week") else today
        )
    except ValueError as exc:
        raise NotFoundBecause(_("日期格式应为 YYYY-MM-DD。")) from exc
    with asked_period():
        return rules.weekly_week_rule(day, today)


@login_required
@require_http_methods(["GET", "POST"])
def weekly(request):
    """A-8 (帮扶机制二(一)): the week's projects under construction, their progress and who has
    not reported; the DRC records the week's dispatch here. Units see their own projects."""
    user = request.user
    monday = _week(request)
    today = timezone.localdate()
    content, rows, archive = selectors.weekly_for(user=user, monday=monday)
    previous, following = monday - dt.timedelta(days=7), monday + dt.timedelta(days=7)
    # A narrowing the page did not offer (a hand-edited address) shows the whole week.
    narrow = forms.WeeklyNarrowForm(request.GET)
    state, unit = "", None
    if narrow.is_valid():
        state, unit = narrow.cleaned_data["state"], narrow.cleaned_data["unit"]
    shown = selectors.weekly_narrowed(rows, state=state, unit=unit)
    due_on = dt.date.fromisoformat(content["due_on"]) if content["due_on"] else None
    dispatch = WeeklyDispatch.objects.filter(week=monday).select_related("dispatched_by").first()
    form = None
    if perm.can_dispatch_weekly(user):
        form = DispatchForm(
            request.POST or None,
            initial={
                "remarks": dispatch.remarks if dispatch else "",
                "version": dispatch.version if dispatch else 0,
            },
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and attempt(
                form,
                services.weekly_dispatch_record,
                week=monday,
                user=user,
                remarks=form.cleaned_data["remarks"],
                expected_version=form.cleaned_data["version"],
            )
        ):
            messages.success(request, _("本周调度已记录。"))
            return redirect(f"{request.path}?week={monday.isoformat()}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "assistance/weekly.html",
        {
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "due_on": due_on,
            "page": paginate(request, shown, bounded=False),
            "overview": selectors.weekly_overview(rows),
            "state": state,
            "unit_name": next((r["unit"] for r in rows if r.get("unit_id") == unit), "")
            if unit
            else "",
            "narrowed": bool(state or unit),
            "may_report": perm.reports_weekly(user),
            "archive": archive,
            "current": monday == rules.week_monday(today),
            # The running week's due day has passed: a report now counts late.
            "past_due": monday == rules.week_monday(today)
            and rules.weekly_report_state(reported_on=today, due_on=due_on) == "late",
            # Neither a week not begun nor one before the service is linked: each is refused.
            "previous": previous if rules.weekly_week_shown_rule(previous, today) else None,
            "following": following if rules.weekly_week_shown_rule(following, today) else None,
            "dispatch": dispatch,
            "dispatch_history": history_of(dispatch) if dispatch else [],
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def weekly_report(request, pk: int):
    """A-8: a unit reports this week's progress of a project under construction."""
    case = _visible_case(request, pk)
    require(perm.can_report_weekly(request.user, case))
    week = rules.week_monday(timezone.localdate())
    current = WeeklyProgress.objects.filter(case=case, week=week).first()
    initial = (
        {
            "progress": current.progress,
            "investment": current.investment,
            "problems": current.problems,
            "version": current.version,
        }
        if current
        else {"version": 0}
    )
    form = forms.WeeklyProgressForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            _on_version(services.weekly_progress_report),
            case=case,
            user=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("本周进展已报送。"))
        return redirect("assistance:weekly")
    due = rules.weekly_progress_due_rule(week)
    today = timezone.localdate()
    late = rules.weekly_report_state(reported_on=today, due_on=due) == "late"
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "case": case,
            "title": _("报送本周进展（%(start)s起，%(due)s）")
            % {
                "start": month_day(week),
                "due": _("%(date)s前报送") % {"date": month_day(due)} if due else _("本周无工作日"),
            },
            "warning": _("已过本周报送期限（%(date)s），现在报送记为逾期报送。")
            % {"date": month_day(due)}
            if late
            else "",
        },
    )


def public_progress(request):
    """Anonymous (及时发布全市建设项目进展情况): the city-wide progress of projects under
    construction, week by week as archived once each week is over. No person is named and the
    units' internal notes on problems are left out."""
    archives = SupervisionReport.objects.filter(kind=ReportKind.WEEKLY, scope="city")
    weeks = list(archives.defer("content").order_by("-period_key")[:12])
    chosen = request.GET.get("week")
    archive = (
        get_object_or_404(archives, period_key=chosen)
        if chosen
        else archives.order_by("-period_key").first()
    )
    return render(
        request,
        "assistance/public_progress.html",
        {
            "weeks": weeks,
            "archive": archive,
            "content": selectors.public_weekly(archive.content) if archive else None,
        },
    )


# --- proposal lists of other areas and departments (帮扶机制二(二), A-5) ----------------------------


@login_required
@require_http_methods(["GET", "POST"])
def coordination_propose(request, pk: int):
    """A-5: the area or department in charge adds a line to its proposal list."""
    case = _visible_case(request, pk)
    require(perm.can_propose_coordination(request.user, case))
    form = forms.CoordinationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, services.coordination_propose, case=case, user=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, _("已列入建议名单，待市发展改革委汇总。"))
        return redirect("assistance:detail", pk=case.pk)
    return render(
        request,
        "assistance/form.html",
        {"form": form, "case": case, "title": _("建议名单：涉及其他地区、部门")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def coordination(request):
    """A-5: the proposal lists — pending lines and the reports compiled for the city government;
    the DRC compiles the pending lines here."""
    user = request.user
    entries = CoordinationEntry.objects.visible_to(user).with_related()
    entries = entries.annotate(case_seen=may_open(user, AssistanceCase, OuterRef("case_id")))
    status = request.GET.get("status", "")
    if status in CoordinationStatus.values:
        entries = entries.filter(status=status)
    else:
        status = ""
    form = None
    if perm.can_compile_coordination(user):
        form = forms.CoordinationCompileForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            report = attempt(form, services.coordination_compile, user=user, **form.cleaned_data)
            if report:
                messages.success(request, _("已汇总报市政府。"))
                return redirect("assistance:coordination_report", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    # The reports of one year at a time (the latest unless asked), with every year that has
    # any: cut at the latest 20, older ones could be reached from nowhere.
    visible_reports = CoordinationReport.objects.visible_to(user)
    report_years = list(visible_reports.order_by("-year").values_list("year", flat=True).distinct())
    asked_year = request.GET.get("year", "")
    report_year = int(asked_year) if asked_year.isdigit() else None
    # The year a link of the page keeps: one asked for and listed, not the default latest.
    kept_year = report_year if report_year in report_years else None
    if report_year not in report_years:
        report_year = report_years[0] if report_years else None
    reports = (
        visible_reports.filter(year=report_year)
        .select_related("compiled_by")
        .annotate(entry_count=Count("entries"))
    )
    page = paginate(request, entries)
    return render(
        request,
        "assistance/coordination.html",
        {
            "page": page,
            "query": list_query(request),
            "shown_query": shown_query(request, page),
            "statuses": CoordinationStatus.choices,
            "status": status,
            "reports": reports,
            "report_years": report_years,
            "report_year": report_year,
            "kept_year": kept_year,
            "form": form,
            "pending": CoordinationEntry.objects.filter(status=CoordinationStatus.PROPOSED).count()
            if form
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def coordination_report(request, pk: int):
    """A-5: a compiled report to the city government and the city government's decision on each
    line (city leaders and the DRC); a unit sees the reports with its lines."""
    user = request.user
    report = get_object_or_404(
        CoordinationReport.objects.visible_to(user).select_related("compiled_by"), pk=pk
    )
    entries = report.entries.with_related().annotate(
        case_seen=may_open(user, AssistanceCase, OuterRef("case_id"))
    )
    entries = entries.order_by("id")
    total = None
    if not user.is_city_wide:
        entries = entries.filter(pk__in=CoordinationEntry.objects.visible_to(user).values("pk"))
        # The compiler's note counts every line; a unit that sees some is told it sees part.
        total = report.entries.count()
    can_decide = perm.can_decide_coordination(user)
    refused = None
    if request.method == "POST":
        require(can_decide)
        entry = get_object_or_404(report.entries.all(), pk=request.POST.get("entry") or 0)
        form = forms.CoordinationDecideForm(request.POST)
        if form.is_valid() and attempt(
            form, services.coordination_decide, entry=entry, user=user, **form.cleaned_data
        ):
            messages.success(request, _("市政府意见已记录。"))
            return redirect("assistance:coordination_report", pk=report.pk)
        # Shown again in its own line, with its reasons and what was typed; the other lines
        # keep their empty forms.
        refused = (entry.pk, form)
    refused_entry, refused_form = refused or (None, None)
    return render(
        request,
        "assistance/coordination_report.html",
        {
            "report": report,
            "entries": entries,
            "total": total,
            "form": forms.CoordinationDecideForm() if can_decide else None,
            "refused_entry": refused_entry,
            "refused_form": refused_form,
            "reported": CoordinationStatus.REPORTED,
            "history": history_of(report),
        },
    )
