"""Change requests (变更申请): reviewed changes of a project's rule fields (§1 decision).

Unit staff changing what a decision rests on (see `yingkou.rules.REVIEWED_FIELDS`) propose; the
project keeps its approved values until the unit reviewer — and the DRC for a project in the
level-1 pool — approves. Approval applies the values and re-evaluates everything resting on
them (`yingkou.project_changes.project_changed`) in the same transaction.
"""

from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou import rules
from yingkou.amounts import format_wan
from yingkou.choices import ChangeRequestStatus, NotificationKind, ReviewLevel, Role
from yingkou.models import Project, ProjectChangeRequest, User
from yingkou.notifications import notify
from yingkou.permissions import can_review_change_request, require
from yingkou.project_changes import project_changed, project_dependents, rule_values
from yingkou.services import save_with_history


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def _python(name: str, value):
    field = Project._meta.get_field(name.removesuffix("_id"))
    if name.endswith("_id"):
        return value
    return field.to_python(value)


def change_request_submit(
    *, project: Project, user: User, changes: dict, reason: str = ""
) -> ProjectChangeRequest:
    """Propose new values (by attribute name, e.g. `landing_unit_id`) for a project's rule
    fields; nothing on the project changes yet."""
    rules.one_pending_change_rule(
        pending=ProjectChangeRequest.objects.pending().filter(project=project).exists()
    )
    request = ProjectChangeRequest(
        project=project,
        proposed={name: _json(value) for name, value in changes.items()},
        approved_values={name: _json(getattr(project, name)) for name in changes},
        reason=reason,
        requested_by=user,
    )
    try:
        with transaction.atomic():
            # The unique constraint decides between two requests saved at once.
            save_with_history(request, user, validate_constraints=False)
    except IntegrityError:  # a second request saved at the same moment
        rules.one_pending_change_rule(pending=True)
    _notify_reviewers(
        request, User.objects.filter(role=Role.UNIT_REVIEWER, unit=project.owner_unit)
    )
    return request


def _notify_reviewers(request: ProjectChangeRequest, reviewers) -> None:
    notify(
        kind=NotificationKind.CHANGE_REQUEST,
        title=_("%(project)s的变更申请待审核") % {"project": request.project.name},
        key=f"change_request:{request.pk}:{request.level}",
        url=reverse("projects:detail", args=[request.project_id]),
        users=reviewers,
    )


def _claim(request: ProjectChangeRequest, user: User) -> ProjectChangeRequest:
    """Lock the request; of two reviewers deciding it at once, the second sees it decided."""
    locked = ProjectChangeRequest.objects.select_for_update().select_related("project")
    request = locked.get(pk=request.pk)
    rules.change_request_pending_rule(request)
    require(
        can_review_change_request(user, request),
        _("一级库项目的变更由市发展改革委审核。")
        if request.level == ReviewLevel.DRC
        else _("项目变更由申报单位审核人审核。"),
    )
    return request


@transaction.atomic
def change_request_approve(
    *, request: ProjectChangeRequest, user: User, comment: str = ""
) -> ProjectChangeRequest:
    """Approve at the current step. At the unit step a project in the level-1 pool goes on to
    the DRC; otherwise the values are applied and the decisions resting on them re-evaluated."""
    request = _claim(request, user)
    project = Project.objects.select_for_update().get(pk=request.project_id)
    if request.level == ReviewLevel.UNIT:
        request.unit_reviewer = user
        if any(dependent.drc_reviews for dependent in project_dependents(project)):
            request.level = ReviewLevel.DRC
            request.comment = comment
            request._change_reason = _("单位审核通过，报市发展改革委审核")
            save_with_history(request, user)
            _notify_reviewers(request, User.objects.filter(role=Role.DRC_REVIEWER))
            return request
    before = rule_values(project)
    for name, value in request.proposed.items():
        setattr(project, name, _python(name, value))
    project.version += 1
    project._change_reason = _("变更申请审核通过（%(who)s）") % {"who": user.display_name}
    save_with_history(project, user)
    project_changed(project=project, before=before, user=user)
    request.project = project
    request.status = ChangeRequestStatus.APPROVED
    request.reviewed_by = user
    request.reviewed_at = timezone.now()
    request.comment = comment
    save_with_history(request, user)
    _notify_requester(request)
    return request


def _notify_requester(request: ProjectChangeRequest) -> None:
    notify(
        kind=NotificationKind.CHANGE_REQUEST,
        title=_("%(project)s的变更申请%(status)s")
        % {"project": request.project.name, "status": request.get_status_display()},
        key=f"change_request:{request.pk}:{request.status}",
        url=reverse("projects:detail", args=[request.project_id]),
        body=request.comment,
        users=[request.requested_by],
    )


@transaction.atomic
def change_request_return(
    *, request: ProjectChangeRequest, user: User, comment: str
) -> ProjectChangeRequest:
    """Return the request with the reviewer's comments (退回并提出意见); the project keeps its
    approved values."""
    # Who may decide is asked before what was sent: a reader is refused (403), not told the
    # comment is missing.
    request = _claim(request, user)
    rules.change_return_comment_rule(comment)
    request.status = ChangeRequestStatus.RETURNED
    request.reviewed_by = user
    request.reviewed_at = timezone.now()
    request.comment = comment
    save_with_history(request, user)
    _notify_requester(request)
    return request


def with_rows(requests) -> list[ProjectChangeRequest]:
    """Attach `rows` — (field, approved value, proposed value) as a person reads them — to each
    request, with one query for the units named, whatever the number of requests."""
    from yingkou.industries import industry_label
    from yingkou.models import Unit

    requests = list(requests)
    unit_ids = {
        values.get("landing_unit_id")
        for request in requests
        for values in (request.proposed, request.approved_values)
    } - {None}
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))

    def show(name: str, value) -> str:
        if value in (None, ""):
            return "—"
        if name == "landing_unit_id":
            return units.get(value, str(value))
        if name == "industry":
            return f"{value} {industry_label(value)}"
        if name == "investor_intent_clear":
            return _("是") if value else _("否")
        field = Project._meta.get_field(name)
        if field.choices:
            return str(dict(field.choices).get(value, value))
        if isinstance(field, models.DecimalField):
            return format_wan(Decimal(str(value)))
        return str(value)

    for request in requests:
        request.rows = [
            (
                str(Project._meta.get_field(name.removesuffix("_id")).verbose_name),
                show(name, request.approved_values.get(name)),
                show(name, value),
            )
            for name, value in request.proposed.items()
        ]
    return requests
