"""Who may act on what in the enterprise app (403 when a visible record may not be acted on).

Reading is `Model.objects.visible_to(user)` (404 outside it); these functions decide acting.
"""

from yingkou.choices import Role

from . import rules

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_REVIEWER)


def _unit_user(user) -> bool:
    return user.is_superuser or (user.role in UNIT_ROLES and user.unit_id is not None)


def can_register_enterprise(user, responsible_unit=None) -> bool:
    """Units register the enterprises they answer for; the DRC registers any (E-1)."""
    if user.is_superuser or user.role == Role.DRC_REVIEWER:
        return True
    return _unit_user(user) and responsible_unit in (None, user.unit)


def can_edit_enterprise(user, enterprise) -> bool:
    if user.is_superuser or user.role == Role.DRC_REVIEWER:
        return True
    return _unit_user(user) and user.unit_id == enterprise.responsible_unit_id


def can_record_visit(user, enterprise) -> bool:
    """The responsible, counterpart and team units record their visits; city leaders' visits are
    recorded by those units too (E-2)."""
    return user.is_superuser or user.role == Role.DRC_REVIEWER or _unit_user(user)


def can_raise_problem(user, enterprise) -> bool:
    return _unit_user(user) or user.role == Role.DRC_REVIEWER


def can_own_problem(user, problem) -> bool:
    """E-3 first-inquiry responsibility: only the owning unit acts on the problem."""
    return _unit_user(user) and rules.first_inquiry_rule(problem, user.unit_id)


def can_complete_action(user, action) -> bool:
    return _unit_user(user) and user.unit_id == action.unit_id


def can_complete_actions_of(user, problem) -> bool:
    """Whether the user's unit was asked to help with the problem at all: answered before the
    body names which task, so everyone else is refused (403) rather than told what is missing."""
    return (
        _unit_user(user)
        and user.unit_id is not None
        and problem.actions.filter(unit_id=user.unit_id).exists()
    )


def can_receive_complaint(user) -> bool:
    """Complaints by phone or mailbox are entered by the receiving offices (E-4)."""
    return user.is_superuser or user.role == Role.SUPERVISOR or _unit_user(user)


def handles_complaint(user, complaint, chain_unit_ids: set[int] | None = None) -> bool:
    """Those handling the complaint: staff of the receiving unit, the unit handling it now and the
    units it passed through, plus the supervision bureau. Only they see the complainant's
    personal data (name, phone, address)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.SUPERVISOR:
        return True
    if not _unit_user(user):
        return False
    if chain_unit_ids is None:
        chain_unit_ids = {complaint.receiving_unit_id, complaint.handling_unit_id}
        for transfer in complaint.transfers.all():
            chain_unit_ids.update((transfer.from_unit_id, transfer.to_unit_id))
    return user.unit_id in chain_unit_ids


def can_act_on_complaint(user, complaint) -> bool:
    """The unit handling it now transfers or answers it."""
    if user.is_superuser:
        return True
    return (
        user.role in (*UNIT_ROLES, Role.SUPERVISOR)
        and user.unit_id is not None
        and user.unit_id == complaint.handling_unit_id
    )


def complaint_passed_on_by(user, complaint) -> bool:
    """E-4: a unit the complaint has left: it received it or transferred it, and another unit
    handles it now. A step it sends from a page read before the transfer is told where the
    complaint went (rules.complaint_moved_on_rule), not refused as out of its remit."""
    if user.role not in (*UNIT_ROLES, Role.SUPERVISOR) or user.unit_id is None:
        return False
    if user.unit_id == complaint.handling_unit_id:
        return False
    return (
        user.unit_id == complaint.receiving_unit_id
        or complaint.transfers.filter(from_unit_id=user.unit_id).exists()
    )


def can_record_feedback(user, complaint) -> bool:
    """E-7: the complainant's view of the reply (回访) is recorded by the unit handling it and by
    the supervision bureau, which assesses the handling quality."""
    return can_act_on_complaint(user, complaint) or user.has_role(Role.SUPERVISOR)


def can_plan_inspection(user) -> bool:
    """Staff of a law-enforcement agency plan its inspections (E-5)."""
    # An administrator without a unit is no agency (the inspections page answered 500 for them).
    return _unit_user(user) and rules.is_enforcement_agency(user.unit)


def plannable_enterprises(user):
    """E-5: the enterprises an agency may plan inspections of — its jurisdiction. Any other
    enterprise answers 404 to it, as every record outside a caller's remit does (a refusal that
    named the enterprise would tell which ids exist and whose they are)."""
    from .models import Enterprise

    if not can_plan_inspection(user):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(rules.jurisdiction_q(user.unit))


def can_approve_inspection(user, inspection) -> bool:
    """The same-level government approves; who that is, rules.same_level_government_rule decides."""
    return user.is_superuser or user.role in (
        Role.CITY_LEADER,
        Role.LEGAL_AFFAIRS,
        Role.UNIT_REVIEWER,
    )


def can_merge_inspections(user, context=None) -> bool:
    """E-5: the legal affairs offices, and a county government's reviewers where the county has
    no office; which plans each merges, rules.inspection_merge_office_rule decides. `context`
    (rules.merge_context) when the caller has read it."""
    return user.is_superuser or rules.acts_as_merge_office(user, context)


def can_carry_out_inspection(user, inspection) -> bool:
    return _unit_user(user) and user.unit_id == inspection.agency_id


def can_withdraw_inspection(user, inspection) -> bool:
    """E-5: the agency that plans and carries out an inspection (a joint one's lead agency) is
    the one that withdraws it; whether it may be withdrawn now, rules.inspection_withdrawal_rule
    decides."""
    return can_carry_out_inspection(user, inspection)


def can_redate_inspection(user, inspection) -> bool:
    """E-5: the agency that files a plan (a joint one's lead agency) sets another day for it;
    whether it may now, rules.inspection_redate_rule decides."""
    return can_carry_out_inspection(user, inspection)


def can_manage_promise(user, promise=None) -> bool:
    if user.is_superuser or user.role == Role.DRC_REVIEWER:
        return True
    if not _unit_user(user):
        return False
    return promise is None or user.unit_id in (
        promise.responsible_unit_id,
        promise.enterprise.responsible_unit_id,
    )


def can_enter_assessment(user) -> bool:
    """The supervision bureau assesses: it records the accountability follow-up and may enter or
    correct any unit's figures (E-7)."""
    return user.is_superuser or user.role == Role.SUPERVISOR


def can_report_figures(user, unit=None) -> bool:
    """E-7 对各地区、各部门完成情况进行评估: each assessed area or department reports its own
    figures (its staff and reviewers, for their own unit only); the supervision bureau reviews
    and may enter or correct any unit's. Without `unit`: whether the user reports at all."""
    if can_enter_assessment(user):
        return True
    if not _unit_user(user) or not _is_assessed(user.unit):
        return False
    return unit is None or getattr(unit, "pk", unit) == user.unit_id


def _is_assessed(unit) -> bool:
    from .selectors import assessed_units

    return assessed_units().filter(pk=unit.pk).exists()


def can_see_own_assessment(user) -> bool:
    """E-7: every user of an assessed area or department reads its own archived result (each is
    told it when the period is archived); those who see the whole assessment read every unit's
    there."""
    return user.unit_id is not None and _is_assessed(user.unit)


def can_see_own_result_only(user) -> bool:
    """E-7: an assessed unit's users open their own result page; those who see the whole
    assessment are sent to it from there, so it is not offered to them twice."""
    return can_see_own_assessment(user) and not can_see_assessment(user)


def can_see_assessment(user) -> bool:
    return user.is_superuser or user.role in (
        Role.SUPERVISOR,
        Role.CITY_LEADER,
        Role.DRC_REVIEWER,
    )
