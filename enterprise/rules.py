"""The rules of operating-enterprise help (SPEC §5, E-1 … E-7), one function per rule.

Used alike by the services (pages, API), the jobs and the demo data. A broken rule raises
RuleViolation("E-x", ...): HTTP 400 in the API, a form error on the pages.
"""

import calendar
import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingkou.amounts import FIVE_HUNDRED_MILLION, HUNDRED_MILLION
from yingkou.choices import AdministrativeLevel, LeaderRank, Role, UnitKind
from yingkou.dates import long_date, year_month
from yingkou.errors import RuleViolation
from yingkou.industries import city_industry_authority, industry_authority_rule
from yingkou.models import Leader, Unit
from yingkou.rules import (
    city_leader_in_charge,
    score_verdict_rule,
    service_period_rule,
    written_reason_rule,
)
from yingkou.scheduling.periods import period_begun, period_bounds, period_key, period_name
from yingkou.workdays import add_working_days, calendar_days_deadline

from .choices import (
    AssessmentVerdict,
    ComplaintChannel,
    EnterpriseStatus,
    InspectionStatus,
    ProblemStatus,
    PromiseStatus,
    ResponsibilityTier,
)
from .units import UnitTree, ancestor_unit_ids, unit_area_ids

# --- E-1 responsibility ------------------------------------------------------------------------

# Decision: the source names the county/park's industry authority (行业主管部门) for projects an area
# introduced: the department competent for the enterprise's industry
# (`yingkou.industries.industry_authority_rule`, from the reference table edited in the admin, the
# one A-3 reads too; an industry the table does not name falls to the industry and information
# technology bureau, GXJ), a child unit of the area coded "<AREA>-<code>".
# Decision: "市直部门引进的项目，由市行政主管部门对口服务" is the city half of the same sentence
# (市 against 县(市)区、园区, 行政主管部门 against 行业主管部门): the city's department in charge of
# the enterprise's industry, from the same table (the city's unit coded "<code>"), not the
# department that introduced it — had the source meant that one it would say 由该部门对口服务, and
# one enterprise, one department (一个企业、一个部门) is the department competent for what it does,
# which an introducer such as the commerce bureau or the investment bureau is not for a chemical
# plant. So every city-level introducer (a municipal department, the DRC, the investment bureau,
# a party organisation…) follows this one rule; the introducer serves only when the city has no
# such department.


@dataclass(frozen=True)
class Responsibility:
    tier: str
    responsible_leader: Leader | None
    leader_in_charge: Leader | None
    counterpart_unit: Unit


# E-1's tiers as the pages and messages name them, each saying which tier its boundary is in.
RESPONSIBILITY_BANDS = {
    ResponsibilityTier.CITY: gettext_lazy("5亿元以上（含5亿元）"),
    ResponsibilityTier.PRINCIPAL: gettext_lazy("1亿元（含）至5亿元（不含）"),
    ResponsibilityTier.LOCAL: gettext_lazy("不足1亿元"),
}


def responsibility_tier(total_investment: Decimal) -> str:
    """E-1 tiers: 5亿元以上 a city leader; 亿元以上(5亿元以内) the principal leader; else local.

    "以上" includes the boundary; exactly 5亿 is in both phrases and the higher tier applies (SPEC §1).
    """
    if total_investment >= FIVE_HUNDRED_MILLION:
        return ResponsibilityTier.CITY
    if total_investment >= HUNDRED_MILLION:
        return ResponsibilityTier.PRINCIPAL
    return ResponsibilityTier.LOCAL


def _area_of(unit: Unit) -> Unit | None:
    """The county/park a unit is or belongs to (through the parent chain)."""
    if unit.is_area:
        return unit
    chain = ancestor_unit_ids(unit.pk)  # nearest first
    areas = set(
        Unit.objects.filter(pk__in=chain, kind__in=UnitKind.areas()).values_list("pk", flat=True)
    )
    nearest = next((pk for pk in chain if pk in areas), None)
    return Unit.objects.get(pk=nearest) if nearest is not None else None


def _counterpart_unit(introducing_unit: Unit, industry: str = "") -> Unit:
    """E-1 对口服务, one rule for both levels: the department competent for the enterprise's
    industry (a hotel → 文旅, not 工信) at the introducer's level — introduced by a county/park
    (or one of its bureaus) → that county/park's department, or the area itself when it has
    none; introduced by a city-level body (a municipal department, the DRC, the investment
    bureau…) → the city's department (市行政主管部门), or the introducer itself when the city has
    none. See the Decision above."""
    area = _area_of(introducing_unit)
    if area is None:
        # 市直部门引进的项目，由市行政主管部门对口服务.
        return city_industry_authority(industry) or introducing_unit
    authority = industry_authority_rule(industry)
    children = Unit.objects.filter(parent=area)
    department = (
        children.filter(code=f"{area.code}-{authority.department_code}").first()
        or children.filter(name__endswith=authority.department_name).first()
    )
    return department or area


def counterpart_unit_rule(introducing_unit: Unit, industry: str = "") -> Unit:
    """E-1 对口服务 alone, as `enterprise_responsibility_rule` decides it: for deciding it again
    when what it reads besides the enterprise changes — the units (their kind, parent, code) or
    the reference table of competent departments."""
    return _counterpart_unit(introducing_unit, industry)


def enterprise_responsibility_rule(
    *,
    total_investment: Decimal,
    responsible_unit: Unit,
    introducing_unit: Unit,
    industry: str = "",
    responsible_leader: Leader | None = None,
    leader_in_charge: Leader | None = None,
    carried_leader: Leader | None = None,
    carried_in_charge: Leader | None = None,
) -> Responsibility:
    """E-1: who answers for an operating enterprise — the one function that decides it.

    - 5亿元以上: a city leader is responsible; the area/department names a leader in charge;
    - 1亿–5亿: the area/department's principal leader;
    - below 1亿 (Decision, the source is silent): a leader of the area/department itself;
    - counterpart service: the department competent for the enterprise's industry at the
      introducer's level — introduced by a city-level body (a municipal department, the DRC, the
      investment bureau…) → the city's (市行政主管部门); by a county/park → that area's
      (行业主管部门).
    The construction phase's leader (`carried_leader`), and a city-tier enterprise's leader in
    charge kept from before (`carried_in_charge`), stay whenever they still fit. Leaders given
    are checked; leaders not given are proposed (None if there is none to propose).
    """
    tier = responsibility_tier(total_investment)
    unit_leaders = list(
        Leader.objects.serving().filter(unit=responsible_unit).order_by("rank", "id")
    )

    def of_unit(rank: str) -> Leader | None:
        return next((x for x in unit_leaders if x.rank == rank), None)

    def fits(leader: Leader | None) -> bool:
        if leader is None:
            return False
        if tier == ResponsibilityTier.CITY:
            # Carried from A-2, a retired city leader stays (一个项目、一位领导…一抓到底).
            return leader.rank == LeaderRank.CITY_LEADER
        if tier == ResponsibilityTier.PRINCIPAL:
            return leader.serves_as(LeaderRank.PRINCIPAL) and leader.unit_id == responsible_unit.pk
        return leader.unit_id == responsible_unit.pk and leader.serves_as(
            LeaderRank.PRINCIPAL, LeaderRank.IN_CHARGE
        )

    if responsible_leader is not None and not fits(responsible_leader):
        messages = {
            ResponsibilityTier.CITY: _("投资%(band)s的企业，须由市级领导负责。"),
            ResponsibilityTier.PRINCIPAL: _("投资%(band)s的企业，须由%(unit)s的主要领导负责。"),
            ResponsibilityTier.LOCAL: _("负责领导须为%(unit)s的领导。"),
        }
        raise RuleViolation(
            "E-1",
            messages[tier] % {"unit": responsible_unit, "band": RESPONSIBILITY_BANDS[tier]},
            field="responsible_leader",
        )
    if responsible_leader is None:
        if fits(carried_leader):
            responsible_leader = carried_leader
        elif tier == ResponsibilityTier.CITY:
            responsible_leader = city_leader_in_charge(responsible_unit, industry)
        elif tier == ResponsibilityTier.PRINCIPAL:
            responsible_leader = of_unit(LeaderRank.PRINCIPAL)
        else:
            responsible_leader = of_unit(LeaderRank.IN_CHARGE) or of_unit(LeaderRank.PRINCIPAL)

    def in_charge_fits(leader: Leader | None) -> bool:
        return (
            leader is not None
            and leader.unit_id == responsible_unit.pk
            and leader.serves_as(LeaderRank.IN_CHARGE)
        )

    if leader_in_charge is not None and not in_charge_fits(leader_in_charge):
        raise RuleViolation(
            "E-1",
            _("分管领导须为%(unit)s的分管领导。") % {"unit": responsible_unit},
            field="leader_in_charge",
        )
    if leader_in_charge is None and tier == ResponsibilityTier.CITY:
        if in_charge_fits(carried_in_charge):
            leader_in_charge = carried_in_charge
        else:
            leader_in_charge = of_unit(LeaderRank.IN_CHARGE)

    return Responsibility(
        tier=tier,
        responsible_leader=responsible_leader,
        leader_in_charge=leader_in_charge,
        counterpart_unit=_counterpart_unit(introducing_unit, industry),
    )


#: E-1: what an enterprise handed on from a project takes from it (`enterprise_project_changed`).
FOLLOWS_PROJECT = ("total_investment", "industry", "area")


def follows_project_rule(enterprise, fields: dict) -> None:
    """E-1: an enterprise handed on from a project takes its investment, industry and area from
    the project, and they are decided again with it; they change on the project — where every
    decision resting on them (its tier here, and the other apps' too) is taken again — not on
    the enterprise, which would leave the two disagreeing until the project's next change."""
    if enterprise.project_id is None:
        return
    for name in FOLLOWS_PROJECT:
        if name in fields and fields[name] != getattr(enterprise, name):
            raise RuleViolation(
                "E-1",
                _("该企业由项目转入，总投资、所属行业和所在地区随项目确定，请在项目中修改。"),
                field=name,
            )


def one_department_rule(enterprise, responsible_unit: Unit | None) -> None:
    """E-1 一个企业、一个部门、一包到底: the responsible area/department does not change."""
    if responsible_unit is not None and responsible_unit.pk != enterprise.responsible_unit_id:
        raise RuleViolation(
            "E-1",
            _("一个企业、一个部门、一包到底：责任地区、部门保持不变。"),
            field="responsible_unit",
        )


def handover_stage_rule(stage: str) -> None:
    """E-1: only a completed or operating project becomes an operating enterprise."""
    if stage not in ("completed", "operating"):
        raise RuleViolation(
            "E-1", _("只有已竣工或投产运营的项目才能转入投产运营企业帮扶。"), field="project"
        )


# --- E-2 monthly visits ------------------------------------------------------------------------

VISITS_PER_MONTH = 1

# Decision: "对重点企业每月至少开展1次对口服务" names key enterprises, whatever their output: a
# suspended (停产) key enterprise is owed its monthly service as one in production is — it is the
# one that most needs help to resume (解决企业在生产经营…中存在的突出问题). Only one closed or
# moved away (注销、迁出) is no longer served.
VISITED_STATUSES = (EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED)


def visit_required_q(month_start: dt.date) -> Q:
    """E-2: key enterprises get at least one visit a month — those in production and those
    suspended (停产) alike; not those closed or moved away (`VISITED_STATUSES`). An enterprise
    registered during a month owes its first visit in the next month, so a month's list holds
    those registered before it began."""
    return Q(is_key=True, status__in=VISITED_STATUSES, registered_on__lt=month_start)


def visit_month_rule(month: dt.date, today: dt.date) -> None:
    """E-2: the month whose visits are counted is one of the service's months that has begun:
    a month not begun has no visits to count yet (404), one before the service none at all
    (PeriodBeforeService, 400)."""
    service_period_rule("E-2", "monthly", month)
    if not period_begun("monthly", month, today):
        raise RuleViolation("E-2", _("%(month)s尚未开始。") % {"month": year_month(month)})


def visit_month_shown_rule(month: dt.date, today: dt.date) -> bool:
    """E-2: whether the page links to a month (the one before or after the month shown)."""
    try:
        visit_month_rule(month, today)
    except RuleViolation:
        return False
    return True


def visit_counts_q() -> Q:
    """E-2 (on a Visit queryset): only a visit by the enterprise's own responsibility chain
    counts toward its monthly visit — its responsible area/department, its counterpart unit, a
    unit of its service team, or its responsible leader, leader in charge or team leader leading
    the visit. A utility's, a party organisation's or another county's visit does not."""
    from yingkou.models import Team

    # The team's columns are tested in a subquery on its primary key: as a join they made
    # PostgreSQL hash all 58,000 teams for a month's 1,800 visits (100,000 projects), 28 ms of
    # the 45 ms that E-2's visited set took; the subquery is tested only for a visit the
    # enterprise's own columns did not already count (5 ms).
    team_led = Team.objects.filter(pk=OuterRef("enterprise__team_id")).filter(
        Q(lead_unit_id=OuterRef("visiting_unit_id"))
        | Q(main_negotiating_unit_id=OuterRef("visiting_unit_id"))
        | Q(lead_leader_id=OuterRef("leader_id"))
    )
    on_team = Team.cooperating_units.through.objects.filter(
        team_id=OuterRef("enterprise__team_id"), unit_id=OuterRef("visiting_unit_id")
    )
    return (
        Q(visiting_unit_id=F("enterprise__responsible_unit_id"))
        | Q(visiting_unit_id=F("enterprise__counterpart_unit_id"))
        | Q(leader_id=F("enterprise__responsible_leader_id"))
        | Q(leader_id=F("enterprise__leader_in_charge_id"))
        | Q(Exists(team_led))
        | Q(Exists(on_team))
    )


def happened_by_today_rule(day: dt.date, *, code: str, field: str) -> None:
    """A date on which something was done (a written reply, a problem solved, a promise
    honoured) is not a date to come: recording it ahead would stop the E-3, E-4 or E-6 clock on
    a promise."""
    from django.utils import timezone

    if day > timezone.localdate():
        raise RuleViolation(code, _("日期不能晚于今天。"), field=field)


def visit_date_rule(visited_on: dt.date, today: dt.date) -> None:
    """E-2: a visit is recorded after it took place."""
    if visited_on > today:
        raise RuleViolation("E-2", _("走访日期不能晚于今天。"), field="visited_on")


# --- E-3 problems ------------------------------------------------------------------------------

# Decision: the source requires a time limit (限时办结) but sets no number; unless the unit sets an
# earlier or later date itself, a problem is due 10 working days after it was raised.
PROBLEM_WORKING_DAYS = 10


def problem_due_rule(raised_on: dt.date, due_on: dt.date | None = None) -> dt.date:
    """E-3 time limit: the date given, or 10 working days after the problem was raised."""
    if due_on is None:
        return add_working_days(raised_on, PROBLEM_WORKING_DAYS)
    if due_on < raised_on:
        raise RuleViolation("E-3", _("限时办结日期不能早于问题提出日期。"), field="due_on")
    return due_on


def problem_is_open(problem) -> bool:
    """E-3: a problem not solved yet (what its page offers to work on)."""
    return problem.status != ProblemStatus.SOLVED


def problem_open_rule(problem) -> None:
    """E-3: a solved problem is closed; nothing more is done on it."""
    if not problem_is_open(problem):
        raise RuleViolation("E-3", _("该问题已办结。"))


def first_inquiry_rule(problem, unit_id: int | None) -> bool:
    """E-3 首问责任: the unit first asked owns the problem until it is solved or formally handed
    on; only the current owner may hand it on, notify materials, coordinate or close it."""
    return unit_id is not None and problem.owner_unit_id == unit_id


def first_unit_rule(first_unit) -> None:
    """E-3: a problem has the unit first asked (首问责任单位), which owns it."""
    if first_unit is None:
        raise RuleViolation("E-3", _("请指定首问责任单位。"), field="first_unit")


def problem_handover_rule(problem, to_unit: Unit, reason: str) -> None:
    """E-3: a formal hand-on names another unit and gives the reason."""
    problem_open_rule(problem)
    if to_unit.pk == problem.owner_unit_id:
        raise RuleViolation("E-3", _("不能移交给本单位。"), field="to_unit")
    if not reason.strip():
        raise RuleViolation("E-3", _("正式移交须说明理由。"), field="reason")


def one_time_notice_rule(problem, materials: str) -> None:
    """E-3 一次性告知: all required materials are notified at once; no second list afterwards."""
    problem_open_rule(problem)
    if problem.materials_notified_on is not None:
        raise RuleViolation(
            "E-3",
            _("已于%(day)s一次性告知所需材料，不得再次要求企业补充材料。")
            % {"day": long_date(problem.materials_notified_on)},
            field="materials",
        )
    if not materials.strip():
        raise RuleViolation("E-3", _("请列明企业需提供的全部材料。"), field="materials")


def problem_action_rule(problem, unit: Unit, due_on: dt.date, today: dt.date) -> None:
    """E-3: a problem several departments must solve is coordinated: each is asked with its own
    due date, no earlier than today."""
    problem_open_rule(problem)
    if due_on < today:
        raise RuleViolation("E-3", _("办理期限不能早于今天。"), field="due_on")
    if problem.actions.open().filter(unit=unit).exists():
        raise RuleViolation("E-3", _("该部门已有未完成的办理事项。"), field="unit")


def problem_action_done_rule(action, outcome: str) -> None:
    """E-3: a unit asked to help carries its part out once, saying how, while the problem is open."""
    problem_open_rule(action.problem)
    if action.done_on is not None:
        raise RuleViolation("E-3", _("该事项已办理完成。"))
    if not outcome.strip():
        raise RuleViolation("E-3", _("请填写办理情况。"), field="outcome")


def problem_solve_rule(problem, done_on: dt.date, outcome: str) -> None:
    """E-3: solved only when every coordinated department has finished its part, saying how."""
    problem_open_rule(problem)
    if done_on < problem.raised_on:
        raise RuleViolation("E-3", _("办结日期不能早于问题提出日期。"), field="done_on")
    # 限时办结: a closing date still to come would stop the time limit's clock on a problem
    # nobody has solved yet.
    happened_by_today_rule(done_on, code="E-3", field="done_on")
    if problem.actions.open().exists():
        raise RuleViolation("E-3", _("尚有协办部门未完成办理，不能办结。"))
    if not outcome.strip():
        raise RuleViolation("E-3", _("请填写办理结果。"), field="outcome")


# --- E-4 complaints ----------------------------------------------------------------------------

COMPLAINT_WORKING_DAYS = 7


def complaint_reply_due_rule(received_on: dt.date, statutory_days: int | None) -> dt.date:
    """E-4: the written reply is due within the statutory limit, or 7 working days where the law
    sets none (按照法定时限做出书面答复，法律没有规定的，必须在7个工作日内书面答复).

    Decision: a complaint reopened because the complainant did not accept the reply is a new
    request for a written reply; its limit is counted afresh by this rule from the day it was
    reopened (`Complaint.rule_due_on`), else it would be late the moment it reopened.

    Decision: a statutory limit is counted in calendar days, as PRC laws say "工作日" when they
    mean working days; per Civil Code art. 201/203 the day of receipt is not counted and a limit
    ending on a day off ends on the next working day. The 7-day default counts working days on
    the official calendar (weekends, holidays and 调休 make-up days; years without official data
    fall back to computed holidays, never a crash).
    """
    if statutory_days is None:
        return add_working_days(received_on, COMPLAINT_WORKING_DAYS)
    return calendar_days_deadline(received_on, statutory_days)


def complaint_receipt_rule(*, channel: str, by_staff: bool, received_on: dt.date, today) -> None:
    """E-4: staff record phone and mailbox complaints on the day received or later; online ones
    come only through the public form."""
    if channel == ComplaintChannel.ONLINE and by_staff:
        raise RuleViolation("E-4", _("网络投诉由公众通过投诉平台提交。"), field="channel")
    if received_on > today:
        raise RuleViolation("E-4", _("受理日期不能晚于今天。"), field="received_on")


def receiving_office_rule(office) -> None:
    """E-4: online complaints need the city's receiving office."""
    if office is None:
        raise RuleViolation("E-4", _("系统未设置投诉受理机构，请联系管理员。"))


def complaint_open_rule(complaint) -> None:
    if complaint.done_on is not None:
        raise RuleViolation("E-4", _("该投诉已书面答复，办理结束。"))


def complaint_transfer_rule(complaint, to_unit: Unit) -> None:
    """E-4: transferred by jurisdiction to the responsible department or a lower-level office —
    never back up the chain, which tracks the deadline (督办); the deadline stays the original."""
    complaint_open_rule(complaint)
    if to_unit.pk == complaint.handling_unit_id:
        raise RuleViolation("E-4", _("不能转办给本单位。"), field="to_unit")
    if to_unit.pk in ancestor_unit_ids(complaint.handling_unit_id):
        raise RuleViolation(
            "E-4",
            _("投诉按属地化管理原则转办到相关部门或下一级受理机构，不能上交。"),
            field="to_unit",
        )


def complaint_supervising_unit():
    """E-4 (转办到相关部门或下一级受理机构…上一级…按照时限跟踪督办): per complaint, the unit
    that transferred it to the one handling it now — its upper level, which follows up its time
    limit; none for a complaint never transferred. A subquery, for a queryset of complaints."""
    from .models import ComplaintTransfer

    last = ComplaintTransfer.objects.filter(complaint=OuterRef("pk")).order_by("-id")
    return Subquery(last.values("from_unit_id")[:1])


def complaint_moved_on_rule(complaint, user) -> None:
    """E-4: a complaint transferred on is handled by the unit it went to. A unit it has left
    (permissions.complaint_passed_on_by) that transfers, answers or sets its limit from a page
    read before the transfer is told where the complaint went, not refused as if it were out of
    its remit."""
    if user.unit_id is not None and user.unit_id != complaint.handling_unit_id:
        raise RuleViolation(
            "E-4",
            _("该投诉已转办给%(unit)s，由其办理，本单位不能再转办或答复。")
            % {"unit": complaint.handling_unit},
        )


def complaint_reply_rule(complaint, done_on: dt.date, outcome: str) -> None:
    """E-4: the answer is written and not dated before receipt."""
    complaint_open_rule(complaint)
    if done_on < complaint.received_on:
        raise RuleViolation("E-4", _("答复日期不能早于受理日期。"), field="done_on")
    if complaint.reopened_on is not None and done_on < complaint.reopened_on:
        raise RuleViolation("E-4", _("重新办理的答复日期不能早于重新办理日期。"), field="done_on")
    happened_by_today_rule(done_on, code="E-4", field="done_on")
    if not outcome.strip():
        raise RuleViolation("E-4", _("须填写书面答复内容。"), field="outcome")


# --- E-5 inspections ---------------------------------------------------------------------------

_LEVEL_RANK = {AdministrativeLevel.CITY: 2, AdministrativeLevel.COUNTY: 1}


def is_upper_agency(upper_id: int, lower_id: int, tree: UnitTree) -> bool:
    """E-5: an upper-level agency of the same enforcement system — above it in the parent chain or
    at a higher administrative level (the units as `tree` holds them)."""
    upper, lower = tree[upper_id], tree[lower_id]
    if not upper.enforcement_system or upper.enforcement_system != lower.enforcement_system:
        return False
    if upper_id in tree.ancestors(lower_id):
        return True
    return _LEVEL_RANK.get(upper.level, 0) > _LEVEL_RANK.get(lower.level, 0)


def unit_area(unit: Unit) -> Unit | None:
    """The county/park a unit is or works for: itself, an area up its parent chain, or — for a
    county bureau filed under its city-level system (BYQ-SCJG under SCJG) — the area whose code
    heads its own ("<AREA>-<code>")."""
    area_id = unit_area_ids().get(unit.pk)
    return Unit.objects.get(pk=area_id) if area_id is not None else None


def enterprise_area(enterprise) -> Unit | None:
    """The county/park an enterprise is in: its recorded area, else its responsible unit's."""
    return enterprise.area or unit_area(enterprise.responsible_unit)


def _enterprise_area_id(enterprise, tree: UnitTree) -> int | None:
    """enterprise_area(), read from `tree`."""
    return enterprise.area_id or tree.area_of(enterprise.responsible_unit_id)


def inspection_jurisdiction_rule(*, enterprise, agency: Unit, tree: UnitTree | None = None) -> None:
    """E-5: an agency inspects only enterprises in its jurisdiction — a city-level agency the
    city's, a county-level agency its own county's or park's (the units as `tree` holds them,
    else as they are now)."""
    tree = tree or UnitTree.load()
    facts = tree[agency.pk]
    if facts.level == AdministrativeLevel.CITY:
        return
    area_id = tree.area_of(agency.pk)
    if area_id is None or _enterprise_area_id(enterprise, tree) != area_id:
        raise RuleViolation(
            "E-5",
            _("%(agency)s只能对本辖区（%(area)s）的企业执法检查，%(enterprise)s不在其辖区。")
            % {
                "agency": facts.name,
                "area": tree[area_id].name if area_id is not None else _("未设辖区"),
                "enterprise": enterprise,
            },
            field="enterprise",
        )


def jurisdiction_q(agency: Unit) -> Q:
    """E-5: the enterprises in an agency's jurisdiction, as a filter (forms, pages)."""
    if agency.level == AdministrativeLevel.CITY:
        return Q()
    areas = unit_area_ids()
    area_id = areas.get(agency.pk)
    if area_id is None:
        return Q(pk__in=[])
    # The same reading as enterprise_area(): the recorded area, else the responsible unit's.
    in_area = [pk for pk, area in areas.items() if area == area_id]
    return Q(area_id=area_id) | Q(area__isnull=True, responsible_unit_id__in=in_area)


# Decision: "每年不得超过一次" (the same agency) and "已对同一企业执法检查的，下级…不得再次检查" (an
# upper-level agency of the same system) are both read as 12 months from the inspection, not as
# the calendar year: a calendar year would let an agency inspect on 31 December and again on
# 1 January, the very disturbance the sentence forbids. Exactly 12 months later is allowed.
INSPECTION_INTERVAL_MONTHS = 12


def _a_year_after(day: dt.date) -> dt.date:
    """12 months after `day`; from 29 February, the 28th (the month has no 29th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _a_year_before(day: dt.date) -> dt.date:
    """The latest day whose 12 months end by `day`: an inspection on it or before no longer
    blocks `day`, so both directions agree (29 February 2028 blocks until 28 February 2029)."""
    if day.month == 2 and day.day == 28 and calendar.isleap(day.year - 1):
        return dt.date(day.year - 1, 2, 29)
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def is_enforcement_agency(unit) -> bool:
    """E-5: a unit that is an administrative law-enforcement agency (行政执法机关)."""
    return unit is not None and bool(unit.enforcement_system)


def inspection_pending(inspection) -> bool:
    """E-5: a plan waiting for the same-level government's approval (what a page may offer)."""
    return inspection.status == InspectionStatus.PLANNED


def inspection_approved(inspection) -> bool:
    """E-5: an approved plan, to be carried out and its result recorded."""
    return inspection.status == InspectionStatus.APPROVED


def inspection_agency_rule(agency) -> None:
    """E-5: an inspection is planned by a law-enforcement agency."""
    if agency is None:  # an administrator without a unit plans for no agency
        raise RuleViolation("E-5", _("请选择实施检查的行政执法机关。"), field="agency")


def inspection_plan_date_rule(planned_on: dt.date, today: dt.date) -> None:
    """E-5 须经本级政府批准: a plan is filed for approval before the inspection, so it is dated
    today or later. An inspection that took place is recorded on its approved plan (carry-out,
    with the day it was carried out), never filed afterwards as a new plan."""
    if planned_on < today:
        raise RuleViolation(
            "E-5",
            _(
                "执法检查计划须在检查前报本级政府批准，计划检查日期不能早于今天（%(today)s）。"
                "已实施的检查，请在其已批准的计划上登记实施情况。"
            )
            % {"today": long_date(today)},
            field="planned_on",
        )


#: E-5: plans that will not take place — turned down by the same-level government, or
#: withdrawn (撤回) by their agency, pending or approved. They do not count toward the
#: once-in-12-months limit (_once_in_twelve_months); the upper-level rule counts only
#: inspections taking place.
NOT_TAKING_PLACE_STATUSES = (InspectionStatus.REJECTED, InspectionStatus.WITHDRAWN)


def _held_on():
    # The day an inspection takes place: carried out, else planned. A plan merged into a joint
    # inspection takes place when, and only when, the joint one does, so its day is the joint
    # inspection's — carried out, else planned (pending or approved) — never the day the merged
    # plan was filed for: that day is not an inspection by its agency. Once the joint inspection
    # is turned down or withdrawn, the plan is no longer merged (merged_plans_fate): turned down
    # it counts no more, back to pending it is held on its own day again.
    return Case(
        When(
            status=InspectionStatus.MERGED,
            joint_with__isnull=False,
            then=Coalesce("joint_with__carried_out_on", "joint_with__planned_on"),
        ),
        default=Coalesce("carried_out_on", "planned_on"),
    )


def _counting_inspections(enterprise_ids):
    """E-5: the inspections of these enterprises that count toward 每年不得超过一次 — a plan not
    turned down or withdrawn, nor merged into a joint inspection that was — each with the day it
    is held (`held_on`, _held_on) and whether it takes place (`taking_place`, _taking_place_q:
    what the upper-level rule weighs). The rules read it by agency and day, or once for many
    plans (merge_groups: whether some agency may lead them)."""
    from .models import Inspection

    return (
        Inspection.objects.filter(enterprise_id__in=enterprise_ids)
        .exclude(status__in=NOT_TAKING_PLACE_STATUSES)
        # A plan merged into a joint inspection goes the joint inspection's way: turned down or
        # withdrawn, it takes place no more than a plan of its own would.
        .exclude(status=InspectionStatus.MERGED, joint_with__status__in=NOT_TAKING_PLACE_STATUSES)
        .annotate(
            held_on=_held_on(),
            taking_place=Case(
                When(_taking_place_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def _once_in_twelve_months(
    *, enterprise, agency: Unit, day: dt.date, exclude_pks, field, others=None
) -> None:
    """E-5 每年不得超过一次: no other inspection of the enterprise by the agency (a plan not turned
    down or withdrawn, or its part in a joint inspection, held on that one's day: _held_on)
    within 12 months of `day`, either side. `others`: the enterprise's counting inspections
    already read (_counting_inspections), else they are read here."""
    excluded = {pk for pk in exclude_pks if pk is not None}
    since, until = _a_year_before(day), _a_year_after(day)
    if others is None:
        other = (
            _counting_inspections([enterprise.pk])
            .filter(agency=agency, held_on__gt=since, held_on__lt=until)
            .exclude(pk__in=excluded)
            .order_by("held_on")
            .first()
        )
    else:
        other = min(
            (
                o
                for o in others
                if o.enterprise_id == enterprise.pk
                and o.agency_id == agency.pk
                and o.pk not in excluded
                and since < o.held_on < until
            ),
            key=lambda o: o.held_on,
            default=None,
        )
    if other is not None:
        raise RuleViolation(
            "E-5",
            _(
                "同一行政执法机关对同一企业的执法检查，每年不得超过一次：本机关已有%(date)s的检查，"
                "两次检查须相隔12个月。"
            )
            % {"date": long_date(other.held_on)},
            field=field,
        )


def inspection_plan_rule(
    *, enterprise, agency: Unit, planned_on: dt.date, exclude_pk=None, tree=None, others=None
) -> None:
    """E-5 limits on inspecting one enterprise: only in the agency's jurisdiction; the same
    agency at most once in 12 months (每年不得超过一次, read as 12 months, see above); not within
    12 months after an inspection by an upper-level agency of the same system. `tree` and
    `others` (the enterprise's counting inspections, _counting_inspections) may be handed in
    when many plans are weighed at once."""
    if not is_enforcement_agency(agency):
        raise RuleViolation(
            "E-5", _("%(unit)s不是行政执法机关。") % {"unit": agency}, field="agency"
        )
    tree = tree or UnitTree.load()
    inspection_jurisdiction_rule(enterprise=enterprise, agency=agency, tree=tree)
    _once_in_twelve_months(
        enterprise=enterprise,
        agency=agency,
        day=planned_on,
        exclude_pks=[exclude_pk],
        field="planned_on",
        others=others,
    )
    upper_level_first_rule(
        enterprise=enterprise,
        agency=agency,
        day=planned_on,
        exclude_pks=[exclude_pk],
        field="agency",
        tree=tree,
        others=None if others is None else [o for o in others if o.taking_place],
    )


def _taking_place_q() -> Q:
    """E-5: inspections that take place — approved or done, alone or as a part of an approved or
    done joint inspection."""
    taking_place = [InspectionStatus.APPROVED, InspectionStatus.DONE]
    return Q(status__in=taking_place) | Q(
        status=InspectionStatus.MERGED, joint_with__status__in=taking_place
    )


def _taking_place_around(enterprise_ids, since: dt.date, until: dt.date) -> list:
    """The inspections of these enterprises that take place after `since` and by `until`, with
    the day each is held (`held_on`): what upper_level_first_rule weighs."""
    from .models import Inspection

    return list(
        Inspection.objects.filter(enterprise_id__in=enterprise_ids)
        .filter(_taking_place_q())
        .annotate(held_on=_held_on())
        .filter(held_on__gt=since, held_on__lte=until)
        .order_by("held_on", "pk")
    )


def upper_level_first_rule(
    *,
    enterprise,
    agency: Unit,
    day: dt.date,
    exclude_pks,
    field,
    tree: UnitTree | None = None,
    others: list | None = None,
) -> None:
    """E-5 同一系统的上级行政执法机关已对同一企业执法检查的，下级行政执法机关不得再次检查: no
    inspection by `agency` on `day` within 12 months after an upper-level agency of its system
    inspected the enterprise (approved or done, alone or in a joint inspection; the day carried
    out, else the planned day — a merged plan's, the joint inspection's, _held_on). Checked at filing and approval for the planned day, again for
    the day carried out, and for an open plan after its agencies changed (inspection_unfit_reasons,
    which hands in the units as `tree` and the inspections already read as `others`)."""
    tree = tree or UnitTree.load()
    since = _a_year_before(day)
    if others is None:
        others = _taking_place_around([enterprise.pk], since, day)
    excluded = {pk for pk in exclude_pks if pk is not None}
    for other in others:
        if (
            other.pk not in excluded
            and other.enterprise_id == enterprise.pk
            and since < other.held_on <= day
            and is_upper_agency(other.agency_id, agency.pk, tree)
        ):
            raise RuleViolation(
                "E-5",
                _(
                    "同一系统的上级行政执法机关（%(upper)s）已于%(date)s对该企业执法检查，12个月内下级机关不得再次检查。"
                )
                % {"upper": tree[other.agency_id].name, "date": long_date(other.held_on)},
                field=field,
            )


#: E-5: who acts for the city government on inspection plans — its city leaders, who approve
#: city-level plans (same_level_government_rule, permissions.can_approve_inspection), and the
#: reviewers of the government's own office.
CITY_GOVERNMENT_ROLES = (Role.CITY_LEADER, Role.UNIT_REVIEWER)


class MergeContext(NamedTuple):
    """What deciding who merges reads (merge_context)."""

    tree: UnitTree
    #: Legal affairs units with an active 法制部门 user, by area (None: the city's).
    offices: dict[int | None, set[int]]
    #: City government units with an active city leader or reviewer.
    city_government: set[int]
    #: County (park) governments with an active 单位审核 reviewer.
    area_reviewers: set[int]


def merge_context() -> MergeContext:
    """What deciding who merges reads, in two queries whatever the number of plans: the units
    (each one's county/park), and the units whose active people may coordinate plans — legal
    affairs offices, the city government, county (park) governments."""
    from yingkou.models import User

    tree = UnitTree.load()
    offices: dict[int | None, set[int]] = {}
    city_government: set[int] = set()
    area_reviewers: set[int] = set()
    staffed = User.objects.filter(is_active=True, unit__is_active=True).filter(
        Q(role=Role.LEGAL_AFFAIRS, unit__kind=UnitKind.LEGAL_AFFAIRS)
        | Q(
            role__in=CITY_GOVERNMENT_ROLES,
            unit__kind=UnitKind.CITY_GOVERNMENT,
            unit__level=AdministrativeLevel.CITY,
        )
        | Q(role=Role.UNIT_REVIEWER, unit__kind__in=UnitKind.areas())
    )
    for unit_id, kind, level in staffed.values_list("unit_id", "unit__kind", "unit__level"):
        if kind == UnitKind.LEGAL_AFFAIRS:
            area = None if level == AdministrativeLevel.CITY else tree.area_of(unit_id)
            if level == AdministrativeLevel.CITY or area is not None:
                offices.setdefault(area, set()).add(unit_id)
        elif kind == UnitKind.CITY_GOVERNMENT:
            city_government.add(unit_id)
        else:
            area_reviewers.add(unit_id)
    return MergeContext(tree, offices, city_government, area_reviewers)


@dataclass(frozen=True)
class Mergers:
    """E-5: who merges a set of plans — the units and roles of the people who do — and how a
    message names them. No units: nobody at that level can."""

    units: frozenset[int]
    roles: tuple[str, ...]
    name: str
    #: The level as a message names it (本市, 鲅鱼圈区), to say whom an administrator must set up.
    level: str

    def refusal(self) -> str:
        """Why plans still to be merged are not approved one by one, naming who merges them."""
        if not self.units:
            return _(
                "多个执法机关对同一企业提出检查计划，须先合并为联合检查，但%(level)s既未设法制部门，"
                "也没有可代为协调的本级政府人员，暂时无人能够合并。请联系管理员为%(level)s设置法制部门"
                "（法制部门角色的用户）或本级政府审核人员。"
            ) % {"level": self.level}
        return _("多个执法机关对同一企业提出检查计划，须先由%(mergers)s协调合并为联合检查。") % {
            "mergers": self.name
        }


def _city_mergers(context: MergeContext) -> Mergers:
    """E-5: who coordinates plans involving a city-level agency, and examines a city-level
    agency's plan for the city government: the city's legal affairs office, or where the city
    has none, the city government itself (see _merging_units)."""
    if context.offices.get(None):
        return Mergers(
            frozenset(context.offices[None]), (Role.LEGAL_AFFAIRS,), _("市法制部门"), _("本市")
        )
    return Mergers(
        frozenset(context.city_government),
        CITY_GOVERNMENT_ROLES,
        _("市政府（本市未设法制部门，由市政府直接协调）"),
        _("本市"),
    )


def _merging_units(inspections, context: MergeContext) -> Mergers:
    """E-5 由同级政府法制部门协调: who merges these plans, all of one same-level government
    (inspection_merge_government_rule). City-level agencies' plans: the city's legal affairs
    office. County-level agencies' plans: the county's (park's) office. No one else, never an
    office of another level.

    Decision (the norms name only the same-level government's legal affairs office, which
    coordinates on that government's behalf): a level without an office — no active 法制部门
    user in a legal affairs unit of that level — has its plans coordinated by the same-level
    government itself, through the people who already decide its plans (same_level_government_rule):
    a county (park) through its government's 单位审核 reviewers; the city through its city
    leaders and the reviewers of the city government's office (CITY_GOVERNMENT_ROLES). Where
    even those are missing, nobody can merge, and the pages say so instead of a bare refusal
    (Mergers.refusal)."""
    tree = context.tree
    if any(tree[i.agency_id].level == AdministrativeLevel.CITY for i in inspections):
        return _city_mergers(context)
    area_id = _enterprise_area_id(inspections[0].enterprise, tree)
    if area_id is None:
        return Mergers(frozenset(), (Role.LEGAL_AFFAIRS,), _("同级政府法制部门"), _("本级"))
    area = tree[area_id].name
    if context.offices.get(area_id):
        return Mergers(
            frozenset(context.offices[area_id]),
            (Role.LEGAL_AFFAIRS,),
            _("%(area)s法制部门") % {"area": area},
            area,
        )
    return Mergers(
        frozenset({area_id} & context.area_reviewers),
        (Role.UNIT_REVIEWER,),
        _("%(area)s政府（该地区未设法制部门，由本级政府直接协调）") % {"area": area},
        area,
    )


def may_merge_inspections(user, inspections, context=None) -> bool:
    """E-5: whether `user` is among those who merge these plans (see _merging_units)."""
    mergers = _merging_units(inspections, context or merge_context())
    return user.role in mergers.roles and user.unit_id in mergers.units


def inspection_merge_office_rule(inspections, user) -> None:
    """E-5: several agencies' plans for one enterprise are merged by the same-level legal affairs
    office (同级法制部门): county-level agencies' plans by that county's (or park's) office — or,
    when it has none, by the county government's reviewers — plans involving a city-level agency
    by the city's, or when the city has none, by the city government (see _merging_units)."""
    if not inspections:
        return
    mergers = _merging_units(inspections, merge_context())
    if not (user.role in mergers.roles and user.unit_id in mergers.units):
        raise RuleViolation(
            "E-5",
            mergers.refusal()
            if not mergers.units
            else _("这些检查计划由%(mergers)s协调合并。") % {"mergers": mergers.name},
        )


def inspection_mergers(inspections):
    """E-5: the users who may merge these plans (whom to tell); the same test as
    inspection_merge_office_rule."""
    from yingkou.models import User

    if not inspections:
        return User.objects.none()
    mergers = plans_mergers(inspections)
    return User.objects.filter(
        is_active=True, role__in=mergers.roles, unit_id__in=mergers.units
    ).order_by("pk")


def plans_mergers(inspections, context: MergeContext | None = None) -> Mergers:
    """E-5: who merges these plans, all of one same-level government (_merging_units) — for a
    notice that tells many groups at once, on one `context`."""
    return _merging_units(inspections, context or merge_context())


def plan_approving_units(
    inspection, tree: UnitTree | None = None, context: MergeContext | None = None
) -> tuple[frozenset[int], tuple[str, ...]]:
    """E-5 须经本级政府批准: the units and roles of those who approve a pending plan
    (approving_government, on the units as `tree` or `context` holds them): a county-level
    agency's plan, the 单位审核 reviewers of its county (park) government; a city-level
    agency's, those who examine city plans (_city_mergers: the city's legal affairs office, or
    where it has none the city government); nobody where no government approves it."""
    government = approving_government(inspection, tree or (context.tree if context else None))
    if government == "city":
        mergers = _city_mergers(context or merge_context())
        return mergers.units, mergers.roles
    if government is None:
        return frozenset(), ()
    return frozenset({government}), (Role.UNIT_REVIEWER,)


def acts_as_merge_office(user, context=None) -> bool:
    """E-5: whether `user` merges any plans at all — a legal affairs office's staff, a reviewer
    of a county (park) government whose county has no office, or, while the city has no office,
    a city leader or reviewer of the city government (see _merging_units)."""
    if user.role == Role.LEGAL_AFFAIRS:
        return True
    if user.unit_id is None:
        return False
    context = context or merge_context()
    if user.role in CITY_GOVERNMENT_ROLES and user.unit_id in context.city_government:
        return not context.offices.get(None)
    if user.role != Role.UNIT_REVIEWER:
        return False
    return context.tree.area_of(user.unit_id) == user.unit_id and not context.offices.get(
        user.unit_id
    )


def examines_city_plans(user, context: MergeContext | None = None) -> bool:
    """E-5: whether `user` acts for the city government on the city-level agencies' plans
    waiting for it — its city leaders, who approve them, and while the city has no legal affairs
    office the reviewers of the government's own office, who then examine and merge them
    (_city_mergers). Their home page counts those plans, as the legal affairs office's does."""
    if user.role == Role.CITY_LEADER:
        return True
    if user.role != Role.UNIT_REVIEWER or user.unit_id is None:
        return False
    if user.unit.kind != UnitKind.CITY_GOVERNMENT:
        return False
    context = context or merge_context()
    return user.unit_id in context.city_government and not context.offices.get(None)


def approving_area_q(area: Unit) -> Q:
    """E-5 须经本级政府批准: the plans the government of `area` (a county or park) approves — its
    county-level agencies' plans for the enterprises in it (approving_government: the recorded
    area, else the responsible unit's, as jurisdiction_q reads it)."""
    from .models import Enterprise

    in_area = Enterprise.objects.filter(jurisdiction_q(area)).values("pk")
    return Q(agency__level=AdministrativeLevel.COUNTY, enterprise__in=in_area)


def examines_area_plans(user) -> bool:
    """E-5 须经本级政府批准: whether `user` acts for a county (park) government on the plans of
    its county-level agencies — its reviewers, who approve them (same_level_government_rule) and,
    where the county has no legal affairs office, merge them. Their home page counts those plans,
    as the city government's and the legal affairs office's do."""
    return (
        user.role == Role.UNIT_REVIEWER
        and user.unit_id is not None
        and user.unit.kind in UnitKind.areas()
    )


def approving_government(inspection, tree: UnitTree | None = None) -> str | int | None:
    """E-5 须经本级政府批准: whose approval a plan needs — "city" (the city government, or its
    legal affairs office) for a city-level agency's plan; for a county-level agency's, the id of
    the county/park government concerned: the enterprise's, read as the jurisdiction rule reads
    it (its recorded area, else its responsible unit's), so an enterprise without one is not
    anyone's (None). The units as `tree` holds them, else as they are now."""
    tree = tree or UnitTree.load()
    if tree[inspection.agency_id].level == AdministrativeLevel.CITY:
        return "city"
    return _enterprise_area_id(inspection.enterprise, tree)


def agency_government(agency_id: int, tree: UnitTree) -> str | int | None:
    """E-5 同级政府: the government at an agency's own level — "city" for a city-level agency,
    else the id of the county/park it works for, read as for jurisdiction (its parent chain, or
    its code), so a park's bureau is the park's, not the county's it lies in."""
    if tree[agency_id].level == AdministrativeLevel.CITY:
        return "city"
    return tree.area_of(agency_id)


def plan_government(inspection, tree: UnitTree) -> str | int | None:
    """E-5: the one same-level government a plan belongs to — the one that approves it
    (approving_government) and is its agency's own (agency_government) — or None when the two
    differ (the agency no longer holds the enterprise in its jurisdiction) or there is none."""
    government = approving_government(inspection, tree)
    return government if government == agency_government(inspection.agency_id, tree) else None


def government_name(government: str | int | None, tree: UnitTree) -> str:
    """How a message names a same-level government (approving_government's value)."""
    if government == "city":
        return _("市政府")
    if government is None:
        return _("未确定的本级政府")
    return _("%(area)s政府") % {"area": tree[government].name}


def _governments_apart(inspections, tree: UnitTree) -> str | None:
    """Why these plans (the lead first) are not of one same-level government, naming the lead's
    agency and government and the first other; None when their agencies share one."""
    first = inspections[0]
    own = agency_government(first.agency_id, tree)
    for plan in inspections[1:]:
        other = agency_government(plan.agency_id, tree)
        if other != own:
            return _(
                "%(agency)s的本级政府是%(government)s，%(other)s的本级政府是%(other_government)s，"
                "不是同一本级政府：只有同一本级政府的检查计划才能由其法制部门协调合并为联合检查、"
                "由其批准，各机关的计划由各自的本级政府审批。"
            ) % {
                "agency": tree[first.agency_id].name,
                "government": government_name(own, tree),
                "other": tree[plan.agency_id].name,
                "other_government": government_name(other, tree),
            }
    return None


def inspection_merge_government_rule(inspections, tree: UnitTree | None = None) -> None:
    """E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调，明确一个行政执法
    机关实行联合检查; 须经本级政府批准: only plans of one same-level government are merged into one
    joint inspection — that government's legal affairs office coordinates them (_merging_units)
    and that government approves the joint inspection as one plan. A city-level agency's plan
    merged under a county agency would otherwise be carried out on the county's approval alone.
    Plans of different governments — the city and a county, two counties, a park and the county
    it lies in (each area as jurisdiction reads it: agency_government) — are each approved by
    their own government, and a plan whose agency no longer holds the enterprise in its
    jurisdiction belongs to none. `inspections` start with the lead, whom the refusal names
    first.

    Plans pass it exactly when they share one plan_government, by which the plans offered for
    merging and waiting to be merged are grouped (merge_groups); the merge itself (inspection_merge_rule: page and API) and a joint
    inspection merged before this rule (joint_government_refusal) read it too."""
    tree = tree or UnitTree.load()
    governments = {plan_government(plan, tree) for plan in inspections}
    if len(governments) == 1 and None not in governments:
        return
    apart = _governments_apart(inspections, tree)
    if apart:
        raise RuleViolation("E-5", apart)
    # Their agencies share a government, which is not the one approving some plan.
    stray = next(plan for plan in inspections if plan_government(plan, tree) is None)
    raise RuleViolation(
        "E-5",
        _(
            "%(agency)s的本级政府是%(government)s，而其检查计划须经%(approving)s批准"
            "（企业已不在其辖区），不能合并为联合检查。"
        )
        % {
            "agency": tree[stray.agency_id].name,
            "government": government_name(agency_government(stray.agency_id, tree), tree),
            "approving": government_name(approving_government(stray, tree), tree),
        },
    )


def _joined_agencies(joints) -> dict[int, frozenset[int]]:
    """E-5: the agencies whose plans are merged into each of these pending plans (a joint
    inspection's other agencies), by the plan's key; a plan nothing is merged into is absent.
    One query; `joints` a list of plans or a query of them."""
    from .models import Inspection

    joined: dict[int, set[int]] = {}
    merged = Inspection.objects.filter(joint_with__in=joints, status=InspectionStatus.MERGED)
    for joint_id, agency_id in merged.values_list("joint_with_id", "agency_id"):
        joined.setdefault(joint_id, set()).add(agency_id)
    return {pk: frozenset(agencies) for pk, agencies in joined.items()}


def _merged_parts(joints) -> dict[int, list]:
    """E-5: the plans merged into each of these pending plans (a joint inspection's other
    agencies' plans, with their agency), by the joint inspection's key. One query."""
    from .models import Inspection

    parts: dict[int, list] = {}
    merged = Inspection.objects.filter(joint_with__in=joints, status=InspectionStatus.MERGED)
    for part in merged.select_related("agency").order_by("pk"):
        parts.setdefault(part.joint_with_id, []).append(part)
    return parts


@dataclass(frozen=True)
class MergeGroup:
    """E-5: the pending plans of one enterprise and one same-level government that wait to be
    merged into one joint inspection (merge_groups), by day, and the agencies each carries."""

    enterprise: object
    government: str | int
    plans: list
    #: Each plan's agencies, by its key: its own and, a joint inspection's, those merged into it.
    agencies: dict[int, frozenset[int]]
    #: The keys of the plans that already are joint inspections.
    joints: frozenset[int]
    #: Why a plan may not be merged under another (joint_day_rule), by (lead's key, plan's key):
    #: one of its agencies may not inspect the enterprise on the lead's day. A pair absent may.
    refused: dict[tuple[int, int], str] = field(default_factory=dict)

    def _may_join(self, lead, plan) -> bool:
        return plan is not lead and (lead.pk, plan.pk) not in self.refused

    def _leads(self) -> list:
        # A joint inspection first: the plans already merged keep their lead where they may.
        return sorted(self.plans, key=lambda p: p.pk not in self.joints)

    def proposal(self) -> tuple[list, object]:
        """The plans a page ticks by default and the one leading: a merge the rule allows
        (inspection_merge_rule) — the first joint inspection leading where its day lets another
        plan join it, else the first plan that may lead one, then by day each plan whose
        agencies are not in yet and may inspect on the lead's day (a joint inspection too: one
        joint inspection per enterprise and government, its plans come along). Where no plan may
        lead (stuck), the first joint inspection, else the first plan, with those it would take."""
        for lead in self._leads():
            ticked = self._ticked(lead, days=True)
            if len(ticked) >= 2:
                return ticked, lead
        lead = self._leads()[0]
        return self._ticked(lead, days=False), lead

    def _ticked(self, lead, *, days: bool) -> list:
        ticked, taken = [lead], set(self.agencies[lead.pk])
        for plan in self.plans:
            if plan is lead or not taken.isdisjoint(self.agencies[plan.pk]):
                continue
            if days and not self._may_join(lead, plan):
                continue
            ticked.append(plan)
            taken |= self.agencies[plan.pk]
        return ticked

    def _partners(self, plan) -> list:
        return [o for o in self.plans if _mergeable(plan, o, self.agencies)]

    def blocked(self, plan) -> list[str]:
        """E-5: why `plan` may be merged with none of the group, whoever leads: under each plan
        it could be merged with, or leading each, an agency may not inspect the enterprise on
        the joint inspection's day (joint_day_rule), one reason per lead — none when some merge
        with it is possible."""
        partners = self._partners(plan)
        if any(self._may_join(plan, o) or self._may_join(o, plan) for o in partners):
            return []
        reasons = []
        for lead in self._leads():
            if lead is plan:
                reason = next((self.refused[(plan.pk, o.pk)] for o in partners), None)
            elif lead in partners:
                reason = self.refused[(lead.pk, plan.pk)]
            else:
                continue
            if reason:
                reasons.append(self._led_by(lead, reason))
        return reasons

    @property
    def stuck(self) -> bool:
        """No two plans of the group may be merged, whichever leads (joint_day_rule)."""
        return all(self.blocked(plan) for plan in self.plans)

    def stuck_reasons(self) -> list[str]:
        """E-5: why no plan may lead a merge of the group: under each, the first agency that may
        not inspect on its day."""
        reasons = []
        for lead in self._leads():
            reason = next(
                (self.refused[(lead.pk, o.pk)] for o in self._partners(lead)),
                None,
            )
            if reason:
                reasons.append(self._led_by(lead, reason))
        return reasons

    @staticmethod
    def _led_by(lead, reason: str) -> str:
        return _("由%(agency)s牵头（%(day)s）：%(reason)s") % {
            "agency": lead.agency.name,
            "day": long_date(lead.planned_on),
            "reason": reason.removesuffix("（E-5）").rstrip("。"),
        }

    def state(self) -> str:
        """The group as it stands — its plans and their days — to tell of it once per state."""
        return ",".join(f"{p.pk}@{p.planned_on:%Y%m%d}" for p in self.plans)


def merge_stuck_message(reasons: list[str], mergers: Mergers) -> str:
    """E-5: what a page and a notice say of plans waiting to be merged that no agency may lead:
    why, and what to do — an agency sets another day for its plan (改期), or withdraws it; until
    then none is approved alone."""
    return _(
        "多个执法机关对同一企业提出检查计划，须合并为联合检查，但目前无论由哪个机关牵头，"
        "都有参加机关在联合检查当天不得检查：%(reasons)s。请有关执法机关调整计划检查日期"
        "（在检查计划页面“调整计划检查日期”），或撤回计划；调整后由%(mergers)s协调合并。"
        "合并前，这些计划均不能单独批准。"
    ) % {"reasons": "；".join(reasons), "mergers": mergers.name}


def merge_stuck_text(group: MergeGroup, context: MergeContext | None = None) -> str:
    """E-5: what the merge page and the notice say of a stuck group (MergeGroup.stuck): why no
    agency may lead, what to do, and who merges the plans once they may be."""
    context = context or merge_context()
    return merge_stuck_message(group.stuck_reasons(), _merging_units(group.plans, context))


def _mergeable(plan, other, agencies) -> bool:
    # One plan per agency, counting those merged into a joint inspection (inspection_merge_rule);
    # a joint inspection is merged too, under another lead its plans come along.
    return plan is not other and agencies[plan.pk].isdisjoint(agencies[other.pk])


def _day_refusals(groups: list[MergeGroup], tree: UnitTree) -> None:
    """E-5 (joint_day_rule): for each pair of plans of each group that may be merged, whether
    the agencies of the one merged may inspect on the other's day, filling the groups' `refused`.
    Two queries whatever their number: the enterprises' counting inspections and the plans
    merged into the joint inspections."""
    if not groups:
        return
    others = list(_counting_inspections([g.enterprise.pk for g in groups]).select_related("agency"))
    parts = _merged_parts([pk for g in groups for pk in g.joints])
    for group in groups:
        for lead in group.plans:
            for plan in group.plans:
                if not _mergeable(lead, plan, group.agencies):
                    continue
                try:
                    joint_day_rule(lead, [plan, *parts.get(plan.pk, ())], tree=tree, others=others)
                except RuleViolation as refusal:
                    group.refused[(lead.pk, plan.pk)] = refusal.text


def merge_groups(enterprise_ids=None, tree: UnitTree | None = None) -> list[MergeGroup]:
    """E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调，明确一个行政执法
    机关实行联合检查: the pending plans that are to be merged, in groups — of these enterprises,
    or of every enterprise (None). The one place that decides it: the plans offered for merging
    (selectors.merge_candidates), a plan's wait before approval (inspection_merge_waiting), whom
    a plan filed, withdrawn or back to pending tells (notices, plans_to_merge_with), and which
    groups are stuck (notices.merge_groups_told) all read it.

    Decision: the norms set no period for merging — plans several agencies proposed for one
    enterprise and pending at the same time are coordinated. So a group is all the pending plans
    (待批准) for one enterprise of one same-level government (plan_government), whatever their
    days: a plan on 30 December and another on 4 January are merged like two in one month. (It
    used to be the calendar year of the planned day, which let two agencies inspect on 31
    December and 1 January each on its own approval — the gap rejected for 每年不得超过一次 too.)
    A plan of the group waits to be merged only while a merge with it is possible: another
    plan of the group whose agencies — its own, and for a joint inspection (a pending lead with
    plans 已并入 it) those merged into it — are none of its own (a merge takes at most one plan
    per agency: inspection_merge_rule). So an agency's second plan for the enterprise (12 months
    or more from its first) does not wait for a joint inspection its agency is already part of,
    and once the other agencies' plans are merged it is approved alone. "明确一个行政执法机关实行
    联合检查" is one joint inspection per enterprise and government: two joint inspections
    pending (an office merged beside one, or a unit change brought them together) wait for each
    other and are offered merged into one. Where the days let no plan lead (joint_day_rule for
    every pair), the group still waits — the plans may not be approved alone — and says why
    (MergeGroup.stuck, merge_stuck_message): an agency is to set another day. A plan that
    belongs to no one government, or a joint inspection whose agencies are not all of its
    government (joint_government_refusal: to be withdrawn), is in no group. Groups of at least
    two plans, each by day; five queries (the units aside) whatever their number."""
    from .models import Inspection

    tree = tree or UnitTree.load()
    pending = Inspection.objects.filter(status=InspectionStatus.PLANNED)
    if enterprise_ids is None:
        # Only an enterprise with pending plans of two agencies or more has plans to merge.
        several = (
            pending.values("enterprise")
            .annotate(agencies=Count("agency", distinct=True))
            .filter(agencies__gte=2)
            .values("enterprise")
        )
        pending = pending.filter(enterprise__in=several)
    else:
        pending = pending.filter(enterprise_id__in=enterprise_ids)
    plans = list(pending.select_related("agency", "enterprise").order_by("planned_on", "pk"))
    if not plans:
        return []
    joined = _joined_agencies(plans)
    by_government: dict[tuple, list] = {}
    for plan in plans:
        government = plan_government(plan, tree)
        agencies = {plan.agency_id, *joined.get(plan.pk, ())}
        if government is None or any(
            agency_government(agency, tree) != government for agency in agencies
        ):
            continue
        by_government.setdefault((plan.enterprise_id, government), []).append(plan)
    groups = []
    for (_enterprise, government), members in by_government.items():
        agencies = {p.pk: frozenset({p.agency_id, *joined.get(p.pk, ())}) for p in members}
        waiting = [plan for plan in members if any(_mergeable(plan, o, agencies) for o in members)]
        if len(waiting) >= 2:
            groups.append(
                MergeGroup(
                    waiting[0].enterprise,
                    government,
                    waiting,
                    {p.pk: agencies[p.pk] for p in waiting},
                    frozenset(p.pk for p in waiting if p.pk in joined),
                )
            )
    _day_refusals(groups, tree)
    return groups


def merge_group_of(inspection, tree: UnitTree | None = None) -> MergeGroup | None:
    """E-5: the group (merge_groups) a pending plan waits in, or None."""
    if not inspection_pending(inspection):
        return None
    for group in merge_groups([inspection.enterprise_id], tree):
        if any(plan.pk == inspection.pk for plan in group.plans):
            return group
    return None


def plans_to_merge_with(inspection, tree: UnitTree | None = None) -> list:
    """E-5: the group of plans (merge_groups) a pending plan waits to be merged with, itself
    among them, by day; only the plan itself when it waits for none; none when it is not
    pending."""
    if not inspection_pending(inspection):
        return []
    group = merge_group_of(inspection, tree)
    return group.plans if group is not None else [inspection]


def joint_government_refusal(joint, tree: UnitTree | None = None, parts=None) -> str | None:
    """E-5 (inspection_merge_government_rule): why a joint inspection that merged plans of
    different same-level governments — as merges did before that rule, or as a unit's level or
    area changed since — is neither approved nor turned down by one of them (the others' plans
    were never before their own government), and is to be withdrawn by its lead agency, which
    sends the merged plans back to pending for their own governments (merged_plans_fate). None
    when its plans are of one government. `parts` (the merged plans) may be handed in."""
    if parts is None:
        parts = list(joint.joined.filter(status=InspectionStatus.MERGED).select_related("agency"))
    if not parts:
        return None
    apart = _governments_apart([joint, *parts], tree or UnitTree.load())
    if apart is None:
        return None
    return RuleViolation(
        "E-5",
        _(
            "该联合检查并入了不同本级政府的检查计划：%(why)s请由牵头机关撤回联合检查，并入的检查"
            "计划退回待批准，由各自的本级政府审批。"
        )
        % {"why": apart},
    ).text


def same_level_government_rule(
    inspection, approving_unit: Unit | None, tree: UnitTree | None = None
) -> None:
    """E-5 须经本级政府批准: a city-level agency's plan by the city government (or its legal affairs
    office); a county-level agency's plan by the government of the county/park concerned
    (approving_government)."""
    tree = tree or UnitTree.load()
    government = approving_government(inspection, tree)
    approving = tree[approving_unit.pk] if approving_unit is not None else None
    if approving is None or government is None:
        ok = False
    elif government == "city":
        ok = approving.level == AdministrativeLevel.CITY and approving.kind in (
            UnitKind.CITY_GOVERNMENT,
            UnitKind.LEGAL_AFFAIRS,
        )
    else:
        ok = approving.kind in UnitKind.areas() and approving_unit.pk == government
    if not ok:
        raise RuleViolation(
            "E-5", _("执法检查计划须经执法机关的本级政府批准。"), field="approved_by_unit"
        )


def inspection_approval_rule(inspection, approving_unit: Unit | None) -> None:
    """E-5: approval by the same-level government, of a plan still pending, not a joint
    inspection of several governments' plans (joint_government_refusal) nor one whose merged
    agencies may not inspect on its day (joint_day_rule), and not one of several
    plans of its government for the enterprise that must first be merged (the refusal names who
    merges them)."""
    if not inspection_pending(inspection):
        raise RuleViolation("E-5", _("只有待批准的检查计划才能批准。"))
    same_level_government_rule(inspection, approving_unit)
    mixed = joint_government_refusal(inspection)
    if mixed:
        raise RuleViolation("E-5", mixed)
    inspection_plan_rule(
        enterprise=inspection.enterprise,
        agency=inspection.agency,
        planned_on=inspection.planned_on,
        exclude_pk=inspection.pk,
    )
    joint_day_rule(
        inspection,
        inspection.joined.filter(status=InspectionStatus.MERGED).select_related("agency"),
    )
    waiting = inspection_merge_waiting(inspection)
    if waiting:
        raise RuleViolation("E-5", waiting)


def inspection_merge_waiting(inspection) -> str | None:
    """E-5: a pending plan that waits to be merged with other pending plans of its government
    for the enterprise, whatever their days (merge_groups), before any is approved: what a page
    says of it, naming who merges them (or that nobody can and whom to ask, Mergers.refusal) —
    or, where no merge with it is possible on the plans' days, why and that an agency is to set
    another day (MergeGroup.blocked, merge_stuck_message). None otherwise — a city-level
    agency's plan does not wait for a county agency's, nor an agency's plan for a joint
    inspection it is already part of."""
    if not inspection_pending(inspection):
        return None
    context = merge_context()
    group = merge_group_of(inspection, context.tree)
    if group is None:
        return None
    mergers = _merging_units(group.plans, context)
    blocked = group.blocked(next(p for p in group.plans if p.pk == inspection.pk))
    if blocked and mergers.units:
        return merge_stuck_message(blocked, mergers)
    return mergers.refusal()


def inspection_approval_refused(inspection, approving_unit: Unit | None) -> str | None:
    """E-5: why the plan may not be approved now (inspection_approval_rule's reason), or None;
    a page offers 批准 only without one — a plan to be merged first says so instead."""
    try:
        inspection_approval_rule(inspection, approving_unit)
    except RuleViolation as refusal:
        return refusal.text
    return None


def inspection_rejection_rule(inspection, approving_unit: Unit | None) -> None:
    """E-5: the same-level government turns down a plan still pending — not a joint inspection
    of several governments' plans, whose other plans are not its to turn down
    (joint_government_refusal)."""
    if not inspection_pending(inspection):
        raise RuleViolation("E-5", _("只有待批准的检查计划才能不予批准。"))
    same_level_government_rule(inspection, approving_unit)
    mixed = joint_government_refusal(inspection)
    if mixed:
        raise RuleViolation("E-5", mixed)


def inspection_decision_possible(inspection, approving_unit: Unit | None) -> bool:
    """E-5: whether `approving_unit` decides on the plan now — it is pending and the unit is the
    same-level government (inspection_rejection_rule); a page shows its approval card only then."""
    try:
        inspection_rejection_rule(inspection, approving_unit)
    except RuleViolation:
        return False
    return True


def inspection_merge_rule(inspections, lead) -> None:
    """E-5: several agencies' pending plans for one enterprise, whatever their days, of one
    same-level government (inspection_merge_government_rule), become one joint inspection under
    one of them: at most one plan per agency, counting the agencies already merged into any
    joint inspection among them. 明确一个行政执法机关实行联合检查 is one joint inspection per
    enterprise and government, so a joint inspection is merged too: under another lead, the
    plans merged into it come along (services.inspection_merge), of its government and free to
    inspect on the lead's day like the plans ticked (joint_day_rule). merge_groups offers and
    awaits only such merges. The refusal because of some plans names them (`about`), so the
    page says it in the row of the one plan it is about."""
    if len(inspections) < 2:
        raise RuleViolation("E-5", _("至少选择两个检查计划才能合并。"))
    if lead not in inspections:
        raise RuleViolation("E-5", _("牵头机关须为被合并计划中的一个。"), field="lead")
    if len({i.enterprise_id for i in inspections}) != 1:
        raise RuleViolation("E-5", _("只能合并针对同一企业的检查计划。"))
    if len({i.agency_id for i in inspections}) != len(inspections):
        raise RuleViolation("E-5", _("同一执法机关的计划不能重复合并。"))
    decided = [i for i in inspections if not inspection_pending(i)]
    if decided:
        raise RuleViolation("E-5", _("只能合并待批准的检查计划。"), about=decided)
    joined = _joined_agencies(inspections)
    rest = [i for i in inspections if i is not lead]
    tree = UnitTree.load()
    taken: dict[int, object] = {}
    for plan in [lead, *rest]:
        for agency_id in sorted({plan.agency_id, *joined.get(plan.pk, ())}):
            carrier = taken.setdefault(agency_id, plan)
            if carrier is plan:
                continue
            joint = carrier if agency_id in joined.get(carrier.pk, ()) else plan
            name = tree[agency_id].name
            raise RuleViolation(
                "E-5",
                _("%(agency)s已参加该联合检查，同一执法机关的计划不能重复合并。") % {"agency": name}
                if joint is lead
                else _("%(agency)s已参加%(lead)s牵头的联合检查，同一执法机关的计划不能重复合并。")
                % {"agency": name, "lead": joint.agency.name},
                about=[plan],
            )
    # A joint inspection merged under another lead brings its plans along: their agencies are
    # of its government, and inspect on the lead's day.
    parts = _merged_parts([i for i in rest if i.pk in joined])
    inspection_merge_government_rule(
        [lead, *rest, *(part for i in rest for part in parts.get(i.pk, ()))], tree
    )
    for plan in rest:
        try:
            joint_day_rule(lead, [plan, *parts.get(plan.pk, ())], tree=tree)
        except RuleViolation as refusal:
            raise RuleViolation("E-5", refusal.text, about=[plan]) from refusal


def joint_day_rule(lead, parts, *, tree=None, others=None) -> None:
    """E-5 每年不得超过一次 and 上级已检查的，下级不得再次检查, for the agencies merged into a joint
    inspection: each inspects on the joint inspection's day (_held_on), not on its own plan's, so
    each must be free to inspect the enterprise on that day — checked when plans are merged
    (another agency may lead instead, on its day), when the joint inspection is approved (an
    upper-level agency may have inspected since the merge) and when the plans waiting to be
    merged are weighed (merge_groups: whether any agency may lead them; `tree` and `others`
    handed in, see inspection_plan_rule). The refusal names the agency and the plan (`about`)."""
    tree = tree or UnitTree.load()
    for part in parts:
        try:
            inspection_plan_rule(
                enterprise=lead.enterprise,
                agency=part.agency,
                planned_on=lead.planned_on,
                exclude_pk=part.pk,
                tree=tree,
                others=others,
            )
        except RuleViolation as refusal:
            raise RuleViolation(
                "E-5",
                _("%(agency)s并入联合检查后将于%(day)s检查：%(reason)s")
                % {
                    "agency": part.agency.name,
                    "day": long_date(lead.planned_on),
                    "reason": refusal.text,
                },
                about=[part],
            ) from refusal


def inspection_redatable(inspection) -> bool:
    """E-5: whether a page offers to set another day for the plan (inspection_redate_rule)."""
    return inspection_pending(inspection)


def inspection_redate_rule(inspection, planned_on: dt.date, today: dt.date) -> None:
    """E-5: the agency sets another day for its plan still pending (改期) — how plans to merge
    that no agency may lead on their days come unstuck (MergeGroup.stuck). The new day is
    weighed as a plan filed for it (inspection_plan_date_rule, inspection_plan_rule, the plan
    itself aside); a joint inspection's must also let every agency merged into it inspect then
    (joint_day_rule). A plan merged into a joint inspection goes on that one's day, set by its
    lead; an approved plan keeps the day approved (withdrawn, it is filed again)."""
    if inspection.status == InspectionStatus.MERGED:
        raise RuleViolation("E-5", _("该计划已并入联合检查，检查日期随联合检查，由牵头机关调整。"))
    if not inspection_pending(inspection):
        raise RuleViolation(
            "E-5",
            _("只有待批准的检查计划才能调整计划检查日期；已批准的计划须撤回后重新报批。"),
        )
    if planned_on == inspection.planned_on:
        raise RuleViolation("E-5", _("新的计划检查日期与原日期相同。"), field="planned_on")
    inspection_plan_date_rule(planned_on, today)
    tree = UnitTree.load()
    inspection_plan_rule(
        enterprise=inspection.enterprise,
        agency=inspection.agency,
        planned_on=planned_on,
        exclude_pk=inspection.pk,
        tree=tree,
    )
    moved = copy.copy(inspection)
    moved.planned_on = planned_on
    parts = inspection.joined.filter(status=InspectionStatus.MERGED).select_related("agency")
    try:
        joint_day_rule(moved, parts, tree=tree)
    except RuleViolation as refusal:
        raise RuleViolation("E-5", refusal.text, field="planned_on") from refusal


def inspection_carry_out_rule(inspection, carried_out_on: dt.date, today: dt.date) -> None:
    """E-5: only an approved plan is carried out, by its (lead) agency, while it still fits the
    rules (inspection_still_fits_rule), in the planned year, on a day between its approval and
    today; and the day it actually took place keeps every agency
    taking part 12 months from its other inspections of the enterprise, and clear of 12 months
    after an upper-level agency of its system inspected it."""
    if inspection.status == InspectionStatus.MERGED:
        raise RuleViolation("E-5", _("该计划已并入联合检查，由牵头机关实施。"))
    if not inspection_approved(inspection):
        raise RuleViolation("E-5", _("执法检查须经本级政府批准后方可实施。"))
    inspection_still_fits_rule(inspection)
    if carried_out_on.year != inspection.planned_on.year:
        raise RuleViolation(
            "E-5", _("实施日期须在计划年度内，跨年度须重新报批。"), field="carried_out_on"
        )
    if carried_out_on > today:
        raise RuleViolation("E-5", _("实施日期不能晚于今天。"), field="carried_out_on")
    if inspection.approved_on and carried_out_on < inspection.approved_on:
        raise RuleViolation(
            "E-5",
            _("执法检查须经本级政府批准后方可实施：实施日期不能早于批准日期（%(day)s）。")
            % {"day": long_date(inspection.approved_on)},
            field="carried_out_on",
        )
    joined = list(inspection.joined.select_related("agency"))
    own = [inspection.pk, *(j.pk for j in joined)]
    tree = UnitTree.load()
    for part in [inspection, *joined]:
        _once_in_twelve_months(
            enterprise=inspection.enterprise,
            agency=part.agency,
            day=carried_out_on,
            exclude_pks=own,
            field="carried_out_on",
        )
        upper_level_first_rule(
            enterprise=inspection.enterprise,
            agency=part.agency,
            day=carried_out_on,
            exclude_pks=own,
            field="carried_out_on",
            tree=tree,
        )


def inspection_withdrawable(inspection) -> bool:
    """E-5: a plan its agency may still withdraw (撤回) — pending or approved, not carried out
    (inspection_withdrawal_rule); what a page offers the withdrawal form on."""
    return inspection_pending(inspection) or inspection_approved(inspection)


def inspection_withdrawal_rule(inspection, reason: str) -> None:
    """E-5: a plan not yet carried out may be withdrawn (撤回) by its agency — the agency will
    not inspect after all, or it no longer fits the rules (inspection_unfit_reasons) — with a
    written reason (`written_reason_rule`): an approved one, and a pending one too, which the agency filed and need not
    wait for its government to turn down (it then leaves the approvers' queues). A joint
    inspection is withdrawn by its lead agency; the plans merged into it go back to pending
    (merged_plans_fate); a withdrawn one is not approved or carried out
    (inspection_carry_out_rule) and no longer counts toward once in 12 months
    (NOT_TAKING_PLACE_STATUSES)."""
    if inspection.status == InspectionStatus.MERGED:
        raise RuleViolation("E-5", _("该计划已并入联合检查，由牵头机关撤回联合检查。"))
    if not inspection_withdrawable(inspection):
        raise RuleViolation("E-5", _("只有待批准或已批准、尚未实施的检查计划才能撤回。"))
    written_reason_rule(
        "E-5", reason, _("撤回检查计划须书面说明撤回理由（不少于%(count)s个字）。"), field="reason"
    )


def merged_plans_fate(joint) -> str | None:
    """E-5: what becomes of the plans merged into a joint inspection (inspection_merge_rule) once
    it ends without being carried out — the status they take, or None while they stay merged
    (the joint inspection pending, approved or carried out: they take place, or not, with it).

    Decision (多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调，明确一个行政执法
    机关实行联合检查; 执法检查须经本级政府批准):
    - turned down (不予批准) by the same-level government: they are turned down with it. The
      government decided on the joint inspection as one plan, listing every agency in it, so its
      refusal is a refusal of each part, on the same day by the same unit; an agency that still
      needs to inspect files a new plan, which a refused one does not block
      (NOT_TAKING_PLACE_STATUSES).
    - withdrawn (撤回) by its lead agency: they go back to pending (待批准), where they stood
      before the merge, no longer part of it. The lead agency answers for its own inspection,
      not for the other agencies' plans; their approval was given to the joint inspection it
      would carry out, so the same-level government decides on them again — alone, or once the
      legal affairs office has merged them again when several remain (inspection_merge_waiting).
    The change is kept in each plan's history with its reason, and its agency is told."""
    if joint.status == InspectionStatus.REJECTED:
        return InspectionStatus.REJECTED
    if joint.status == InspectionStatus.WITHDRAWN:
        return InspectionStatus.PLANNED
    return None


#: E-5: plans and joint inspections not carried out, turned down or withdrawn.
OPEN_INSPECTION_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.APPROVED)


def inspection_is_open(inspection) -> bool:
    """E-5: a plan or joint inspection not carried out and not turned down — pending or
    approved; what is judged again when the records it rests on change."""
    return inspection.status in OPEN_INSPECTION_STATUSES


def inspection_unfit_reasons(
    inspection, *, tree=None, parts=None, others=None, upper_level: bool = True
) -> list[str]:
    """E-5, judged again on the records as they are now (or on the units as `tree` holds them):
    why an open plan or joint inspection no longer fits the rules it was filed and approved
    under, once a unit's kind, level, parent, code or enforcement system, or the enterprise's
    area, changed after it — an agency taking part is no longer an enforcement agency, or no
    longer has the enterprise in its jurisdiction (inspection_jurisdiction_rule); an
    upper-level agency of its system inspects the enterprise within the 12 months before its
    day (upper_level_first_rule); an approved one was approved by a unit that is no longer its
    agency's same-level government (same_level_government_rule); a joint inspection merged plans
    of different same-level governments (joint_government_refusal: merged before plans were
    merged only within one government, or an agency's level or area changed since). Empty when
    it still fits. A plan merged into a joint inspection is judged with it; one carried out or
    turned down is not judged again.

    Decision: such a plan is marked — its page, the list and the API say why — and never
    ended by the system: a unit's record may be corrected back, and whether an inspection is
    dropped is for the agency and its same-level government to decide (a pending plan may be
    turned down). `parts` (the joint inspection's merged plans, with their agencies) and
    `others` (the enterprise's inspections taking place, with `held_on`) are handed in by
    inspections_unfit for many inspections at once. Without `upper_level`, the upper-level
    rule is left out: it depends on the day, and carrying out checks it for the day itself
    (inspection_still_fits_rule)."""
    if inspection.status == InspectionStatus.MERGED and inspection.joint_with_id:
        lead = inspection.joint_with
        if not inspection_is_open(lead):
            return []
        return inspection_unfit_reasons(lead, tree=tree, upper_level=upper_level)
    if not inspection_is_open(inspection):
        return []
    tree = tree or UnitTree.load()
    if parts is None:
        parts = list(inspection.joined.select_related("agency"))
    day = inspection.planned_on
    if others is None and upper_level:
        others = _taking_place_around([inspection.enterprise_id], _a_year_before(day), day)
    own = [inspection.pk, *(part.pk for part in parts)]
    enterprise = inspection.enterprise
    reasons: list[str] = []
    in_jurisdiction = True
    for part in [inspection, *parts]:
        agency = tree[part.agency_id]
        if not agency.enforcement_system:
            reasons.append(
                RuleViolation(
                    "E-5", _("%(agency)s已不是行政执法机关。") % {"agency": agency.name}
                ).text
            )
            in_jurisdiction = False
            continue
        try:
            inspection_jurisdiction_rule(enterprise=enterprise, agency=part.agency, tree=tree)
        except RuleViolation as broken:
            reasons.append(broken.text)
            in_jurisdiction = False
        if not upper_level:
            continue
        try:
            upper_level_first_rule(
                enterprise=enterprise,
                agency=part.agency,
                day=day,
                exclude_pks=own,
                field="agency",
                tree=tree,
                others=others,
            )
        except RuleViolation as broken:
            reasons.append(broken.text)
    if (
        in_jurisdiction
        and inspection.status == InspectionStatus.APPROVED
        and inspection.approved_by_unit_id is not None
    ):
        try:
            same_level_government_rule(inspection, inspection.approved_by_unit, tree)
        except RuleViolation:
            reasons.append(
                RuleViolation(
                    "E-5",
                    _("原批准机关%(unit)s已不是%(agency)s的本级政府，须经本级政府批准。")
                    % {
                        "unit": tree[inspection.approved_by_unit_id].name,
                        "agency": tree[inspection.agency_id].name,
                    },
                ).text
            )
    if in_jurisdiction and parts:
        mixed = joint_government_refusal(inspection, tree, parts)
        if mixed:
            reasons.append(mixed)
    return list(dict.fromkeys(reasons))


def inspection_still_fits_rule(inspection) -> None:
    """E-5: an inspection marked as no longer fitting (inspection_unfit_reasons) is not carried
    out on its approval: the approval rested on agencies, a jurisdiction or a same-level
    government that are no longer so. The agency withdraws it (inspection_withdrawal_rule) or
    files a plan again on the records as they are now. An upper-level agency's inspection
    before its planned day is left to inspection_carry_out_rule, which weighs it for the day
    actually carried out (one before that inspection may still be)."""
    reasons = inspection_unfit_reasons(inspection, upper_level=False)
    if reasons:
        raise RuleViolation(
            "E-5",
            _(
                "该检查已不符合 E-5，不能登记实施：%(reasons)s"
                "请由执法机关撤回该检查计划，或按现在的情况重新报送检查计划、经本级政府批准后实施。"
            )
            % {"reasons": "".join(reasons)},
        )


def inspection_carry_out_refused(inspection) -> str | None:
    """E-5: why an approved inspection may not be recorded as carried out whatever the day
    (inspection_still_fits_rule), or None; a page offers the carry-out form only without one."""
    if not inspection_approved(inspection):
        return None
    try:
        inspection_still_fits_rule(inspection)
    except RuleViolation as refusal:
        return refusal.text
    return None


def inspections_unfit(inspections, tree=None, *, current=None) -> dict[int, list[str]]:
    """inspection_unfit_reasons of many inspections in three queries whatever their number —
    the units, the joint inspections' merged plans, the enterprises' inspections taking place:
    a list's page, the API's, every open inspection judged again. Judged on the units as they
    are now (`current`, when the caller has read them), each inspection keeps its answer
    (Inspection.unfit_reasons); on `tree` (the units as they were), it is only returned."""
    from .models import Inspection

    inspections = list(inspections)
    keep = tree is None
    tree = tree or current or UnitTree.load()
    leads = {i.pk: i for i in inspections if inspection_is_open(i)}
    for inspection in inspections:
        lead = inspection.joint_with if inspection.status == InspectionStatus.MERGED else None
        if lead is not None and inspection_is_open(lead):
            leads.setdefault(lead.pk, lead)
    judged: dict[int, list[str]] = {}
    if leads:
        parts: dict[int, list] = {}
        merged = Inspection.objects.filter(
            joint_with_id__in=leads, status=InspectionStatus.MERGED
        ).select_related("agency")
        for part in merged.order_by("pk"):
            parts.setdefault(part.joint_with_id, []).append(part)
        days = [lead.planned_on for lead in leads.values()]
        others: dict[int, list] = {}
        for other in _taking_place_around(
            {lead.enterprise_id for lead in leads.values()}, _a_year_before(min(days)), max(days)
        ):
            others.setdefault(other.enterprise_id, []).append(other)
        for pk, lead in leads.items():
            judged[pk] = inspection_unfit_reasons(
                lead,
                tree=tree,
                parts=parts.get(pk, []),
                others=others.get(lead.enterprise_id, []),
            )
    found = {}
    for inspection in inspections:
        reasons = judged.get(inspection.pk)
        if reasons is None and inspection.status == InspectionStatus.MERGED:
            reasons = judged.get(inspection.joint_with_id)
        found[inspection.pk] = reasons or []
        if keep:
            inspection.unfit_reasons = found[inspection.pk]
    return found


# --- E-6 policy promises -----------------------------------------------------------------------


def promise_is_open(promise) -> bool:
    """E-6: a promise still to be kept (a closed one stays closed)."""
    return promise.status == PromiseStatus.PENDING


def promise_open_rule(promise) -> None:
    """E-6: a closed promise stays closed; nothing more is changed on it."""
    if not promise_is_open(promise):
        raise RuleViolation("E-6", _("该承诺已办结，不能再更改。"))


def promise_close_rule(
    promise,
    *,
    status: str,
    honoured_on: dt.date | None,
    evidence: str,
    compensation: str,
) -> None:
    """E-6: a promise is honoured with evidence, or — only when it cannot be — compensated with
    the compensation recorded; a closed promise stays closed."""
    promise_open_rule(promise)
    if status == PromiseStatus.HONOURED:
        if honoured_on is None or not evidence.strip():
            raise RuleViolation(
                "E-6", _("已兑现的承诺须填写兑现日期和佐证材料。"), field="evidence"
            )
        # 必须按期兑现: a promise is honoured when it was, not on a day still to come, which
        # would close it (and stop it being chased as overdue) before anything was honoured.
        happened_by_today_rule(honoured_on, code="E-6", field="honoured_on")
    elif status == PromiseStatus.COMPENSATED:
        if not compensation.strip():
            raise RuleViolation(
                "E-6", _("不能兑现的承诺须依法赔偿损失，并记录赔偿情况。"), field="compensation"
            )
    else:
        raise RuleViolation("E-6", _("请选择“已兑现”或“不能兑现、已赔偿”。"), field="status")


def principal_fits_rule(leader: Leader | None, responsible_unit_id: int | None) -> bool:
    """E-6: whether `leader` is a serving principal leader (一把手) of the promise's responsible
    department: of that unit, of principal rank, not retired."""
    return (
        leader is not None
        and leader.serves_as(LeaderRank.PRINCIPAL)
        and leader.unit_id == responsible_unit_id
    )


def promise_principal_rule(responsible_unit: Unit, principal_leader: Leader | None = None):
    """E-6 实行惠企政策落实“一把手”责任制: a promise names the principal leader (一把手) of its
    responsible department, the person who answers for it (so that E-7's accountability of
    "负有责任的相关领导" has a person to name). One given must be a serving principal leader of
    that unit. None given: the unit's principal leader when it has exactly one; of several, the
    person recording chooses; a unit with none recorded leaves the promise without one (None)
    until one is named, rather than refusing to track the promise."""
    if principal_leader is not None:
        if not principal_fits_rule(principal_leader, responsible_unit.pk):
            raise RuleViolation(
                "E-6",
                _("惠企政策落实“一把手”责任人须为%(unit)s的在任主要领导。")
                % {"unit": responsible_unit},
                field="principal_leader",
            )
        return principal_leader
    principals = _serving_principals(responsible_unit)
    if len(principals) > 1:
        raise RuleViolation(
            "E-6",
            _("%(unit)s有多位主要领导，请指定惠企政策落实“一把手”责任人。")
            % {"unit": responsible_unit},
            field="principal_leader",
        )
    return principals[0] if principals else None


def promise_principal_proposed(responsible_unit: Unit) -> Leader | None:
    """E-6: the principal leader chosen without asking — the unit's one serving principal
    leader; None when it has several (someone must choose) or none."""
    principals = _serving_principals(responsible_unit)
    return principals[0] if len(principals) == 1 else None


def serving_principals():
    """E-6: the leaders who may answer for a promise — serving (not retired) principal leaders."""
    return Leader.objects.serving(LeaderRank.PRINCIPAL)


def _serving_principals(unit: Unit) -> list[Leader]:
    """Up to two of the unit's serving principal leaders: enough to tell one from several."""
    return list(serving_principals().filter(unit=unit).order_by("id")[:2])


# --- E-7 assessment ----------------------------------------------------------------------------

# Decision (the source names the indicators, not the weights): five indicators of 20 points each;
# growth earns full marks at +10 % on the same period last year; 85 or more → commendation, below 60
# → criticism (`yingkou.rules.score_verdict_rule`, the scale A-8's quarterly assessment shares); a
# unit that entered no figures is criticised as not reported.
INDICATOR_POINTS = Decimal("20")
FULL_GROWTH = Decimal("10")
HUNDRED = Decimal("100")


# "满意程度是否显著提高": satisfaction scores its rise over the same unit's same period last year,
# full marks at +5 percentage points; without last year's figure the rise is unknown and scores half.
FULL_SATISFACTION_GAIN = Decimal("5")
# Complaint handling: half the points for speed (replied on time), half for quality (on time and
# accepted by the complainant, never reopened).
HALF_POINTS = INDICATOR_POINTS / 2


@dataclass(frozen=True)
class AssessmentScore:
    market_growth: Decimal | None
    investment_growth: Decimal | None
    targets_rate: Decimal | None
    score: Decimal | None
    verdict: str
    satisfaction_gain: Decimal | None = None


def _growth(now: Decimal, before: Decimal) -> Decimal:
    if not before:
        return HUNDRED if now else Decimal("0")
    return (Decimal(now) - Decimal(before)) * HUNDRED / Decimal(before)


def _points(value: Decimal, full_at: Decimal) -> Decimal:
    return max(Decimal("0"), min(INDICATOR_POINTS, value * INDICATOR_POINTS / full_at))


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AnnualFigures:
    new_market_entities: int
    new_market_entities_last_year: int
    private_investment: Decimal
    private_investment_last_year: Decimal
    satisfaction: Decimal
    targets_total: int
    targets_met: int


def annual_figures_rule(quarters: list) -> AnnualFigures | None:
    """E-7, decision: the annual assessment reads the year's four quarterly figures — market
    entities and private investment summed, satisfaction averaged, the economic targets (set for
    the year) as of the latest quarter entered. No quarter entered: not reported."""
    if not quarters:
        return None
    quarters = sorted(quarters, key=lambda f: f.period)
    latest = quarters[-1]
    return AnnualFigures(
        new_market_entities=sum(f.new_market_entities for f in quarters),
        new_market_entities_last_year=sum(f.new_market_entities_last_year for f in quarters),
        private_investment=sum((f.private_investment for f in quarters), Decimal(0)),
        private_investment_last_year=sum(
            (f.private_investment_last_year for f in quarters), Decimal(0)
        ),
        satisfaction=_q(
            sum((Decimal(f.satisfaction) for f in quarters), Decimal(0)) / len(quarters)
        ),
        targets_total=latest.targets_total,
        targets_met=latest.targets_met,
    )


def assessment_rule(
    figures,
    complaints_due: int,
    complaints_on_time: int,
    complaints_accepted: int | None = None,
    previous_satisfaction: Decimal | None = None,
    *,
    reporting_open: bool = False,
) -> AssessmentScore:
    """E-7: the score of an area or department from its entered figures, the rise of its
    satisfaction over its own previous year (满意程度是否显著提高) and its complaint handling —
    speed (replied on time) and quality (on time and accepted by the complainant, not reopened) —
    and the verdict (通报表彰 / 通报批评). A unit without figures is criticised as not reported
    only once the reporting window has closed; while the period runs or the window is open
    (`reporting_open`) it is still to report (待报送)."""
    if figures is None:
        verdict = AssessmentVerdict.AWAITING if reporting_open else AssessmentVerdict.NOT_REPORTED
        return AssessmentScore(None, None, None, None, verdict)
    if complaints_accepted is None:
        complaints_accepted = complaints_on_time
    market = _growth(figures.new_market_entities, figures.new_market_entities_last_year)
    investment = _growth(figures.private_investment, figures.private_investment_last_year)
    targets = (
        HUNDRED * figures.targets_met / figures.targets_total if figures.targets_total else HUNDRED
    )
    if previous_satisfaction is None:
        gain = None
        satisfaction_points = HALF_POINTS
    else:
        gain = Decimal(figures.satisfaction) - Decimal(previous_satisfaction)
        satisfaction_points = _points(gain, FULL_SATISFACTION_GAIN)
    on_time = HUNDRED * complaints_on_time / complaints_due if complaints_due else HUNDRED
    accepted = HUNDRED * complaints_accepted / complaints_due if complaints_due else HUNDRED
    score = (
        _points(market, FULL_GROWTH)
        + _points(investment, FULL_GROWTH)
        + satisfaction_points
        + _points(Decimal(targets), HUNDRED)
        + _points(Decimal(on_time), HUNDRED) / 2
        + _points(Decimal(accepted), HUNDRED) / 2
    )
    score = _q(score)
    verdict = score_verdict_rule(score)
    return AssessmentScore(
        _q(market),
        _q(investment),
        _q(Decimal(targets)),
        score,
        verdict,
        None if gain is None else _q(gain),
    )


def assessment_figures_rule(figures: dict) -> None:
    """E-7: of the targets set, no more can be met than were set."""
    if figures.get("targets_met", 0) > figures.get("targets_total", 0):
        raise RuleViolation("E-7", _("如期实现的指标数不能多于确定的指标数。"), field="targets_met")


def complaint_feedback_rule(complaint) -> None:
    """E-7 quality: the complainant's view is recorded once the written reply was given."""
    if complaint.done_on is None:
        raise RuleViolation("E-7", _("书面答复后方可回访投诉人。"))


# E-7: the verdicts of the criticism list (通报批评): a low score, or no figures by the deadline.
CRITICISED_VERDICTS = (AssessmentVerdict.CRITICISED, AssessmentVerdict.NOT_REPORTED)


def accountability_applies(verdict: str | None) -> bool:
    """E-7 "对负有责任的相关领导进行严肃问责": accountability follows a criticism — a criticised or
    not-reported unit. Such a unit's assessment names the principal leaders (一把手, E-6) who
    answer for its policy promises overdue at the period's end, and its follow-up is recorded."""
    return verdict in CRITICISED_VERDICTS


def accountability_rule(*, verdict: str | None) -> None:
    """E-7: accountability (问责) follows a criticism (`accountability_applies`)."""
    if not accountability_applies(verdict):
        raise RuleViolation("E-7", _("只有被通报批评的地区、部门需要记录问责情况。"))


# Decision (the source is silent on dates): a period's figures (新增市场主体, 满意度, 民间投资,
# 经济指标) are statistics known only after it ends, so the areas and departments report them within
# 10 working days of its end (the reporting window); the period is assessed, and its result frozen,
# the day after the window closes, from the figures as reported by then. An on-time run the day
# after the quarter would otherwise find nothing entered and mark every unit "not reported".
ASSESSMENT_REPORTING_WORKING_DAYS = 10


def assessment_reporting_closes_rule(period_end: dt.date) -> dt.date:
    """E-7: the last day the figures of the period ending `period_end` may be reported. For the
    third quarter of 2026 (National Day 1-8 October off, Saturday 10 October a working day) it is
    Tuesday 20 October."""
    return add_working_days(period_end, ASSESSMENT_REPORTING_WORKING_DAYS)


class AssessmentStage(StrEnum):
    RUNNING = "running"  # the period has not ended: its figures cannot be reported yet
    REPORTING = "reporting"  # ended; the units report its figures until the window closes
    CLOSED = "closed"  # the window has closed: the period is assessed (archived by the job)


def assessment_stage_rule(period_end: dt.date, today: dt.date) -> AssessmentStage:
    """E-7: where a period stands on `today` — running, in its reporting window, or closed."""
    if today <= period_end:
        return AssessmentStage.RUNNING
    if today <= assessment_reporting_closes_rule(period_end):
        return AssessmentStage.REPORTING
    return AssessmentStage.CLOSED


def assessment_may_archive_rule(period_end: dt.date, today: dt.date) -> bool:
    """E-7: a period is assessed once its reporting window has closed."""
    return assessment_stage_rule(period_end, today) is AssessmentStage.CLOSED


@dataclass(frozen=True)
class AssessmentPeriod:
    kind: str  # "quarterly" or "yearly", as the scheduled jobs name them
    key: str  # 2026-Q3 or 2026
    start: dt.date
    end: dt.date


_ASSESSMENT_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?")


def assessment_period_name(key: str) -> str:
    """E-7: a period as its readers name it (2026年第三季度, 2026年度); its key (`2026-Q3`,
    `2026`) stays in addresses and files. A key not of that form is shown as it is."""
    return period_name(key)


def assessment_period_rule(value: str, today: dt.date) -> AssessmentPeriod:
    """E-7: the period asked for, a quarter (`2026-Q3`) or a year (`2026`). Anything else is
    refused, and so is a period not begun (nothing has happened in it to assess) or one before
    the service (PeriodBeforeService)."""
    match = _ASSESSMENT_PERIOD.fullmatch(value.strip())
    if match is None or int(match[1]) < 1:
        raise RuleViolation(
            "E-7",
            _("考核期“%(value)s”无法识别：季度写作“2026-Q3”，年度写作“2026”。") % {"value": value},
        )
    year, quarter = int(match[1]), match[2]
    kind = "quarterly" if quarter else "yearly"
    day = dt.date(year, 3 * (int(quarter) - 1) + 1 if quarter else 1, 1)
    service_period_rule("E-7", kind, day)
    start, end = period_bounds(kind, day)
    key = period_key(kind, day)
    if not period_begun(kind, day, today):
        raise RuleViolation("E-7", _("考核期%(period)s尚未开始。") % {"period": key})
    return AssessmentPeriod(kind, key, start, end)


def assessment_figures_period_rule(value: str, today: dt.date) -> AssessmentPeriod:
    """E-7: figures are entered for a quarter that has begun (the year is summed from its
    quarters)."""
    period = assessment_period_rule(value, today)
    if period.kind != "quarterly":
        raise RuleViolation(
            "E-7", _("考核基础数据按季度填报，年度考核由各季度数据汇总。"), field="period"
        )
    return period


def assessment_figures_open_rule(period_end: dt.date, today: dt.date) -> None:
    """E-7: a quarter's figures are reported and corrected until its reporting window closes;
    then the period is assessed from the figures as reported by that day, and they are frozen
    (a later change would show figures that the assessment did not read)."""
    if assessment_stage_rule(period_end, today) is AssessmentStage.CLOSED:
        raise RuleViolation(
            "E-7",
            _("本期考核基础数据报送已于%(day)s截止，数据已冻结，不能再填报或修改。")
            % {"day": long_date(assessment_reporting_closes_rule(period_end))},
            field="period",
        )


def assessment_period_begun_rule(key: str, today: dt.date) -> bool:
    """E-7: whether a period may be asked for (a page links only to those)."""
    try:
        assessment_period_rule(key, today)
    except RuleViolation:
        return False
    return True


def assessment_archive_rule(period_end: dt.date, today: dt.date) -> None:
    """E-7: refuse to freeze a period whose figures may still be reported."""
    if not assessment_may_archive_rule(period_end, today):
        closes = assessment_reporting_closes_rule(period_end)
        raise RuleViolation(
            "E-7",
            _("考核数据报送截止日（%(date)s）前不能归档考核结果。") % {"date": long_date(closes)},
        )


def accountability_measures_rule(measures: str) -> None:
    """E-7: the accountability record says what was done."""
    if not measures.strip():
        raise RuleViolation("E-7", _("请填写问责情况。"), field="measures")
