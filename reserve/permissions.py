"""Who may act on what in the reserve (SPEC §2). Reading is `visible_to(user)` (404 outside it);
these predicates decide acting on a visible record (403 when False). The services call them, so
the pages, the API, the Excel import and the jobs share them; `require` is
`yingkou.permissions.require`."""

from django.utils.translation import gettext_lazy as _

from yingkou.choices import Role

from . import rules
from .choices import PoolLevel, StepAction


def _own_unit(user, unit_id) -> bool:
    return user.unit_id is not None and unit_id == user.unit_id


def can_declare(user) -> bool:
    """R-3: unit staff declare into their unit's level-2 pool."""
    return user.has_role(Role.UNIT_STAFF) and bool(user.unit_id)


def can_declare_project(user, project) -> bool:
    """R-3: a unit declares its own projects."""
    return can_declare(user) and project.owner_unit_id == user.unit_id


def can_step_entry(user, entry, action: str) -> bool:
    """R-3: who takes a review step. Unit staff submit and withdraw, the unit reviewer approves or
    returns at level 2 and recommends to level 1, the DRC approves or returns at level 1."""
    own = user.is_superuser or entry.pool.unit_id == user.unit_id
    if action in (StepAction.SUBMIT, StepAction.WITHDRAW):
        return own and user.has_role(Role.UNIT_STAFF)
    if action == StepAction.RECOMMEND:
        return own and user.has_role(Role.UNIT_REVIEWER)
    if action in (StepAction.APPROVE, StepAction.RETURN):
        if entry.level == PoolLevel.LEVEL_1:
            return user.has_role(Role.DRC_REVIEWER)
        return own and user.has_role(Role.UNIT_REVIEWER)
    raise ValueError(action)


def step_refusal(entry, action: str) -> str:
    """Why `can_step_entry` said no, for the 403 page."""
    if action in (StepAction.SUBMIT, StepAction.WITHDRAW):
        return _("只有本单位录入员可以提交或撤回申报。")
    if action == StepAction.RECOMMEND:
        return _("只有本单位审核人可以推荐至一级库。")
    if entry.level == PoolLevel.LEVEL_1:
        return _("一级库由市发展改革委审核。")
    return _("二级库由本单位审核人审核。")


def can_review_level2(user) -> bool:
    """R-3: the unit reviewer's level-2 queue."""
    return user.has_role(Role.UNIT_REVIEWER)


def can_review_level1(user) -> bool:
    """R-3: the DRC's level-1 queue."""
    return user.has_role(Role.DRC_REVIEWER)


def can_set_plan(user, pool=None) -> bool:
    """R-4: the DRC sets each pool's plan period and plan investment total."""
    return user.has_role(Role.DRC_REVIEWER)


def can_enter_fund(user) -> bool:
    """R-10: the DRC records the units' reserve special funds."""
    return user.has_role(Role.DRC_REVIEWER)


def can_confirm_update(user, pool) -> bool:
    """R-5: the unit confirms its own pool's weekly update."""
    own = user.is_superuser or _own_unit(user, pool.unit_id)
    return own and user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER, Role.DRC_REVIEWER)


def can_set_responsible(user, pool) -> bool:
    """R-5: the unit names its pool's responsible person (its reviewer, the unit's leader); the
    DRC names the level-1 pool's."""
    if user.is_superuser:
        return True
    return _own_unit(user, pool.unit_id) and user.has_role(Role.UNIT_REVIEWER, Role.DRC_REVIEWER)


def can_see_weekly_dispatch(user) -> bool:
    """R-5: the weekly dispatch table is the city's view of every pool."""
    return user.is_city_wide


def can_download_monthly_list(user) -> bool:
    """R-6: the DRC sends the monthly project detail list to the investment bureau; only these
    two download it."""
    return user.is_authenticated and user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER)


def can_see_monthly_archive(user) -> bool:
    """R-6: the archive page: the two who download the lists and the city-wide roles reading the
    circulars."""
    return can_download_monthly_list(user) or user.is_city_wide


def can_publish(user, entry) -> bool:
    """R-7: each unit publishes its own reserve projects; the DRC, which publishes the level-1
    pool's, may mark any pooled project (one mark per declaration, shown on the public page of
    each pool it is in)."""
    own = _own_unit(user, entry.pool.unit_id)
    return (own and user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER)) or user.has_role(
        Role.DRC_REVIEWER
    )


def can_hand_over(user, entry) -> bool:
    """R-8: the unit's reviewer or the DRC hands a pooled project over. A city-tier case opens as
    the unit's proposal (提出); the DRC takes it in (纳入) by compiling its team list for the
    assisting city leader (A-5)."""
    own = _own_unit(user, entry.pool.unit_id)
    return (own and user.has_role(Role.UNIT_REVIEWER)) or user.has_role(Role.DRC_REVIEWER)


def can_see_candidates(user) -> bool:
    """R-9: the funding candidates are followed by the DRC, the investment bureau and the city
    leaders."""
    return user.has_role(Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU, Role.CITY_LEADER)


def can_add_candidate(user) -> bool:
    """R-9: the DRC and the investment bureau choose the candidates."""
    return user.has_role(Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU)


def can_remove_candidate(user, candidate) -> bool:
    """R-9: a candidate is taken off the list by whoever chose it — the unit whose staff chose
    it, as long as they still choose candidates — or by the DRC, which runs the pools the
    candidates come from."""
    if user.has_role(Role.DRC_REVIEWER):
        return True
    return can_add_candidate(user) and _own_unit(user, candidate.added_by.unit_id)


def has_own_pool(user) -> bool:
    """R-2: unit staff and reviewers work in their unit's level-2 pool, where it runs one
    (rules.pool_unit_rule): a county's own bureaus declare through their county's."""
    return (
        user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER)
        and user.unit_id is not None
        and rules.pool_unit_rule(user.unit) == PoolLevel.LEVEL_2
    )


def can_declare_into_own_pool(user) -> bool:
    """R-2, R-3: the declaration page is for unit staff whose unit runs a level-2 pool."""
    return can_declare(user) and has_own_pool(user)


def can_review_own_pool(user) -> bool:
    """R-3: the level-2 queue is for the reviewers of a unit running a level-2 pool."""
    return can_review_level2(user) and has_own_pool(user)


def can_see_all_pools(user) -> bool:
    """R-4: the DRC, the investment bureau and the city leaders follow every pool."""
    return user.has_role(Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU, Role.CITY_LEADER)


def can_dispatch_weekly(user) -> bool:
    """R-5: the DRC dispatches the Friday updates of every pool."""
    return user.has_role(Role.DRC_REVIEWER)


def reads_monthly_report(user) -> bool:
    """R-6: city leaders read the month's reserve report (the circulars), not the detail list."""
    return user.role == Role.CITY_LEADER and not can_download_monthly_list(user)
