"""The reserve norms (项目储备工作服务规范, SPEC §2): one function per numbered rule.

The UI, the API, the Excel import and the jobs all call these; none of them decides a rule itself.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingkou.amounts import FIVE_HUNDRED_MILLION, TEN_MILLION
from yingkou.choices import Stage, UnitKind
from yingkou.errors import RuleViolation
from yingkou.rules import (
    WRITTEN_REASON_MIN_CHARS,
    service_period_rule,
    still_answers,
    written_reason_rule,
)
from yingkou.scheduling.periods import period_begun

from .choices import EntryStatus, PoolLevel, StepAction

RESERVE_STAGES = (Stage.PLANNING, Stage.RESERVE)


SCOPE_BAND = gettext_lazy("1000万元以上（含1000万元）")  # R-1, as pages and messages name it


def reserve_scope_rule(*, total_investment: Decimal | None, stage: str) -> None:
    """R-1: only projects of 1,000 万元 or more (以上 includes it) in the planning/packaging stage
    (策划包装, or already 储备) may be declared into a pool."""
    if total_investment is None or total_investment < TEN_MILLION:
        raise RuleViolation(
            "R-1",
            _("总投资须在%(band)s方可申报入库") % {"band": SCOPE_BAND},
            field="total_investment",
        )
    if stage not in RESERVE_STAGES:
        raise RuleViolation("R-1", _("只有策划包装或储备阶段的项目可以申报入库"), field="stage")


# "各县(市)区、园区和市直各行业主管部门、有关单位负责二级项目储备库建设". Besides the
# industry authorities, the city-level units that bring projects are the "有关单位": the
# investment bureau, and the party, congress, CPPCC and mass organisations that N-2 rule 2 names
# as negotiating bodies. The supervision bureau, the legal affairs office, utilities and the
# city government itself bring none.
CITY_POOL_KINDS = (UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.INVESTMENT_BUREAU, UnitKind.PARTY_ORG)


def pool_unit_rule(unit) -> int | None:
    """R-2: which pool a unit runs. The DRC runs the level-1 pool; each county/district, park,
    city-level municipal department (industry authority) and other city-level unit that brings
    projects (有关单位: the investment bureau, party and mass organisations) runs one level-2
    pool (一个地区、一个部门、一个行业、一个项目库). A county's own bureaus declare through their
    county's pool, so they run none; other units run none."""
    if unit.kind == UnitKind.DRC:
        return PoolLevel.LEVEL_1
    if unit.kind in UnitKind.areas():
        return PoolLevel.LEVEL_2
    if unit.kind in CITY_POOL_KINDS and unit.level == "city":
        return PoolLevel.LEVEL_2
    return None


def level1_pool_rule(drc_unit) -> None:
    """R-2: the level-1 pool is the DRC's; without a DRC unit there is none."""
    if drc_unit is None:
        raise RuleViolation("R-2", _("尚未设置市发展改革委单位，无法建立一级项目储备库。"))


def declaring_pool_possible(pool) -> bool:
    """R-2: only a unit running a level-2 pool declares into it (the others through their
    county/district)."""
    return pool is not None and pool.level == PoolLevel.LEVEL_2


def declaring_pool_rule(pool) -> None:
    """R-2, as `declaring_pool_possible` says."""
    if not declaring_pool_possible(pool):
        raise RuleViolation("R-2", _("您的单位不设二级项目储备库，请通过所属县(市)区申报。"))


def one_entry_rule(*, declared: bool) -> None:
    """R-2: a project is declared once; it sits in one pool only."""
    if declared:
        raise RuleViolation("R-2", _("该项目已申报入库，一个项目只能在一个项目库中。"))


def one_pool_per_level_rule(*, pooled: bool) -> None:
    """R-2: a project is in one pool of a level."""
    if pooled:
        raise RuleViolation("R-2", _("该项目已在同级别的另一个项目库中。"))


_STEPS = {
    StepAction.SUBMIT: (
        {(PoolLevel.LEVEL_2, EntryStatus.DRAFT), (PoolLevel.LEVEL_2, EntryStatus.RETURNED)},
        lambda entry: (PoolLevel.LEVEL_2, EntryStatus.SUBMITTED),
    ),
    StepAction.WITHDRAW: (
        {
            (PoolLevel.LEVEL_2, EntryStatus.DRAFT),
            (PoolLevel.LEVEL_2, EntryStatus.SUBMITTED),
            (PoolLevel.LEVEL_2, EntryStatus.RETURNED),
        },
        lambda entry: (PoolLevel.LEVEL_2, EntryStatus.WITHDRAWN),
    ),
    StepAction.RECOMMEND: (
        {(PoolLevel.LEVEL_2, EntryStatus.APPROVED), (PoolLevel.LEVEL_1, EntryStatus.RETURNED)},
        lambda entry: (PoolLevel.LEVEL_1, EntryStatus.SUBMITTED),
    ),
    StepAction.APPROVE: (
        {(PoolLevel.LEVEL_1, EntryStatus.SUBMITTED), (PoolLevel.LEVEL_2, EntryStatus.SUBMITTED)},
        lambda entry: (entry.level, EntryStatus.APPROVED),
    ),
    StepAction.RETURN: (
        {(PoolLevel.LEVEL_1, EntryStatus.SUBMITTED), (PoolLevel.LEVEL_2, EntryStatus.SUBMITTED)},
        lambda entry: (entry.level, EntryStatus.RETURNED),
    ),
}


def entry_step_possible(*, entry, action: str) -> bool:
    """R-3: whether the entry's state allows the step (who may take it:
    `permissions.can_step_entry`)."""
    if action not in _STEPS:
        raise ValueError(action)
    return (entry.level, entry.status) in _STEPS[action][0]


def entry_transition_rule(*, entry, action: str) -> tuple[int, str]:
    """R-3: from which state an entry moves, and where it goes.

    Unit staff declare and submit (申报) into their unit's level-2 pool; the unit reviewer approves
    it into the level-2 pool or returns it with comments, and recommends approved entries to level
    1; the DRC approves into the level-1 pool or returns with comments. Returns the new
    (level, status); a step that does not fit the entry's state breaks R-3 (400).
    """
    if not entry_step_possible(entry=entry, action=action):
        raise RuleViolation(
            "R-3",
            _("当前状态（%(state)s）不能执行“%(action)s”。")
            % {"state": entry.state_label, "action": StepAction(action).label},
        )
    return _STEPS[action][1](entry)


def return_comment_rule(*, comment: str) -> None:
    """R-3: a return always carries the reviewer's comments (退回并提出意见)."""
    if not (comment or "").strip():
        raise RuleViolation("R-3", _("退回时必须填写审核意见。"), field="comment")


def plan_investment_set(plan_investment) -> bool:
    """R-4: whether a pool has a plan total (规划投资总额) to be measured against. Until the DRC
    sets one (none, or 0) the plan rule cannot be judged: it reads 未设定规划投资总额（无法判断）,
    neither met nor failed. Takes the amount or its archived text."""
    return plan_investment is not None and Decimal(plan_investment) > 0


@dataclass(frozen=True)
class Health:
    """R-4: a pool's health from its aggregated figures (万元).

    `plan_met` is true only when a plan total is set and reached; without one (`plan_set` false)
    the plan rule is undecided, so it is neither shown as failed nor counted as met."""

    project_count: int
    total_investment: Decimal
    plan_investment: Decimal | None
    non_real_estate_investment: Decimal
    large_investment: Decimal
    plan_ratio: Decimal | None
    non_real_estate_share: Decimal | None
    large_share: Decimal | None
    plan_set: bool
    plan_met: bool
    non_real_estate_met: bool
    large_met: bool

    @property
    def all_met(self) -> bool:
        """All three rules shown to be met. A pool without a plan total is not among them: the
        circular's count of pools meeting everything leaves it out and counts it apart
        (`selectors.city_summary`, `plan_unset_pools`)."""
        return self.plan_met and self.non_real_estate_met and self.large_met

    def as_dict(self) -> dict:
        def text(value):
            return None if value is None else f"{value:.2f}"

        def share(value):
            return None if value is None else f"{value:.4f}"

        return {
            "project_count": self.project_count,
            "total_investment": text(self.total_investment),
            "plan_investment": text(self.plan_investment),
            "plan_ratio": share(self.plan_ratio),
            "plan_set": self.plan_set,
            "plan_met": self.plan_met,
            "non_real_estate_investment": text(self.non_real_estate_investment),
            "non_real_estate_share": share(self.non_real_estate_share),
            "non_real_estate_met": self.non_real_estate_met,
            "large_investment": text(self.large_investment),
            "large_share": share(self.large_share),
            "large_met": self.large_met,
            "all_met": self.all_met,
        }


PLAN_MULTIPLE = Decimal("2")
NON_REAL_ESTATE_MIN_SHARE = Decimal("0.80")
LARGE_MIN_SHARE = Decimal("0.30")
LARGE_PROJECT = FIVE_HUNDRED_MILLION
LARGE_PROJECT_BAND = gettext_lazy(
    "5亿元以上（含5亿元）"
)  # R-4's large projects, as headers name them


def is_large_project(total_investment: Decimal) -> bool:
    """R-4: a large project counts toward the 30 % share; 以上 includes 5亿 itself."""
    return total_investment >= LARGE_PROJECT


def pool_health_rule(
    *,
    project_count: int,
    total_investment: Decimal | None,
    plan_investment: Decimal | None,
    non_real_estate_investment: Decimal | None,
    large_investment: Decimal | None,
) -> Health:
    """R-4: pooled investment ≥ 2 × the plan investment; non-real-estate ≥ 80 % of it; projects of
    ≥ 50,000 万元 ≥ 30 % of it. The sums come from the database (selectors.pools_with_health).
    An empty pool meets nothing (no shares to speak of); a pool without a plan amount is not
    judged on the plan rule (`plan_investment_set`): `plan_set` false, `plan_met` false."""
    total = total_investment or Decimal("0")
    non_re = non_real_estate_investment or Decimal("0")
    large = large_investment or Decimal("0")
    plan_set = plan_investment_set(plan_investment)
    plan_ratio = total / plan_investment if plan_set else None
    non_re_share = non_re / total if total else None
    large_share = large / total if total else None
    return Health(
        project_count=project_count,
        total_investment=total,
        plan_investment=plan_investment,
        non_real_estate_investment=non_re,
        large_investment=large,
        plan_ratio=plan_ratio,
        non_real_estate_share=non_re_share,
        large_share=large_share,
        plan_set=plan_set,
        plan_met=plan_set and total >= PLAN_MULTIPLE * plan_investment,
        non_real_estate_met=non_re_share is not None and non_re_share >= NON_REAL_ESTATE_MIN_SHARE,
        large_met=large_share is not None and large_share >= LARGE_MIN_SHARE,
    )


def weekly_update_friday_rule(day: dt.date) -> dt.date:
    """R-5: pools are updated every Friday (每周五更新); the Friday of `day`'s ISO week, which names
    the week (WeeklyUpdate.week_friday) whatever day the update is due."""
    return day + dt.timedelta(days=4 - day.weekday())


def weekly_update_due_rule(day: dt.date) -> dt.date | None:
    """R-5: the day the update of `day`'s week is due: its Friday when that is a working day;
    when Friday is a day off (2026-10-02, National Day), the last working day before it in that
    week; None when Monday to Friday are all off (the week owes no update). A make-up working
    weekend day (调休) comes after Friday or before Monday, so it never carries the update."""
    from yingkou.workdays import week_due_day

    return week_due_day(day)


def weekly_update_weeks_owed_rule(first: dt.date, last: dt.date) -> list[dt.date]:
    """R-5: the Fridays from `first` to `last` naming a week that owes an update — every week
    but one whose Monday to Friday are all off (`weekly_update_due_rule`) — as the monthly
    circular counts a pool's weeks (October 2026: 2, 9, 16, 23 and 30; February 2026: 6, 13
    and 27, the Spring Festival week of the 20th owing none)."""
    friday = weekly_update_friday_rule(first)
    if friday < first:
        friday += dt.timedelta(days=7)
    owed = []
    while friday <= last:
        if weekly_update_due_rule(friday) is not None:
            owed.append(friday)
        friday += dt.timedelta(days=7)
    return owed


# How far back the late check looks for a week that owed an update (the longest PRC break plus
# a margin): a pool that missed an older week but updated since is not late any more.
_OWED_LOOKBACK_WEEKS = 4


def weekly_update_due_days():
    """R-5's due day of a week (`weekly_update_due_rule`), each week read from the calendar once:
    a page's due day, late check and overdue day count on the same weeks. Made for one request
    and dropped with it, so a calendar day an administrator corrects counts on the next page."""
    dues: dict[dt.date, dt.date | None] = {}

    def due_of(day: dt.date) -> dt.date | None:
        friday = weekly_update_friday_rule(day)
        if friday not in dues:
            dues[friday] = weekly_update_due_rule(friday)
        return dues[friday]

    return due_of


def weekly_update_owed_friday_rule(today: dt.date, due_of=None) -> dt.date | None:
    """R-5: the Friday naming the latest week whose due day has ended by `today` — the update a
    pool must have made by now. A due day ends at midnight, so on the due day itself the
    previous owing week is the one that counts. `due_of` (`weekly_update_due_days`) shares the
    weeks read with the caller."""
    due_of = due_of or weekly_update_due_rule
    friday = weekly_update_friday_rule(today)
    for _weeks_back in range(_OWED_LOOKBACK_WEEKS + 1):
        due = due_of(friday)
        if due is not None and due < today:
            return friday
        friday -= dt.timedelta(days=7)
    return None


def weekly_update_late_rule(
    *, last_friday_confirmed: dt.date | None, owed_friday: dt.date | None
) -> bool:
    """R-5: a pool is late when the latest week whose due day has ended (`owed_friday`, from
    weekly_update_owed_friday_rule) has no update of it or of a later week."""
    if owed_friday is None:
        return False
    return last_friday_confirmed is None or last_friday_confirmed < owed_friday


def pool_responsible_serves(*, pool, responsible) -> bool:
    """R-5: whether a person may answer for the pool's weekly update (专人负责): an active user
    of the pool's own unit. Someone who since left the unit or was deactivated answers for it
    no more, so the pool reads as having no one named until its reviewer names another."""
    return still_answers(responsible, {pool.unit_id})


def pool_responsible_rule(*, pool, responsible) -> None:
    """R-5: each pool's updates are the job of one named person (专人负责), chosen by the pool's
    own unit among its active users."""
    if responsible is None:
        raise RuleViolation("R-5", _("请指定储备库更新专人。"), field="responsible")
    if not pool_responsible_serves(pool=pool, responsible=responsible):
        raise RuleViolation("R-5", _("储备库更新专人须为本单位在职人员。"), field="responsible")


def month_closed_rule(*, year: int, month: int, today: dt.date) -> bool:
    """R-6: a month is closed (its archive final) once the next month has begun."""
    return (year, month) < (today.year, today.month)


def month_asked_rule(*, year: int, month: int, today: dt.date) -> None:
    """R-6: a month's list or circular is asked for one of the service's months that has
    begun: a month not begun has nothing yet (404), one before the service nothing at all
    (PeriodBeforeService, 400)."""
    service_period_rule("R-6", "monthly", dt.date(year, month, 1))
    if not period_begun("monthly", dt.date(year, month, 1), today):
        raise RuleViolation("R-6", _("该月份尚未开始。"))


def month_archive_rule(*, year: int, month: int, today: dt.date) -> None:
    """R-6: only a closed month of the service is archived."""
    service_period_rule("R-6", "monthly", dt.date(year, month, 1))
    if not month_closed_rule(year=year, month=month, today=today):
        raise RuleViolation(
            "R-6", _("%(year)d年%(month)d月尚未结束，不能归档。") % {"year": year, "month": month}
        )


# the fields of a reserve project a unit publishes; nothing else leaves the system.
PUBLIC_FIELDS = (
    "name",
    "owner_unit",
    "landing_unit",
    "industry",
    "total_investment",
    "construction_content",
    "start_year",
    "end_year",
    "pool_level",
    "since",
)


def publication_rule(*, in_pool: bool) -> None:
    """R-7: only a project in a pool may be published."""
    if not in_pool:
        raise RuleViolation("R-7", _("只有已入库的项目可以对外公开。"), field="is_published")


def drc_publication_q() -> Q:
    """R-7: "定期向社会发布重大建设项目储备有关情况" — what the DRC publishes of the level-1 pool: its
    major projects. The source measures 重大项目 itself, in this norm (四(一): "投资5亿元以上的重大
    项目") and in the assistance norm ("投资5亿元以上（含5亿元）的重大项目"), so a published level-1
    project of 5亿元 or more; a smaller one is published by its own unit, from its level-2 pool."""
    return Q(project__total_investment__gte=LARGE_PROJECT)


def publication_lacking_rule(*, pooled: int, published: int | None) -> bool:
    """R-7: "定期在各自门户网站公布储备项目情况" — a unit whose pool holds projects and publishes
    none of them has not published its reserve. A pool with none has nothing to publish; an
    archive made before publication was counted (`published` None) is not judged."""
    return published is not None and pooled > 0 and published == 0


def handover_pending_q() -> Q:
    """R-8 over entries: a declaration whose project is in a pool through it, with a clear
    investor intent (具备条件的储备项目（投资方投资意向基本明确）), not handed over to key-project
    assistance yet. The one statement of who is waiting for the handover: the entry page asks it
    of one entry (`handover_possible`), the 待转入精准帮扶 list and its dashboard counts filter by
    it; `handover_rule` says why another is refused."""
    from .models import Membership

    pooled = Membership.objects.current().filter(entry=OuterRef("pk"))
    return Q(Exists(pooled)) & Q(project__investor_intent_clear=True, handed_over_at__isnull=True)


def handover_possible(entry) -> bool:
    """R-8 asked by the entry page: whether this declaration waits for the handover
    (`handover_pending_q`)."""
    from .models import Entry

    return Entry.objects.filter(handover_pending_q(), pk=entry.pk).exists()


def handover_rule(*, project, in_pool: bool) -> None:
    """R-8: a pooled reserve project whose investor intent is clear goes into key-project
    assistance. Which tier serves it (≥ 50,000 万元 and not real estate → city leader) is decided
    once, by the assistance app's A-2 rule, when the case opens."""
    if not in_pool:
        raise RuleViolation("R-8", _("只有已入库的储备项目可以转入精准帮扶。"))
    if not project.investor_intent_clear:
        raise RuleViolation(
            "R-8", _("投资意向基本明确的项目方可转入精准帮扶。"), field="investor_intent_clear"
        )


# a written reason (`yingkou.rules.written_reason_rule`), the same whether it keeps a
# candidate from outside the pools or takes one off the list.
CANDIDATE_REASON_MIN_CHARS = WRITTEN_REASON_MIN_CHARS


def candidate_rule(*, in_pool: bool, reason: str) -> None:
    """R-9: candidates for funding channels come from the pools; a project outside them is not
    considered in principle, and keeping it needs a written reason."""
    if not in_pool:
        written_reason_rule(
            "R-9",
            reason,
            _(
                "该项目不在储备库中，原则上不予考虑；确需入选，请书面说明理由（不少于%(count)s个字）。"
            ),
            field="override_reason",
        )


def candidate_left_pool_rule(
    *, listed: bool, pooled: bool, override_reason: str, year: int, today: dt.date
) -> bool:
    """R-9 after the choice: a candidate still on the list (`listed`), chosen without a written
    reason — from the pools — whose project is no longer in any pool (taken out under R-1: under
    1,000 万元, past the reserve stages or stopped; its entry withdrawn) is no longer one "in
    principle". The candidate list marks it 已不在储备库, and the unit that chose it and the DRC
    are told; one they keep is given a written reason (`services.candidate_reason_record`), one
    they drop is removed with one (`candidate_removal_rule`). One chosen with a written reason
    keeps it: the reason was for being outside the pools. A returned entry leaves its project
    where it was (a level-1 return keeps it in its level-2 pool).

    Decision: only a candidacy for a year not ended (`today`'s year or later) is judged — a past
    year's list is what was chosen then, and its funded projects have since moved on to being
    built. `CandidateQuerySet.left_pool` is the same in the database."""
    return listed and not pooled and not (override_reason or "").strip() and year >= today.year


def candidate_reason_rule(*, listed: bool, left_pool: bool, reason: str) -> None:
    """R-9: a reason written after the choice is for a candidate still listed that has left the
    pools (`candidate_left_pool_rule`), and is a reason — as long as one given when choosing from
    outside them (`candidate_rule`)."""
    if not listed:
        raise RuleViolation("R-9", _("该候选项目已移除。"))
    if not left_pool:
        raise RuleViolation("R-9", _("该候选项目无需补充理由。"), field="override_reason")
    candidate_rule(in_pool=False, reason=reason)


def candidate_removal_rule(*, listed: bool, reason: str) -> None:
    """R-9: whoever chose a candidate, or the DRC, may take it off the list — with a written
    reason (at least `CANDIDATE_REASON_MIN_CHARS` characters, blanks aside), as keeping one from
    outside the pools needs; the candidacy stays on record, removed, and the project may be
    chosen again. A removed candidate is not removed twice."""
    if not listed:
        raise RuleViolation("R-9", _("该候选项目已移除。"))
    written_reason_rule(
        "R-9",
        reason,
        _("从候选名单中移除须书面说明理由（不少于%(count)s个字）。"),
        field="removal_reason",
    )


def reserve_fund_budgeted(unit) -> bool:
    """R-10: "市、县(市)区、园区财政部门要将项目储备专项资金列入年度预算" — the funds are in the
    budgets of the city, the counties/districts and the parks, one fund each a year. The city's
    is recorded with the level-1 pool, whose unit (the DRC) runs the city's reserve work; the
    city departments' pools are paid from the city's budget and have none of their own."""
    return unit.kind == UnitKind.DRC or unit.kind in UnitKind.areas()


def reserve_fund_rule(*, unit, year: int) -> None:
    """R-10: a reserve special fund is recorded for the city or an area, as
    `reserve_fund_budgeted` says, for a plausible year."""
    if not reserve_fund_budgeted(unit):
        raise RuleViolation(
            "R-10",
            _(
                "储备专项资金列入市、县(市)区、园区财政预算；市直部门的储备工作由市级资金安排，请在一级库登记。"
            ),
            field="unit",
        )
    if not 2000 <= year <= 2100:
        raise RuleViolation("R-10", _("年度不正确。"), field="year")
