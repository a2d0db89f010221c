"""Who may act on what in negotiation (SPEC §3): plain predicates, asked by services, views,
templates and the navigation alike."""

from yingkou.choices import Role


def can_see_pool(user) -> bool:
    """N-6: the under-negotiation pool is kept by the investment bureau and followed by the DRC
    and the city leaders (others reach their cases from the case list)."""
    return user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER, Role.CITY_LEADER)


def can_appraise(user) -> bool:
    """N-6: the pool's appraisal is read by the bureau keeping it, the DRC, the city leaders and
    the supervision bureau."""
    return user.has_role(
        Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER, Role.CITY_LEADER, Role.SUPERVISOR
    )
