"""Who may act on what in the reserve (SPEC §2): plain predicates, asked by services, views,
templates and the navigation alike."""

from yingkou.choices import Role


def can_declare(user) -> bool:
    """R-3: unit staff declare into their unit's level-2 pool."""
    return user.has_role(Role.UNIT_STAFF) and bool(user.unit_id)


def has_own_pool(user) -> bool:
    """R-2: unit staff and reviewers work in their unit's pool."""
    return user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER)


def can_review_level2(user) -> bool:
    """R-3: the unit reviewer's level-2 queue."""
    return user.has_role(Role.UNIT_REVIEWER)


def can_review_level1(user) -> bool:
    """R-3: the DRC's level-1 queue."""
    return user.has_role(Role.DRC_REVIEWER)


def can_see_all_pools(user) -> bool:
    """R-4: the DRC, the investment bureau and the city leaders follow every pool."""
    return user.has_role(Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU, Role.CITY_LEADER)


def can_dispatch_weekly(user) -> bool:
    """R-5: the DRC dispatches the Friday updates of every pool."""
    return user.has_role(Role.DRC_REVIEWER)


def can_download_monthly_list(user) -> bool:
    """R-6: the DRC sends the monthly project detail list to the investment bureau; only these
    two download it."""
    return user.is_authenticated and user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER)


def reads_monthly_report(user) -> bool:
    """R-6: city leaders read the month's reserve report (the circulars), not the detail list."""
    return user.role == Role.CITY_LEADER and not can_download_monthly_list(user)


def can_add_candidate(user) -> bool:
    """R-9: the DRC and the investment bureau choose the candidates."""
    return user.has_role(Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU)
