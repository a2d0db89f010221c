"""Pages of operating-enterprise help (SPEC §5) for the responsible units, the supervision bureau,
the legal affairs office and city leaders, plus the public complaint form and progress page.

Reading goes through visible_to() (404 outside), acting through enterprise.permissions (403), rules
through the services (form errors naming the rule).
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingkou.audit import audit_record
from yingkou.choices import Stage
from yingkou.client_ip import client_ip
from yingkou.errors import RuleViolation
from yingkou.history import history_of
from yingkou.models import AuditKind, Project, Unit
from yingkou.paging import paginate, shown_query
from yingkou.permissions import require
from yingkou.scheduling import period_key
from yingkou.views.kit import (
    act,
    asked_period,
    attempt,
    checked_ids,
    child_create,
    done_at_message,
    export_response,
    links_lead_to,
    list_page,
    list_query,
    may_open,
    page_forms,
    record_step,
    record_steps,
)

from . import forms, permissions, rules, selectors, services
from .choices import AssessmentVerdict
from .exports import (
    AssessmentExporter,
    ComplaintExporter,
    EnterpriseExporter,
    InspectionExporter,
    MissingVisitExporter,
)
from .filters import (
    ComplaintFilterSet,
    EnterpriseFilterSet,
    InspectionFilterSet,
    ProblemFilterSet,
    PromiseFilterSet,
)
from .models import (
    Accountability,
    AssessmentFigures,
    AssessmentResult,
    Complaint,
    Enterprise,
)

PAGE_SIZE = 50


def _page(request, queryset, count: int | None = None):
    page = paginate(request, queryset, count=count)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- Enterprises (E-1) -------------------------------------------------------------------------


@login_required
def enterprise_list(request):
    return list_page(
        request,
        EnterpriseFilterSet(
            request.GET, queryset=Enterprise.objects.visible_to(request.user), request=request
        ),
        "enterprise/list.html",
        {
            "can_add": permissions.can_register_enterprise(request.user),
            "month": timezone.localdate().replace(day=1),
        },
        exporter=EnterpriseExporter,
        export_name="投产运营企业",
        annotate=selectors.enterprise_figures,
        background="enterprise.exports.build_enterprises",
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    require(permissions.can_register_enterprise(request.user))
    form = forms.EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        require(
            permissions.can_register_enterprise(request.user, form.cleaned_data["responsible_unit"])
        )
        enterprise = attempt(
            form, services.enterprise_register, user=request.user, **form.cleaned_data
        )
        if enterprise:
            messages.success(request, _("企业已纳入帮扶。"))
            return redirect("enterprise:detail", pk=enterprise.pk)
    return render(request, "enterprise/form.html", {"form": form, "title": _("登记投产运营企业")})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_from_project(request):
    """Completed and operating projects not yet handed over (E-1), handed over one by one."""
    require(permissions.can_register_enterprise(request.user))
    taken = Enterprise.objects.filter(project__isnull=False).values("project")
    projects = (
        Project.objects.visible_to(request.user)
        .filter(stage__in=[Stage.COMPLETED, Stage.OPERATING])
        .exclude(pk__in=taken)
        .with_related()
    )
    if request.method == "POST":
        project = get_object_or_404(projects, pk=request.POST.get("project"))
        try:
            enterprise = services.enterprise_register_from_project(
                project=project, user=request.user
            )
        except RuleViolation as exc:
            messages.error(request, exc.text)
        else:
            messages.success(request, _("已转入投产运营企业帮扶，帮扶领导、部门、团队保持不变。"))
            return redirect("enterprise:detail", pk=enterprise.pk)
    page, query = _page(request, projects)
    return render(
        request,
        "enterprise/from_project.html",
        {"page": page, "query": query, "shown_query": shown_query(request, page)},
    )


def _enterprise(request, pk):
    return get_object_or_404(Enterprise.objects.visible_to(request.user).with_related(), pk=pk)


@login_required
def enterprise_detail(request, pk: int):
    enterprise = _enterprise(request, pk)
    user = request.user
    team = None
    if enterprise.team_id:
        from yingkou.models import Team

        team = (
            Team.objects.select_related("lead_leader", "lead_unit", "service_liaison")
            .prefetch_related("cooperating_units", "members")
            .get(pk=enterprise.team_id)
        )
    return render(
        request,
        "enterprise/detail.html",
        {
            "enterprise": enterprise,
            "team": team,
            "visits": selectors.enterprise_visits(enterprise),
            "problems": enterprise.problems.select_related("owner_unit"),
            "promises": enterprise.promises.select_related("responsible_unit", "principal_leader"),
            "inspections": enterprise.inspections.select_related("agency", "joint_with__agency"),
            "complaints": Complaint.objects.visible_to(user)
            .filter(enterprise=enterprise)
            .select_related("handling_unit"),
            "history": history_of(enterprise),
            "can_edit": permissions.can_edit_enterprise(user, enterprise),
            "can_visit": permissions.can_record_visit(user, enterprise),
            "can_raise": permissions.can_raise_problem(user, enterprise),
            "can_promise": permissions.can_manage_promise(user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    enterprise = _enterprise(request, pk)
    require(permissions.can_edit_enterprise(request.user, enterprise))
    form = forms.EnterpriseForm(request.POST or None, instance=Enterprise.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("introducing_unit", "responsible_unit"):
            data.pop(name)
        data["expected_version"] = data.pop("version")
        fresh = Enterprise.objects.get(pk=pk)
        if attempt(form, services.enterprise_update, enterprise=fresh, user=request.user, **data):
            messages.success(request, _("修改已保存。"))
            return redirect("enterprise:detail", pk=pk)
    return render(
        request,
        "enterprise/form.html",
        {"form": form, "title": _("修改企业信息"), "back": enterprise.get_absolute_url()},
    )


# --- Visits (E-2) ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    enterprise = _enterprise(request, pk)
    require(permissions.can_record_visit(request.user, enterprise))

    def record(**kwargs):
        visit = services.visit_record(**kwargs)
        if not selectors.visit_counts(visit):
            messages.warning(
                request,
                _(
                    "%(unit)s不在该企业的帮扶责任链中（责任地区、部门，对口服务部门，服务团队或负责领导），"
                    "本次走访已记录，但不计入每月走访（E-2）。"
                )
                % {"unit": visit.visiting_unit},
            )
        return visit

    return child_create(
        request,
        enterprise,
        forms.VisitForm,
        record,
        parent_name="enterprise",
        template="enterprise/form.html",
        title=_("登记走访服务"),
        success=_("走访记录已保存。"),
        next_url=lambda enterprise, visit: enterprise.get_absolute_url(),
        form_kwargs={"initial": {"visited_on": timezone.localdate()}},
        context={"subject": enterprise, "back": enterprise.get_absolute_url()},
    )


@login_required
def visit_compliance(request):
    """E-2: key enterprises without a visit this month, and who answers for each."""
    month = selectors.asked_month(request.GET)
    today = timezone.localdate()
    with asked_period():
        rules.visit_month_rule(month, today)
    scope = Enterprise.objects.visible_to(request.user)
    missing = selectors.enterprises_without_visit(month=month, queryset=scope)
    if request.GET.get("export") == "xlsx":
        return export_response(
            request,
            missing,
            MissingVisitExporter,
            f"未走访重点企业-{month:%Y-%m}",
            background="enterprise.exports.build_missing_visits",
        )
    coverage = selectors.visit_coverage_by_unit(month=month, queryset=scope)
    # The coverage holds every key enterprise in scope and whether it was visited: the list's
    # length is the ones behind, without running the visit rule once more to count them.
    page, query = _page(request, missing, count=sum(c.behind for c in coverage))
    first = month.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    # Neither a month not begun nor one before the service is linked: each is refused.
    previous = previous if rules.visit_month_shown_rule(previous, today) else None
    following = following if rules.visit_month_shown_rule(following, today) else None
    return render(
        request,
        "enterprise/visits.html",
        {
            "month": first,
            "previous": previous,
            "following": following,
            "page": page,
            "query": query,
            "coverage": coverage,
            "key_total": sum(c.key for c in coverage),
            "visited_total": sum(c.visited for c in coverage),
        },
    )


# --- Problems (E-3) ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request, pk: int):
    enterprise = _enterprise(request, pk)
    require(permissions.can_raise_problem(request.user, enterprise))
    return child_create(
        request,
        enterprise,
        forms.ProblemForm,
        services.problem_raise,
        parent_name="enterprise",
        template="enterprise/form.html",
        title=_("登记企业问题"),
        success=_("问题已登记，本单位为首问责任单位。"),
        next_url=lambda enterprise, problem: reverse("enterprise:problem", args=[problem.pk]),
        form_kwargs={"initial": {"raised_on": timezone.localdate()}},
        context={"subject": enterprise, "back": enterprise.get_absolute_url()},
    )


@login_required
def problem_list(request):
    return list_page(
        request,
        ProblemFilterSet(
            request.GET,
            queryset=selectors.problem_list(request.user).annotate(
                enterprise_seen=may_open(request.user, Enterprise, OuterRef("enterprise_id"))
            ),
        ),
        "enterprise/problems.html",
        {"today": timezone.localdate()},
    )


PROBLEM_FORMS = {
    "hand_on": forms.HandOnForm,
    "materials": forms.MaterialsForm,
    "action": forms.ActionForm,
    "solve": forms.SolveForm,
}


def _problem(request, pk: int):
    return get_object_or_404(selectors.problem_list(request.user), pk=pk)


def _problem_page(request, problem, bound: dict | None = None):
    """The problem's page; `bound` holds a refused form to show again with its errors."""
    user = request.user
    actions = problem.actions.select_related("unit")
    return render(
        request,
        "enterprise/problem.html",
        {
            "problem": problem,
            "enterprise_seen": may_open(user, Enterprise, problem.enterprise_id),
            "forms": page_forms(PROBLEM_FORMS, bound),
            "can_handle": permissions.can_own_problem(user, problem)
            and rules.problem_is_open(problem),
            "actions": actions,
            "my_actions": [
                (a, _action_done_form(a, (bound or {}).get("done")))
                for a in actions
                if permissions.can_complete_action(user, a) and not a.done_on
            ],
            "handovers": problem.handovers.select_related("from_unit", "to_unit", "handed_by"),
            "history": history_of(problem),
            "today": timezone.localdate(),
        },
    )


def _action_done_form(action, refused):
    """The form for one of the department's tasks: it names the task itself, so that what it
    sends is that task (a form with an empty `action` beside the task's own was sent empty, the
    browser sending both and the form reading the last); the refused one stays with its task."""
    if refused is not None and refused.data.get("action") == str(action.pk):
        return refused
    return forms.ActionDoneForm(initial={"action": action.pk})


@login_required
def problem_detail(request, pk: int):
    return _problem_page(request, _problem(request, pk))


# The owning unit's E-3 steps (首问负责).
_problem_step = record_steps(
    _problem,
    _problem_page,
    PROBLEM_FORMS,
    as_name="problem",
    url_name="enterprise:problem",
    allowed=permissions.can_own_problem,
)
problem_materials = _problem_step("materials", services.problem_notify_materials)
problem_request_action = _problem_step("action", services.problem_request_action)
problem_hand_on = _problem_step("hand_on", services.problem_hand_on)
problem_solve = _problem_step("solve", services.problem_solve)


@login_required
@require_POST
def problem_action_done(request, pk: int):
    """A department asked to help reports its part done."""
    problem = _problem(request, pk)
    require(permissions.can_complete_actions_of(request.user, problem))
    form = forms.ActionDoneForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        item = get_object_or_404(problem.actions.all(), pk=data.pop("action"))
        require(permissions.can_complete_action(request.user, item))
        if attempt(form, services.problem_action_complete, action=item, user=request.user, **data):
            messages.success(request, _("已保存。"))
            return redirect("enterprise:problem", pk=pk)
    return _problem_page(request, problem, {"done": form})


# --- Complaints (E-4) --------------------------------------------------------------------------


@login_required
def complaint_list(request):
    return list_page(
        request,
        ComplaintFilterSet(request.GET, queryset=selectors.complaint_list(request.user)),
        "enterprise/complaints.html",
        lambda filterset: {
            "counts": selectors.complaint_counts(filterset.qs),
            "can_add": permissions.can_receive_complaint(request.user),
        },
        exporter=ComplaintExporter,
        export_name="投诉举报",
        background="enterprise.exports.build_complaints",
        rows=lambda page: [
            (c, permissions.handles_complaint(request.user, c, selectors.chain_unit_ids(c)))
            for c in page
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    require(permissions.can_receive_complaint(request.user))
    form = forms.StaffComplaintForm(
        request.POST or None, user=request.user, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        complaint = attempt(
            form,
            services.complaint_receive,
            user=request.user,
            receiving_unit=request.user.unit,
            **form.cleaned_data,
        )
        if complaint:
            messages.success(
                request,
                _("投诉已受理，查询编号 %(number)s。") % {"number": complaint.tracking_number},
            )
            return redirect("enterprise:complaint", pk=complaint.pk)
    return render(request, "enterprise/form.html", {"form": form, "title": _("登记电话、信箱投诉")})


COMPLAINT_FORMS = {
    "transfer": forms.TransferForm,
    "reply": forms.ReplyForm,
    "statutory": forms.StatutoryForm,
    "feedback": forms.FeedbackForm,
}


def _complaint(request, pk: int):
    return get_object_or_404(selectors.complaint_list(request.user), pk=pk)


def _complaint_page(request, complaint, bound: dict | None = None):
    """The complaint's page; `bound` holds a refused form to show again with its errors."""
    user = request.user
    initial = {"reply": {"done_on": timezone.localdate()}}
    handles = permissions.handles_complaint(user, complaint, selectors.chain_unit_ids(complaint))
    if handles:
        _audit_personal_data(request, complaint)
    return render(
        request,
        "enterprise/complaint.html",
        {
            "complaint": complaint,
            "enterprise_seen": may_open(user, Enterprise, complaint.enterprise_id),
            "handles": handles,
            "can_act": permissions.can_act_on_complaint(user, complaint),
            # A step refused because the complaint moved on meanwhile keeps its form on the
            # page, with why and what was typed in it.
            "act_refused": bool(set(bound or {}) & {"reply", "transfer", "statutory"}),
            "can_record_feedback": permissions.can_record_feedback(user, complaint),
            "forms": page_forms(COMPLAINT_FORMS, bound, initial),
            "history": history_of(complaint),
            "today": timezone.localdate(),
        },
    )


@login_required
def complaint_detail(request, pk: int):
    return _complaint_page(request, _complaint(request, pk))


# The E-4 steps of the unit handling the complaint now; the feedback (回访) is recorded by
# whoever may record it.
_complaint_step = record_steps(
    _complaint,
    _complaint_page,
    COMPLAINT_FORMS,
    as_name="complaint",
    url_name="enterprise:complaint",
    # A unit the complaint has left is let through to the service, which tells it where the
    # complaint went meanwhile (E-4) instead of answering 403.
    allowed=lambda user, complaint: (
        permissions.can_act_on_complaint(user, complaint)
        or permissions.complaint_passed_on_by(user, complaint)
    ),
)
complaint_transfer = _complaint_step("transfer", services.complaint_transfer)
complaint_reply = _complaint_step("reply", services.complaint_reply)
complaint_statutory_days = _complaint_step("statutory", services.complaint_set_statutory_days)
complaint_feedback = _complaint_step(
    "feedback", services.complaint_feedback, allowed=permissions.can_record_feedback
)


def _audit_personal_data(request, complaint) -> None:
    audit_record(
        kind=AuditKind.PERSONAL_DATA,
        request=request,
        detail=f"投诉 {complaint.tracking_number}（{complaint.pk}）",
    )


PUBLIC_SUBMISSIONS_PER_HOUR = 10


def _within_public_limit(request, form) -> bool:
    """A form open to anyone: at most a few submissions per address and hour, against floods."""
    key = f"enterprise:complaints:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, count := 1, timeout=3600)
    if count > PUBLIC_SUBMISSIONS_PER_HOUR:
        form.add_error(None, _("提交过于频繁，请稍后再试或拨打投诉举报电话。"))
        return False
    return True


@require_http_methods(["GET", "POST"])
def complaint_public(request):
    """The public complaint form (投诉举报网络平台): no login; answers with a tracking number."""
    form = forms.PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _within_public_limit(request, form):
        complaint = attempt(form, services.complaint_submit_online, **form.cleaned_data)
        if complaint:
            # Post/redirect/get: refreshing the confirmation must not file the complaint again.
            request.session[RECEIVED_SESSION_KEY] = complaint.pk
            return redirect("enterprise:complaint_received")
    return render(
        request,
        "enterprise/public_form.html",
        {
            "form": form,
            "complaint_phone": settings.COMPLAINT_PHONE,
            "complaint_mailbox": settings.COMPLAINT_MAILBOX,
        },
    )


RECEIVED_SESSION_KEY = "enterprise_complaint_received"


def complaint_received(request):
    """The confirmation with the tracking number, for the visitor who has just filed."""
    pk = request.session.get(RECEIVED_SESSION_KEY)
    complaint = Complaint.objects.filter(pk=pk).first() if pk else None
    if complaint is None:
        return redirect("enterprise:complaint_public")
    return render(
        request,
        "enterprise/public_received.html",
        {"number": complaint.tracking_number, "complaint": complaint},
    )


def complaint_track(request):
    """Public progress by tracking number: status and dates only, never anyone's data."""
    form = forms.TrackForm(request.GET or None)
    found = None
    searched = False
    if form.is_valid():
        searched = True
        found = (
            Complaint.objects.filter(tracking_number=form.cleaned_data["number"].strip().upper())
            .only("tracking_number", "received_on", "due_on", "done_on", "status")
            .first()
        )
    return render(
        request,
        "enterprise/public_track.html",
        {"form": form, "found": found, "searched": searched},
    )


# --- Inspections (E-5) -------------------------------------------------------------------------


@login_required
def inspection_list(request):
    return _inspections_page(request)


def _inspections_page(request, merge_form=None):
    """The inspections; `merge_form` a refused merge, shown again with its plans as they were
    ticked and the lead chosen, and why."""
    # Who may merge, what is offered and whether each row still fits read the units once.
    context = rules.merge_context()
    can_merge = permissions.can_merge_inspections(request.user, context)
    candidates = selectors.merge_candidates(request.user, context) if can_merge else []
    return list_page(
        request,
        InspectionFilterSet(
            request.GET,
            queryset=selectors.inspection_list(request.user).annotate(
                enterprise_seen=may_open(request.user, Enterprise, OuterRef("enterprise_id"))
            ),
        ),
        "enterprise/inspections.html",
        {
            "can_plan": permissions.can_plan_inspection(request.user),
            "can_merge": can_merge,
            "candidates": candidates,
            "merge_apart": _merge_as_sent(request, candidates, merge_form),
        },
        exporter=InspectionExporter,
        export_name="涉企执法检查",
        background="enterprise.exports.build_inspections",
        # E-5: each open row says whether it still fits, judged for the whole page at once.
        rows=lambda page: _judged(page.object_list, context.tree),
    )


def _judged(inspections, units=None) -> list:
    inspections = list(inspections)
    rules.inspections_unfit(inspections, current=units)
    return inspections


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    require(permissions.can_plan_inspection(request.user))
    form = forms.InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        inspection = attempt(form, services.inspection_plan, user=request.user, **form.cleaned_data)
        if inspection:
            messages.success(request, _("检查计划已报送，待本级政府批准。"))
            return redirect("enterprise:inspection", pk=inspection.pk)
    return render(request, "enterprise/form.html", {"form": form, "title": _("报送执法检查计划")})


def _merge_as_sent(request, candidates, form) -> dict | None:
    """E-5: each group of plans offered for merging, ticked and led as merge_candidates proposes
    (a merge the rule allows: one plan per agency, a joint inspection leading);
    the group of a refused merge (`form`) as it was sent instead, with its reasons, and with the
    plans sent that have left it meanwhile (decided, as the reason in their row says). Where the
    plans sent are in no group any more (merged or decided meanwhile, as the reason says), they
    are returned to be drawn above the groups with the form, so the choice is not lost either."""
    for group in candidates:
        group["rows"] = [(plan, None, None) for plan in group["plans"]]
    if form is None:
        return None
    ticked = set(checked_ids(request, "inspections"))
    lead = next(iter(checked_ids(request, "lead")), None)
    sent = {"form": form, "ticked": ticked, "lead": lead}
    for group in candidates:
        plans = {plan.pk for plan in group["plans"]}
        if lead in plans or ticked & plans:
            left = (ticked | {lead}) - plans - {None}
            if left:
                visible = selectors.inspection_list(request.user).filter(pk__in=left)
                group["plans"] = [*group["plans"], *visible.order_by("pk")]
            group.update(sent)
            _merge_reasons_placed(group)
            return None
    chosen = ticked | ({lead} if lead else set())
    plans = list(selectors.inspection_list(request.user).filter(pk__in=chosen))
    first = plans[0] if plans else None
    apart = {
        "plans": plans,
        "enterprise": first and first.enterprise,
        **sent,
    }
    _merge_reasons_placed(apart)
    return apart


def _merge_reasons_placed(group: dict) -> None:
    """E-5: where a refused merge says why. A reason because of one plan is drawn in its row,
    beside its box, and one about the lead chosen beside the lead's button — when no plan drawn
    was chosen, above the table (`lead_reasons`), tied to every lead button: the table's head,
    where it was drawn, is hidden on a phone; the reasons about the merge as a whole (or about
    a plan not drawn) above the table too (`reasons`)."""
    form = group["form"]
    drawn = {plan.pk for plan in group["plans"]}
    lead_drawn = group["lead"] in drawn
    lead_reasons = form.errors.get("lead")
    group["rows"] = [
        (
            plan,
            form.row_errors.get(plan.pk),
            lead_reasons if lead_drawn and plan.pk == group["lead"] else None,
        )
        for plan in group["plans"]
    ]
    group["lead_reasons"] = None if lead_drawn else lead_reasons
    group["reasons"] = form.error_class(
        [
            *form.non_field_errors(),
            *form.errors.get("inspections", ()),
            *(
                reason
                for pk, reasons in form.row_errors.items()
                if pk not in drawn
                for reason in reasons
            ),
        ],
        error_class="nonfield",
    )


@login_required
@links_lead_to("enterprise:inspections")
def inspection_merge(request):
    """E-5: the legal affairs office (or the government merging in its place) merges the plans
    ticked in a group of the inspections page into one joint inspection under the lead chosen.
    A refused merge shows the page again, as it was filtered, with that group as it was sent."""
    require(permissions.can_merge_inspections(request.user))
    form = forms.InspectionMergeForm(request.POST)
    lead = form.is_valid() and attempt(
        form,
        services.inspection_merge,
        inspections=list(form.cleaned_data["inspections"]),
        lead=form.cleaned_data["lead"],
        user=request.user,
    )
    if not lead:
        return _inspections_page(request, merge_form=form)
    messages.success(request, _("已合并为联合检查，由%(agency)s牵头。") % {"agency": lead.agency})
    query = list_query(request)
    return redirect(
        done_at_message(reverse("enterprise:inspections") + (f"?{query}" if query else ""))
    )


def _inspection(request, pk: int):
    return get_object_or_404(selectors.inspection_list(request.user), pk=pk)


def _inspection_page(request, inspection, carry_form=None, withdraw_form=None, redate_form=None):
    user = request.user
    can_approve = permissions.can_approve_inspection(
        user, inspection
    ) and rules.inspection_decision_possible(inspection, user.unit)
    return render(
        request,
        "enterprise/inspection.html",
        {
            "inspection": inspection,
            "enterprise_seen": may_open(user, Enterprise, inspection.enterprise_id),
            "joined": inspection.joined.select_related("agency"),
            "released": selectors.released_plans(inspection),
            "can_approve": can_approve,
            "approval_refused": rules.inspection_approval_refused(inspection, user.unit)
            if can_approve
            else None,
            "can_carry_out": permissions.can_carry_out_inspection(user, inspection)
            and rules.inspection_approved(inspection),
            "carry_out_refused": rules.inspection_carry_out_refused(inspection),
            "carry_form": carry_form
            or forms.CarryOutForm(initial={"carried_out_on": timezone.localdate()}),
            "can_withdraw": permissions.can_withdraw_inspection(user, inspection)
            and rules.inspection_withdrawable(inspection),
            "withdraw_form": withdraw_form or forms.WithdrawInspectionForm(),
            "can_redate": permissions.can_redate_inspection(user, inspection)
            and rules.inspection_redatable(inspection),
            "redate_form": redate_form
            or forms.RedateInspectionForm(initial={"planned_on": inspection.planned_on}),
            "history": history_of(inspection),
            "unfit_reasons": inspection.unfit_reasons,
            # Those who do not decide on it read why it waits (the approval card says it too).
            "merge_waiting": None if can_approve else rules.inspection_merge_waiting(inspection),
        },
    )


@login_required
def inspection_detail(request, pk: int):
    return _inspection_page(request, _inspection(request, pk))


def _inspection_decision(request, pk: int, service, success: str):
    """E-5: the same-level government approves or turns down a plan (a button, no form)."""
    inspection = _inspection(request, pk)
    require(permissions.can_approve_inspection(request.user, inspection))
    act(request, service, inspection=inspection, user=request.user, success=success)
    return redirect("enterprise:inspection", pk=pk)


@login_required
@require_POST
def inspection_approve(request, pk: int):
    return _inspection_decision(request, pk, services.inspection_approve, _("检查计划已批准。"))


@login_required
@require_POST
def inspection_reject(request, pk: int):
    return _inspection_decision(
        request, pk, services.inspection_reject, _("检查计划已决定不予批准。")
    )


@login_required
@require_POST
def inspection_carry_out(request, pk: int):
    inspection = _inspection(request, pk)
    require(permissions.can_carry_out_inspection(request.user, inspection))
    return record_step(
        request,
        inspection,
        forms.CarryOutForm(request.POST),
        services.inspection_carry_out,
        as_name="inspection",
        success=_("已登记检查结果。"),
        done=reverse("enterprise:inspection", args=[pk]),
        page=lambda form: _inspection_page(request, inspection, form),
    )


@login_required
@require_POST
def inspection_withdraw(request, pk: int):
    inspection = _inspection(request, pk)
    require(permissions.can_withdraw_inspection(request.user, inspection))
    return record_step(
        request,
        inspection,
        forms.WithdrawInspectionForm(request.POST),
        services.inspection_withdraw,
        as_name="inspection",
        success=_("检查计划已撤回。"),
        done=reverse("enterprise:inspection", args=[pk]),
        page=lambda form: _inspection_page(request, inspection, withdraw_form=form),
    )


@login_required
@require_POST
def inspection_redate(request, pk: int):
    inspection = _inspection(request, pk)
    require(permissions.can_redate_inspection(request.user, inspection))
    return record_step(
        request,
        inspection,
        forms.RedateInspectionForm(request.POST),
        services.inspection_redate,
        as_name="inspection",
        success=_("计划检查日期已调整。"),
        done=reverse("enterprise:inspection", args=[pk]),
        page=lambda form: _inspection_page(request, inspection, redate_form=form),
    )


# --- Promises (E-6) ----------------------------------------------------------------------------


@login_required
def promise_list(request):
    return list_page(
        request,
        PromiseFilterSet(
            request.GET,
            queryset=selectors.promise_list(request.user).annotate(
                enterprise_seen=may_open(request.user, Enterprise, OuterRef("enterprise_id"))
            ),
        ),
        "enterprise/promises.html",
        {"today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def promise_create(request, pk: int):
    enterprise = _enterprise(request, pk)
    require(permissions.can_manage_promise(request.user))
    return child_create(
        request,
        enterprise,
        forms.PromiseForm,
        services.promise_create,
        parent_name="enterprise",
        template="enterprise/form.html",
        title=_("登记政策承诺"),
        success=_("承诺已登记，逐条跟踪至兑现。"),
        next_url=lambda enterprise, promise: enterprise.get_absolute_url(),
        form_kwargs={"initial": {"responsible_unit": enterprise.responsible_unit}},
        context={"subject": enterprise, "back": enterprise.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def promise_detail(request, pk: int):
    promise = get_object_or_404(selectors.promise_list(request.user), pk=pk)
    can_manage = permissions.can_manage_promise(request.user, promise)
    # Two forms: closing the promise, and naming its principal leader (一把手, E-6).
    posted = request.POST if request.method == "POST" else None
    which = posted.get("form") if posted is not None else None
    initial = {"version": promise.version}
    form = forms.PromiseCloseForm(posted if which != "principal" else None, initial=initial)
    principal_form = forms.PromisePrincipalForm(
        posted if which == "principal" else None,
        initial=initial,
        responsible_unit=promise.responsible_unit,
        prefix="principal",
    )
    if request.method == "POST":
        require(can_manage)
        bound, service = (
            (principal_form, services.promise_principal_name)
            if which == "principal"
            else (form, services.promise_close)
        )
        if bound.is_valid() and attempt(
            bound,
            service,
            promise=promise,
            user=request.user,
            expected_version=bound.cleaned_data.pop("version"),
            **bound.cleaned_data,
        ):
            messages.success(request, _("已保存。"))
            return redirect("enterprise:promise", pk=pk)
    is_open = rules.promise_is_open(promise)
    return render(
        request,
        "enterprise/promise.html",
        {
            "promise": promise,
            "enterprise_seen": may_open(request.user, Enterprise, promise.enterprise_id),
            "form": form,
            "principal_form": principal_form,
            # A refused save keeps its form on the page so the editor reads why (a stale edit
            # of a promise someone else has just closed).
            "can_manage": can_manage and (is_open or form.is_bound),
            # Offered while the promise is open and names nobody who still answers for it.
            "can_name_principal": can_manage
            and (
                principal_form.is_bound
                or (
                    is_open
                    and not rules.principal_fits_rule(
                        promise.principal_leader, promise.responsible_unit_id
                    )
                )
            ),
            "history": history_of(promise),
            "today": timezone.localdate(),
        },
    )


# --- Assessment (E-7) --------------------------------------------------------------------------


def _assessment_period(request, default: str = "") -> rules.AssessmentPeriod:
    """The period the page shows (`?period=2026-Q3` or `2026`, else `default` or the selector's);
    an unreadable period or one not begun is 404, one before the service 400, with the rule's
    reason."""
    with asked_period():
        return selectors.asked_assessment_period(
            request.GET.get("period", "") or default, timezone.localdate()
        )


def _assessment_periods_around(period: rules.AssessmentPeriod, today: dt.date) -> dict:
    """E-7: the periods a page links to from `period` — the one before and after (only those that
    may be asked for: a period not begun is 404), and the year or its latest quarter."""
    previous = period_key(period.kind, period.start - dt.timedelta(days=1))
    following = period_key(period.kind, period.end + dt.timedelta(days=1))
    return {
        "annual": period.kind == "yearly",
        "year": period.start.year,
        # The year's quarterly page: its fourth quarter, or the running one while it lasts.
        "last_quarter": period_key("quarterly", min(period.end, today)),
        "previous": previous if rules.assessment_period_begun_rule(previous, today) else None,
        "following": following if rules.assessment_period_begun_rule(following, today) else None,
    }


@login_required
def assessment(request):
    """E-7: the quarter's or the year's archived assessment; a closed year is frozen as of
    31 December (by the yearly job's function if it has not run yet); a period still running
    or still being reported is previewed as of today, nobody criticised for not reporting yet."""
    require(permissions.can_see_assessment(request.user))
    period = _assessment_period(request)
    kind, key, start, end = period.kind, period.key, period.start, period.end
    today = timezone.localdate()
    accountability_form = None
    if request.method == "POST":
        require(permissions.can_enter_assessment(request.user))
        accountability_form = forms.AccountabilityForm(request.POST)
        if accountability_form.is_valid():
            data = dict(accountability_form.cleaned_data)
            unit = get_object_or_404(Unit, pk=data.pop("unit"))
            if attempt(
                accountability_form,
                services.accountability_record,
                unit=unit,
                period=key,
                user=request.user,
                expected_version=data.pop("version"),
                **data,
            ):
                messages.success(request, _("问责情况已记录。"))
                return redirect(f"{request.path}?period={key}")
    if kind == "yearly" and rules.assessment_may_archive_rule(end, today):
        services.assessment_archive(period=key, start=start, end=end)
    results, archived = selectors.assessment_results(period, today)
    # While the period runs or its figures may still be reported, its scores and lists are a
    # trial on today's figures: the commendation and criticism lists are drawn up once the
    # reporting window has closed (E-7), so the page and its file say so.
    provisional = not rules.assessment_may_archive_rule(end, today)
    followed_up = {a.unit_id: a for a in Accountability.objects.filter(period=key)}
    # A refused record is shown again in its own unit's form, with its reasons and what was
    # typed; the other units' forms stay as they were.
    refused_unit = accountability_form["unit"].value() if accountability_form else None
    for result in results:
        result.accountability = followed_up.get(result.unit_id)
        result.refused_form = (
            accountability_form if str(result.unit_id) == str(refused_unit) else None
        )
    if request.GET.get("export") == "xlsx":
        exporter = AssessmentExporter(results, provisional=provisional)
        if provisional:
            exporter.describe(
                title=_("营商环境考核-%(period)s（预览：按当前数据试算）") % {"period": key}
            )
        return exporter.response(f"营商环境考核-{key}")
    return render(
        request,
        "enterprise/assessment.html",
        {
            "period": key,
            **_assessment_periods_around(period, today),
            "results": results,
            "archived": archived,
            "reporting_closes": rules.assessment_reporting_closes_rule(end),
            "stage": rules.assessment_stage_rule(end, today).value,
            "provisional": provisional,
            "commended": [r for r in results if r.verdict == AssessmentVerdict.COMMENDED],
            "criticised": [r for r in results if r.verdict in rules.CRITICISED_VERDICTS],
            "awaiting": [r.unit_name for r in results if r.verdict == AssessmentVerdict.AWAITING],
            "can_enter": permissions.can_enter_assessment(request.user),
            "accountability_form": accountability_form or forms.AccountabilityForm(),
            # A refusal for a unit not listed (a stale page) has no form of its own to sit in.
            "refusal_unplaced": accountability_form is not None
            and not any(r.refused_form for r in results),
            "accountability_day": today,
        },
    )


@login_required
def assessment_result(request):
    """E-7: an assessed area or department's own archived result for a quarter or a year, the
    page its notice links to; whoever sees the whole assessment is sent there."""
    if permissions.can_see_assessment(request.user):
        period = _assessment_period(request)
        return redirect(f"{reverse('enterprise:assessment')}?period={period.key}")
    require(permissions.can_see_own_assessment(request.user))
    own = AssessmentResult.objects.filter(unit_id=request.user.unit_id)
    # Opened from the menu, the page shows the unit's latest archived quarter, not the running
    # one, which has no result yet.
    latest = own.filter(period__contains="-Q").order_by("-period").values_list("period", flat=True)
    period = _assessment_period(request, default=latest.first() or "")
    today = timezone.localdate()
    result = own.filter(period=period.key).first()
    accountability = (
        Accountability.objects.filter(period=period.key, unit_id=request.user.unit_id).first()
        if result is not None
        else None
    )
    return render(
        request,
        "enterprise/assessment_result.html",
        {
            "period": period.key,
            **_assessment_periods_around(period, today),
            "stage": rules.assessment_stage_rule(period.end, today).value,
            "reporting_closes": rules.assessment_reporting_closes_rule(period.end),
            "result": result,
            "accountability": accountability,
            "criticised": result is not None and result.verdict in rules.CRITICISED_VERDICTS,
        },
    )


def _figures_initial(request, period: str, units) -> dict:
    """A new entry, or (`?unit=`) the unit's figures of the period to correct, with the version
    they are corrected on: saving over someone else's entry or correction is refused."""
    unit_id = request.GET.get("unit", "")
    record = (
        AssessmentFigures.objects.filter(period=period, unit_id=unit_id, unit__in=units).first()
        if unit_id.isdigit()
        else None
    )
    if record is None:
        return {"period": period, "version": 0}
    fields = forms.FiguresForm.Meta.fields
    return {
        **{name: getattr(record, name) for name in fields},
        "unit": record.unit_id,
        "version": record.version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_figures(request):
    """E-7: an area or department reports its own quarter's figures; the supervision bureau
    sees and may enter or correct every unit's. Frozen once the reporting window has closed."""
    require(permissions.can_report_figures(request.user))
    period = _assessment_period(request)
    today = timezone.localdate()
    with asked_period():
        rules.assessment_figures_period_rule(period.key, today)
    key = period.key
    units = selectors.assessed_units().order_by("code")
    if not permissions.can_enter_assessment(request.user):
        units = units.filter(pk=request.user.unit_id)
    try:
        rules.assessment_figures_open_rule(period.end, today)
        frozen = None
    except RuleViolation as closed:
        frozen = closed.text
    form = forms.FiguresForm(
        request.POST or None, units=units, initial=_figures_initial(request, key, units)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["expected_version"] = data.pop("version")
        if attempt(form, services.assessment_figures_save, user=request.user, **data):
            messages.success(request, _("考核基础数据已保存。"))
            return redirect(f"{request.path}?period={data['period']}")
    entered = AssessmentFigures.objects.filter(period=key, unit__in=units).select_related("unit")
    return render(
        request,
        "enterprise/figures.html",
        {
            # A frozen period offers no form; a form posted anyway shows the rule's refusal.
            "form": form if request.method == "POST" or not frozen else None,
            "frozen": frozen,
            "period": key,
            "reporting_closes": rules.assessment_reporting_closes_rule(period.end),
            "can_see_assessment": permissions.can_see_assessment(request.user),
            "entered": entered,
            "missing": units.exclude(pk__in=entered.values("unit")),
        },
    )
