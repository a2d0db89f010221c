"""Who may act on what in negotiation (SPEC §3). Reading is `visible_to(user)` (404 outside it);
these predicates decide acting on a visible record (403 when False). The services call them, so
the pages, the API and the jobs share them; `require` is `yingkou.permissions.require`."""

from yingkou.choices import Role

from .choices import QuestionKind


def acts_for_unit(user, unit_id: int | None) -> bool:
    """Whether the user works for the unit: its staff and reviewers, and the bureau's or the
    DRC's own people when their unit is the one on the team (the investment bureau negotiates
    projects itself). City leaders act through their own role, not for a unit."""
    if not user.is_authenticated or unit_id is None or user.unit_id != unit_id:
        return False
    return user.role in Role.unit_bound() | {Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER}


def can_open_case(user, negotiating_unit=None) -> bool:
    """N-1: unit staff register their own unit's negotiations; the investment bureau, which keeps
    the under-negotiation pool (N-6), and the DRC register any unit's."""
    if user.is_superuser or user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER):
        return True
    if user.role not in Role.unit_bound() or not user.unit_id:
        return False
    return negotiating_unit is None or acts_for_unit(user, negotiating_unit.pk)


def can_lead_team(user, case) -> bool:
    """N-3 (谁牵头、谁负责): the lead unit's people act for the team: they add units, name the main
    negotiating unit, assign tasks and move the case."""
    return user.is_superuser or acts_for_unit(user, case.team.lead_unit_id)


def can_work_on_cases(user) -> bool:
    """Whether the user could work on any case at all: only people acting for a unit sit on a
    team (city leaders, supervision and legal affairs follow the cases, they do not record)."""
    if user.is_superuser:
        return True
    return acts_for_unit(user, user.unit_id)


def can_work_on_case(user, case) -> bool:
    """Staff of any unit on the team (or the negotiating unit) record questions, meetings and
    reports."""
    if user.is_superuser:
        return True
    return any(
        acts_for_unit(user, unit_id)
        for unit_id in case.team.unit_ids() | {case.negotiating_unit_id}
    )


def can_raise_question(user, case, kind: str) -> bool:
    """N-4: a team unit records an investor's question; a question for the city government is
    reported by the lead unit (the one receiver of that route)."""
    if kind == QuestionKind.CITY:
        return can_lead_team(user, case)
    return can_work_on_case(user, case)


def can_update_task(user, task) -> bool:
    """N-3: the owner unit reports on its task; the lead unit may also update it."""
    return can_lead_team(user, task.case) or acts_for_unit(user, task.owner_unit_id)


def can_answer_question(user, question) -> bool:
    """N-4: the owner unit answers; the lead unit answers for the team; city leaders answer the
    questions reported to the city government."""
    if can_lead_team(user, question.case):
        return True
    if question.kind == QuestionKind.CITY and user.has_role(Role.CITY_LEADER):
        return True
    return acts_for_unit(user, question.owner_unit_id)


def can_answer_city_questions(user) -> bool:
    """N-4: the city leaders' inbox of questions reported to the city government."""
    return user.has_role(Role.CITY_LEADER)


def can_appraise(user) -> bool:
    """N-6: the pool's appraisal is read by the bureau keeping it, the DRC, the city leaders and
    the supervision bureau."""
    return user.has_role(
        Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER, Role.CITY_LEADER, Role.SUPERVISOR
    )


def can_see_pool(user) -> bool:
    """N-6: the under-negotiation pool is kept by the investment bureau and followed by the DRC
    and the city leaders (others reach their cases from the case list)."""
    return user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER, Role.CITY_LEADER)


def can_dispatch_reports(user) -> bool:
    """N-6: the investment bureau dispatches the teams' progress reports (市招商局定期对全市洽谈阶段
    项目的进展情况进行调度), keeping the pool they feed."""
    return user.has_role(Role.INVESTMENT_BUREAU)
