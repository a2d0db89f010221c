"""Who the enterprise app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt
import hashlib

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind, Role
from yingkou.dates import long_date
from yingkou.models import Notification, User
from yingkou.notifications import (
    DeadlineItems,
    Notice,
    deadline_notice,
    deadline_notices_day,
    deadline_reminders,
    notify,
    notify_many,
)

from . import permissions, rules
from .choices import InspectionStatus
from .models import Complaint, Inspection, PolicyPromise, Problem, ProblemAction


def deadline_notices(day: dt.date) -> int:
    """E-3, E-4, E-6: each open problem, coordinated action of an open problem, unanswered
    complaint and promise still to be kept, due soon, due today or late, to the unit that must
    act on it: the problem's current owner, the department asked, the handling unit, the
    promise's responsible department (and its principal leader, E-6); a late complaint that
    was transferred, to the unit that transferred it too (complaint_followups)."""
    return deadline_reminders(day, *deadline_kinds()) + complaint_followups(day)


def complaint_followups(day: dt.date) -> int:
    """E-4 (转办…上一级…按照时限跟踪督办): each open complaint past its time limit that was
    transferred, told once for its due date to the unit that passed it to the one handling it
    now (rules.complaint_supervising_unit), which follows it up. The handling unit is told by
    the deadline reminders; this is its upper level's notice."""
    if not deadline_notices_day(day):
        return 0
    late = (
        Complaint.objects.open()
        .filter(due_on__lt=day)
        .annotate(supervising_unit_id=rules.complaint_supervising_unit())
        .filter(supervising_unit_id__isnull=False)
        .select_related("handling_unit")
    )
    return notify_many(
        deadline_notice(
            due_on=complaint.due_on,
            day=day,
            what=_("转办的投诉举报"),
            name=complaint.subject,
            key=f"enterprise:complaint-followup:{complaint.pk}",
            url=reverse("enterprise:complaint", args=[complaint.pk]),
            unit_id=complaint.supervising_unit_id,
            handler=complaint.handling_unit,
        )
        for complaint in late
    )


def deadline_kinds() -> tuple[DeadlineItems, ...]:
    """E-3, E-4, E-6: the app's items still to be finished by a date, and the unit that must act
    on each (its daily reminders, its dates moved by a calendar change)."""
    return (
        DeadlineItems(
            what=_("企业问题"),
            key="enterprise:problem",
            items=Problem.objects.open().select_related("enterprise"),
            describe=lambda problem: {
                "name": f"{problem.enterprise.name}：{problem.description[:40]}",
                "url": reverse("enterprise:problem", args=[problem.pk]),
                "unit_id": problem.owner_unit_id,
            },
        ),
        DeadlineItems(
            what=_("企业问题协办事项"),
            key="enterprise:action",
            items=ProblemAction.objects.open()
            .filter(Problem.open_q("problem__"))
            .select_related("problem__enterprise"),
            describe=lambda action: {
                "name": f"{action.problem.enterprise.name}：{action.task[:40]}",
                "url": reverse("enterprise:problem", args=[action.problem_id]),
                "unit_id": action.unit_id,
            },
        ),
        DeadlineItems(
            what=_("投诉举报答复"),
            key="enterprise:complaint",
            items=Complaint.objects.open(),
            describe=lambda complaint: {
                "name": complaint.subject,
                "url": reverse("enterprise:complaint", args=[complaint.pk]),
                "unit_id": complaint.handling_unit_id,
            },
        ),
        DeadlineItems(
            what=_("政策承诺兑现"),
            key="enterprise:promise",
            items=PolicyPromise.objects.open().select_related(
                "enterprise", "principal_leader__user"
            ),
            describe=_promise_reminder,
        ),
    )


def _promise_reminder(promise) -> dict:
    """E-6: a promise's reminder goes to its responsible department and names the principal
    leader (一把手) who answers for it — told himself when he has an active login — or says
    that none is named yet."""
    leader = promise.principal_leader
    login = leader.user if leader is not None else None
    return {
        "name": f"{promise.enterprise.name}：{promise.source[:40]}",
        "url": reverse("enterprise:promise", args=[promise.pk]),
        "unit_id": promise.responsible_unit_id,
        "person": _("“一把手”%(leader)s") % {"leader": leader}
        if leader is not None
        else _("“一把手”待指定"),
        "user_ids": (login.pk,) if login is not None and login.is_active else (),
    }


def visits_missed(period: str, rows: list[dict]) -> int:
    """E-2: the month's check tells each responsible area or department which of its key
    enterprises had no service visit (每月至少开展1次对口服务), with a link to that month's list.
    `rows` are the archived check's (`selectors.visit_check_rows`): the unit that answered for
    each enterprise at the month's end is told, under the enterprise's name then."""
    year, month = period.split("-")
    by_unit: dict[int, list[str]] = {}
    for row in rows:
        by_unit.setdefault(row["responsible_unit_id"], []).append(row["name"])
    url = f"{reverse('enterprise:visits')}?month={period}"
    return notify_many(
        Notice(
            kind=NotificationKind.CIRCULAR,
            title=_("%(year)s年%(month)d月有%(count)d家重点企业未走访（E-2）")
            % {"year": year, "month": int(month), "count": len(names)},
            body=_("本月未开展对口服务：%(names)s") % {"names": "、".join(names[:20])}
            + ("……" if len(names) > 20 else ""),
            key=f"enterprise:visits:{period}",
            url=url,
            unit_ids=(unit_id,),
        )
        for unit_id, names in by_unit.items()
    )


def assessment_archived(period: str, results) -> int:
    """E-7: each assessed area or department is told its archived result for the quarter or the
    year — commended (通报表彰), criticised (通报批评, also when it reported no figures) or
    neither — with a link to the page where it reads its own result. Told once per period and
    unit, whatever runs archive it."""
    from .choices import AssessmentVerdict

    name = rules.assessment_period_name(period)
    url = f"{reverse('enterprise:assessment_result')}?period={period}"
    notices = []
    for result in results:
        if result.verdict == AssessmentVerdict.COMMENDED:
            body = _("本单位列入通报表彰。")
        elif result.verdict in rules.CRITICISED_VERDICTS:
            body = _("本单位列入通报批评，将记录问责情况。")
        else:
            body = _("本单位未列入通报表彰或通报批评。")
        score = _("得分%(score)s") % {"score": result.score} if result.score is not None else ""
        notices.append(
            Notice(
                kind=NotificationKind.CIRCULAR,
                title=_("%(period)s营商环境考核结果：%(verdict)s%(score)s")
                % {
                    "period": name,
                    "verdict": result.get_verdict_display(),
                    "score": f"（{score}）" if score else "",
                },
                body=body,
                key=f"enterprise:assessment:{period}:{result.unit_id}",
                url=url,
                unit_ids=(result.unit_id,),
                once=True,
            )
        )
    return notify_many(notices)


def problem_handed_on(problem: Problem, reason: str) -> int:
    """E-3: a problem formally handed on goes to the unit that now owns it."""
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("企业问题转交贵单位办理：%(name)s") % {"name": problem.enterprise.name},
        body=_("%(description)s\n转交理由：%(reason)s\n办结时限：%(due)s")
        % {"description": problem.description, "reason": reason, "due": long_date(problem.due_on)},
        key=f"enterprise:problem:{problem.pk}:to:{problem.owner_unit_id}",
        url=reverse("enterprise:problem", args=[problem.pk]),
        units=[problem.owner_unit_id],
    )


def complaint_assigned(complaint: Complaint) -> int:
    """E-4: a complaint received or transferred goes to the unit that must answer it."""
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("投诉举报请贵单位办理：%(subject)s") % {"subject": complaint.subject},
        body=_("答复期限：%(due)s") % {"due": long_date(complaint.due_on)},
        key=f"enterprise:complaint:{complaint.pk}:to:{complaint.handling_unit_id}",
        url=reverse("enterprise:complaint", args=[complaint.pk]),
        units=[complaint.handling_unit_id],
    )


def complaint_reopened(complaint: Complaint) -> int:
    """E-4, E-7: a written reply the complainant did not accept is handled again (重新办理) by
    the unit handling the complaint, which must reply again."""
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("投诉人不认可答复，请重新办理：%(subject)s") % {"subject": complaint.subject},
        body=_("答复期限：%(due)s") % {"due": long_date(complaint.due_on)},
        key=f"enterprise:complaint:{complaint.pk}:reopened",
        url=reverse("enterprise:complaint", args=[complaint.pk]),
        units=[complaint.handling_unit_id],
    )


def plan_approvers(inspection: Inspection, tree=None):
    """E-5 须经本级政府批准: who approves a plan (rules.approving_government, on the units as
    `tree` holds them, else as they are now). A county-level agency's plan: the reviewers of
    the enterprise's county (park) government. A city-level agency's plan: the city's legal
    affairs office, which examines plans for the city government (city leaders see the plans
    waiting on their dashboard; an inbox notice for every plan in the city would bury them) —
    or, where the city has no office, the city government's own people, who then examine them
    (rules.plan_approving_units)."""
    units, roles = rules.plan_approving_units(inspection, tree)
    return User.objects.filter(is_active=True, role__in=roles, unit_id__in=units)


#: E-5: the roles that decide on plans for a same-level government (permissions.can_approve_inspection).
_APPROVING_ROLES = (Role.UNIT_REVIEWER, Role.CITY_LEADER, Role.LEGAL_AFFAIRS)


def inspection_approver_ids(inspection: Inspection, tree=None) -> set[int]:
    """E-5: who answers for the same-level government's decision on an open plan: the people of
    the unit that approved it who decide plans, or while it is pending, those who approve it
    (plan_approvers; on the units as `tree` holds them — as they were before a change — else
    as they are now)."""
    if inspection.status == InspectionStatus.APPROVED and inspection.approved_by_unit_id:
        approvers = User.objects.filter(
            is_active=True, role__in=_APPROVING_ROLES, unit_id=inspection.approved_by_unit_id
        )
    else:
        approvers = plan_approvers(inspection, tree)
    return set(approvers.values_list("pk", flat=True))


def inspection_unfit_told(inspection: Inspection, also: set[int] = frozenset()) -> tuple[int, ...]:
    """E-5: who is told that an open plan or joint inspection no longer fits the rules, or fits
    again (rules.inspection_unfit_reasons): the agencies taking part (those who file their
    plans), those who answer for its approval (inspection_approver_ids, and `also`: those who
    did before the change) and the supervision bureau (营商环境监督), which watches over
    enforcement at enterprises."""
    agencies = [
        inspection.agency_id,
        *inspection.joined.filter(status=InspectionStatus.MERGED).values_list(
            "agency_id", flat=True
        ),
    ]
    told = set(planners(agencies).values_list("pk", flat=True))
    told |= inspection_approver_ids(inspection) | set(also)
    told |= set(
        User.objects.filter(is_active=True, role=Role.SUPERVISOR).values_list("pk", flat=True)
    )
    return tuple(sorted(told))


def inspection_planned(inspection: Inspection) -> int:
    """E-5: a plan filed goes to the same-level government that must approve it. When it is to
    be merged with another agency's plan pending for the enterprise, those who merge them hear
    of it from merge_groups_told, which the filing calls next, as every change to the plans
    does."""
    enterprise, agency = inspection.enterprise, inspection.agency
    url = reverse("enterprise:inspection", args=[inspection.pk])
    return notify(
        kind=NotificationKind.INSPECTION_PLAN,
        title=_("执法检查计划待批准：%(agency)s检查%(enterprise)s")
        % {"agency": agency.name, "enterprise": enterprise.name},
        body=_("计划检查日期：%(day)s\n检查事项：%(purpose)s")
        % {"day": long_date(inspection.planned_on), "purpose": inspection.purpose},
        key=f"enterprise:inspection:{inspection.pk}:approve",
        url=url,
        users=plan_approvers(inspection),
    )


def inspection_redated(inspection: Inspection, before) -> int:
    """E-5: a pending plan set on another day by its agency (services.inspection_redate) goes
    to those who approve it and, for a joint inspection, to the agencies merged into it, who
    inspect on its day; when it waits to be merged, those who merge hear of the group on its new
    days from merge_groups_told."""
    day = inspection.planned_on
    url = reverse("enterprise:inspection", args=[inspection.pk])
    told = set(plan_approvers(inspection).values_list("pk", flat=True))
    parts = inspection.joined.filter(status=InspectionStatus.MERGED).values_list(
        "agency_id", flat=True
    )
    told |= set(planners(list(parts)).values_list("pk", flat=True))
    key = f"enterprise:inspection:{inspection.pk}:redated:{day.isoformat()}"
    return notify_many(
        [
            Notice(
                kind=NotificationKind.INSPECTION_PLAN,
                title=_("执法检查计划调整检查日期：%(agency)s检查%(enterprise)s")
                % {"agency": inspection.agency.name, "enterprise": inspection.enterprise.name},
                body=_("计划检查日期由%(before)s调整为%(after)s。\n检查事项：%(purpose)s")
                % {
                    "before": long_date(before),
                    "after": long_date(day),
                    "purpose": inspection.purpose,
                },
                key=key,
                url=url,
                user_ids=tuple(sorted(told)),
            )
        ]
    )


def planners(agency_ids):
    """E-5: the users who file an agency's plans (permissions.can_plan_inspection)."""
    return User.objects.filter(
        is_active=True, role__in=permissions.UNIT_ROLES, unit_id__in=agency_ids
    )


def inspection_decided(inspection: Inspection) -> int:
    """E-5: the same-level government's decision on a plan goes to the agency that filed it and,
    for a joint inspection, to every agency merged into it (their plans stand or fall with it:
    rules.merged_plans_fate)."""
    approved = inspection.status != InspectionStatus.REJECTED
    title = (
        _("执法检查计划已批准：%(enterprise)s")
        if approved
        else _("执法检查计划未获批准：%(enterprise)s")
    )
    lines = [
        _("执法机关：%(agency)s") % {"agency": inspection.agency.name},
        _("计划检查日期：%(day)s") % {"day": long_date(inspection.planned_on)},
        _("检查事项：%(purpose)s") % {"purpose": inspection.purpose},
        (_("批准机关：%(unit)s，%(day)s") if approved else _("不予批准机关：%(unit)s，%(day)s"))
        % {"unit": inspection.approved_by_unit.name, "day": long_date(inspection.approved_on)},
    ]
    joined = list(inspection.joined.select_related("agency").order_by("pk"))
    if joined:
        lines.insert(
            1,
            _("联合检查参加机关：%(agencies)s")
            % {"agencies": "、".join(part.agency.name for part in joined)},
        )
    if joined and not approved:
        lines.append(
            _("并入该联合检查的各机关检查计划一并不予批准；仍需检查的，须重新报送检查计划。")
        )
    lines.append(
        _("请按计划实施检查，并在检查计划页面登记实施情况。")
        if approved
        else _("未经本级政府批准，不得实施该检查。")
    )
    return notify(
        kind=NotificationKind.INSPECTION_PLAN,
        title=title % {"enterprise": inspection.enterprise.name},
        body="\n".join(lines),
        key=f"enterprise:inspection:{inspection.pk}:{inspection.status}",
        url=reverse("enterprise:inspection", args=[inspection.pk]),
        users=planners([inspection.agency_id, *(part.agency_id for part in joined)]),
    )


def withdrawal_told_ids(inspection: Inspection) -> set[int]:
    """E-5: whom a plan's withdrawal is told, read before it is withdrawn: those who answer for
    the same-level government's decision on it (inspection_approver_ids — the people of the
    unit that approved it, or while it is pending those with it in their queue) and, while it
    waits to be merged with other plans of its government, those who merge them, who have it
    in their list of plans to merge."""
    told = inspection_approver_ids(inspection)
    group = rules.plans_to_merge_with(inspection)
    if len(group) > 1:
        told |= set(rules.inspection_mergers(group).values_list("pk", flat=True))
    return told


def inspection_withdrawn(inspection: Inspection, parts: list[Inspection], approvers) -> int:
    """E-5: a plan withdrawn by its agency goes to those who approved it, or while it was
    pending to those who had it in their queue (`approvers`: withdrawal_told_ids read before it
    was withdrawn). The agencies merged into a joint one, whose plans (`parts`) went back to
    pending, hear of it on their own plans (inspections_back_to_pending): the joint inspection
    is no longer theirs to open."""
    lines = [
        _("执法机关：%(agency)s") % {"agency": inspection.agency.name},
        _("计划检查日期：%(day)s") % {"day": long_date(inspection.planned_on)},
        _("检查事项：%(purpose)s") % {"purpose": inspection.purpose},
        _("撤回日期：%(day)s") % {"day": long_date(inspection.withdrawn_on)},
        _("撤回理由：%(reason)s") % {"reason": inspection.withdrawal_reason},
    ]
    if inspection.approved_by_unit_id:
        lines.insert(
            3,
            _("批准机关：%(unit)s，%(day)s")
            % {
                "unit": inspection.approved_by_unit.name,
                "day": long_date(inspection.approved_on) if inspection.approved_on else "",
            },
        )
    if parts:
        lines.insert(
            1,
            _("联合检查参加机关：%(agencies)s（其检查计划退回待批准，须经本级政府重新批准）")
            % {"agencies": "、".join(part.agency.name for part in parts)},
        )
    if inspection.approved_on is None:
        lines.append(_("该计划撤回前尚待批准，无需再审批。"))
    lines.append(_("该检查不再实施，不计入同一机关对该企业每年一次的检查。"))
    told = set(approvers)
    return notify_many(
        [
            Notice(
                kind=NotificationKind.INSPECTION_PLAN,
                title=_("执法检查计划已撤回：%(enterprise)s")
                % {"enterprise": inspection.enterprise.name},
                body="\n".join(lines),
                key=f"enterprise:inspection:{inspection.pk}:withdrawn",
                url=reverse("enterprise:inspection", args=[inspection.pk]),
                user_ids=tuple(sorted(told)),
            )
        ]
    )


def inspections_back_to_pending(joint: Inspection, parts: list[Inspection]) -> int:
    """E-5: plans back to pending after the joint inspection they were merged into was withdrawn
    (rules.merged_plans_fate). The agency of each is told why, on its own plan; those who approve
    it (plan_approvers) that it waits for their decision again. When several agencies' plans for
    the enterprise are pending again, those who merge them hear of it from merge_groups_told,
    which the withdrawal calls next."""
    if not parts:
        return 0
    withdrawn = _("所并入的联合检查（%(lead)s牵头）已于%(day)s撤回，撤回理由：%(reason)s") % {
        "lead": joint.agency.name,
        "day": long_date(joint.withdrawn_on),
        "reason": joint.withdrawal_reason,
    }
    notices = []
    for part in parts:
        plan = [
            _("计划检查日期：%(day)s") % {"day": long_date(part.planned_on)},
            _("检查事项：%(purpose)s") % {"purpose": part.purpose},
        ]
        url = reverse("enterprise:inspection", args=[part.pk])
        key = f"enterprise:inspection:{part.pk}:back-to-pending:{joint.pk}"
        notices.append(
            Notice(
                kind=NotificationKind.INSPECTION_PLAN,
                title=_("联合检查已撤回，贵单位的检查计划退回待批准：%(enterprise)s")
                % {"enterprise": part.enterprise.name},
                body="\n".join(
                    [
                        withdrawn,
                        *plan,
                        _(
                            "该计划须经本级政府重新批准（多个执法机关的计划须先由法制部门协调合并）"
                            "后方可实施。"
                        ),
                    ]
                ),
                key=key,
                url=url,
                user_ids=tuple(planners([part.agency_id]).values_list("pk", flat=True)),
            )
        )
        notices.append(
            Notice(
                kind=NotificationKind.INSPECTION_PLAN,
                title=_("执法检查计划退回待批准：%(agency)s检查%(enterprise)s")
                % {"agency": part.agency.name, "enterprise": part.enterprise.name},
                body="\n".join([withdrawn, *plan]),
                key=f"enterprise:inspection:{part.pk}:approve:{joint.pk}",
                url=url,
                user_ids=tuple(plan_approvers(part).values_list("pk", flat=True)),
            )
        )
    return notify_many(notices)


def inspections_merged(lead: Inspection, merged: list[Inspection]) -> int:
    """E-5: a merge goes to each agency merged (its plan is now part of a joint inspection under
    another agency) and to the agency chosen to lead it; all are sent to the joint inspection,
    which each of them may open."""
    enterprise = lead.enterprise.name
    url = reverse("enterprise:inspection", args=[lead.pk])
    key = f"enterprise:inspection:{lead.pk}:merged"
    parts = "、".join(part.agency.name for part in merged)
    told = notify(
        kind=NotificationKind.INSPECTION_PLAN,
        title=_("联合检查由贵单位牵头：%(enterprise)s") % {"enterprise": enterprise},
        body=_(
            "法制部门已将%(parts)s的检查计划并入贵单位的检查计划，由贵单位牵头实施联合检查。\n"
            "计划检查日期：%(day)s\n联合检查经本级政府批准后方可实施。"
        )
        % {"parts": parts, "day": long_date(lead.planned_on)},
        key=key,
        url=url,
        users=planners([lead.agency_id]),
    )
    return told + notify(
        kind=NotificationKind.INSPECTION_PLAN,
        title=_("执法检查计划已并入联合检查：%(enterprise)s") % {"enterprise": enterprise},
        body=_(
            "法制部门已将贵单位的检查计划并入联合检查，由%(lead)s牵头实施，贵单位参加。\n"
            "联合检查计划检查日期：%(day)s\n联合检查经本级政府批准后方可实施，"
            "贵单位不再单独检查。"
        )
        % {"lead": lead.agency.name, "day": long_date(lead.planned_on)},
        key=key,
        url=url,
        users=planners([part.agency_id for part in merged]),
    )


def merge_groups_told(enterprise_ids=None) -> int:
    """E-5: tell of each group of plans waiting to be merged as it stands now (merge_group_notices)
    — of these enterprises, or of every enterprise (None). Called after every change to an
    enterprise's plans, when a unit or the enterprise's area changes, and daily."""
    return notify_many(merge_group_notices(enterprise_ids))


def merge_group_notices(enterprise_ids=None) -> list[Notice]:
    """E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调: what to tell of each
    group of plans waiting to be merged (rules.merge_groups) — of these enterprises, or of every
    enterprise (None).

    - A group that may be merged: those who merge it (rules.plans_mergers: the same-level legal
      affairs office, or the government itself where it has none) are told that the plans are
      to be merged into one joint inspection, with each plan's agency, day and purpose.
    - A group no agency may lead on the plans' days (rules.MergeGroup.stuck: none may be
      approved alone, none merged) is told why and what to do — an agency sets another day for
      its plan, or withdraws it — to those who merge it, those who approve its plans
      (rules.plan_approving_units) and the agencies taking part (planners).

    Told once for each state of the group — its plans and their days, and whether it is stuck:
    when it first comes together (a plan filed, plans back to pending, a unit or the
    enterprise's area changed), when a plan is filed, merged, withdrawn or set on another day,
    and when it turns from stuck to mergeable or back without its plans changing (the inspection
    that blocked it withdrawn or turned down, another approved, a unit changed). Whether it was
    told is read from the notices sent: a state is told again, to everyone, only after the other
    was told since; else only to whoever was not told it — someone who merges, approves or files
    now and did not then (an office set up or deactivated, a person moved). A fixed number of
    queries whatever the number of groups."""
    context = rules.merge_context()
    groups = rules.merge_groups(enterprise_ids, context.tree)
    if not groups:
        return []
    keyed = []
    for group in groups:
        state = hashlib.sha256(group.state().encode()).hexdigest()[:20]
        stuck = f"enterprise:inspection-merge-stuck:{group.enterprise.pk}:{state}"
        mergeable = f"enterprise:inspection-merge:{group.enterprise.pk}:{state}"
        keyed.append((group, stuck, mergeable) if group.stuck else (group, mergeable, stuck))
    # Who was told each state, and when it was last told (the newest notice's key).
    last: dict[str, int] = {}
    had: dict[str, set[int]] = {}
    sent = Notification.objects.filter(
        kind=NotificationKind.INSPECTION_PLAN,
        key__in=[key for _group, *keys in keyed for key in keys],
    )
    for key, user_id, pk in sent.values_list("key", "user_id", "pk"):
        last[key] = max(last.get(key, 0), pk)
        had.setdefault(key, set()).add(user_id)
    mergers = [rules.plans_mergers(group.plans, context) for group, _key, _other in keyed]
    approving = {
        plan.pk: rules.plan_approving_units(plan, context=context)
        for group, _key, _other in keyed
        if group.stuck
        for plan in group.plans
    }
    staff = _Staff(
        {unit for told in mergers for unit in told.units}
        | {unit for units, _roles in approving.values() for unit in units}
        | {agency for group, _key, _other in keyed if group.stuck for agency in _agencies(group)}
    )
    notices = []
    for (group, key, other), merging in zip(keyed, mergers, strict=True):
        told = staff.of(merging.units, merging.roles)
        if group.stuck:
            for plan in group.plans:
                told |= staff.of(*approving[plan.pk])
            told |= staff.of(_agencies(group), permissions.UNIT_ROLES)
        # Back to a state told before, the other told since: everyone again. Else only those
        # not told it yet — all of them for a new state; for one told, whoever merges, approves
        # or files now and did not then (a unit or a person changed).
        again = key in last and last.get(other, 0) > last[key]
        if not again:
            told -= had.get(key, set())
        if not told:
            continue
        notices.append(_group_notice(group, key, told, context, once=not again))
    return notices


class _Staff:
    """The active users of some units, with their roles, read in one query: whom each group's
    notice tells is picked from them."""

    def __init__(self, unit_ids):
        self.by_unit: dict[int, list[tuple[int, str]]] = {}
        active = User.objects.filter(is_active=True, unit_id__in=unit_ids)
        for pk, unit_id, role in active.values_list("pk", "unit_id", "role"):
            self.by_unit.setdefault(unit_id, []).append((pk, role))

    def of(self, units, roles) -> set[int]:
        """Those of `units` who hold one of `roles`."""
        return {pk for unit in units for pk, role in self.by_unit.get(unit, ()) if role in roles}


def _agencies(group) -> set[int]:
    return set().union(*group.agencies.values())


def _plan_lines(group) -> list[str]:
    return [
        _("%(agency)s：%(day)s，%(purpose)s")
        % {
            "agency": plan.agency.name,
            "day": long_date(plan.planned_on),
            "purpose": plan.purpose,
        }
        for plan in group.plans
    ]


def _group_notice(group, key: str, told: set[int], context, *, once: bool) -> Notice:
    """E-5: a group of plans as it stands (merge_group_notices), its plans listed: one that may
    be merged asks those who merge it to; one no agency may lead says why, to those who merge
    it, approve its plans and file them."""
    names = {"enterprise": group.enterprise.name}
    if group.stuck:
        title = _("%(enterprise)s的执法检查计划无法合并，请调整计划检查日期") % names
        lines = [rules.merge_stuck_text(group, context), *_plan_lines(group)]
    else:
        title = _("多个执法机关对%(enterprise)s提出检查计划，请协调合并为联合检查") % names
        lines = [
            *_plan_lines(group),
            _(
                "以上检查计划现可合并：请在执法检查页面“待合并的检查计划”中选定牵头机关，"
                "合并为联合检查。"
            ),
        ]
    return Notice(
        kind=NotificationKind.INSPECTION_PLAN,
        title=title,
        body="\n".join(lines),
        key=key,
        url=reverse("enterprise:inspections"),
        user_ids=tuple(sorted(told)),
        once=once,
    )
