"""Who may act on what in assistance (SPEC §0). Reading is `visible_to(user)` (404 outside it);
these predicates decide acting on a visible record (403 when False). The services call them, so
the pages, the API and the jobs share them."""

from django.db.models import Q

from yingkou.choices import Role
from yingkou.industries import city_authority_industries_q, city_industry_authority


def _is_drc(user) -> bool:
    return user.is_superuser or user.role == Role.DRC_REVIEWER


def _unit_role(user) -> bool:
    return user.role in Role.unit_bound() and bool(user.unit_id)


def case_unit_ids(case) -> set[int]:
    """Units working on a case: its team's units and the project's owner and landing units."""
    ids = case.team.unit_ids()
    ids.update({case.project.owner_unit_id, case.project.landing_unit_id})
    ids.discard(None)
    return ids


def can_work_on_case(user, case) -> bool:
    """Record problems, progress and meetings: the DRC and the units on the case."""
    return _is_drc(user) or (_unit_role(user) and user.unit_id in case_unit_ids(case))


def can_propose_team(user, case) -> bool:
    """A-5: the area/department in charge proposes the team; the DRC may enter it for them (R-8)."""
    area_ids = {case.team.lead_unit_id, case.project.owner_unit_id, case.project.landing_unit_id}
    return _is_drc(user) or (_unit_role(user) and user.unit_id in area_ids)


def can_record_publication(user, case) -> bool:
    """A-5 ("各地区、各部门的帮扶方案…要在各自门户网站进行公示"): the lead area or department
    publishes the case's arrangement on its own portal, and its staff record that it did."""
    return _unit_role(user) and user.unit_id == case.team.lead_unit_id


def can_compile_team(user, case=None) -> bool:
    """A-5: the DRC compiles the list."""
    return _is_drc(user)


def can_decide_team(user, case) -> bool:
    """A-5: the assisting city leader approves or sends back (Leader.user links them); he alone
    when he has a login. A leader without one decides on paper or in person, and the DRC records
    his decision on his behalf (代为录入), as it records the city government's on proposal lists
    (`can_decide_coordination`); `team_decided_on_behalf` tells the history so."""
    leader = case.team.lead_leader
    if user.is_superuser:
        return True
    if leader is None:
        return False
    if leader.user_id is not None:
        return leader.user_id == user.pk
    return _is_drc(user)


def team_decisions_q(user) -> Q:
    """`can_decide_team` as a filter on cases, for the queue of compiled lists a user decides."""
    if user.is_superuser:
        return Q(team__lead_leader__isnull=False)
    mine = Q(team__lead_leader__user=user) if user.pk else Q(pk__in=[])
    if _is_drc(user):
        return mine | Q(team__lead_leader__isnull=False, team__lead_leader__user__isnull=True)
    return mine


def team_decided_on_behalf(user, case) -> bool:
    """A-5: whether `user` records the assisting leader's decision for him (代为录入)."""
    leader = case.team.lead_leader
    return leader is None or leader.user_id != user.pk


def can_escalate_problem(user, problem) -> bool:
    """A-3: the team reports to the city government what it cannot solve; the DRC collects it."""
    return can_work_on_case(user, problem.case)


def can_solve_problem(user, problem) -> bool:
    return can_work_on_case(user, problem.case) or (
        _unit_role(user) and user.unit_id == problem.owner_unit_id
    )


def can_see_escalations(user) -> bool:
    """A-3: city leaders and the DRC follow the problems reported to the city government."""
    return user.has_role(Role.CITY_LEADER, Role.DRC_REVIEWER)


def can_approve_teams(user) -> bool:
    """A-5: a city leader approves the teams of the projects he assists; his queue is those
    awaiting him and his list the projects he assists (can_decide_team decides each case)."""
    return user.role == Role.CITY_LEADER


def can_instruct_problem(user, problem) -> bool:
    """City leaders and the DRC record the city government's instruction on an escalation."""
    return user.is_superuser or user.role in (Role.CITY_LEADER, Role.DRC_REVIEWER)


def can_manage_groups(user) -> bool:
    """A-4: the DRC forms the promotion groups."""
    return _is_drc(user)


def can_set_general_liaison(user, unit=None) -> bool:
    """A-6: the area/department names its general liaison; the DRC may do it for them. Without a
    unit: whether the user may name one at all (the form's choices narrow it to their unit)."""
    if unit is None:
        return user.has_role(Role.DRC_REVIEWER, *Role.unit_bound())
    return _is_drc(user) or (_unit_role(user) and user.unit_id == unit.pk)


def can_convene_meeting(user, case) -> bool:
    """A-7: convened by the assisting leader, organised by the team (and the DRC)."""
    return can_decide_team(user, case) or can_work_on_case(user, case)


def can_edit_minutes(user, meeting) -> bool:
    """A-7: the meeting's record (纪要, 议定事项 and the tasks agreed) belongs to whoever convened
    it — the unit the convening leader convened it from (`JointMeeting.convening_unit`, kept at
    creation: a convener who moves later leaves the right with that unit and brings none to his
    new one) and the leaders themselves, the convener and the assisting leader; the units
    attending or working on the case read it and act on their tasks but do not rewrite it."""
    if user.is_superuser:
        return True
    leaders = (meeting.convened_by, meeting.case.team.lead_leader)
    if any(leader is not None and leader.user_id == user.pk for leader in leaders):
        return True
    return _unit_role(user) and user.unit_id == meeting.convening_unit_id


def can_complete_action(user, item) -> bool:
    return _is_drc(user) or (_unit_role(user) and user.unit_id == item.owner_unit_id)


def can_edit_plan(user, unit=None) -> bool:
    """A-5: an area or department writes and adopts its own yearly plan — its 录入员 and 单位审核,
    the DRC its own only, as they record its publication (`can_record_plan_publication`). The
    DRC reads every unit's plan but writes none of them: the plan's page only ever offered a
    user's own unit's. Without a unit: whether the user writes a plan at all (its own unit's)."""
    own_unit = (_unit_role(user) or _is_drc(user)) and bool(user.unit_id)
    return own_unit and (unit is None or user.unit_id == unit.pk)


def can_record_plan_publication(user, plan) -> bool:
    """A-5 ("各地区、各部门的帮扶方案…要在各自门户网站进行公示"): the plan's own area or department
    publishes it on its own portal, and its people record that it did — the DRC its own plan
    only."""
    own_unit = _unit_role(user) or user.role == Role.DRC_REVIEWER
    return own_unit and bool(user.unit_id) and user.unit_id == plan.unit_id


def can_move_case(user, case) -> bool:
    """Stage changes of the assisted project: the area/department in charge and the DRC."""
    return can_propose_team(user, case)


def can_open_case(user, project=None) -> bool:
    """R-8: the project's owner or landing unit, or the DRC, opens a case. A city-tier case opens
    as the unit's proposal (提出), which the DRC takes into city-leader assistance (纳入) by
    compiling its team list for the assisting city leader (A-5). Without a project: whether the
    user may open a case at all (the form lists their projects)."""
    if project is None:
        return user.has_role(Role.DRC_REVIEWER, *Role.unit_bound())
    return _is_drc(user) or (
        _unit_role(user) and user.unit_id in {project.owner_unit_id, project.landing_unit_id}
    )


def can_assign_industry_service(user, case) -> bool:
    """A-3 (帮扶机制二(二)): the city's competent department for the project's industry (行业主管部门,
    `yingkou.industries.city_industry_authority`) names its own leader in charge and service
    staff for a key project of its industry; no other department, whatever team it is on."""
    if not _unit_role(user):
        return False
    department = city_industry_authority(case.project.industry)
    return department is not None and department.pk == user.unit_id


def is_industry_department(user) -> bool:
    """A-3: whether the user's unit is the city's competent department of some industry, whose
    key projects it sees and serves (its dashboard counts those still without its service)."""
    return _unit_role(user) and city_authority_industries_q(user.unit) is not None


def can_report_weekly(user, case) -> bool:
    """A-8 (帮扶机制二(一)): the units working on the case report its weekly progress."""
    return can_work_on_case(user, case)


def reports_weekly(user) -> bool:
    """A-8: whether the rows of the weekly list a user sees are theirs to report
    (`can_report_weekly` of each): the DRC's all, a unit's all (it sees the cases it works on);
    the other city-wide readers report none."""
    return _is_drc(user) or _unit_role(user)


def can_dispatch_weekly(user) -> bool:
    """A-8: the DRC (重点项目办) records the weekly dispatch."""
    return _is_drc(user)


def can_propose_coordination(user, case) -> bool:
    """A-5 (帮扶机制二(二)): the area or department in charge proposes its list; the DRC may enter
    it for them."""
    return can_propose_team(user, case)


def can_compile_coordination(user) -> bool:
    """A-5: the DRC compiles the lists and reports them to the city government."""
    return _is_drc(user)


def can_decide_coordination(user) -> bool:
    """A-5: the city government decides; the DRC records its decision, as for escalations."""
    return user.is_superuser or user.role in (Role.CITY_LEADER, Role.DRC_REVIEWER)
