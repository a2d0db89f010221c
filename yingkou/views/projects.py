from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingkou import access, services
from yingkou.errors import RuleViolation, StaleVersion
from yingkou.exports import ProjectExporter
from yingkou.filters import ProjectFilterSet
from yingkou.forms import ProjectForm
from yingkou.history import history_of
from yingkou.models import Project
from yingkou.paging import paginate
from yingkou.rules import project_code_warnings_rule


def _visible(request):
    return Project.objects.visible_to(request.user).with_related()


@login_required
def project_list(request):
    filterset = ProjectFilterSet(request.GET, queryset=_visible(request))
    if request.GET.get("export") == "xlsx":
        scope = "全市" if request.user.is_city_wide else str(request.user.unit or "")
        return (
            ProjectExporter(filterset.qs).describe(title="项目库", scope=scope).response("项目库")
        )
    page = paginate(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_add": access.allowed(request.user, "add"),
        },
    )


@login_required
def project_detail(request, pk: int):
    project = get_object_or_404(_visible(request), pk=pk)
    teams = project.teams.select_related(
        "lead_leader", "lead_unit", "main_negotiating_unit", "service_liaison", "project_liaison"
    ).prefetch_related("cooperating_units")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "teams": teams,
            "history": history_of(project),
            "can_edit": access.can_edit_project(request.user, project),
        },
    )


def warn_about_project_code(request, code: str | None) -> None:
    """SPEC appendix: a doubtful national project code is saved, with a warning to the user."""
    for warning in project_code_warnings_rule(code, today=timezone.localdate()):
        messages.warning(request, warning)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    access.require(request.user, "add")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form.add_error(exc.field, exc.text)
        else:
            messages.success(request, _("项目已保存。"))
            warn_about_project_code(request, project.code)
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": _("新增项目")})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_object_or_404(_visible(request), pk=pk)
    access.require(request.user, "change", project)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.project_update(
                project=Project.objects.get(pk=pk),
                user=request.user,
                expected_version=expected,
                **data,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except RuleViolation as exc:
            form.add_error(exc.field, exc.text)
        else:
            messages.success(request, _("修改已保存。"))
            warn_about_project_code(request, form.cleaned_data.get("code"))
            return redirect("projects:detail", pk=pk)
    return render(
        request, "projects/form.html", {"form": form, "project": project, "title": _("修改项目")}
    )
