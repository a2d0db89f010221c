"""Writes of the enterprise app (SPEC §5): keyword-only, typed, full_clean(), history user set.

The handover from key-project assistance is `enterprise_register_from_project` (E-1).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import LeaderRank, NotificationKind, UnitKind
from yingkou.dates import long_date
from yingkou.models import IndustryAuthority, Leader, Project, Unit, User
from yingkou.notifications import notify_many
from yingkou.permissions import require
from yingkou.project_changes import Reevaluation
from yingkou.services import (
    claim_version,
    claimed_or_new,
    close_deadline_work,
    lock_for_update,
    save_claimed,
    save_with_history,
    stale,
    team_carry_over,
)

from . import notices, permissions, rules
from .choices import (
    ComplaintChannel,
    ComplaintStatus,
    EnterpriseStatus,
    InspectionStatus,
    ProblemStatus,
    PromiseStatus,
    ResponsibilityTier,
    VisitKind,
)
from .models import (
    Accountability,
    AssessmentFigures,
    AssessmentResult,
    Complaint,
    ComplaintTransfer,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    ProblemAction,
    ProblemHandover,
    Visit,
)
from .units import UnitTree

# --- E-1 enterprises ---------------------------------------------------------------------------


def _apply_responsibility(
    enterprise: Enterprise,
    *,
    responsible_leader: Leader | None = None,
    leader_in_charge: Leader | None = None,
    carried_leader: Leader | None = None,
    carried_in_charge: Leader | None = None,
) -> None:
    decided = rules.enterprise_responsibility_rule(
        total_investment=enterprise.total_investment,
        responsible_unit=enterprise.responsible_unit,
        introducing_unit=enterprise.introducing_unit,
        industry=enterprise.industry,
        responsible_leader=responsible_leader,
        leader_in_charge=leader_in_charge,
        carried_leader=carried_leader,
        carried_in_charge=carried_in_charge,
    )
    enterprise.tier = decided.tier
    enterprise.responsible_leader = decided.responsible_leader
    enterprise.leader_in_charge = decided.leader_in_charge
    enterprise.counterpart_unit = decided.counterpart_unit


def enterprise_register_from_project(*, project: Project, user: User | None) -> Enterprise:
    """Hand a completed project over to operating-enterprise help (E-1). Idempotent.

    The construction phase's leader, lead unit and team stay (保持帮扶领导、部门、团队不变): the
    assistance team is carried over to the enterprise phase, its lead unit answers for the
    enterprise and its lead leader stays responsible whenever the E-1 tier allows him.
    """
    existing = Enterprise.objects.filter(project=project).first()
    if existing is not None:
        return existing
    rules.handover_stage_rule(project.stage)
    try:
        with transaction.atomic():
            team = team_carry_over(
                project=project, from_phase="assistance", to_phase="enterprise", user=user
            )
            enterprise = Enterprise(
                name=project.name,
                project=project,
                area=project.landing_unit,
                introducing_unit=project.owner_unit,
                responsible_unit=team.lead_unit if team else project.owner_unit,
                industry=project.industry,
                total_investment=project.total_investment,
                team=team,
                contact_name=project.contact_name,
                contact_phone=project.contact_phone,
                registered_on=timezone.localdate(),
            )
            _apply_responsibility(enterprise, carried_leader=team.lead_leader if team else None)
            save_with_history(enterprise, user)
    except IntegrityError:
        # Two handovers of one project at once: the other one won; give back its record.
        return Enterprise.objects.get(project=project)
    return enterprise


def enterprise_register(
    *,
    user: User,
    name: str,
    introducing_unit: Unit,
    total_investment: Decimal,
    responsible_unit: Unit | None = None,
    area: Unit | None = None,
    responsible_leader: Leader | None = None,
    leader_in_charge: Leader | None = None,
    **fields,
) -> Enterprise:
    """Register an operating enterprise directly, without a project in the system (E-1)."""
    require(permissions.can_register_enterprise(user, responsible_unit))
    responsible_unit = responsible_unit or user.unit or introducing_unit
    if area is None and introducing_unit.kind in UnitKind.areas():
        area = introducing_unit
    enterprise = Enterprise(
        name=name,
        introducing_unit=introducing_unit,
        responsible_unit=responsible_unit,
        area=area,
        total_investment=total_investment,
        **fields,
    )
    _apply_responsibility(
        enterprise, responsible_leader=responsible_leader, leader_in_charge=leader_in_charge
    )
    save_with_history(enterprise, user)
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    enterprise: Enterprise,
    user: User,
    expected_version: int,
    responsible_leader: Leader | None = None,
    leader_in_charge: Leader | None = None,
    **fields,
) -> Enterprise:
    """Change an enterprise as edited on `expected_version`; the responsibility is decided again
    by the E-1 rule. Of two editors of one version exactly one wins (the conditional UPDATE);
    the other gets StaleVersion instead of silently overwriting the first."""
    require(permissions.can_edit_enterprise(user, enterprise))
    claimed = Enterprise.objects.filter(pk=enterprise.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise stale(enterprise, _("该企业信息已被他人修改，请刷新页面后在最新版本上重新编辑。"))
    enterprise.refresh_from_db()
    rules.one_department_rule(enterprise, fields.pop("responsible_unit", None))
    rules.follows_project_rule(enterprise, fields)
    fields.pop("introducing_unit", None)
    old_area_id = enterprise.area_id
    moving = "area" in fields and getattr(fields["area"], "pk", None) != old_area_id
    inspections_before = _inspections_as_they_stand(enterprise) if moving else []
    before = (enterprise.tier, enterprise.responsible_leader_id, enterprise.leader_in_charge_id)
    old_counterpart_id = enterprise.counterpart_unit_id
    for name, value in fields.items():
        setattr(enterprise, name, value)
    if rules.responsibility_tier(enterprise.total_investment) != before[0]:
        # A new tier: the leaders of the old one are proposed afresh unless new ones are named.
        if responsible_leader is not None and responsible_leader.pk == before[1]:
            responsible_leader = None
        if leader_in_charge is not None and leader_in_charge.pk == before[2]:
            leader_in_charge = None
    _apply_responsibility(
        enterprise, responsible_leader=responsible_leader, leader_in_charge=leader_in_charge
    )
    save_with_history(enterprise, user)
    counterpart = _counterpart_moved(enterprise, old_counterpart_id, cause=_("企业信息修改后，"))
    if counterpart is not None:
        notify_many(
            [counterpart.notice(NotificationKind.HANDED_OVER, f"enterprise:{enterprise.pk}")]
        )
    if moving:
        moved = _inspections_judged_again(
            inspections_before, cause=_moved_cause(enterprise, old_area_id)
        )
        notify_many(
            [
                *(
                    result.notice(NotificationKind.ENTERPRISE_MOVED, f"enterprise:{enterprise.pk}")
                    for result in moved
                ),
                # E-5: the government its plans belong to, and so their groups to merge, follow
                # the area.
                *notices.merge_group_notices([enterprise.pk]),
            ]
        )
    return enterprise


# --- E-2 visits --------------------------------------------------------------------------------


def visit_record(
    *,
    enterprise: Enterprise,
    user: User,
    visited_on: dt.date,
    visitors: str,
    topics: str,
    problems_raised: str = "",
    visiting_unit: Unit | None = None,
    leader: Leader | None = None,
    kind: str = VisitKind.SERVICE,
) -> Visit:
    """E-2: a service activity at an enterprise — a visit, a bank–enterprise matchmaking or a
    talent/job fair (VisitKind)."""
    require(permissions.can_record_visit(user, enterprise))
    rules.visit_date_rule(visited_on, timezone.localdate())
    visit = Visit(
        enterprise=enterprise,
        visited_on=visited_on,
        kind=kind,
        visiting_unit=visiting_unit or user.unit,
        leader=leader,
        visitors=visitors,
        topics=topics,
        problems_raised=problems_raised,
        recorded_by=user,
    )
    save_with_history(visit, user)
    return visit


# --- E-3 problems ------------------------------------------------------------------------------


def problem_raise(
    *,
    enterprise: Enterprise,
    user: User,
    category: str,
    description: str,
    raised_on: dt.date,
    due_on: dt.date | None = None,
    visit: Visit | None = None,
    first_unit: Unit | None = None,
) -> Problem:
    """Record a problem; the unit first asked owns it (首问责任) with a time limit (E-3)."""
    require(permissions.can_raise_problem(user, enterprise))
    first_unit = first_unit or user.unit
    rules.first_unit_rule(first_unit)
    problem = Problem(
        enterprise=enterprise,
        visit=visit,
        category=category,
        description=description,
        raised_on=raised_on,
        first_unit=first_unit,
        owner_unit=first_unit,
        due_on=rules.problem_due_rule(raised_on, due_on),
        recorded_by=user,
    )
    save_with_history(problem, user)
    return problem


@transaction.atomic
def problem_notify_materials(
    *, problem: Problem, user: User, materials: str, notified_on: dt.date | None = None
) -> Problem:
    """E-3 一次性告知: the materials are notified once; of two notices sent together the second
    waits on the row and is refused on the first one's result."""
    lock_for_update(problem)
    require(permissions.can_own_problem(user, problem))
    rules.one_time_notice_rule(problem, materials)
    problem.materials = materials
    problem.materials_notified_on = notified_on or timezone.localdate()
    save_with_history(problem, user)
    return problem


@transaction.atomic
def problem_hand_on(
    *, problem: Problem, user: User, to_unit: Unit, reason: str, handed_on: dt.date | None = None
) -> Problem:
    """A formal hand-on: ownership passes to `to_unit`, the time limit stays (E-3)."""
    lock_for_update(problem)
    require(permissions.can_own_problem(user, problem))
    rules.problem_handover_rule(problem, to_unit, reason)
    handover = ProblemHandover(
        problem=problem,
        from_unit_id=problem.owner_unit_id,
        to_unit=to_unit,
        reason=reason,
        handed_on=handed_on or timezone.localdate(),
        handed_by=user,
    )
    save_with_history(handover, user)
    problem.owner_unit = to_unit
    save_with_history(problem, user)
    notices.problem_handed_on(problem, reason)
    return problem


@transaction.atomic
def problem_request_action(
    *, problem: Problem, user: User, unit: Unit, task: str, due_on: dt.date
) -> ProblemAction:
    """E-3: a department is asked to help; the problem's row is locked so that two requests to
    one department at once leave one open task, not two."""
    lock_for_update(problem)
    require(permissions.can_own_problem(user, problem))
    rules.problem_action_rule(problem, unit, due_on, timezone.localdate())
    action = ProblemAction(problem=problem, unit=unit, task=task, due_on=due_on)
    save_with_history(action, user)
    return action


@transaction.atomic
def problem_action_complete(
    *, action: ProblemAction, user: User, outcome: str, done_on: dt.date | None = None
) -> ProblemAction:
    return close_deadline_work(
        action,
        user,
        allowed=permissions.can_complete_action,
        check=lambda locked, _day: rules.problem_action_done_rule(locked, outcome),
        outcome=outcome,
        done_on=done_on,
    )


@transaction.atomic
def problem_solve(
    *, problem: Problem, user: User, outcome: str, done_on: dt.date | None = None
) -> Problem:
    return close_deadline_work(
        problem,
        user,
        allowed=permissions.can_own_problem,
        check=lambda locked, day: rules.problem_solve_rule(locked, day, outcome),
        outcome=outcome,
        done_on=done_on,
        status=ProblemStatus.SOLVED,
    )


# --- E-4 complaints ----------------------------------------------------------------------------

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _tracking_number(received_on: dt.date) -> str:
    """Unguessable, so the public progress page shows a complaint only to whoever holds it."""
    tail = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(10))
    return f"TS{received_on:%Y%m%d}{tail}"


def complaint_receive(
    *,
    channel: str,
    receiving_unit: Unit,
    received_on: dt.date,
    complainant_name: str,
    complainant_phone: str,
    subject: str,
    content: str,
    user: User | None = None,
    statutory_days: int | None = None,
    **fields,
) -> Complaint:
    """Register a complaint; the reply deadline is fixed now by the E-4 rule. Staff record phone
    and mailbox complaints; online ones come only through the public form (no user)."""
    if user is not None:  # the public form (E-4 网络投诉) is open to anyone
        require(permissions.can_receive_complaint(user))
    rules.complaint_receipt_rule(
        channel=channel,
        by_staff=user is not None,
        received_on=received_on,
        today=timezone.localdate(),
    )
    complaint = Complaint(
        tracking_number=_tracking_number(received_on),
        channel=channel,
        receiving_unit=receiving_unit,
        handling_unit=receiving_unit,
        received_on=received_on,
        statutory_days=statutory_days,
        due_on=rules.complaint_reply_due_rule(received_on, statutory_days),
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        subject=subject,
        content=content,
        recorded_by=user,
        **fields,
    )
    save_with_history(complaint, user)
    if user is None or user.unit_id != complaint.handling_unit_id:
        notices.complaint_assigned(complaint)
    return complaint


def complaint_receiving_office() -> Unit:
    """Online complaints reach the city's business-environment office (营商环境建设局), which
    transfers them by jurisdiction (E-4)."""
    office = Unit.objects.filter(kind=UnitKind.SUPERVISION_BUREAU, is_active=True).order_by("id")
    found = office.first() or Unit.objects.filter(kind=UnitKind.CITY_GOVERNMENT).first()
    rules.receiving_office_rule(found)
    return found


def complaint_submit_online(
    *,
    complainant_name: str,
    complainant_phone: str,
    subject: str,
    content: str,
    complainant_address: str = "",
    complainant_organisation: str = "",
    accused_party: str = "",
    incident_place: str = "",
) -> Complaint:
    """The public form (no login): received today by the city's receiving office."""
    return complaint_receive(
        channel=ComplaintChannel.ONLINE,
        receiving_unit=complaint_receiving_office(),
        received_on=timezone.localdate(),
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        complainant_address=complainant_address,
        complainant_organisation=complainant_organisation,
        accused_party=accused_party,
        incident_place=incident_place,
        subject=subject,
        content=content,
    )


def _may_act_on_complaint(user: User, complaint: Complaint) -> bool:
    """On the locked row: a unit the complaint has left meanwhile is told where it went
    (rules.complaint_moved_on_rule); anyone else not handling it now is refused (403)."""
    if permissions.complaint_passed_on_by(user, complaint):
        rules.complaint_moved_on_rule(complaint, user)
    require(permissions.can_act_on_complaint(user, complaint))
    return True


@transaction.atomic
def complaint_transfer(
    *,
    complaint: Complaint,
    user: User,
    to_unit: Unit,
    note: str = "",
    transferred_on: dt.date | None = None,
) -> Complaint:
    """Transfer by jurisdiction; the chain is kept and the original deadline stays (E-4)."""
    lock_for_update(complaint)
    # Checked again on the locked row: a transfer just made by someone else moves it out of reach.
    _may_act_on_complaint(user, complaint)
    rules.complaint_transfer_rule(complaint, to_unit)
    transfer = ComplaintTransfer(
        complaint=complaint,
        from_unit_id=complaint.handling_unit_id,
        to_unit=to_unit,
        note=note,
        transferred_on=transferred_on or timezone.localdate(),
        transferred_by=user,
    )
    save_with_history(transfer, user)
    complaint.handling_unit = to_unit
    complaint.status = ComplaintStatus.TRANSFERRED
    save_with_history(complaint, user)
    notices.complaint_assigned(complaint)
    return complaint


@transaction.atomic
def complaint_set_statutory_days(
    *, complaint: Complaint, user: User, statutory_days: int | None
) -> Complaint:
    """Record the law's own limit once known; the deadline is counted again from receipt (or
    from the reopening, `Complaint.rule_due_on`)."""
    lock_for_update(complaint)
    _may_act_on_complaint(user, complaint)
    rules.complaint_open_rule(complaint)
    complaint.statutory_days = statutory_days
    complaint.due_on = complaint.rule_due_on()
    save_with_history(complaint, user)
    return complaint


@transaction.atomic
def complaint_reply(
    *, complaint: Complaint, user: User, outcome: str, done_on: dt.date | None = None
) -> Complaint:
    return close_deadline_work(
        complaint,
        user,
        allowed=_may_act_on_complaint,
        check=lambda locked, day: rules.complaint_reply_rule(locked, day, outcome),
        outcome=outcome,
        done_on=done_on,
        status=ComplaintStatus.REPLIED,
    )


# --- E-5 inspections ---------------------------------------------------------------------------


@transaction.atomic
def inspection_plan(
    *,
    user: User,
    enterprise: Enterprise,
    planned_on: dt.date,
    purpose: str,
    agency: Unit | None = None,
) -> Inspection:
    agency = agency or user.unit
    rules.inspection_agency_rule(agency)
    # Two plans for one enterprise filed at once: the second waits, then sees the first (the
    # once-in-12-months rule and the legal affairs office's merge notice read the other plans).
    lock_for_update(enterprise)
    rules.inspection_plan_date_rule(planned_on, timezone.localdate())
    rules.inspection_plan_rule(enterprise=enterprise, agency=agency, planned_on=planned_on)
    # Whether the unit is an enforcement agency at all is E-5's to say (above); who plans, here.
    require(permissions.can_plan_inspection(user))
    inspection = Inspection(
        enterprise=enterprise,
        agency=agency,
        planned_on=planned_on,
        purpose=purpose,
        planned_by=user,
    )
    save_with_history(inspection, user)
    notices.inspection_planned(inspection)
    notices.merge_groups_told([enterprise.pk])
    return inspection


@transaction.atomic
def inspection_approve(
    *, inspection: Inspection, user: User, approved_on: dt.date | None = None
) -> Inspection:
    require(permissions.can_approve_inspection(user, inspection))
    lock_for_update(inspection)
    rules.inspection_approval_rule(inspection, user.unit)
    inspection.status = InspectionStatus.APPROVED
    inspection.approved_by_unit = user.unit
    inspection.approved_by = user
    inspection.approved_on = approved_on or timezone.localdate()
    save_with_history(inspection, user)
    notices.inspection_decided(inspection)
    # An inspection approved holds agencies from other days: plans to merge may be stuck now.
    notices.merge_groups_told([inspection.enterprise_id])
    return inspection


@transaction.atomic
def inspection_reject(*, inspection: Inspection, user: User) -> Inspection:
    require(permissions.can_approve_inspection(user, inspection))
    lock_for_update(inspection)
    rules.inspection_rejection_rule(inspection, user.unit)
    inspection.status = InspectionStatus.REJECTED
    inspection.approved_by_unit = user.unit
    inspection.approved_by = user
    inspection.approved_on = timezone.localdate()
    save_with_history(inspection, user)
    inspection_merged_plans_settle(joint=inspection, user=user)
    # Told after the parts are settled: the notice says they were turned down with it.
    notices.inspection_decided(inspection)
    notices.merge_groups_told([inspection.enterprise_id])
    return inspection


def inspection_merged_plans_settle(*, joint: Inspection, user: User | None) -> list[Inspection]:
    """E-5: the plans merged into `joint` take the status rules.merged_plans_fate gives them now
    that it ended without being carried out — turned down with it (by the same unit, the same
    day), or back to pending and out of it. Each change is a history row naming `user` and the
    reason. Returns the plans changed (none while they stay merged); whom to tell is the
    caller's (inspection_reject, inspection_withdraw)."""
    fate = rules.merged_plans_fate(joint)
    if fate is None:
        return []
    parts = list(
        Inspection.objects.select_for_update()
        .filter(joint_with=joint, status=InspectionStatus.MERGED)
        .select_related("agency", "enterprise")
        .order_by("pk")
    )
    for part in parts:
        part.status = fate
        if fate == InspectionStatus.REJECTED:
            part.approved_by_unit_id = joint.approved_by_unit_id
            part.approved_by_id = joint.approved_by_id
            part.approved_on = joint.approved_on
            reason = _("E-5：所并入的联合检查（%(lead)s牵头）不予批准，一并不予批准")
        else:
            part.joint_with = None
            reason = _("E-5：所并入的联合检查（%(lead)s牵头）已撤回，退回待批准")
        save_with_history(part, user, reason=reason % {"lead": joint.agency.name})
    return parts


@transaction.atomic
def inspection_merge(*, inspections: list[Inspection], lead: Inspection, user: User) -> Inspection:
    """The same-level legal affairs office makes one joint inspection under `lead` (E-5). A joint
    inspection merged under it brings the plans merged into it along (one joint inspection per
    enterprise and government, rules.inspection_merge_rule), each a history row with why."""
    require(permissions.can_merge_inspections(user))
    # Locked in primary-key order so two overlapping merges cannot deadlock.
    inspections = list(
        Inspection.objects.select_for_update()
        .filter(pk__in=[i.pk for i in inspections])
        .order_by("pk")
    )
    lead = next((i for i in inspections if i.pk == lead.pk), lead)
    rules.inspection_merge_rule(inspections, lead)
    if not user.is_superuser:
        rules.inspection_merge_office_rule(inspections, user)
    merged = [inspection for inspection in inspections if inspection.pk != lead.pk]
    moved = list(
        Inspection.objects.select_for_update()
        .filter(joint_with__in=merged, status=InspectionStatus.MERGED)
        .order_by("pk")
    )
    by_pk = {inspection.pk: inspection for inspection in merged}
    for part in moved:
        reason = _("E-5：所并入的联合检查（%(joint)s牵头）并入%(lead)s牵头的联合检查") % {
            "joint": by_pk[part.joint_with_id].agency.name,
            "lead": lead.agency.name,
        }
        part.joint_with = lead
        save_with_history(part, user, reason=reason)
    for inspection in merged:
        inspection.status = InspectionStatus.MERGED
        inspection.joint_with = lead
        save_with_history(inspection, user)
    notices.inspections_merged(lead, [*merged, *moved])
    notices.merge_groups_told([lead.enterprise_id])
    return lead


@transaction.atomic
def inspection_carry_out(
    *, inspection: Inspection, user: User, findings: str, carried_out_on: dt.date | None = None
) -> Inspection:
    require(permissions.can_carry_out_inspection(user, inspection))
    lock_for_update(inspection)
    today = timezone.localdate()
    carried_out_on = carried_out_on or today
    rules.inspection_carry_out_rule(inspection, carried_out_on, today)
    inspection.status = InspectionStatus.DONE
    inspection.carried_out_on = carried_out_on
    inspection.findings = findings
    save_with_history(inspection, user)
    # Held on the day carried out now, not the planned day: plans to merge may be stuck.
    notices.merge_groups_told([inspection.enterprise_id])
    return inspection


@transaction.atomic
def inspection_redate(*, inspection: Inspection, user: User, planned_on: dt.date) -> Inspection:
    """E-5: the agency sets another day for its pending plan (rules.inspection_redate_rule), a
    history row naming both days. Those who approve it are told; the group of plans to merge it
    waits in, on its new days, is told to those who merge it, or why it is stuck
    (notices.merge_groups_told)."""
    require(permissions.can_redate_inspection(user, inspection))
    # As filing does: another plan for the enterprise changing at once is weighed after this.
    lock_for_update(inspection.enterprise)
    lock_for_update(inspection)
    rules.inspection_redate_rule(inspection, planned_on, timezone.localdate())
    before = inspection.planned_on
    inspection.planned_on = planned_on
    save_with_history(
        inspection,
        user,
        reason=_("E-5：计划检查日期由%(before)s调整为%(after)s")
        % {"before": long_date(before), "after": long_date(planned_on)},
    )
    notices.inspection_redated(inspection, before)
    notices.merge_groups_told([inspection.enterprise_id])
    return inspection


@transaction.atomic
def inspection_withdraw(*, inspection: Inspection, user: User, reason: str) -> Inspection:
    """E-5: the agency withdraws (撤回) a plan it will not carry out, pending or approved, giving
    its reason (rules.inspection_withdrawal_rule); the plans merged into a joint one go back to
    pending (inspection_merged_plans_settle). Those who approved it — or, pending, those who had
    it in their queue to approve or merge — and the other agencies of a joint one are told, and
    those who decide on or merge the plans back to pending."""
    require(permissions.can_withdraw_inspection(user, inspection))
    lock_for_update(inspection)
    rules.inspection_withdrawal_rule(inspection, reason)
    # Read before it changes: the people of the unit that approved it answer for it, or those
    # whose queue a pending plan leaves.
    approvers = notices.withdrawal_told_ids(inspection)
    inspection.status = InspectionStatus.WITHDRAWN
    inspection.withdrawn_on = timezone.localdate()
    inspection.withdrawn_by = user
    inspection.withdrawal_reason = reason.strip()
    save_with_history(inspection, user)
    parts = inspection_merged_plans_settle(joint=inspection, user=user)
    notices.inspection_withdrawn(inspection, parts, approvers)
    notices.inspections_back_to_pending(inspection, parts)
    notices.merge_groups_told([inspection.enterprise_id])
    return inspection


# --- E-6 promises ------------------------------------------------------------------------------


def promise_create(
    *,
    user: User,
    enterprise: Enterprise,
    responsible_unit: Unit,
    principal_leader: Leader | None = None,
    **fields,
) -> PolicyPromise:
    """E-6: a promise is tracked from its record, with the principal leader (一把手) of its
    responsible department answering for it (`rules.promise_principal_rule`)."""
    require(permissions.can_manage_promise(user))
    promise = PolicyPromise(
        enterprise=enterprise,
        responsible_unit=responsible_unit,
        principal_leader=rules.promise_principal_rule(responsible_unit, principal_leader),
        **fields,
    )
    save_with_history(promise, user)
    return promise


@transaction.atomic
def promise_principal_name(
    *,
    promise: PolicyPromise,
    user: User,
    principal_leader: Leader,
    expected_version: int,
) -> PolicyPromise:
    """E-6: name the principal leader (一把手) answering for a promise still to be kept — one
    recorded without one (its department had several principal leaders, or none recorded), or
    one whose principal leader has left, retired or changed post."""
    require(permissions.can_manage_promise(user, promise))
    claim_version(
        promise, expected_version, _("该承诺已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    promise.refresh_from_db()
    rules.promise_open_rule(promise)
    promise.principal_leader = rules.promise_principal_rule(
        promise.responsible_unit, principal_leader
    )
    save_with_history(promise, user)
    return promise


@transaction.atomic
def promise_close(
    *,
    promise: PolicyPromise,
    user: User,
    status: str,
    honoured_on: dt.date | None = None,
    evidence: str = "",
    compensation: str = "",
    compensation_amount: Decimal | None = None,
    expected_version: int | None = None,
) -> PolicyPromise:
    """E-6: a promise is closed as honoured or compensated. A person's edit names the version it
    was made on; a stale one is refused (StaleVersion) instead of overwriting the other's."""
    require(permissions.can_manage_promise(user, promise))
    if expected_version is None:
        expected_version = PolicyPromise.objects.values_list("version", flat=True).get(
            pk=promise.pk
        )
    claim_version(
        promise, expected_version, _("该承诺已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    promise.refresh_from_db()
    rules.promise_close_rule(
        promise,
        status=status,
        honoured_on=honoured_on,
        evidence=evidence,
        compensation=compensation,
    )
    promise.status = status
    if status == PromiseStatus.HONOURED:
        promise.honoured_on = honoured_on
        promise.evidence = evidence
    else:
        promise.compensation = compensation
        promise.compensation_amount = compensation_amount
    save_with_history(promise, user)
    return promise


# --- E-7 assessment figures --------------------------------------------------------------------


@transaction.atomic
def assessment_figures_save(
    *, user: User, unit: Unit, period: str, expected_version: int | None = None, **figures
) -> AssessmentFigures:
    """E-7: a unit's figures of a period, reported by the unit itself (or entered by the
    supervision bureau) until the reporting window closes, and corrected on the version the
    editor saw (0: none entered yet); a stale correction is refused (StaleVersion)."""
    require(permissions.can_report_figures(user, unit))
    today = timezone.localdate()
    asked = rules.assessment_figures_period_rule(period, today)
    rules.assessment_figures_open_rule(asked.end, today)
    period = asked.key
    rules.assessment_figures_rule(figures)
    message = _("该单位本期考核基础数据已被他人填报或修改，请刷新页面后在最新数据上重新填写。")
    record = claimed_or_new(AssessmentFigures, expected_version, message, unit=unit, period=period)
    for name, value in figures.items():
        setattr(record, name, value)
    record.entered_by = user
    save_claimed(record, user, message, unit=unit, period=period)
    return record


def assessment_archive(*, period: str, start: dt.date, end: dt.date) -> int:
    """E-7: archive the assessment of every area and department for a quarter or year whose
    reporting window has closed: complaints as recorded at the period's end, the figures as
    reported by the window's last day (whenever they were entered within it). Idempotent per unit
    and period; returns how many results were created."""
    from yingkou.asof import end_of

    from . import selectors

    rules.assessment_archive_rule(end, timezone.localdate())
    reported_by = end_of(rules.assessment_reporting_closes_rule(end))
    created = []
    with transaction.atomic():
        rows = selectors.assessment_rows(period, start, end, end_of(end), reported_by)
        for row in rows:
            result, was_created = AssessmentResult.objects.get_or_create(
                period=period,
                unit=row.unit,
                defaults={name: getattr(row, name) for name in selectors.ASSESSMENT_FIELDS},
            )
            if was_created:
                created.append(result)
        # Told with the result it creates: a second run, a catch-up or the yearly page finding
        # the period archived creates none and tells no one again.
        notices.assessment_archived(period, created)
    return len(created)


@transaction.atomic
def complaint_feedback(*, complaint: Complaint, user: User, accepted: bool) -> Complaint:
    """E-7: the complainant's view of the written reply (回访). Not accepted → the complaint is
    handled again (重新办理), no longer counts as handled well, and the unit handling it is told
    to reply again, within a fresh E-4 limit counted from today (the old due date stays in the
    history). Locked: a second view recorded at the same moment is checked on the state the
    first left."""
    lock_for_update(complaint)
    require(permissions.can_record_feedback(user, complaint))
    rules.complaint_feedback_rule(complaint)
    complaint.accepted_by_complainant = accepted
    reason = ""
    if not accepted:
        was = complaint.due_on
        complaint.reopened = True
        complaint.reopened_on = timezone.localdate()
        complaint.status = ComplaintStatus.RECEIVED
        complaint.done_on = None
        complaint.due_on = complaint.rule_due_on()
        reason = _(
            "投诉人不认可答复，重新办理：答复期限由%(was)s按E-4自%(day)s起重新计算为%(due)s"
        ) % {
            "was": long_date(was),
            "day": long_date(complaint.reopened_on),
            "due": long_date(complaint.due_on),
        }
    save_with_history(complaint, user, reason=reason)
    if not accepted:
        notices.complaint_reopened(complaint)
    return complaint


@transaction.atomic
def accountability_record(
    *,
    unit: Unit,
    period: str,
    user: User,
    measures: str,
    decided_on: dt.date,
    expected_version: int | None = None,
) -> Accountability:
    """E-7: the accountability follow-up (问责) of a unit criticised in the period's assessment,
    recorded or corrected on the version the editor saw (0: none yet)."""
    require(permissions.can_enter_assessment(user))
    result = AssessmentResult.objects.filter(unit=unit, period=period).first()
    rules.accountability_rule(verdict=result.verdict if result else None)
    rules.accountability_measures_rule(measures)
    message = _("该单位的问责情况已被他人记录或修改，请刷新页面后重新填写。")
    record = claimed_or_new(Accountability, expected_version, message, unit=unit, period=period)
    record.measures = measures
    record.decided_on = decided_on
    record.recorded_by = user
    save_claimed(record, user, message, unit=unit, period=period)
    return record


# --- project changes (§1) ---------------------------------------------------------------------


@transaction.atomic
def enterprise_project_changed(*, project: Project, changed: dict, user: User | None) -> list:
    """E-1 after a project change (the enterprise app's answer to `project_changed`): the
    enterprise's investment, industry and area follow its project, and the responsibility tier
    and its leaders are decided again — the current leader stays whenever the new tier allows
    him (一包到底)."""
    if not {"total_investment", "industry", "landing_unit_id"} & changed.keys():
        return []
    enterprise = (
        Enterprise.objects.select_for_update()
        .filter(project=project)
        .exclude(status=EnterpriseStatus.CLOSED)
        .first()
    )
    if enterprise is None:
        return []
    before = (
        enterprise.tier,
        enterprise.responsible_leader_id,
        enterprise.leader_in_charge_id,
        enterprise.counterpart_unit_id,
    )
    old_area_id = enterprise.area_id
    moving = "landing_unit_id" in changed and project.landing_unit_id != old_area_id
    inspections_before = _inspections_as_they_stand(enterprise) if moving else []
    enterprise.total_investment = project.total_investment
    enterprise.industry = project.industry
    if "landing_unit_id" in changed:
        enterprise.area_id = project.landing_unit_id
    stays_city = rules.responsibility_tier(enterprise.total_investment) == before[0] == "city"
    _apply_responsibility(
        enterprise,
        carried_leader=enterprise.responsible_leader,
        carried_in_charge=enterprise.leader_in_charge if stays_city else None,
    )
    enterprise.version += 1
    after = (
        enterprise.tier,
        enterprise.responsible_leader_id,
        enterprise.leader_in_charge_id,
        enterprise.counterpart_unit_id,
    )
    note = _("来源项目变更，按 E-1 重新判定：%(tier)s，负责领导%(leader)s。") % {
        "tier": enterprise.get_tier_display(),
        "leader": enterprise.responsible_leader or _("待指定"),
    }
    # 对口服务 follows the industry: the department that served it and the one that serves it
    # now both learn of it, the new one having its monthly visits to make (E-2).
    old_counterpart_id = before[3]
    if enterprise.counterpart_unit_id != old_counterpart_id:
        note += _counterpart_note(enterprise, old_counterpart_id)
    # The area decides who sees the enterprise and which agencies may inspect it (E-5): the
    # area it leaves and the one it joins learn of it even when tier and leaders stay.
    moved = enterprise.area_id != old_area_id
    if moved:
        note += _("所在地区由%(old)s变更为%(new)s。") % {
            "old": Unit.objects.get(pk=old_area_id).name if old_area_id else _("未指定"),
            "new": enterprise.area.name if enterprise.area_id else _("未指定"),
        }
    enterprise._change_reason = note[:100]
    save_with_history(enterprise, user)
    # E-5: the agencies that may inspect it, the government that approves and the plans it
    # merges follow the area.
    inspections = (
        [
            *_inspections_judged_again(
                inspections_before, cause=_moved_cause(enterprise, old_area_id)
            ),
            *notices.merge_group_notices([enterprise.pk]),
        ]
        if moved
        else []
    )
    if after == before and not moved:
        return []
    return inspections + [
        Reevaluation(
            key=(
                f"enterprise:{enterprise.pk}:{enterprise.tier}:"
                f"{enterprise.responsible_leader_id}:{enterprise.area_id}:"
                f"{enterprise.counterpart_unit_id}"
            ),
            title=(
                _("%(name)s的帮扶责任已按投资变更重新确定")
                if after[:3] != before[:3]
                else _("%(name)s的对口服务部门已随所属行业变更")
                if after != before
                else _("%(name)s的所在地区已随来源项目变更")
            )
            % {"name": enterprise.name},
            body=note,
            url=enterprise.get_absolute_url(),
            units=tuple(
                {
                    enterprise.responsible_unit_id,
                    enterprise.counterpart_unit_id,
                    old_counterpart_id,
                    enterprise.area_id,
                    old_area_id,
                }
                - {None}
            ),
        )
    ]


def _counterpart_note(enterprise: Enterprise, old_counterpart_id: int | None) -> str:
    """E-1: what a notice says of a counterpart unit decided again."""
    old = Unit.objects.filter(pk=old_counterpart_id).first()
    return _("对口服务部门由%(old)s变更为%(new)s（E-1）。") % {
        "old": old.name if old else _("未指定"),
        "new": enterprise.counterpart_unit.name if enterprise.counterpart_unit_id else _("未指定"),
    }


def _counterpart_moved(
    enterprise: Enterprise, old_counterpart_id: int | None, *, cause: str
) -> Reevaluation | None:
    """E-1 对口服务 decided again (`_apply_responsibility`) on something other than the project:
    when it is another department now, the one it leaves, the one that serves it from now on
    (its monthly visits to make, E-2) and the responsible unit are told; None when it stayed."""
    if enterprise.counterpart_unit_id == old_counterpart_id:
        return None
    return Reevaluation(
        key=f"enterprise:{enterprise.pk}:counterpart:{enterprise.counterpart_unit_id}",
        title=_("%(name)s的对口服务部门已重新确定为%(unit)s")
        % {"name": enterprise.name, "unit": enterprise.counterpart_unit.name},
        body=cause + _counterpart_note(enterprise, old_counterpart_id),
        url=enterprise.get_absolute_url(),
        units=tuple(
            {enterprise.counterpart_unit_id, old_counterpart_id, enterprise.responsible_unit_id}
            - {None}
        ),
    )


def _counterpart_verdicts(pairs) -> dict[tuple[int, str], int]:
    """E-1: the counterpart department (`rules.counterpart_unit_rule`) of each (introducing
    unit, industry) of `pairs`, on the units and the reference table as the database holds
    them."""
    units = Unit.objects.in_bulk({introducer for introducer, _industry in pairs})
    return {
        (introducer, industry): rules.counterpart_unit_rule(units[introducer], industry).pk
        for introducer, industry in pairs
    }


def _counterparts_judged_again(*, user: User | None, cause: str, restore) -> list[Reevaluation]:
    """E-1 对口服务 of every enterprise not closed, decided again after an administrator changed
    what the rule reads besides the enterprise (`rules.counterpart_unit_rule`: the units' kind,
    parent and code, the reference table of competent departments). The rule is asked as things
    stood before — `restore` writes the former values back inside a savepoint rolled back at
    once — and as they stand now, once per introducer and industry. Only an enterprise whose
    counterpart was the rule's verdict before and is not now moves: one recorded otherwise
    (kept when the rule changed, see README) stays. It keeps the change in its history, and the
    department it leaves, the one serving it now and its responsible unit are told
    (`_counterpart_moved`)."""
    rows = list(
        Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED).values_list(
            "pk", "introducing_unit_id", "industry", "counterpart_unit_id"
        )
    )
    pairs = {(introducer, industry) for _pk, introducer, industry, _unit in rows}
    if not pairs:
        return []
    with transaction.atomic():
        restore()
        was = _counterpart_verdicts(pairs)
        transaction.set_rollback(True)
    now = _counterpart_verdicts(pairs)
    moving = {
        pk: now[(introducer, industry)]
        for pk, introducer, industry, counterpart in rows
        if counterpart == was[(introducer, industry)] != now[(introducer, industry)]
    }
    results = []
    for enterprise in Enterprise.objects.select_for_update().filter(pk__in=moving).order_by("pk"):
        old_counterpart_id = enterprise.counterpart_unit_id
        enterprise.counterpart_unit_id = moving[enterprise.pk]
        moved = _counterpart_moved(enterprise, old_counterpart_id, cause=cause)
        enterprise.version += 1
        enterprise._change_reason = moved.body[:100]
        save_with_history(enterprise, user)
        results.append(moved)
    return results


@transaction.atomic
def enterprise_unit_added(*, unit: Unit, user: User | None) -> list:
    """E-1 after an administrator added a unit (the enterprise app's answer to `unit_added`):
    an area's new department, or the city's, may be the one competent for enterprises the area
    or their introducer served until then. A new unit is no one's parent, so it changes the
    rule's verdict only by being it: asked as if it were not there (filed under no unit, under a
    code no department carries) and as it is."""
    return _counterparts_judged_again(
        user=user,
        cause=_("新增单位%(unit)s后，") % {"unit": unit.name},
        restore=lambda: Unit.objects.filter(pk=unit.pk).update(parent=None, code=f"#{unit.pk}"),
    )


@transaction.atomic
def enterprise_authority_changed(*, before: list[dict], user: User | None) -> list:
    """E-1 after an administrator changed the reference table of competent departments (the
    enterprise app's answer to `industry_authority_changed`; `before`: the table's rows as they
    were): the enterprises' counterparts are decided again on the table as it is now."""

    def restore():
        IndustryAuthority.objects.all().delete()
        IndustryAuthority.objects.bulk_create(IndustryAuthority(**row) for row in before)

    return _counterparts_judged_again(
        user=user, cause=_("行业主管部门对照调整后，"), restore=restore
    )


def _promises_leader_changed(leader: Leader, user: User | None, *, added: bool) -> list:
    """E-6 after a change of a leader, or one `added`: each promise still to be kept whose
    principal leader (一把手) he is, and that he no longer fits (retired, moved, another rank),
    and each of his unit's promises naming none (待指定), takes the department's one serving
    principal leader — none when it has several or none, and the promise page asks for one; the
    responsible department is told."""
    promises = (
        PolicyPromise.objects.select_for_update(of=("self",))
        .open()
        .filter(
            Q(principal_leader=leader)
            | Q(principal_leader__isnull=True, responsible_unit_id=leader.unit_id)
        )
        .select_related("principal_leader", "responsible_unit", "enterprise")
    )
    results = []
    # The promises of one department all take its one principal leader: asked once per unit.
    proposed: dict[int, Leader | None] = {}
    for promise in promises:
        if rules.principal_fits_rule(promise.principal_leader, promise.responsible_unit_id):
            continue
        before = promise.principal_leader_id
        unit_id = promise.responsible_unit_id
        if unit_id not in proposed:
            proposed[unit_id] = rules.promise_principal_proposed(promise.responsible_unit)
        promise.principal_leader = proposed[unit_id]
        if promise.principal_leader_id == before:
            continue
        names = {"leader": leader, "principal": promise.principal_leader or _("待指定")}
        if added:
            note = _("新增领导%(leader)s后按 E-6 确定“一把手”责任人：%(principal)s。") % names
            title = _("%(name)s的政策承诺“一把手”责任人已确定为%(principal)s（%(source)s）")
        else:
            note = _("%(leader)s的信息变更后按 E-6 重新确定“一把手”责任人：%(principal)s。") % names
            title = _("%(name)s的政策承诺“一把手”责任人已重新确定")
        promise.version += 1
        promise._change_reason = note[:100]
        save_with_history(promise, user)
        results.append(
            Reevaluation(
                key=f"promise:{promise.pk}:{promise.principal_leader_id}",
                title=title
                % {
                    "name": promise.enterprise.name,
                    "source": promise.source,
                    "principal": promise.principal_leader,
                },
                body=note,
                url=promise.get_absolute_url(),
                units=(promise.responsible_unit_id,),
            )
        )
    return results


@transaction.atomic
def enterprise_leader_changed(*, leader: Leader, before: dict | None, user: User | None) -> list:
    """E-1 after a change of a leader (the enterprise app's answer to `leader_changed`): each
    enterprise not closed that he answers for or is in charge of is decided again — he stays
    whenever the tier still allows him (一包到底); one who left the responsible unit or took
    another rank is replaced by the leader the rule proposes (none when there is none), and the
    responsible and counterpart units are told. The policy promises he answers for as principal
    leader are decided again as well (E-6, `_promises_leader_changed`), and so are his unit's
    promises naming none — for a leader recorded just now (`before` None) they are all there
    is. What he was is not needed otherwise: the enterprise's leaders and the promises'
    principals are what was decided last. E-3's problems name units (首问责任单位, 当前责任单位),
    never a leader, so nothing of them waits on him. An enterprise waiting for a leader the rule
    found none to propose (待指定) is decided again too, as a promise naming none is: of his
    unit, or any city-tier one for a city leader (his portfolio may name its unit or industry)."""
    waiting = Q(responsible_leader__isnull=True) | Q(
        tier=ResponsibilityTier.CITY, leader_in_charge__isnull=True
    )
    if leader.rank == LeaderRank.CITY_LEADER:
        waiting &= Q(tier=ResponsibilityTier.CITY)
    else:
        waiting &= Q(responsible_unit_id=leader.unit_id)
    enterprises = (
        # Only the enterprises: PostgreSQL cannot lock the nullable side of the leader joins.
        Enterprise.objects.select_for_update(of=("self",))
        .exclude(status=EnterpriseStatus.CLOSED)
        .filter(Q(responsible_leader=leader) | Q(leader_in_charge=leader) | waiting)
        .select_related("responsible_leader", "leader_in_charge", "responsible_unit")
    )
    results = []
    for enterprise in enterprises:
        decided = (enterprise.responsible_leader_id, enterprise.leader_in_charge_id)
        _apply_responsibility(
            enterprise,
            carried_leader=enterprise.responsible_leader,
            carried_in_charge=enterprise.leader_in_charge,
        )
        after = (enterprise.responsible_leader_id, enterprise.leader_in_charge_id)
        if after == decided:
            continue
        note = _(
            "%(leader)s的信息变更后按 E-1 重新判定：负责领导%(responsible)s，分管领导%(in_charge)s。"
        ) % {
            "leader": leader,
            "responsible": enterprise.responsible_leader or _("待指定"),
            "in_charge": enterprise.leader_in_charge or _("无"),
        }
        enterprise.version += 1
        enterprise._change_reason = note[:100]
        save_with_history(enterprise, user)
        results.append(
            Reevaluation(
                key=f"enterprise:{enterprise.pk}:{after[0]}:{after[1]}",
                title=_("%(name)s的帮扶责任领导已重新确定") % {"name": enterprise.name},
                body=note,
                url=enterprise.get_absolute_url(),
                units=tuple(
                    {enterprise.responsible_unit_id, enterprise.counterpart_unit_id} - {None}
                ),
            )
        )
    return results + _promises_leader_changed(leader, user, added=before is None)


# --- E-5 inspections judged again ----------------------------------------------------------------


def _open_inspections(**filters) -> list[Inspection]:
    """E-5: the open plans and joint inspections (rules.inspection_is_open), with what their
    judgement reads."""
    return list(
        Inspection.objects.filter(status__in=rules.OPEN_INSPECTION_STATUSES, **filters)
        .select_related("enterprise", "agency", "approved_by_unit")
        .order_by("pk")
    )


@dataclass(frozen=True)
class _Standing:
    """An open inspection as it stood before a change — read then, with its enterprise as it
    was, and judged on the units as they were (`tree`): why it did not fit and which government
    approves it (rules.approving_government)."""

    inspection: Inspection
    reasons: list[str]
    government: str | int | None
    tree: UnitTree

    def approvers(self) -> set[int]:
        """Who answered for its approval before the change (notices.inspection_approver_ids):
        the county that approved it or was to approve it is told even when the change handed it
        to another. Asked only of an inspection whose judgement changed."""
        return notices.inspection_approver_ids(self.inspection, self.tree)


def _inspections_as_they_stand(enterprise: Enterprise) -> list[_Standing]:
    """E-5: the enterprise's open inspections judged now, before its area changes."""
    inspections = _open_inspections(enterprise=enterprise)
    if not inspections:
        return []
    tree = UnitTree.load()
    reasons = rules.inspections_unfit(inspections, tree=tree)
    return [
        _Standing(i, reasons[i.pk], rules.approving_government(i, tree), tree) for i in inspections
    ]


def _moved_cause(enterprise: Enterprise, old_area_id: int | None) -> str:
    return _("%(name)s所在地区由%(old)s变更为%(new)s后") % {
        "name": enterprise.name,
        "old": Unit.objects.get(pk=old_area_id).name if old_area_id else _("未指定"),
        "new": enterprise.area.name if enterprise.area_id else _("未指定"),
    }


def _inspections_judged_again(standing: list[_Standing], *, cause: str) -> list[Reevaluation]:
    """E-5: judge each open inspection again on the records as they are now and compare with
    how it stood (`standing`); one that no longer fits is marked — not cancelled, not turned
    down: ending it is a person's decision — and one that fits again is cleared. Either way its
    agencies, those who answer for its approval (before and after) and the supervision bureau
    are told (notices.inspection_unfit_told). A pending plan that still fits but now waits for
    another government's approval (an agency made city level) is told to that government's
    approvers and to its agency. Nothing is written on the inspection: its marker is read live
    from the records, whose own history says who changed them and when."""
    fresh = {i.pk: i for i in _open_inspections(pk__in=[entry.inspection.pk for entry in standing])}
    tree = UnitTree.load()
    now = rules.inspections_unfit(fresh.values(), tree=tree)
    results = []
    for entry in standing:
        inspection = fresh.get(entry.inspection.pk)
        if inspection is None:
            continue
        reasons = now[inspection.pk]
        plan = _("%(agency)s%(day)s的检查计划（%(status)s）") % {
            "agency": inspection.agency.name,
            "day": long_date(inspection.planned_on),
            "status": inspection.get_status_display(),
        }
        if reasons == entry.reasons:
            government = rules.approving_government(inspection, tree)
            if reasons or not rules.inspection_pending(inspection):
                continue
            if government == entry.government or government is None:
                continue
            results.append(
                _approval_moved(inspection, government, plan, cause, tree, entry.approvers())
            )
            continue
        if reasons:
            digest = hashlib.sha256("\n".join(reasons).encode()).hexdigest()[:12]
            key = f"enterprise:inspection:{inspection.pk}:unfit:{digest}"
            title = _("%(enterprise)s的执法检查计划已不符合 E-5，请核实")
            body = "\n".join(
                [
                    _("%(cause)s，按 E-5 重新判定，%(plan)s已不符合规定：")
                    % {"cause": cause, "plan": plan},
                    *reasons,
                    _(
                        "该计划不会自动撤销或终止：是否终止，由执法机关与本级政府核实后决定"
                        "（执法机关可撤回其检查计划，待批准的计划也可由本级政府不予批准）；"
                        "核实前请勿按该计划实施检查。"
                    ),
                ]
            )
        else:
            key = f"enterprise:inspection:{inspection.pk}:fits"
            title = _("%(enterprise)s的执法检查计划重新符合 E-5")
            body = _("%(cause)s，按 E-5 重新判定，%(plan)s重新符合规定，可按原计划办理。") % {
                "cause": cause,
                "plan": plan,
            }
        results.append(
            Reevaluation(
                key=key,
                title=title % {"enterprise": inspection.enterprise.name},
                body=body,
                url=inspection.get_absolute_url(),
                users=notices.inspection_unfit_told(inspection, also=entry.approvers()),
            )
        )
    return results


def _approval_moved(
    inspection, government, plan: str, cause: str, tree, approvers_before: set[int]
) -> Reevaluation:
    """E-5 须经本级政府批准: a pending plan now waits for another government's approval; its new
    approvers, those it waited for before (`approvers_before`) and its agency are told."""
    name = _("市政府") if government == "city" else tree[government].name
    return Reevaluation(
        key=f"enterprise:inspection:{inspection.pk}:approve:{government}",
        title=_("执法检查计划待%(government)s批准：%(agency)s检查%(enterprise)s")
        % {
            "government": name,
            "agency": inspection.agency.name,
            "enterprise": inspection.enterprise.name,
        },
        body=_("%(cause)s，按 E-5 须经本级政府批准，%(plan)s改由%(government)s批准。")
        % {"cause": cause, "plan": plan, "government": name},
        url=inspection.get_absolute_url(),
        users=tuple(
            sorted(
                set(notices.plan_approvers(inspection).values_list("pk", flat=True))
                | approvers_before
                | set(notices.planners([inspection.agency_id]).values_list("pk", flat=True))
            )
        ),
    )


@transaction.atomic
def enterprise_unit_changed(*, unit: Unit, before: dict, user: User | None) -> list:
    """E-1 and E-5 after a change of a unit's kind, level, parent, code, enforcement system or
    whether it is active (the enterprise app's answer to `unit_changed`). E-1: every
    enterprise's counterpart department is decided again (`_counterparts_judged_again`, a few
    queries per introducer and industry). E-5: an agency's jurisdiction, its
    place in its enforcement system and its same-level government, and the area of an
    enterprise without a recorded one, are all read from the unit tree, so every open
    inspection is judged on the units as they were (`before`) and as they are
    (rules.inspection_unfit_reasons). One that no longer fits is marked, not ended, one that
    fits again is cleared, and their agencies, approvers — as they were before the change and
    as they are — and the supervision bureau are told (_inspections_judged_again); the unit's
    own history keeps who changed it and when. The groups of plans waiting to be merged are
    told as they stand now (notices.merge_group_notices: one that turned mergeable or stuck,
    or that someone else merges now): which plans wait together, whether an agency may lead
    them and who merges them all rest on the units. Every enterprise with plans to merge is
    weighed — the unit may be any agency's or area's — in a fixed number of queries, and only
    a group whose state or mergers changed tells anyone."""
    # E-1: the counterpart department is read from the units too (an area's department by its
    # parent and code, the city's by its kind, level and code).
    counterparts = _counterparts_judged_again(
        user=user,
        cause=_("单位%(unit)s的类别、层级、上级单位或代码变更后，") % {"unit": unit.name},
        restore=lambda: Unit.objects.filter(pk=unit.pk).update(**before),
    )
    inspections = _open_inspections()
    if not inspections:
        return counterparts
    tree = UnitTree.load().replaced(unit.pk, before)
    was = rules.inspections_unfit(inspections, tree=tree)
    return [
        *counterparts,
        *_inspections_judged_again(
            [
                _Standing(i, was[i.pk], rules.approving_government(i, tree), tree)
                for i in inspections
            ],
            cause=_("单位%(unit)s的类别、层级、上级单位、代码或执法系统变更后")
            % {"unit": unit.name},
        ),
        *notices.merge_group_notices(),
    ]
