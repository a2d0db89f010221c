"""The rules of the negotiation norm (项目洽谈工作服务规范, SPEC §3), one function each.

The UI, the API, the services and the jobs all decide through these functions.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingkou.amounts import BILLION, HUNDRED_MILLION
from yingkou.choices import LeaderRank, Stage, UnitKind
from yingkou.dates import year_month
from yingkou.errors import RuleViolation
from yingkou.rules import dispatch_remarks_rule, service_period_rule, still_answers
from yingkou.scheduling.periods import SERVICE_BEGAN, period_begun
from yingkou.workdays import calendar_days_deadline, working_days_in

from .choices import BodyKind, LeadRequirement, NegotiationStage, QuestionKind, Tier

# --- N-1: stages -------------------------------------------------------------------------------

#: Project stages from which a negotiation case may be opened (the case moves the project to 洽谈).
OPENABLE_PROJECT_STAGES = (Stage.PLANNING, Stage.RESERVE, Stage.NEGOTIATING)

#: One step forward at a time; any open stage may end (终止).
STAGE_FLOW: dict[str, tuple[str, ...]] = {
    NegotiationStage.CONTACT: (NegotiationStage.INSPECTION, NegotiationStage.ENDED),
    NegotiationStage.INSPECTION: (NegotiationStage.NEGOTIATION, NegotiationStage.ENDED),
    NegotiationStage.NEGOTIATION: (NegotiationStage.SIGNED, NegotiationStage.ENDED),
    NegotiationStage.SIGNED: (),
    NegotiationStage.ENDED: (),
}


def negotiation_open_rule(*, project, has_case: bool) -> None:
    """N-1: one project, one case; only a project not yet signed can enter negotiation."""
    if has_case:
        raise RuleViolation(
            "N-1",
            _("该项目已有洽谈记录（一个项目、一个领导、一个团队、一抓到底）。"),
            field="project",
        )
    if project.stage not in OPENABLE_PROJECT_STAGES:
        raise RuleViolation(
            "N-1",
            _("只有策划包装、储备或洽谈阶段的项目可以登记洽谈，该项目处于“%(stage)s”阶段。")
            % {"stage": project.get_stage_display()},
            field="project",
        )


def negotiation_stage_rule(*, case, stage: str, on: dt.date, today: dt.date) -> None:
    """N-1: contact → inspection → negotiation → signed, one step at a time, or ended from any
    open stage; each move is dated, not before the previous one and not in the future."""
    if stage not in STAGE_FLOW.get(case.stage, ()):
        raise RuleViolation(
            "N-1",
            _("洽谈阶段不能从“%(current)s”变更为“%(target)s”。")
            % {
                "current": NegotiationStage(case.stage).label,
                "target": NegotiationStage(stage).label,
            },
            field="stage",
        )
    if on > today:
        raise RuleViolation("N-1", _("阶段变更日期不能晚于今天。"), field="on")
    if on < case.stage_changed_on:
        raise RuleViolation(
            "N-1",
            _("阶段变更日期不能早于进入当前阶段的日期（%(date)s）。")
            % {"date": case.stage_changed_on.isoformat()},
            field="on",
        )


def negotiation_signing_rule(*, team) -> None:
    """N-1: the case is handed over with its leader and team (一个领导、一个团队、一抓到底), so both
    the lead leader and the service liaison must be named before signing."""
    if team.lead_leader_id is None:
        raise RuleViolation("N-1", _("签约前须确定牵头领导。"), field="stage")
    if team.current_service_liaison is None:
        raise RuleViolation("N-1", _("签约前须指定服务联络员。"), field="stage")


def case_open_rule(case) -> None:
    """N-1: an ended or signed case is closed; nothing is recorded on it any more."""
    if not case.is_open:
        raise RuleViolation(
            "N-1",
            _("该项目洽谈已%(stage)s，不能再修改。") % {"stage": case.get_stage_display()},
        )


def case_recording_possible(case) -> bool:
    """N-1: whether anything new may be recorded on the case now, as case_open_rule decides; a
    page offers its actions (team changes, tasks, questions, meetings) only then."""
    try:
        case_open_rule(case)
    except RuleViolation:
        return False
    return True


def case_opening_rule(*, landing_unit, opened_on: dt.date, today: dt.date) -> None:
    """N-1: a case lands in a county/district or park, and is opened on its first contact, which
    has happened."""
    if landing_unit is not None and not landing_unit.is_area:
        raise RuleViolation("N-1", _("拟落地单位应为县(市)区或园区。"), field="landing_unit")
    if opened_on > today:
        raise RuleViolation("N-1", _("首次接触日期不能晚于今天。"), field="opened_on")


def case_end_reason_rule(note: str) -> None:
    """N-1: ending a negotiation says why."""
    if not note.strip():
        raise RuleViolation("N-1", _("终止洽谈须说明原因。"), field="note")


# --- N-2: team composition -----------------------------------------------------------------------

DEPARTMENT_KINDS = frozenset(
    {
        UnitKind.MUNICIPAL_DEPARTMENT,
        UnitKind.DRC,
        UnitKind.INVESTMENT_BUREAU,
        UnitKind.SUPERVISION_BUREAU,
        UnitKind.LEGAL_AFFAIRS,
    }
)

RULE_TABLE: dict[tuple[str, str], int] = {
    (BodyKind.DEPARTMENT, Tier.A): 1,
    (BodyKind.PARTY_ORG, Tier.A): 2,
    (BodyKind.AREA, Tier.A): 3,
    (BodyKind.DEPARTMENT, Tier.B): 4,
    # Decision (SPEC §3): the source is silent on party organisations below 10亿 → rules 4 and 6.
    (BodyKind.PARTY_ORG, Tier.B): 4,
    (BodyKind.AREA, Tier.B): 5,
    (BodyKind.DEPARTMENT, Tier.C): 6,
    (BodyKind.PARTY_ORG, Tier.C): 6,
    (BodyKind.AREA, Tier.C): 7,
}

LEAD_BY_RULE: dict[int, str] = {
    1: LeadRequirement.VICE_MAYOR_OF_DEPARTMENT,
    2: LeadRequirement.VICE_MAYOR_OF_INDUSTRY,
    3: LeadRequirement.VICE_MAYOR_OF_INDUSTRY,
    4: LeadRequirement.PRINCIPAL,
    5: LeadRequirement.PRINCIPAL,
    6: LeadRequirement.PRINCIPAL_OR_IN_CHARGE,
    7: LeadRequirement.PRINCIPAL_OR_IN_CHARGE,
}


def negotiation_tier(total_investment: Decimal) -> str:
    """N-2 tiers: A 10亿元以上, B 1亿元以上10亿元以下, C 1亿元以下 (万元), as the norms write them.
    Exactly 1亿 or 10亿 sits on a boundary two tiers share; the higher tier applies (SPEC §1
    Decision: the more senior lead), which the tiers' labels say (Tier)."""
    if total_investment >= BILLION:
        return Tier.A
    if total_investment >= HUNDRED_MILLION:
        return Tier.B
    return Tier.C


def case_rule_of(negotiating_unit, total_investment: Decimal) -> tuple[int | None, str]:
    """N-2: the rule and tier of a case for lists; no rule while N-2 does not accept its
    negotiating unit (a record from before the rule, or a unit changed since). The unit needs
    only its kind, level and name."""
    tier = negotiation_tier(total_investment)
    try:
        body = negotiating_body_kind(negotiating_unit)
    except RuleViolation:
        return None, tier
    return RULE_TABLE[(body, tier)], tier


def tier_investment_range(tier: str) -> tuple[Decimal | None, Decimal | None]:
    """The investments of a tier as [low, high) in 万元, for filtering in the database."""
    return {
        Tier.A: (BILLION, None),
        Tier.B: (HUNDRED_MILLION, BILLION),
        Tier.C: (None, HUNDRED_MILLION),
    }[Tier(tier)]


#: N-2: the kinds of city-level unit that negotiate under rules 1, 2, 4 and 6 ("由政府各部门洽谈",
#: "由市委、市人大、市政协及群团组织等各部门洽谈"). A county's own bureaus and organisations are
#: not among them: what they bring in is negotiated by their county or park (rules 3, 5, 7).
CITY_BODY_KINDS = DEPARTMENT_KINDS | {UnitKind.PARTY_ORG}


def negotiating_bodies_q() -> Q:
    """N-2 in the database: the units `negotiating_body_kind` accepts — the city-level
    departments and organisations, and the counties/districts and parks — for the forms and
    filters that offer them."""
    return Q(kind__in=CITY_BODY_KINDS, level="city") | Q(kind__in=UnitKind.areas())


def negotiating_body_kind(unit) -> str:
    """N-2: who negotiates — a municipal government department (the DRC, the investment bureau and
    the other government bureaus count as such), a city party/congress/CPPCC/mass organisation,
    or a county/district/park. A county-level bureau or organisation negotiates through its
    county or park."""
    if unit.kind in UnitKind.areas():
        return BodyKind.AREA
    if unit.kind in CITY_BODY_KINDS:
        if unit.level == "county":
            raise RuleViolation(
                "N-2",
                _("县级部门、组织洽谈的项目，应以所属县(市)区、园区作为洽谈单位。"),
                field="negotiating_unit",
            )
        if unit.kind == UnitKind.PARTY_ORG:
            return BodyKind.PARTY_ORG
        return BodyKind.DEPARTMENT
    raise RuleViolation(
        "N-2",
        _(
            "洽谈单位应为市政府部门、市委人大政协及群团组织或县(市)区、园区，“%(unit)s”不属于这些单位。"
        )
        % {"unit": unit.name},
        field="negotiating_unit",
    )


@dataclass(frozen=True)
class TeamComposition:
    """What N-2 requires of a case's team."""

    rule: int
    tier: str
    body_kind: str
    lead_requirement: str
    lead_unit: object
    landing_unit: object | None
    candidates: tuple = field(default=(), compare=False)

    @property
    def tier_label(self) -> str:
        """The tier's amount band, boundaries included or not (N-2)."""
        return Tier(self.tier).label

    @property
    def landing_area_cooperates(self) -> bool:
        """Rules 1, 2, 4, 6: the landing area joins the team as a cooperating unit."""
        return self.body_kind != BodyKind.AREA

    @property
    def own_departments_only(self) -> bool:
        """Rule 7: only the area's own departments take part (该地区所属相关部门参加)."""
        return self.rule == 7

    @property
    def lead_requirement_text(self) -> str:
        requirement = LeadRequirement(self.lead_requirement)
        if requirement == LeadRequirement.PRINCIPAL:
            return _("%(unit)s主要领导") % {"unit": self.lead_unit.name}
        if requirement == LeadRequirement.PRINCIPAL_OR_IN_CHARGE:
            return _("%(unit)s主要领导或分管领导") % {"unit": self.lead_unit.name}
        if requirement == LeadRequirement.VICE_MAYOR_OF_DEPARTMENT:
            return _("市政府分管%(unit)s的领导") % {"unit": self.lead_unit.name}
        return _("市政府分管该项目所属行业领域的领导")

    @property
    def cooperating_text(self) -> str:
        if self.own_departments_only:
            return _("%(unit)s所属相关部门") % {"unit": self.lead_unit.name}
        if self.landing_area_cooperates:
            area = self.landing_unit.name if self.landing_unit else _("项目拟落地县(市)区、园区")
            return _("相关部门及%(area)s") % {"area": area}
        return _("相关部门")


_UNSET = object()


def negotiation_team_rule(
    *, negotiating_unit, project, landing_unit=_UNSET, with_candidates: bool = True
):
    """N-2: which of the seven rules applies to a case, from the negotiating body's kind and the
    project's total investment; the lead leader it requires, the lead unit, the cooperating
    units, and — from the leaders' portfolios — the candidates for lead leader."""
    body = negotiating_body_kind(negotiating_unit)
    tier = negotiation_tier(project.total_investment)
    rule = RULE_TABLE[(body, tier)]
    requirement = LEAD_BY_RULE[rule]
    if landing_unit is _UNSET:
        landing_unit = project.landing_unit if project.landing_unit_id else None
    candidates = ()
    if with_candidates:
        candidates = tuple(
            _lead_candidates(requirement, negotiating_unit=negotiating_unit, project=project)
        )
    return TeamComposition(
        rule=rule,
        tier=tier,
        body_kind=body,
        lead_requirement=requirement,
        lead_unit=negotiating_unit,
        landing_unit=landing_unit,
        candidates=candidates,
    )


def _lead_candidates(requirement: str, *, negotiating_unit, project) -> list:
    from yingkou.models import Leader

    if requirement == LeadRequirement.VICE_MAYOR_OF_DEPARTMENT:
        return list(
            Leader.objects.serving(LeaderRank.CITY_LEADER)
            .filter(portfolio_units=negotiating_unit)
            .order_by("name")
        )
    if requirement == LeadRequirement.VICE_MAYOR_OF_INDUSTRY:
        city = Leader.objects.serving(LeaderRank.CITY_LEADER)
        return [
            leader for leader in city.order_by("name") if leader.covers_industry(project.industry)
        ]
    ranks = [LeaderRank.PRINCIPAL]
    if requirement == LeadRequirement.PRINCIPAL_OR_IN_CHARGE:
        ranks.append(LeaderRank.IN_CHARGE)
    return list(
        Leader.objects.serving(*ranks).filter(unit=negotiating_unit).order_by("rank", "name")
    )


def lead_leader_fits(composition: TeamComposition, leader, *, project) -> bool:
    """N-2: whether a leader may lead a team under the composition's rule."""
    requirement = composition.lead_requirement
    if requirement in (
        LeadRequirement.VICE_MAYOR_OF_DEPARTMENT,
        LeadRequirement.VICE_MAYOR_OF_INDUSTRY,
    ):
        if not leader.serves_as(LeaderRank.CITY_LEADER):
            return False
        if requirement == LeadRequirement.VICE_MAYOR_OF_DEPARTMENT:
            return leader.portfolio_units.filter(pk=composition.lead_unit.pk).exists()
        return leader.covers_industry(project.industry)
    if leader.unit_id != composition.lead_unit.pk:
        return False
    if requirement == LeadRequirement.PRINCIPAL:
        return leader.serves_as(LeaderRank.PRINCIPAL)
    return leader.serves_as(LeaderRank.PRINCIPAL, LeaderRank.IN_CHARGE)


def negotiation_team_check(
    *, composition: TeamComposition, project, lead_leader, lead_unit, cooperating_units
) -> None:
    """N-2: refuse a team whose lead leader, lead unit or cooperating units break its rule."""
    rule = composition.rule
    tier_label = Tier(composition.tier).label
    body_label = BodyKind(composition.body_kind).label
    if lead_unit is None or lead_unit.pk != composition.lead_unit.pk:
        raise RuleViolation(
            "N-2",
            _("按第%(rule)d条，牵头单位应为洽谈单位%(unit)s。")
            % {"rule": rule, "unit": composition.lead_unit.name},
            field="lead_unit",
        )
    if lead_leader is None:
        raise RuleViolation(
            "N-2",
            _("按第%(rule)d条，须确定牵头领导：%(requirement)s。")
            % {"rule": rule, "requirement": composition.lead_requirement_text},
            field="lead_leader",
        )
    if not lead_leader_fits(composition, lead_leader, project=project):
        raise RuleViolation(
            "N-2",
            _(
                "按第%(rule)d条，由%(body)s洽谈的投资%(tier)s项目，应由%(requirement)s牵头，"
                "%(leader)s不符合。"
            )
            % {
                "rule": rule,
                "body": body_label,
                "tier": tier_label,
                "requirement": composition.lead_requirement_text,
                "leader": str(lead_leader),
            },
            field="lead_leader",
        )
    negotiation_cooperating_check(
        composition=composition, lead_unit=lead_unit, cooperating_units=cooperating_units
    )


def negotiation_cooperating_check(
    *, composition: TeamComposition, lead_unit, cooperating_units
) -> None:
    """N-2: under rules 1, 2, 4 and 6 the landing area cooperates; under rule 7 only the area's
    own departments take part."""
    rule = composition.rule
    units = list(cooperating_units)
    landing = composition.landing_unit
    landing_missing = (
        composition.landing_area_cooperates
        and landing is not None
        and landing.pk != lead_unit.pk
        and landing.pk not in {u.pk for u in units}
    )
    if landing_missing:
        raise RuleViolation(
            "N-2",
            _("按第%(rule)d条，项目拟落地的%(area)s应为配合单位。")
            % {"rule": rule, "area": landing.name},
            field="cooperating_units",
        )
    if composition.own_departments_only:
        strangers = [u.name for u in units if u.parent_id != lead_unit.pk]
        if strangers:
            raise RuleViolation(
                "N-2",
                _(
                    "按第7条，投资不足1亿元、由县(市)区、园区洽谈的项目由该地区所属相关部门参加，%(units)s不属于%(area)s。"
                )
                % {"units": "、".join(strangers), "area": lead_unit.name},
                field="cooperating_units",
            )


# --- N-3: the lead unit's powers ---------------------------------------------------------------


def team_unit_rule(*, case, unit, what: str) -> None:
    """N-3: tasks and questions go to units on the team (服务团队中涉及到的单位)."""
    if unit.pk not in case.team.unit_ids():
        raise RuleViolation(
            "N-3",
            _("%(what)s只能由服务团队中的单位承办，%(unit)s不在服务团队中。")
            % {"what": what, "unit": unit.name},
            field="owner_unit",
        )


def main_negotiating_unit_rule(*, unit, lead_unit_id: int, cooperating_unit_ids) -> None:
    """N-3: the lead unit names the main negotiating unit (主谈单位) from its team — itself or a
    unit it brought in (谁牵头、谁负责、谁关联、谁配合); a unit off the team is refused."""
    if unit is None or unit.pk == lead_unit_id or unit.pk in set(cooperating_unit_ids):
        return
    raise RuleViolation(
        "N-3",
        _("主谈单位须为牵头单位或服务团队中的单位，%(unit)s不在服务团队中（N-3）。")
        % {"unit": unit.name},
        field="main_negotiating_unit",
    )


def task_due_rule(*, due_on: dt.date, today: dt.date) -> None:
    """N-3: a task assigned by the lead unit is due today or later."""
    if due_on < today:
        raise RuleViolation("N-3", _("完成时限不能早于今天。"), field="due_on")


def task_done_rule(*, done_on: dt.date, today: dt.date) -> None:
    """N-3: a task is reported done on a day that has come."""
    if done_on > today:
        raise RuleViolation("N-3", _("完成日期不能晚于今天。"), field="done_on")


# --- N-4: investor questions -------------------------------------------------------------------

POLICY_ANSWER_DAYS = 3  # 有明确法律法规政策规定的，最迟3日内意见反馈给项目方


def question_due_rule(*, kind: str, asked_on: dt.date, due_on: dt.date | None) -> dt.date:
    """N-4: the answer date. A question that law or policy answers is due 3 calendar days after
    it was asked at the latest, moved to the next working day when that is a day off (asked
    2026-09-30 → due 2026-10-08), or earlier if the team sets an earlier date; the others need
    a date. No due date is before the question was asked."""
    if kind == QuestionKind.POLICY:
        latest = calendar_days_deadline(asked_on, POLICY_ANSWER_DAYS)
        if due_on is not None and due_on > latest:
            raise RuleViolation(
                "N-4",
                _("有明确法律法规政策规定的问题，最迟3日内（%(date)s前）反馈项目方。")
                % {"date": latest.isoformat()},
                field="due_on",
            )
        due_on = due_on or latest
    elif due_on is None:
        raise RuleViolation("N-4", _("请填写答复时限。"), field="due_on")
    if due_on < asked_on:
        raise RuleViolation("N-4", _("答复时限不能早于问题提出日期。"), field="due_on")
    return due_on


def question_asked_rule(*, asked_on: dt.date, today: dt.date) -> None:
    """N-4: a question is recorded once the investor has asked it."""
    if asked_on > today:
        raise RuleViolation("N-4", _("提出日期不能晚于今天。"), field="asked_on")


def question_answer_text_rule(outcome: str) -> None:
    """N-4: an answer says something."""
    if not outcome.strip():
        raise RuleViolation("N-4", _("请填写答复意见。"), field="outcome")


def question_routing_rule(*, case, kind: str, owner_unit, superior_body: str) -> None:
    """N-4: national/provincial questions go through the named counterpart unit on the team;
    questions for the city government are reported by the lead unit (who may report them:
    `permissions.can_raise_question`)."""
    if kind == QuestionKind.SUPERIOR and not superior_body.strip():
        raise RuleViolation(
            "N-4",
            _("需国家、省相关部门解答的问题，须写明由对口单位协调的国家、省相关部门。"),
            field="superior_body",
        )
    if kind == QuestionKind.CITY:
        if owner_unit.pk != case.team.lead_unit_id:
            raise RuleViolation(
                "N-4", _("需市政府解决的问题，由牵头单位负责上报。"), field="owner_unit"
            )
        return
    team_unit_rule(case=case, unit=owner_unit, what=_("投资方问题"))


def question_answer_rule(
    *, question, answered_on: dt.date, done_on: dt.date | None, today: dt.date
) -> None:
    """N-4: an answer is dated after the question, and reaches the investor after it is given."""
    if answered_on < question.asked_on:
        raise RuleViolation("N-4", _("答复日期不能早于问题提出日期。"), field="answered_on")
    if answered_on > today or (done_on and done_on > today):
        raise RuleViolation("N-4", _("日期不能晚于今天。"), field="answered_on")
    if done_on and done_on < answered_on:
        raise RuleViolation("N-4", _("反馈项目方日期不能早于答复日期。"), field="done_on")


def question_on_time(question) -> bool | None:
    """N-4: answered on time when the answer reached the investor by the due date; None while
    it has not reached them."""
    return answer_on_time(done_on=question.done_on, due_on=question.due_on)


def answer_on_time(*, done_on: dt.date | None, due_on: dt.date) -> bool | None:
    """`question_on_time` over a question's plain values (an export's rows)."""
    if done_on is None:
        return None
    return done_on <= due_on


def question_moot(question) -> bool:
    """N-4: a question left unanswered when its negotiation ended is owed no more."""
    return question.done_on is None and question.case.stage == NegotiationStage.ENDED


def question_due_today(question, today: dt.date) -> bool:
    """N-4: the answer is owed to the investor today: due today, not yet delivered, and the
    negotiation did not end (as the questions page's 今日到期 filter)."""
    return (
        question.is_open()
        and question.due_on == today
        and question.case.stage != NegotiationStage.ENDED
    )


def question_is_late(question, today: dt.date) -> bool:
    """N-4: the due date has passed and the investor has no answer yet (nothing is owed any more
    once the negotiation ended)."""
    if question.case.stage == NegotiationStage.ENDED:
        return False
    return question.is_overdue(today, open_only=True)


@dataclass(frozen=True)
class EscalationTargets:
    """Who receives escalated questions: the city government and each unit's leader in charge
    (分管领导), read once for a whole day's escalations."""

    city_government: object
    leaders_in_charge: dict


def escalation_targets() -> EscalationTargets:
    """The receivers of N-4 escalations, in two queries."""
    from yingkou.models import Leader, Unit

    leaders: dict = {}
    in_charge = Leader.objects.serving(LeaderRank.IN_CHARGE)
    for leader in in_charge.select_related("user").order_by("-pk"):
        leaders[leader.unit_id] = leader  # the lowest pk wins, as one question's lookup chose
    return EscalationTargets(
        city_government=Unit.objects.filter(kind=UnitKind.CITY_GOVERNMENT).order_by("pk").first(),
        leaders_in_charge=leaders,
    )


def question_escalation_rule(question, targets: EscalationTargets | None = None):
    """N-4 decision: a question not answered by its due date escalates along its route —
    a policy question to its owner unit's leader in charge (分管领导); a question for the national
    or provincial authorities to the unit that deals with them (对口单位, its owner unit); a
    question for the city government to the city government. Returns (unit, leader or None):
    the unit whose queue shows it, and the named leader when there is one. `targets` are the
    receivers when the caller has read them for many questions (escalation_targets)."""
    if question.kind not in (QuestionKind.CITY, QuestionKind.POLICY):
        return question.owner_unit, None
    targets = targets or escalation_targets()
    if question.kind == QuestionKind.CITY:
        return targets.city_government, None
    return question.owner_unit, targets.leaders_in_charge.get(question.owner_unit_id)


def city_question_receiver(case):
    """N-4: a question for the city government is reported by the lead unit to the city
    government (如需市政府解决的问题，由牵头单位及时上报市政府). The team's lead leader receives it for
    the city when he is a city leader (a vice-mayor leads tier A, rules 1–3); an area's or a
    department's own leader heads the unit reporting it, so the city government receives it
    instead (None), as an assistance problem reported to the city does (A-3)."""
    leader = case.team.lead_leader
    if leader is not None and leader.rank == LeaderRank.CITY_LEADER:
        return leader
    return None


def question_days_overdue(question, today: dt.date) -> int:
    """N-4: whole days past the due date of a question still owed to the investor (0 if none)."""
    return question.days_overdue(today)


# --- N-5: liaison ------------------------------------------------------------------------------


def negotiation_liaison_rule(
    *, composition: TeamComposition, main_negotiating_unit, liaison
) -> None:
    """N-5: one service liaison per team — staff of the main negotiating unit when a department
    brought the project in (各部门引进项目的，安排项目主谈单位人员担任), staff of the introducing area
    when an area did (地区引进项目的，安排引进地区人员担任)."""
    if liaison is None:
        return
    if composition.body_kind == BodyKind.AREA:
        area = composition.lead_unit
        if not still_answers(liaison, {area.pk}, bureaus=True):
            raise RuleViolation(
                "N-5",
                _("地区引进的项目，服务联络员应由引进地区%(area)s的人员担任。")
                % {"area": area.name},
                field="service_liaison",
            )
        return
    main = main_negotiating_unit or composition.lead_unit
    if not still_answers(liaison, {main.pk}):
        raise RuleViolation(
            "N-5",
            _("部门引进的项目，服务联络员应由主谈单位%(unit)s的人员担任。") % {"unit": main.name},
            field="service_liaison",
        )


def acts_for_team(person, unit_ids: set[int]) -> bool:
    """N-3: a person acts for a team while they are active staff of a unit on it (lead, main
    negotiating, cooperating, the negotiating unit) or of one of its own bureaus (a county's
    分局): one who left those units or was deactivated does not (`still_answers`)."""
    return still_answers(person, unit_ids, bureaus=True)


def negotiation_team_people_rule(*, unit_ids: set[int], project_liaison, members) -> None:
    """N-3: the team's project liaison and members are people of the team's units
    (`acts_for_team`), as the lead unit can only task its team (有权调度服务团队中的部门)."""
    if project_liaison is not None and not acts_for_team(project_liaison, unit_ids):
        raise RuleViolation(
            "N-3",
            _("项目联络员应为服务团队单位（牵头单位、主谈单位、配合单位、洽谈单位）的人员。"),
            field="project_liaison",
        )
    outside = [member for member in members if not acts_for_team(member, unit_ids)]
    if outside:
        raise RuleViolation(
            "N-3",
            _("团队成员应为服务团队单位的人员（已离开或已停用的人员不能列入），%(names)s不是。")
            % {"names": "、".join(str(member) for member in outside)},
            field="members",
        )


def service_liaison_rule(service_liaison) -> None:
    """N-5: every service team names one service liaison (服务联络员)."""
    if service_liaison is None:
        raise RuleViolation("N-5", _("每个服务团队须指定1名服务联络员。"), field="service_liaison")


def meeting_date_rule(*, held_on: dt.date, today: dt.date) -> None:
    """N-5: a team meeting is recorded after it was held."""
    if held_on > today:
        raise RuleViolation("N-5", _("会议日期不能晚于今天。"), field="held_on")


# --- N-6: progress reports and appraisal -------------------------------------------------------


def progress_report_due(period: str) -> dt.date:
    """N-6: a month's progress report is due by the last day of that month, so that the monthly
    circular, run on the first of the next month, has it."""
    year, month = (int(part) for part in period.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def progress_report_period_rule(*, case, period: str, today: dt.date) -> None:
    """N-6: a report is for a month the case was under negotiation, and not for a future month."""
    try:
        year, month = (int(part) for part in period.split("-"))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise RuleViolation("N-6", _("报告月份格式应为 YYYY-MM。"), field="period") from None
    service_period_rule("N-6", "monthly", first)
    if not period_begun("monthly", first, today):
        raise RuleViolation("N-6", _("不能上报未来月份的推进情况。"), field="period")
    if progress_report_due(period) < case.opened_on:
        raise RuleViolation("N-6", _("该月份项目尚未开始洽谈。"), field="period")
    closed_on = case.signed_on or case.ended_on
    if closed_on is not None and first > closed_on:
        raise RuleViolation("N-6", _("该月份项目已签约或终止洽谈，无需上报。"), field="period")


def progress_report_months(*, case, filed, today: dt.date) -> list[str]:
    """N-6: the months a progress report may be filed for now, latest first: each month that
    progress_report_period_rule accepts and has no report yet (progress_report_once_rule, `filed`
    holding the case's filed months). An ended or signed case keeps the months it was under
    negotiation in; a page offers to report only while there is one."""
    month = today.replace(day=1)
    first = max(case.opened_on, SERVICE_BEGAN).replace(day=1)
    months = []
    while month >= first:
        period = f"{month:%Y-%m}"
        try:
            progress_report_period_rule(case=case, period=period, today=today)
            progress_report_once_rule(already_filed=period in filed)
        except RuleViolation:
            pass
        else:
            months.append(period)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def progress_report_missed_months(*, case, filed, today: dt.date) -> list[str]:
    """N-6: the months whose progress report is past due and not filed, latest first — of the
    months progress_report_months still accepts, those whose due day (progress_report_due) is
    over: what the monthly circular counts as missing (progress_report_missing_q), for one case."""
    return [
        period
        for period in progress_report_months(case=case, filed=filed, today=today)
        if progress_report_due(period) < today
    ]


def report_month(day: dt.date) -> str:
    """N-6: the month (`YYYY-MM`) whose progress report `day` falls in."""
    return f"{day:%Y-%m}"


def progress_report_owed_q(period: str) -> Q:
    """N-6 in the database: the cases owing a progress report for `period`, those
    progress_report_period_rule accepts it for — opened by the month's deadline and not signed or
    ended before its first day (the month a case closes in is still owed)."""
    first = dt.date(*(int(part) for part in period.split("-")), 1)
    return Q(opened_on__lte=progress_report_due(period)) & (
        Q(signed_on__isnull=True, ended_on__isnull=True)
        | Q(signed_on__gte=first)
        | Q(ended_on__gte=first)
    )


def progress_report_missing_q(period: str) -> Q:
    """N-6 in the database: the cases owing `period`'s progress report
    (`progress_report_owed_q`) that have not filed it (`progress_report_once_rule`): the ones the
    investment bureau dispatches (本月未上报) and the lead units are reminded of."""
    from .models import ProgressReport

    filed = ProgressReport.objects.filter(case=OuterRef("pk"), period=period)
    return progress_report_owed_q(period) & ~Exists(filed)


#: N-6: the first reminder comes when this many working days of the month are left.
REPORT_REMINDER_WORKING_DAYS = 3


def progress_report_reminder_rule(day: dt.date) -> str | None:
    """N-6 decision: a team owes its month's report by the month's last day
    (`progress_report_due`), so the lead units still without it are reminded twice: when three
    working days of the month are left (its third-last working day: "soon") and on its last
    working day ("last"), on the working-day calendar (a month ending in a holiday is reminded
    before it). None on any other day."""
    working = working_days_in(day.replace(day=1), progress_report_due(report_month(day)))
    if working and day == working[-1]:
        return "last"
    if (
        len(working) >= REPORT_REMINDER_WORKING_DAYS
        and day == working[-REPORT_REMINDER_WORKING_DAYS]
    ):
        return "soon"
    return None


def dispatch_month_rule(*, period: str, today: dt.date) -> dt.date:
    """N-6: the month whose progress reports the investment bureau dispatches (`YYYY-MM`), and
    whose cases behind a list shows: the running month or a closed one — a team behind on a
    closed month is still chased (市招商局定期对全市洽谈阶段项目的进展情况进行调度) — of the
    service's months; returns its first day. One before the service is refused
    (PeriodBeforeService, 400), an unreadable month or one not begun is not there (a page
    answers 404, a write is refused)."""
    return _service_month(period, today, _("推进情况月份格式应为 YYYY-MM。"))


def dispatch_month_shown_rule(period: str, today: dt.date) -> bool:
    """N-6: whether the pool links to a month's dispatch (the month before or after the one
    shown): only to a month dispatch_month_rule accepts."""
    try:
        dispatch_month_rule(period=period, today=today)
    except RuleViolation:
        return False
    return True


def progress_dispatch_rule(*, period: str, today: dt.date, remarks: str) -> str:
    """N-6: the investment bureau dispatches (调度) the progress reports of a month that has
    begun (`dispatch_month_rule`: the running one or a closed one), saying what it asks of the
    teams behind. Returns the month's key as the records keep it (`2026-10`, not `2026-10 `
    or `2026-1`)."""
    first = dispatch_month_rule(period=period, today=today)
    dispatch_remarks_rule("N-6", remarks)
    return report_month(first)


APPRAISAL_WEIGHTS = {"signing": 40, "questions": 30, "reports": 30}

APPRAISAL_FORMULA = gettext_lazy(
    "得分 = 40 × 签约率 + 30 × 投资方问题按时反馈率 + 30 × 推进情况按时上报率。"
    "签约率 = 本年签约项目数 ÷ 本年牵头洽谈项目数；"
    "问题按时反馈率 = 答复时限内反馈项目方的问题数 ÷ 本年到期的问题数；"
    "按时上报率 = 按时上报的月报数 ÷ 应报月报数（牵头项目在谈期间已截止的每个月各一份）。"
    "分母为零的项按满分计。签约投资额仅作排序参考。"
)


def appraisal_score(
    *,
    cases: int,
    signed: int,
    questions_due: int,
    questions_on_time: int,
    reports_expected: int,
    reports_on_time: int,
) -> Decimal:
    """N-6: a unit's year-end negotiation score (0–100) from recorded data only."""

    def rate(part: int, whole: int) -> Decimal:
        return Decimal(1) if whole == 0 else Decimal(part) / Decimal(whole)

    score = (
        APPRAISAL_WEIGHTS["signing"] * rate(signed, cases)
        + APPRAISAL_WEIGHTS["questions"] * rate(questions_on_time, questions_due)
        + APPRAISAL_WEIGHTS["reports"] * rate(reports_on_time, reports_expected)
    )
    return score.quantize(Decimal("0.01"))


def progress_report_once_rule(*, already_filed: bool) -> None:
    """N-6: one progress report per case and month."""
    if already_filed:
        raise RuleViolation("N-6", _("该月份的推进情况已上报。"), field="period")


def circular_month_rule(*, period: str, today: dt.date) -> dt.date:
    """N-6: the month of a circular asked for (`YYYY-MM`) is one of the service's months that
    has begun; returns its first day. An unreadable month or one not begun is not there (404),
    one before the service is refused (PeriodBeforeService, 400)."""
    return _service_month(period, today, _("通报月份格式应为 YYYY-MM。"))


def _service_month(period: str, today: dt.date, unreadable: str) -> dt.date:
    """N-6: a month asked for (`YYYY-MM`, `unreadable` when it is not one) is one of the
    service's months that has begun; its first day."""
    try:
        year, month = (int(part) for part in period.split("-"))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError, AttributeError):
        raise RuleViolation("N-6", unreadable) from None
    service_period_rule("N-6", "monthly", first)
    if not period_begun("monthly", first, today):
        raise RuleViolation("N-6", _("%(month)s尚未开始。") % {"month": year_month(first)})
    return first


def appraisal_year_rule(*, year: int, today: dt.date) -> None:
    """N-6: the appraisal is shown for one of the service's years that has begun (a year not
    begun has nothing to appraise: 404; one before the service: PeriodBeforeService, 400)."""
    service_period_rule("N-6", "yearly", dt.date(year, 1, 1))
    if not period_begun("yearly", dt.date(year, 1, 1), today):
        raise RuleViolation("N-6", _("%(year)d年尚未开始。") % {"year": year})


def appraisal_year_closed_rule(*, year: int, today: dt.date) -> None:
    """N-6: the year-end appraisal is frozen once the year is over, for a year of the service."""
    service_period_rule("N-6", "yearly", dt.date(year, 1, 1))
    if year >= today.year:
        raise RuleViolation("N-6", _("%(year)d年尚未结束，不能冻结年终考核。") % {"year": year})
