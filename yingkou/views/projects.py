from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingkou import change_requests, export_jobs, services
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.exports import ProjectExporter
from yingkou.filters import ProjectFilterSet
from yingkou.forms import BatchForm, DecisionForm, ProjectForm
from yingkou.history import history_of
from yingkou.models import Project, ProjectChangeRequest, Team
from yingkou.paging import paginate
from yingkou.permissions import (
    can_create_project,
    can_edit_project,
    can_review_change_request,
    require,
)
from yingkou.project_records import project_records
from yingkou.rules import project_code_warnings_rule
from yingkou.told import told_summary
from yingkou.views.kit import (
    batch,
    checked_ids,
    done_at_message,
    form_error,
    links_lead_to,
    list_page,
    list_query,
    next_path,
    record_step,
    refused_row,
    row_action_tail,
)


def _visible(request):
    return Project.objects.visible_to(request.user).with_related()


@login_required
def project_list(request):
    scope = "全市" if request.user.is_city_wide else str(request.user.unit or "")
    return list_page(
        request,
        ProjectFilterSet(request.GET, queryset=_visible(request)),
        "projects/list.html",
        {"can_add": can_create_project(request.user)},
        exporter=lambda rows: ProjectExporter(rows).describe(title="项目库", scope=scope),
        export_name="项目库",
        background=export_jobs.PROJECTS,
    )


@login_required
def project_detail(request, pk: int):
    return _project_page(request, get_object_or_404(_visible(request), pk=pk))


def _project_page(request, project, decision: tuple | None = None):
    """The project's page; `decision` a refused decision on one of its change requests (the
    request and its form), shown again with the reasons and the comment typed, even where the
    request has been decided meanwhile."""
    teams = project.teams.select_related(
        "lead_leader",
        "lead_unit",
        "main_negotiating_unit",
        "service_liaison__unit",
        "project_liaison__unit",
    ).prefetch_related("cooperating_units")
    teams = Team.mark_handed_on(list(teams))
    requests = change_requests.with_rows(
        project.change_requests.select_related("requested_by", "unit_reviewer", "reviewed_by")
    )
    pending = next((r for r in requests if r.status == "pending"), None)
    decided, decision_form = decision or (pending, None)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "teams": teams,
            "history": history_of(project),
            "can_edit": can_edit_project(request.user, project),
            "change_requests": requests,
            "pending": pending,
            "can_review": decision is not None
            or (pending is not None and can_review_change_request(request.user, pending)),
            "decided": decided,
            "decision_form": decision_form,
            "records": project_records(project, request.user),
        },
    )


def warn_about_project_code(request, code: str | None) -> None:
    """SPEC appendix: a doubtful national project code is saved, with a warning to the user."""
    for warning in project_code_warnings_rule(code, today=timezone.localdate()):
        messages.warning(request, warning)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    require(can_create_project(request.user))
    form = ProjectForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form.add_error(exc.field, exc.text)
            status = 400
        else:
            messages.success(request, _("项目已保存。"))
            warn_about_project_code(request, project.code)
            return redirect("projects:detail", pk=project.pk)
    return render(
        request, "projects/form.html", {"form": form, "title": _("新增项目")}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_object_or_404(_visible(request), pk=pk)
    require(can_edit_project(request.user, project))
    form = ProjectForm(request.POST or None, instance=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            edit = services.project_edit(
                project=Project.objects.get(pk=pk),
                user=request.user,
                expected_version=expected,
                **data,
            )
        except StaleVersion as exc:
            form_error(form, exc)
        except RuleViolation as exc:
            # A broken rule is a refused request (400), as in the API; the form shows why.
            form.add_error(exc.field, exc.text)
            status = 400
        else:
            if edit.change_request is not None:
                messages.info(
                    request,
                    _(
                        "总投资、行业等规则字段的修改已提交变更申请，审核通过前项目仍按原审定值统计。"
                    ),
                )
            else:
                messages.success(request, _("修改已保存。"))
            if edit.reevaluations is not None:
                # What rests on a rule field (R-1, N-2, A-2, E-1) was decided again: said here,
                # as the admin says it, so the editor is not the one person left unaware.
                heading = _(
                    "已按 R-1、N-2、A-2、E-1 重新判定本项目的储备库、洽谈、帮扶和企业服务："
                )
                none = _("均无变化，未发送通知。")
                messages.info(request, told_summary(heading, edit.reevaluations, none=none))
            warn_about_project_code(request, form.cleaned_data.get("code"))
            return redirect("projects:detail", pk=pk)
    context = {"form": form, "project": project, "title": _("修改项目")}
    return render(request, "projects/form.html", context, status=status)


@login_required
def change_request_queue(request):
    """The reviewer's queue of change requests (unit reviewer: its unit's; DRC: level-1 step)."""
    return _change_request_queue_page(request)


def _change_request_queue_page(request, batch_form=None, ticked=(), refused=None):
    """The queue; shown again with the batch bar's comment (`batch_form`) and the requests
    `ticked` when a batch was refused, or with a row's comment when its decision was
    (`refused`: the request and its form)."""
    pending = ProjectChangeRequest.objects.to_review_by(request.user).with_related()
    page = paginate(request, pending.order_by("requested_at", "id"))
    page.object_list = change_requests.with_rows(page.object_list)
    query = list_query(request)
    return render(
        request,
        "projects/change_requests.html",
        {
            "page": page,
            "query": query,
            # Where a row's decision leads once done: the queue, as it is filtered.
            "queue_url": reverse("projects:change_requests") + (f"?{query}" if query else ""),
            "row_tail": row_action_tail(request, page),
            "title": _("项目变更审核"),
            "batch_form": batch_form,
            "ticked": ticked,
            "refused": refused_row(refused, page),
        },
    )


@login_required
@links_lead_to("projects:change_requests")
def change_request_batch(request):
    """Approve or return several change requests of the reviewer's queue at once; each goes
    through the same service as a single decision (who may decide and the rules, per request),
    and one refused request does not stop the others. Nothing ticked, or every request
    refused, shows the queue again with the comment typed, the requests still ticked and the
    reasons."""
    decisions = {
        "approve": (
            change_requests.change_request_approve,
            _("已批量审核通过 %(count)s 个变更申请。"),
        ),
        "return": (change_requests.change_request_return, _("已批量退回 %(count)s 个变更申请。")),
    }
    if request.POST.get("action") not in decisions:
        raise Http404
    service, done_message = decisions[request.POST["action"]]
    form = BatchForm(request.POST)
    pending = ProjectChangeRequest.objects.to_review_by(request.user).with_related()
    changes = list(pending.filter(pk__in=checked_ids(request, "changes")))
    if form.is_valid() and not changes:
        form.add_error(None, _("请先勾选要批量处理的变更申请。"))
    if not form.is_valid():
        return _change_request_queue_page(request, batch_form=form)
    comment = form.cleaned_data["comment"]
    done, _refused = batch(
        request,
        changes,
        lambda change: service(request=change, user=request.user, comment=comment),
        done_message=done_message,
        name=lambda change: change.project.name,
        form=form,
    )
    if not done:
        return _change_request_queue_page(
            request, batch_form=form, ticked={change.pk for change in changes}
        )
    return redirect("projects:change_requests")


@login_required
@links_lead_to("projects:change_requests")
def change_request_decide(request, pk: int, decision: str):
    """Approve or return a change request at its current step (R-3 style review), from its row
    of the queue (which sends the queue as `next`) or from the project's page. A refusal shows
    that page again with the comment typed and the reasons beside it; done, back to it."""
    change = get_object_or_404(
        ProjectChangeRequest.objects.visible_to(request.user).with_related(), pk=pk
    )
    decisions = {
        "approve": (change_requests.change_request_approve, _("变更申请已审核通过。")),
        "return": (change_requests.change_request_return, _("变更申请已退回。")),
    }
    if decision not in decisions:
        raise Http404
    service, success = decisions[decision]
    # The queue sends its own address as `next`: refused there, the queue is shown again.
    from_queue = urlsplit(request.POST.get("next", "")).path == reverse("projects:change_requests")
    target = next_path(request) or reverse("projects:detail", args=[change.project_id])

    def page(form):
        if from_queue:
            return _change_request_queue_page(request, refused=(change, form))
        project = get_object_or_404(_visible(request), pk=change.project_id)
        return _project_page(request, project, decision=(change, form))

    return record_step(
        request,
        change,
        DecisionForm(request.POST),
        service,
        as_name="request",
        success=success,
        done=done_at_message(target),
        page=page,
    )
