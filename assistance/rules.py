"""The rules of key-project assistance (SPEC §4), each decided in exactly one function.

The UI, the API, the services and the scheduled jobs all call these; a broken rule raises
`yingkou.errors.RuleViolation` naming the rule.
"""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingkou.amounts import FIVE_HUNDRED_MILLION, TEN_MILLION
from yingkou.choices import AdministrativeLevel, LeaderRank, Stage, UnitKind
from yingkou.dates import month_day, year_month
from yingkou.errors import RuleViolation
from yingkou.industries import city_authorities, industry_codes_q
from yingkou.models.deadlines import deadline_state
from yingkou.models.leaders import serves_as
from yingkou.rules import dispatch_remarks_rule, service_period_rule, still_answers
from yingkou.scheduling.periods import period_begun
from yingkou.workdays import add_working_days, add_working_days_each, working_days_in

from .choices import (
    ActionStatus,
    CaseStatus,
    ConstructionStatus,
    CoordinationStatus,
    ProblemStatus,
    PublicationState,
    ReminderOccasion,
    TeamStatus,
    Tier,
)

# Construction status bands on actual / planned investment: 110 % 以上 ahead, 90 % 以上 on schedule.
AHEAD_RATIO = Decimal("1.10")
ON_SCHEDULE_RATIO = Decimal("0.90")


def assistance_scope_rule(project) -> None:
    """A-1: assistance serves projects of 1,000 万元 or more (以上 includes the boundary), from
    reserve to completion; a stopped project is not taken in, an operating one belongs to
    enterprise help (E-1)."""
    if project.stage in OUT_OF_SCOPE_STAGES:
        raise RuleViolation(
            "A-1",
            _("已终止或已投产运营的项目不纳入重点项目精准帮扶。"),
            field="project",
        )
    if not assistance_amount_in_scope(project.total_investment):
        raise RuleViolation(
            "A-1",
            _("总投资%(band)s的项目才纳入重点项目精准帮扶，该项目总投资为%(amount)s万元。")
            % {"band": SCOPE_BAND, "amount": f"{project.total_investment or 0:,.2f}"},
            field="project",
        )


#: A-1: the project stages assistance does not take in — stopped, or in production (E-1's).
OUT_OF_SCOPE_STAGES = (Stage.STOPPED, Stage.OPERATING)


def assistance_scope_q(prefix: str = "") -> Q:
    """A-1 in the database: the projects `assistance_scope_rule` takes in (1,000 万元 or more,
    not stopped nor operating), for the lists that offer projects to assist."""
    return Q(**{f"{prefix}total_investment__gte": TEN_MILLION}) & ~Q(
        **{f"{prefix}stage__in": OUT_OF_SCOPE_STAGES}
    )


def assistance_amount_in_scope(total_investment: Decimal | None) -> bool:
    """A-1: whether a project's total investment is within assistance (1,000 万元 or more, the
    boundary included). `assistance_scope_rule` refuses a project below it; an active case whose
    amount has fallen below it is marked, not closed — ending the help is a person's decision."""
    return total_investment is not None and total_investment >= TEN_MILLION


# A-2's tiers as messages name them, each saying which tier its boundary amount is in.
CITY_TIER_BAND = gettext_lazy("5亿元以上（含5亿元）")
LOCAL_TIER_BAND = gettext_lazy("不足5亿元")
SCOPE_BAND = gettext_lazy("1000万元以上（含1000万元）")


def assistance_tier_rule(project) -> str:
    """A-2: 50,000 万元 or more and not real estate → city-leader assistance ("city");
    otherwise its area/department ("local"). Real estate is derived from the industry (section K)."""
    if project.total_investment >= FIVE_HUNDRED_MILLION and not project.is_real_estate:
        return Tier.CITY
    return Tier.LOCAL


def assistance_lead_rule(*, tier: str, leader, lead_unit) -> None:
    """A-2: a city-tier case is led by a city leader (vice-mayor level or above, retired allowed:
    包括部分退休副市级以上领导); a local case by a serving leader of its area/department (or, kept
    from an earlier phase, a city leader)."""
    if leader is None:
        return
    if tier == Tier.CITY:
        if leader.rank != LeaderRank.CITY_LEADER:
            raise RuleViolation(
                "A-2",
                _(
                    "总投资%(band)s的非房地产项目须由副市级以上领导（含退休）牵头帮扶，%(leader)s不是市级领导。"
                )
                % {"band": CITY_TIER_BAND, "leader": leader},
                field="assisting_leader",
            )
        return
    if leader.rank != LeaderRank.CITY_LEADER and leader.unit_id != lead_unit.pk:
        raise RuleViolation(
            "A-2",
            _(
                "总投资%(band)s或房地产项目由项目所属地区、部门负责帮扶，帮扶领导应为%(unit)s的领导。"
            )
            % {"band": LOCAL_TIER_BAND, "unit": lead_unit},
            field="assisting_leader",
        )
    if leader.rank != LeaderRank.CITY_LEADER and not leader.serves_as():
        # The source admits retired city leaders (包括部分退休副市级以上领导), no other.
        raise RuleViolation(
            "A-2",
            _("%(leader)s已退休，地区、部门负责帮扶的项目须由在任领导帮扶。") % {"leader": leader},
            field="assisting_leader",
        )


def assisting_leader_rule(*, tier: str, leader) -> None:
    """A-2: a local case names its own assisting leader (自行确定); a city case's list goes to the
    city leader who assists it."""
    if leader is not None:
        return
    if tier == Tier.LOCAL:
        raise RuleViolation(
            "A-2",
            _("地区、部门负责帮扶的项目须自行确定一名帮扶领导。"),
            field="assisting_leader",
        )
    raise RuleViolation("A-2", _("请指定帮扶的市级领导。"), field="assisting_leader")


def leader_missing_q(prefix: str = "") -> Q:
    """A-2 in the database: an active case whose team has no assisting leader (帮扶领导), so
    "一个项目、一位领导" is not in place — `case_leader_missing` on one case. Opening a case never
    waits for the leader (a handover from R-8 or N-1 must not fail); the case is shown as lacking
    him instead, kept off the public page (A-5) and its lead unit reminded, until one is named."""
    return Q(**{f"{prefix}status": CaseStatus.ACTIVE, f"{prefix}team__lead_leader__isnull": True})


def local_team_without_leader(*, tier: str, team_status: str, has_leader: bool) -> bool:
    """A-2: a local case's team is the area's own decision (自行确定), so its A-5 state reads
    approved from the start; without its assisting leader it is not arranged all the same, and
    pages and exports say 缺帮扶领导 instead of 已同意."""
    return tier == Tier.LOCAL and team_status == TeamStatus.APPROVED and not has_leader


def case_leader_missing(case) -> bool:
    """A-2 on one case, the rule of `leader_missing_q`: active, and its team has no assisting
    leader."""
    return case.status == CaseStatus.ACTIVE and case.team.lead_leader_id is None


def assistance_responsible_leader_rule(*, leader, lead_unit) -> None:
    """A-5: for a city-leader case the area/department names one of its own serving leaders as
    responsible."""
    if leader is None:
        raise RuleViolation(
            "A-5",
            _("市级领导帮扶项目须由所在地区、部门指定一名责任领导。"),
            field="responsible_leader",
        )
    if leader.unit_id != lead_unit.pk:
        raise RuleViolation(
            "A-5",
            _("责任领导应为项目所在地区、部门（%(unit)s）的领导。") % {"unit": lead_unit},
            field="responsible_leader",
        )
    if not leader.serves_as():
        raise RuleViolation(
            "A-5",
            _("%(leader)s已退休，请指定在任领导为责任领导。") % {"leader": leader},
            field="responsible_leader",
        )


def assistance_liaison_rule(*, tier: str, lead_unit, service_liaison, project_liaison) -> None:
    """A-6: a service liaison for every city-leader case, a project liaison from the area/department
    for every case."""
    if tier == Tier.CITY and service_liaison is None:
        raise RuleViolation(
            "A-6", _("市级领导帮扶项目须指定一名服务联络员。"), field="service_liaison"
        )
    if project_liaison is None:
        raise RuleViolation(
            "A-6", _("每个帮扶项目须由所在地区、部门配备一名项目联络员。"), field="project_liaison"
        )
    if not still_answers(project_liaison, {lead_unit.pk}):
        raise RuleViolation(
            "A-6",
            _("项目联络员应为%(unit)s的工作人员。") % {"unit": lead_unit},
            field="project_liaison",
        )


def team_people_unit_ids(*, lead_unit_id: int, project, cooperating_unit_ids) -> set[int]:
    """A-5, A-6: the units whose people act for a case — the lead area/department, the project's
    own units (申报、落地) and the units on its team; the team's members and its service liaison
    (项目服务团队指定一名服务联络员) are chosen among their staff."""
    return {lead_unit_id, project.owner_unit_id, project.landing_unit_id, *cooperating_unit_ids} - {
        None
    }


def assistance_team_people_rule(*, unit_ids: set[int], service_liaison, members) -> None:
    """A-5, A-6: the service liaison and the team's members are active staff of the units that
    act for the case (`team_people_unit_ids`, `still_answers`), not anyone in the city nor
    someone who left them or was deactivated."""
    if service_liaison is not None and not still_answers(service_liaison, unit_ids):
        raise RuleViolation(
            "A-6",
            _("服务联络员应为服务团队单位（牵头单位、项目申报或落地单位、团队单位）的工作人员。"),
            field="service_liaison",
        )
    outside = [member for member in members if not still_answers(member, unit_ids)]
    if outside:
        raise RuleViolation(
            "A-5",
            _("团队成员应为服务团队单位的工作人员（已离开或已停用的人员不能列入），%(names)s不是。")
            % {"names": "、".join(str(member) for member in outside)},
            field="members",
        )


def general_liaison_rule(*, unit, liaison) -> None:
    """A-6: one general liaison per area/department, one of its own staff."""
    if not still_answers(liaison, {unit.pk}):
        raise RuleViolation(
            "A-6", _("总联络员应为%(unit)s的工作人员。") % {"unit": unit}, field="user"
        )


class TeamStep:
    PROPOSE = "propose"
    COMPILE = "compile"
    APPROVE = "approve"
    RETURN = "return"


def _team_step_refusal(case, step: str) -> str | None:
    if step == TeamStep.PROPOSE:
        if case.team_status == TeamStatus.COMPILED:
            return _("团队名单已由发改委汇总报市领导，待市领导同意或退回后再修改。")
        return None
    if step == TeamStep.COMPILE:
        if case.tier != Tier.CITY:
            return _("只有市级领导帮扶项目的团队需报市领导同意。")
        if case.team_status == TeamStatus.COMPILED:
            return _("团队名单已由发改委汇总报帮扶市领导，待其同意或退回。")
        if case.team_status != TeamStatus.PROPOSED or case.responsible_leader_id is None:
            return _("须由所在地区、部门先提出责任领导和团队成员。")
        return None
    if case.team_status != TeamStatus.COMPILED:
        if step == TeamStep.APPROVE:
            return _("只能同意发改委已汇总上报的团队名单。")
        return _("只能退回发改委已汇总上报的团队名单。")
    return None


def team_step_possible(case, step: str) -> bool:
    """A-5 asked by a page: whether the team list's state allows the step (who may take it:
    `permissions.can_propose_team` / `can_compile_team` / `can_decide_team`)."""
    return _team_step_refusal(case, step) is None


def team_awaiting_compile_q(prefix: str = "") -> Q:
    """A-5 in the database: the lists `team_step_possible(case, TeamStep.COMPILE)` accepts — a
    city case whose area or department has proposed its responsible leader and team. A case made
    city tier by a project change (A-2) is PROPOSED before anyone proposed: its page says
    待地区、部门提出, and the DRC's dashboard counts it only once the area has proposed."""
    return Q(
        **{
            f"{prefix}tier": Tier.CITY,
            f"{prefix}team_status": TeamStatus.PROPOSED,
            f"{prefix}responsible_leader__isnull": False,
        }
    )


def team_step_rule(case, step: str, *, comment: str = "") -> None:
    """A-5: the area/department proposes the team (not while the DRC's compiled list awaits the
    leader), the DRC compiles a city case's proposed list for the assisting city leader, who
    approves it or sends it back with comments."""
    refusal = _team_step_refusal(case, step)
    if refusal is not None:
        raise RuleViolation("A-5", refusal)
    if step == TeamStep.RETURN and not comment.strip():
        raise RuleViolation("A-5", _("退回时请填写意见。"), field="comment")


def team_step_claimed_rule(*, claimed: bool) -> None:
    """A-5: of two people deciding the same list at once, the second finds it decided."""
    if not claimed:
        raise RuleViolation("A-5", _("团队名单的状态已被他人改变，请刷新页面。"))


# --- 帮扶机制二(二): publication on the units' portals (A-5) ------------------------------------

# Decision (A-5, "各地区、各部门的帮扶方案、帮扶项目名单、帮扶领导和帮扶团队要在各自门户网站进行公示"):
# the source sets no time limit. Publishing on a government portal is the proactive disclosure of
# 《中华人民共和国政府信息公开条例》, which gives 20 working days from the day the information is
# formed or changed (自该政府信息形成或者变更之日起20个工作日内: art. 18 of the regulation of 2007, 国务院令
# 第492号, in force when the norms were issued; art. 26 since its 2019 revision). So a case's arrangement — the team list
# approved by the assisting city leader, or decided by the area itself for a local case, with its
# assisting leader — is to be published within 20 working days after the day it was decided (that
# day not counted), and every later decision of it (a new list approved, a local team saved again)
# is a change to publish again. The lead area or department publishes it and records the day.
PUBLICATION_WORKING_DAYS = 20
# Decision: the lead area or department is reminded when 5 working days are left before
# the due day (on the 15th working day after the decision), and told again once the due day has
# ended unpublished. Other reminders of the service come 3 working days ahead, for work done in
# the system; publishing on a government portal first passes the unit's confidentiality review
# and its portal's editors (《政府信息公开条例》: 发布前依照保密规定进行审查), so it is given a working
# week.
PUBLICATION_REMINDER_WORKING_DAYS = 5


def case_arranged(*, status: str, team_status: str, has_leader: bool) -> bool:
    """A-2, A-5: an active case whose team is approved and has its one assisting leader — an
    arrangement decided, which its area or department publishes (`arranged_q` in the
    database)."""
    return status == CaseStatus.ACTIVE and team_status == TeamStatus.APPROVED and has_leader


def arranged_q(prefix: str = "") -> Q:
    """`case_arranged` as a filter on cases (`prefix` reaches them through a relation)."""
    return Q(
        **{
            f"{prefix}status": CaseStatus.ACTIVE,
            f"{prefix}team_status": TeamStatus.APPROVED,
            f"{prefix}team__lead_leader__isnull": False,
        }
    )


def publication_due_rule(arranged_on: dt.date) -> dt.date:
    """A-5: the last day to publish an arrangement decided on `arranged_on` — 20 working days
    after it (政府信息公开条例, see `PUBLICATION_WORKING_DAYS`), on the working-day calendar."""
    return add_working_days(arranged_on, PUBLICATION_WORKING_DAYS)


def publication_due_each(decided_days: Iterable[dt.date]) -> dict[dt.date, dt.date]:
    """`publication_due_rule` of every decision day of a page's rows, in one calendar query."""
    return add_working_days_each(decided_days, PUBLICATION_WORKING_DAYS)


def _decided_by(last: dt.date, working_days: int) -> dt.date:
    """The latest day a decision may have been taken on and have `working_days` working days
    after it up to `last` (the decision itself not counted). One calendar query."""
    window = dt.timedelta(days=working_days * 3 + 31)
    working = working_days_in(last - window, last)
    return working[-working_days] - dt.timedelta(days=1)


def publication_overdue_until(today: dt.date) -> dt.date:
    """A-5: the latest day an arrangement may have been decided on and be overdue on `today`,
    its `publication_due_rule` day having ended before it: a decision that day or earlier is
    overdue, a later one is not yet. One calendar query; counted once per page, list, export or
    report and handed to every row (as `due_soon_until` is)."""
    # The due day is the 20th working day after the decision: it has ended before `today` when
    # 20 working days lie between the decision and yesterday, the decision itself not counted.
    return _decided_by(today - dt.timedelta(days=1), PUBLICATION_WORKING_DAYS)


def publication_reminder_rule(decided_on: dt.date) -> dt.date:
    """A-5: the day the lead area or department is reminded to publish what was decided on
    `decided_on`. Decision: 5 working days before its due day (`PUBLICATION_REMINDER_WORKING_DAYS`:
    a working week for the confidentiality review and the portal's editors, where the service's
    other reminders give 3), i.e. the 15th working day after the decision, on the working-day
    calendar (a make-up Saturday is one; a holiday never is). It is told again once the due day
    has passed unpublished (`publication_reminder_occasion_rule`)."""
    return add_working_days(
        decided_on, PUBLICATION_WORKING_DAYS - PUBLICATION_REMINDER_WORKING_DAYS
    )


def publication_remind_until(today: dt.date) -> dt.date:
    """A-5: the latest day something may have been decided on and have reached its reminder
    day (`publication_reminder_rule`) by `today`. One calendar query."""
    return _decided_by(today, PUBLICATION_WORKING_DAYS - PUBLICATION_REMINDER_WORKING_DAYS)


def publication_state_rule(
    *,
    arranged: bool,
    arranged_on: dt.date | None,
    published_on: dt.date | None,
    overdue_until: dt.date,
) -> str:
    """A-5 ("帮扶方案、帮扶项目名单、帮扶领导和帮扶团队要在各自门户网站进行公示"): whether an
    arranged case (`case_arranged`) is published on its area's or department's portal —
    published when the day recorded is on or after the day its arrangement was last decided (a
    publication before it showed an earlier list); otherwise pending until its due day
    (`publication_due_rule`) has ended and overdue (未公示) after it, `overdue_until` being
    `publication_overdue_until(today)`. A case not arranged owes nothing ("")."""
    if not arranged or arranged_on is None:
        return ""
    if published_on is not None and published_on >= arranged_on:
        return PublicationState.PUBLISHED
    if arranged_on <= overdue_until:
        return PublicationState.OVERDUE
    return PublicationState.PENDING


def _owed_q(decided_q: Q, decided: str, until: dt.date, prefix: str = "") -> Q:
    """A-5 in the database: decided (`decided_q`) on or before `until` (the day in the field
    `decided`) and nothing recorded as published on or after that day (a publication before it
    showed what was decided earlier)."""
    not_since = Q(**{f"{prefix}published_on__isnull": True}) | Q(
        **{f"{prefix}published_on__lt": F(f"{prefix}{decided}")}
    )
    return decided_q & Q(**{f"{prefix}{decided}__lte": until}) & not_since


def publication_owed_q(until: dt.date, prefix: str = "") -> Q:
    """A-5 in the database: the cases whose arrangement, decided on or before `until`, is not
    published since — overdue with `publication_overdue_until`, reminded with
    `publication_remind_until`."""
    return _owed_q(arranged_q(prefix), "arranged_on", until, prefix)


def publication_overdue_q(today: dt.date, prefix: str = "", *, until: dt.date | None = None) -> Q:
    """A-5 in the database: the cases `publication_state_rule` calls overdue (未公示) on `today`
    (`until`: `publication_overdue_until(today)` when already counted)."""
    return publication_owed_q(until or publication_overdue_until(today), prefix)


def plan_years_open(today: dt.date) -> range:
    """A-5: the years an area or department writes (creates or changes) its yearly plan for on
    `today`: last year's, finished or corrected after the year ends; this year's; and next
    year's, drafted before it begins. An older plan stays as it was adopted (its publication on
    the portal is still recorded)."""
    return range(today.year - 1, today.year + 2)


def plan_year_rule(*, year: int, today: dt.date) -> None:
    """A-5: a plan is written only for one of `plan_years_open(today)`."""
    years = plan_years_open(today)
    if year not in years:
        raise RuleViolation(
            "A-5",
            _("只能填写或修改%(years)s年度（上一年、本年、下一年）的帮扶方案。")
            % {"years": "、".join(str(other) for other in years)},
            field="year",
        )


def plan_adopted(*, is_published: bool, adopted_on: dt.date | None) -> bool:
    """A-5: a yearly plan its unit adopted — saved as its public plan, with the day it was
    adopted (`plan_adoption_rule`; `plan_adopted_q` in the database): a plan the unit publishes
    on its portal. A draft owes nothing."""
    return is_published and adopted_on is not None


def plan_adopted_q() -> Q:
    """`plan_adopted` as a filter on plans."""
    return Q(is_published=True, adopted_on__isnull=False)


def plan_adoption_rule(
    *,
    adopted_on: dt.date | None,
    before: tuple[str, str, bool] | None,
    after: tuple[str, str, bool],
    today: dt.date,
) -> dt.date | None:
    """A-5: the day a yearly plan was adopted, from which its publication on the unit's portal
    is counted (`publication_due_rule`), after a save that changed its (title, content,
    is_published) from `before` (None: a new plan) to `after`. The model keeps no other day of
    decision, and a plan the unit keeps to itself (not 公开) is a draft (内部草稿): saving it as
    public adopts it that day, and a change of its title or content, or making it public again,
    is a new text to publish again; a save that changes neither keeps the day; a draft owes
    nothing and keeps no day."""
    if not after[2]:
        return None
    if before != after or adopted_on is None:
        return today
    return adopted_on


def plan_publication_owed_q(until: dt.date) -> Q:
    """`publication_owed_q` of yearly plans: adopted on or before `until`, not published since."""
    return _owed_q(plan_adopted_q(), "adopted_on", until)


def plan_publication_overdue_q(today: dt.date, *, until: dt.date | None = None) -> Q:
    """A-5 in the database: the plans `publication_state_rule` calls overdue (未公示) on `today`
    (`until`: `publication_overdue_until(today)` when already counted)."""
    return plan_publication_owed_q(until or publication_overdue_until(today))


def publication_reminder_occasion_rule(
    *, state: str, decided_on: dt.date | None, remind_until: dt.date
) -> str:
    """A-5: what the lead area or department is told of a record whose publication is in
    `state` (`publication_state_rule`): once overdue (未公示), that its due day has passed;
    while pending, from its reminder day (`publication_reminder_rule`; `remind_until`:
    `publication_remind_until(today)`), that its due day is coming; nothing when it is
    published or owes nothing (""). Each is told once per decision
    (`services.assistance_publication_remind`)."""
    if state == PublicationState.OVERDUE:
        return ReminderOccasion.OVERDUE
    if state == PublicationState.PENDING and decided_on is not None and decided_on <= remind_until:
        return ReminderOccasion.COMING
    return ""


def publication_record_rule(
    *,
    arranged: bool,
    arranged_on: dt.date | None,
    published_on: dt.date,
    today: dt.date,
    url: str,
    note: str,
) -> None:
    """A-5: the lead area or department records the day it published the case's arrangement on
    its portal, with the page's address or a note of where: only for an arranged case, on a day
    not before the arrangement was decided (what was published before showed another list) and
    not after today."""
    if not arranged or arranged_on is None:
        raise RuleViolation(
            "A-5",
            _("服务团队名单经同意且确定帮扶领导后才需公示，目前尚无可公示的帮扶安排。"),
        )
    if published_on < arranged_on:
        raise RuleViolation(
            "A-5",
            _("公示日期不能早于帮扶安排确定之日（%(day)s），此前公示的是此前的名单。")
            % {"day": arranged_on.isoformat()},
            field="published_on",
        )
    _publication_day_rule(published_on=published_on, today=today, url=url, note=note)


def plan_publication_record_rule(
    *,
    adopted: bool,
    adopted_on: dt.date | None,
    published_on: dt.date,
    today: dt.date,
    url: str,
    note: str,
) -> None:
    """A-5 ("各地区、各部门的帮扶方案…要在各自门户网站进行公示"): the area or department records the
    day it published its yearly plan on its portal, with the page's address or a note: only
    for an adopted plan (a draft is not published), on a day not before it was adopted (what
    was published before was an earlier text) and not after today."""
    if not adopted or adopted_on is None:
        raise RuleViolation("A-5", _("帮扶方案确定并公开后才需在门户网站公示，目前是草稿。"))
    if published_on < adopted_on:
        raise RuleViolation(
            "A-5",
            _("公示日期不能早于帮扶方案确定之日（%(day)s），此前公示的是此前的方案。")
            % {"day": adopted_on.isoformat()},
            field="published_on",
        )
    _publication_day_rule(published_on=published_on, today=today, url=url, note=note)


def _publication_day_rule(*, published_on: dt.date, today: dt.date, url: str, note: str) -> None:
    """A-5: a publication recorded is not in the future and says where it is."""
    if published_on > today:
        raise RuleViolation("A-5", _("公示日期不能晚于今天。"), field="published_on")
    if not url.strip() and not note.strip():
        raise RuleViolation(
            "A-5", _("请填写公示网址，或说明在门户网站的公示位置。"), field="published_url"
        )


def case_active_rule(*, case, stage: str, handover_stages) -> None:
    """A-1: a handed-over or stopped case moves no more, except on to a handover stage."""
    if case.status != CaseStatus.ACTIVE and stage not in handover_stages:
        raise RuleViolation("A-1", _("该帮扶项目已移交或终止。"), field="stage")


def problem_deadline_state(
    *, status: str, due_on: dt.date, today: dt.date, soon_until: dt.date
) -> str:
    """A-3: a problem is late after its due date, due soon up to `soon_until` (3 working days,
    `yingkou.models.deadlines.due_soon_until`), done once solved (the shared deadline state of
    owned, time-limited work)."""
    return deadline_state(
        is_open=status != ProblemStatus.SOLVED, due_on=due_on, today=today, soon_until=soon_until
    )


def late_q(today: dt.date, prefix: str = "") -> Q:
    """A-3 in the database: still open after the due date (`problem_deadline_state` "late").
    Problems and action items share the "open" status; `prefix` reaches them through a relation."""
    from .models import Problem

    return Problem.overdue_q(today, open_only=True, prefix=prefix)


def due_soon_q(today: dt.date, prefix: str = "", *, until: dt.date | None = None) -> Q:
    """A-3 in the database: open and due within 3 working days (`problem_deadline_state` "due")."""
    from .models import Problem

    return Problem.due_soon_q(today, prefix, until=until)


def problem_due_rule(*, raised_on: dt.date, due_on: dt.date) -> None:
    """A-3: every problem has a due date, not before it was raised."""
    if due_on < raised_on:
        raise RuleViolation("A-3", _("办结时限不能早于问题提出日期。"), field="due_on")


def problem_escalation_rule(problem, reason: str) -> None:
    """A-3: an open problem the team cannot solve goes to the city government, with the reason."""
    if problem.status == ProblemStatus.SOLVED:
        raise RuleViolation("A-3", _("问题已解决，无需上报市政府。"))
    if problem.escalated:
        raise RuleViolation("A-3", _("该问题已上报市政府。"))
    if not reason.strip():
        raise RuleViolation(
            "A-3", _("上报市政府须说明服务团队无法解决的原因。"), field="escalation_reason"
        )


def escalation_receiver(assisting_leader):
    """A-3: a problem the team cannot solve is reported to the city government (上报市政府). The
    case's assisting leader receives it for the city only when a city leader (a retired one still
    assists, A-2); an area's or a department's own leader (local tier) is the team that could not
    solve it, so the city government receives it instead (None).

    Who receives is routing, not a decision anyone signed: it is read from the team whenever it
    is asked and never stored, so an escalation still waiting for the city's instruction goes to
    whoever assists the case now — when the assisting leader stops being a city leader or leaves
    the team, it goes to the city government, and the new receiver is told — whether the leader
    was changed in the admin (`services.assistance_leader_changed`) or another one named through
    A-5 (`services.assistance_team_propose`, `assistance_team_compile`)."""
    if assisting_leader is not None and assisting_leader.rank == LeaderRank.CITY_LEADER:
        return assisting_leader
    return None


def escalation_receiving_leader(case):
    """A-3: the leader who receives the case's escalations now (`escalation_receiver`)."""
    return escalation_receiver(case.team.lead_leader)


def escalation_awaiting_q(prefix: str = "") -> Q:
    """A-3 in the database: problems reported to the city government that still wait for its
    instruction — open, escalated, no instruction recorded."""
    from .models import Problem

    return Problem.open_q(prefix=prefix) & Q(
        **{f"{prefix}escalated": True, f"{prefix}city_instruction": ""}
    )


def problem_solve_rule(problem, outcome: str) -> None:
    """A-3: a problem is solved once, with how."""
    if problem.status == ProblemStatus.SOLVED:
        raise RuleViolation("A-3", _("该问题已解决。"))
    if not outcome.strip():
        raise RuleViolation("A-3", _("请填写解决情况。"), field="outcome")


def problem_instruction_rule(problem, instruction: str) -> None:
    """A-3: the city government instructs on what was reported to it, in words."""
    if not problem.escalated:
        raise RuleViolation("A-3", _("只有已上报市政府的问题才有市政府意见。"))
    if not instruction.strip():
        raise RuleViolation("A-3", _("请填写市政府意见。"), field="city_instruction")


def inspection_problem_filters(start: dt.date, end: dt.date) -> dict[str, Q]:
    """A-8: how the quarterly inspection counts a unit's problems for the period start–end.

    solved on time: solved in the period by its due date; late: solved in the period after its
    due date, or still open at the end of the period past its due date; escalated: reported to
    the city government in the period; open: still open at the end of the period."""
    open_at_end = Q(raised_on__lte=end) & (Q(done_on__isnull=True) | Q(done_on__gt=end))
    solved_in_period = Q(status=ProblemStatus.SOLVED, done_on__range=(start, end))
    return {
        "solved_on_time": solved_in_period & Q(done_on__lte=F("due_on")),
        "late": (solved_in_period & Q(done_on__gt=F("due_on"))) | (open_at_end & Q(due_on__lt=end)),
        "escalated": Q(escalated=True, escalated_on__range=(start, end)),
        "open": open_at_end,
    }


def inspected_unit_rule(*, kind: str, level: str, is_active: bool) -> bool:
    """A-8 (督导检查): the units every quarterly inspection lists, with or without anything to
    show — the active areas (县(市)区、园区) and city-level municipal departments; judged on
    the unit as it stood at the quarter's end (`selectors.inspection_rows`)."""
    if not is_active:
        return False
    return kind in UnitKind.areas() or (
        kind == UnitKind.MUNICIPAL_DEPARTMENT and level == AdministrativeLevel.CITY
    )


# Decision (A-8, 实行周调度、月通报、季度考核制度): the source names what the quarter judges —
# the areas and departments "严格按照服务规范的时间要求，按量保质完成相关工作任务" — but no formula.
# A unit's quarter scores the share of its "last mile" problems whose time limit the quarter tested
# that it met, from the inspection's own counts: 100 × solved on time ÷ (solved on time + late),
# late being solved in the quarter after the due date or still open past it at the quarter's end.
# Escalating to the city government is the norm's way for what a team cannot solve and counts
# neither way. A unit with no such problem in the quarter is not scored (不评定): a rate of nothing
# shows no work done on time, and a commendation cannot rest on it. Verdict and order are E-7's
# (`yingkou.rules.score_verdict_rule`, `score_order`, `score_ranks`): 85 or more commended, below
# 60 criticised.
INSPECTION_NOT_RATED = gettext_lazy("不评定")
_HUNDRED = Decimal("100")


def inspection_score_rule(*, solved_on_time: int, late: int) -> Decimal | None:
    """A-8 季度考核: a unit's score for the quarter, 100 × solved on time ÷ (solved on time +
    late), to two decimals; None (不评定) when no problem's time limit was tested in it."""
    judged = solved_on_time + late
    if not judged:
        return None
    return (_HUNDRED * solved_on_time / judged).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def inspection_quarter_rule(value: str, today: dt.date) -> dt.date:
    """A-8: the quarter asked for (`2026-Q3`), returned as its first day. Anything else is
    refused, and so is a quarter not begun (nothing to inspect yet: a page answers 404) or one
    before the service (PeriodBeforeService, 400)."""
    match = _QUARTER.fullmatch(value.strip())
    if match is None or int(match[1]) < 1:
        raise RuleViolation(
            "A-8", _("季度“%(value)s”无法识别，应写作“2026-Q3”。") % {"value": value}
        )
    first = dt.date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)
    service_period_rule("A-8", "quarterly", first)
    if not period_begun("quarterly", first, today):
        raise RuleViolation(
            "A-8", _("%(quarter)s尚未开始。") % {"quarter": f"{match[1]}-Q{match[2]}"}
        )
    return first


def inspection_quarter_shown_rule(first: dt.date, today: dt.date) -> bool:
    """A-8: whether the quarterly page links to a quarter: only to one `inspection_quarter_rule`
    accepts."""
    try:
        inspection_quarter_rule(f"{first.year}-Q{(first.month - 1) // 3 + 1}", today)
    except RuleViolation:
        return False
    return True


def construction_status_rule(planned: Decimal | None, actual: Decimal | None) -> str:
    """Construction status from planned and actual investment: actual 110 % of plan or more →
    ahead; 90 % or more → on schedule; below → behind. Nothing planned: ahead if anything was done."""
    planned = planned or Decimal(0)
    actual = actual or Decimal(0)
    if planned <= 0:
        return ConstructionStatus.AHEAD if actual > 0 else ConstructionStatus.ON_SCHEDULE
    if actual >= planned * AHEAD_RATIO:
        return ConstructionStatus.AHEAD
    if actual >= planned * ON_SCHEDULE_RATIO:
        return ConstructionStatus.ON_SCHEDULE
    return ConstructionStatus.BEHIND


def progress_month_rule(*, month: dt.date, today: dt.date) -> None:
    """A-8 (月调度): a month's planned and completed investment is reported from that month on;
    a month that has not begun has nothing completed yet, nor has one before the service."""
    service_period_rule("A-8", "monthly", month)
    if not period_begun("monthly", month, today):
        raise RuleViolation(
            "A-8",
            _("%(month)s尚未开始，不能填报该月的完成投资。") % {"month": year_month(month)},
            field="month",
        )


def promotion_group_areas_rule(*, group_id: int | None, areas, taken: dict[int, str]) -> None:
    """A-4: a promotion group covers areas (县(市)区、园区), each area by one group only.

    `taken` maps area ids to the name of another group already covering them."""
    if not areas:
        raise RuleViolation("A-4", _("推进组至少负责一个地区。"), field="areas")
    for area in areas:
        if area.kind not in UnitKind.areas():
            raise RuleViolation(
                "A-4", _("%(unit)s不是县(市)区或园区。") % {"unit": area}, field="areas"
            )
        if area.pk in taken:
            raise RuleViolation(
                "A-4",
                _("%(unit)s已由%(group)s负责，每个地区只由一个推进组负责。")
                % {"unit": area, "group": taken[area.pk]},
                field="areas",
            )


def promotion_group_name_rule(*, name: str, name_taken: bool) -> None:
    """A-4: the groups are told apart by name (第一推进组, ...): two groups never share one."""
    if name_taken:
        raise RuleViolation(
            "A-4", _("已有名为%(name)s的推进组，请换一个名称。") % {"name": name}, field="name"
        )


def meeting_convener_rule(*, case, leader) -> None:
    """A-7: the joint meeting is convened by the case's assisting leader."""
    if case.team.lead_leader_id is None or leader.pk != case.team.lead_leader_id:
        raise RuleViolation(
            "A-7", _("部门联席会议由该项目的帮扶领导负责召集。"), field="convened_by"
        )


def meeting_convener_left(
    *, held_on: dt.date, convened_by_id: int, assisting_leader_id: int | None, today: dt.date
) -> bool:
    """A-7: a joint meeting not yet held (its day is today or later) waits on its convener, the
    case's assisting leader. Once he no longer is (his rank or unit changed and A-2 no longer
    admits him, or another leader was named), the meeting is marked: its record keeps whom it
    named, and the case's units ask the assisting leader named now whether it is still held. A
    meeting already held is a record of what happened and is never marked."""
    return held_on >= today and convened_by_id != assisting_leader_id


def meeting_leader_rule(convened_by) -> None:
    """A-7: a joint meeting is convened by the case's assisting leader."""
    if convened_by is None:
        raise RuleViolation("A-7", _("该项目尚无帮扶领导，无法召集联席会议。"), field="convened_by")


def meeting_attendees_rule(attendees) -> None:
    """A-7: a joint meeting brings in the approval departments and utilities (审批、住建、国土、
    环保…供水、供电、供气、供暖): at least one of them attends."""
    if not any(
        unit.kind in (UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.UTILITY) for unit in attendees
    ):
        raise RuleViolation(
            "A-7", _("联席会议须有审批部门或供水、供电、供气等单位参加。"), field="attendees"
        )


def action_item_rule(*, held_on: dt.date, due_on: dt.date, owner_unit) -> None:
    """A-7: every action item has an owner and a due date not before the meeting."""
    if owner_unit is None:
        raise RuleViolation("A-7", _("会议任务须明确责任单位。"), field="owner_unit")
    if due_on < held_on:
        raise RuleViolation("A-7", _("完成时限不能早于会议日期。"), field="due_on")


def action_item_done_rule(item, outcome: str) -> None:
    """A-7: a task agreed at the meeting is carried out once, with how."""
    if item.status == ActionStatus.DONE:
        raise RuleViolation("A-7", _("该任务已落实。"))
    if not outcome.strip():
        raise RuleViolation("A-7", _("请填写落实情况。"), field="outcome")


def leader_in_charge_holds(leader, department_id: int) -> bool:
    """A-3 (帮扶机制二(二)): whether a leader is one of the industry department's leaders in charge
    (分管领导) who may serve its key projects — a leader of that department, of rank 分管领导, not
    retired (`department_leaders_in_charge` is the same in the database). One who retired, moved
    to another unit or took another rank no longer holds it: the project's page marks him, and
    the department names another; the record keeps whom the department named."""
    return (
        leader is not None
        and leader.unit_id == department_id
        and serves_as(leader, LeaderRank.IN_CHARGE)
    )


def department_leaders_in_charge(department_id: int):
    """A-3: the leaders `leader_in_charge_holds` admits for the department, as a queryset."""
    from yingkou.models import Leader

    return Leader.objects.serving(LeaderRank.IN_CHARGE).filter(unit_id=department_id)


def industry_leader_now(department_id: int, project, *, other_than: int | None = None):
    """A-3: whom to ask now for the department's part in a project, when the leader in charge it
    named no longer holds the role: among its leaders in charge, the one whose portfolio names
    the project's landing area (分片负责) or covers its industry; else its only one. None when it
    has none, or several that no portfolio tells apart — the department names one."""
    leaders = list(
        department_leaders_in_charge(department_id)
        .exclude(pk=other_than)
        .prefetch_related("portfolio_units")
        .order_by("id")
    )
    area_id = project.landing_unit_id or project.owner_unit_id
    industry = project.industry or ""
    for leader in leaders:
        areas = {unit.pk for unit in leader.portfolio_units.all()}
        if area_id in areas or (industry and leader.covers_industry(industry)):
            return leader
    return leaders[0] if len(leaders) == 1 else None


def industry_service_rule(*, department, leader_in_charge, service_staff) -> None:
    """A-3 (帮扶机制二(二)): each industry department gives every key project of its industry one of
    its leaders in charge (分管领导, `leader_in_charge_holds`) and a member of its staff (服务人员)."""
    if not leader_in_charge_holds(leader_in_charge, department.pk):
        raise RuleViolation(
            "A-3",
            _("分管领导须为%(unit)s的分管领导。") % {"unit": department},
            field="leader_in_charge",
        )
    if not still_answers(service_staff, {department.pk}):
        raise RuleViolation(
            "A-3",
            _("服务人员须为%(unit)s的工作人员。") % {"unit": department},
            field="service_staff",
        )


def industry_service_missing_q(authorities: dict[int, list[str]] | None = None) -> Q:
    """A-3 (帮扶机制二(二): 各行业主管部门…为每个重点项目配备分管领导和服务人员): an active key project
    whose industry's competent department (`yingkou.industries.city_industry_authority`) has not
    named its leader in charge and service staff, or whose leader in charge named no longer holds
    that role (`leader_in_charge_holds`) or whose staff named no longer answers for the
    department (left or deactivated) — as a filter on cases (行业部门未配备: the list, the API and
    the dashboards' counts). A project whose industry's department the city does not have is
    missing one too. `authorities`: `city_authorities()` when already read."""
    from .models import IndustryService

    if authorities is None:
        authorities = city_authorities()
    by_department = [
        Q(department_id=unit_id) & industry_codes_q(codes, prefix="case__project__")
        for unit_id, codes in authorities.items()
    ]
    if not by_department:
        return Q(status=CaseStatus.ACTIVE)
    served = (
        IndustryService.objects.filter(reduce(or_, by_department))
        .filter(IndustryService.serving_q())
        .values("case_id")
    )
    return Q(status=CaseStatus.ACTIVE) & ~Q(pk__in=served)


def industry_service_missing(case, department, services) -> bool:
    """`industry_service_missing_q` for one case on its page: `department` its industry's
    competent department (None: the city has none), `services` the case's industry services."""
    if case.status != CaseStatus.ACTIVE:
        return False
    return department is None or not any(
        service.department_id == department.pk
        and not service.staff_left
        and not service.leader_left
        for service in services
    )


# --- 帮扶机制二(一): the DRC's weekly dispatch of projects under construction (A-8) ---------------

# Decision: "实行周调度" with the reserve's weekly update day (储备库"于每周五…进行更新", R-5): a
# project's progress for a week is due on its Friday, or on the last working day before it in that
# week when Friday is a day off; a week whose Monday to Friday are all off owes none. A make-up
# working Saturday (调休) comes after Friday and never carries it. A report made later in the same
# week still counts for the week, as late; the week is archived (and published) once it has ended.

WEEKLY_STATES = {
    "on_time": gettext_lazy("按时报送"),
    "late": gettext_lazy("逾期报送"),
    "missing": gettext_lazy("未报送"),
    "not_owed": gettext_lazy("本周无工作日，无需报送"),
}
# What a published text must not carry: a mobile number or an identity card number.
PERSONAL_DATA = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_progress_due_rule(day: dt.date) -> dt.date | None:
    """A-8 (帮扶机制二(一)): the day the progress of `day`'s week is due — its Friday when that is
    a working day, else the last working day before it in the week (the week of 2026-10-02, National
    Day: Wednesday 30 September); None when Monday to Friday are all off (the Spring Festival week
    of 16 February 2026 owes nothing): R-5's weekly due day (`yingkou.workdays.week_due_day`)."""
    from yingkou.workdays import week_due_day

    return week_due_day(day)


def weekly_report_state(*, reported_on: dt.date | None, due_on: dt.date | None) -> str:
    """A-8: on time up to the end of the due day, late afterwards within the week, else missing
    (not owed in a week without a working day)."""
    if reported_on is None:
        return "not_owed" if due_on is None else "missing"
    return "on_time" if due_on is None or reported_on <= due_on else "late"


def weekly_progress_rule(*, stage: str, week: dt.date, today: dt.date, progress: str) -> None:
    """A-8: a project under construction reports the current week's progress; the published
    text carries no personal data (mobile or identity card numbers)."""
    if stage != Stage.CONSTRUCTION:
        raise RuleViolation("A-8", _("只有在建项目参加周调度。"))
    monday = week_monday(today)
    if week != monday:
        raise RuleViolation(
            "A-8",
            _("只能填报本周（%(start)s至%(end)s）的进展。")
            % {"start": month_day(monday), "end": month_day(monday + dt.timedelta(days=6))},
        )
    if not progress.strip():
        raise RuleViolation("A-8", _("请填写本周形象进度。"), field="progress")
    if PERSONAL_DATA.search(progress):
        raise RuleViolation(
            "A-8",
            _("本周形象进度将公开发布，不能包含手机号码或身份证号码。"),
            field="progress",
        )


def weekly_week_over_rule(week: dt.date, today: dt.date) -> bool:
    """A-8: a week is archived and published once its Sunday has ended."""
    return today > week_monday(week) + dt.timedelta(days=6)


def weekly_week_rule(week: dt.date, today: dt.date) -> dt.date:
    """A-8: the week asked for (any day of it) is one of the service's weeks that has begun;
    returns its Monday. A week not begun has nothing reported yet (a page answers 404), one
    before the service is refused (PeriodBeforeService, 400)."""
    service_period_rule("A-8", "weekly", week)
    if not period_begun("weekly", week, today):
        raise RuleViolation("A-8", _("该周尚未开始。"))
    return week_monday(week)


def weekly_week_shown_rule(week: dt.date, today: dt.date) -> bool:
    """A-8: whether the weekly page links to a week (the one before or after the week shown):
    only to a week weekly_week_rule accepts."""
    try:
        weekly_week_rule(week, today)
    except RuleViolation:
        return False
    return True


def weekly_dispatch_rule(*, week: dt.date, today: dt.date, remarks: str) -> None:
    """A-8: the DRC records the dispatch of a week that has begun."""
    service_period_rule("A-8", "weekly", week)
    if not period_begun("weekly", week, today):
        raise RuleViolation("A-8", _("该周尚未开始，不能记录调度。"))
    dispatch_remarks_rule("A-8", remarks)


# --- 帮扶机制二(二): proposal lists of other areas and departments (A-5) --------------------------

# Decision (the source, 帮扶机制二(二)): "各地区、各部门负责帮扶的项目，自行确定帮扶领导，成立服务团队，
# 如果项目涉及其他地区、部门，提出建议名单，市发展改革委汇总后，报市政府予以解决" — for a project an area
# or department assists itself (the local tier), it cannot command another area or department, so
# it proposes a list of the other areas and departments the project involves and what is asked of
# each; the DRC compiles the lists into a numbered report to the city government, which decides each
# line. City-tier teams follow A-5's own proposal, so they take no list.


def coordination_entry_rule(*, case, involved_unit, matter: str) -> None:
    """A-5 (帮扶机制二(二)): a line of a local-tier case's proposal list names another area or
    department, not already on the team, and what is asked of it — not an ask of that unit
    already waiting for the city government's decision."""
    if case.tier != Tier.LOCAL:
        raise RuleViolation(
            "A-5",
            _("市级领导帮扶项目的团队成员按A-5报帮扶市领导同意，不列入建议名单。"),
        )
    own = {case.team.lead_unit_id, case.project.owner_unit_id, case.project.landing_unit_id}
    if involved_unit.pk in own:
        raise RuleViolation("A-5", _("建议名单列入的须为其他地区、部门。"), field="involved_unit")
    if involved_unit.pk in case.team.unit_ids():
        raise RuleViolation("A-5", _("该地区、部门已在服务团队中。"), field="involved_unit")
    if not matter.strip():
        raise RuleViolation("A-5", _("请填写需协调事项。"), field="matter")
    waiting = case.coordination_entries.filter(
        involved_unit=involved_unit,
        status__in=(CoordinationStatus.PROPOSED, CoordinationStatus.REPORTED),
    )
    if any(" ".join(e.matter.split()) == " ".join(matter.split()) for e in waiting):
        # The same ask twice (a second clerk, a resubmitted form) would reach the city twice.
        raise RuleViolation(
            "A-5",
            _("该事项已列入建议名单，尚待市政府意见，无需重复提出。"),
            field="matter",
        )


def coordination_compile_rule(entries) -> None:
    """A-5: the DRC compiles what has been proposed and not yet reported."""
    if not entries:
        raise RuleViolation("A-5", _("没有待汇总的建议名单。"))


def coordination_decide_rule(*, status: str, decision: str) -> None:
    """A-5: the city government decides a line that was reported to it, once, with its reasons."""
    if status != CoordinationStatus.REPORTED:
        raise RuleViolation("A-5", _("该事项不在待市政府批示状态。"))
    if not decision.strip():
        raise RuleViolation("A-5", _("请填写市政府意见。"), field="decision")
