"""Rules of the shared domain (SPEC §1 and its appendix): one function each.

The apps' own rules (R-x, N-x, A-x, E-x) stay in their `rules.py`; these decide what may happen to
the project itself, whoever edits it (page, API, import)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from yingkou.choices import AssessmentVerdict, ChangeRequestStatus, Role, Stage, TeamPhase
from yingkou.dates import long_date
from yingkou.errors import PeriodBeforeService, RuleViolation
from yingkou.scheduling.periods import (
    SERVICE_BEGAN,
    first_period_key,
    period_in_service,
    period_key,
)

# Codes of the current form (发改投资〔2020〕1439号) are issued since November 2020.
NEW_FORM_SINCE = (2020, 11)


def project_code_check_digit(digits: str) -> int:
    """SPEC appendix: the check digit of a national project code, ISO/IEC 7064 MOD 11,10
    (GB/T 17710) over its first 19 digits."""
    p = 10
    for char in digits:
        s = (p + int(char)) % 10 or 10
        p = (s * 2) % 11
    return (11 - p) % 10


def project_code_issued(code: str) -> tuple[int, int] | None:
    """SPEC appendix (corrected): the (year, month) of issue read from the first four digits
    `YYMM` of a current-form code (2509 = September 2025); None when they are not a month of
    the current form (an older `YYYY-` code, or no month at all)."""
    year, month = 2000 + int(code[:2]), int(code[2:4])
    if not 1 <= month <= 12 or (year, month) < NEW_FORM_SINCE:
        return None
    return year, month


def project_code_warnings_rule(code: str | None, *, today: dt.date | None = None) -> list[str]:
    """SPEC appendix, decision: what is doubtful about a well-formed national project code,
    as warnings shown to the user — never a refusal. A current-form code (`YYMM-…`) must carry
    a valid MOD 11,10 check digit and a month of issue not in the future; an older `YYYY-…`
    code (a year up to 2020) is accepted as it is; four digits that are neither get a warning.
    """
    if not code:
        return []
    issued = project_code_issued(code)
    if issued is None:
        year = int(code[:4])
        if 2000 <= year <= NEW_FORM_SINCE[0]:
            return []  # an older code, before the check digit
        return [
            _(
                "项目代码前四位应为赋码年月（YYMM，如 2509 表示2025年9月），“%(head)s”不是有效年月，请核对。"
            )
            % {"head": code[:4]}
        ]
    warnings = []
    if today and issued > (today.year, today.month):
        warnings.append(_("项目代码的赋码年月晚于本月，请核对。"))
    digits = code.replace("-", "")
    if project_code_check_digit(digits[:19]) != int(digits[19]):
        warnings.append(
            _("项目代码校验位不正确（ISO/IEC 7064 MOD 11,10），请与投资项目在线审批监管平台核对。")
        )
    return warnings


#: The stages a project may be created in: the workflows own every later one (§1).
CREATION_STAGES = (Stage.PLANNING, Stage.NEGOTIATING)

#: The project fields the rules decide on (R-1 scope, R-4 health, N-2 rule and tier, A-2 tier,
#: E-1 responsibility), as model attribute names. `stage` is among them but never edited: only
#: the workflows move it.
RULE_FIELDS = (
    "total_investment",
    "industry",
    "landing_unit_id",
    "capital_origin",
    "investor_intent_clear",
    "stage",
)

#: The rule fields a change request carries (everything but the stage).
REVIEWED_FIELDS = tuple(name for name in RULE_FIELDS if name != "stage")


def still_answers(person, unit_ids, *, bureaus: bool = False) -> bool:
    """R-5, N-5, A-3, A-6: whether a person named to answer for something of a unit (a pool's weekly
    update, a team's liaison, a unit's general liaison, a department's industry service staff)
    still does: an active user of one of `unit_ids` (with `bureaus`, or of a bureau (分局) of
    one). Someone who since left those units or was deactivated answers no more: the pages say
    no one is named and ask for another, notices go to the unit's staff, and a team is not
    refused because he is still recorded on it."""
    if person is None or not person.is_active:
        return False
    if person.unit_id in unit_ids:
        return True
    return bureaus and person.unit_id is not None and person.unit.parent_id in unit_ids


def city_leader_in_charge(unit, industry: str = ""):
    """§1 (分管): the serving city leader whose portfolio names `unit` (分管单位), else the first
    whose portfolio covers `industry` (分管行业); None when no portfolio names either. E-1 proposes
    him for an enterprise of 5亿元 or more; a notice names him as whom to ask when the leader a
    record waited on no longer holds his role (A-3, A-5, A-7)."""
    from yingkou.choices import LeaderRank
    from yingkou.models import Leader

    leaders = Leader.objects.serving(LeaderRank.CITY_LEADER)
    if unit is not None:
        by_unit = leaders.filter(portfolio_units=unit).order_by("id").first()
        if by_unit:
            return by_unit
    for leader in leaders.order_by("id"):
        if industry and leader.covers_industry(industry):
            return leader
    return None


def project_creation_stage_rule(stage: str) -> None:
    """§1: a unit opens a project in the planning stage (策划包装) or, for an investor it is
    already talking to, in negotiation (洽谈); every later stage is reached through a workflow."""
    if stage not in CREATION_STAGES:
        raise RuleViolation(
            "§1",
            _("新建项目只能处于“策划包装”或“洽谈”阶段，其后各阶段由相应流程变更。"),
            field="stage",
        )


def project_stage_edit_rule(*, current: str, requested: str | None) -> None:
    """§1: a stage moves only through the workflow that owns it — declaration and approval
    (储备), negotiation signing (签约), assistance (建设、竣工), start of production (投产运营) —
    never by editing the project."""
    if requested is None or requested == current:
        return
    raise RuleViolation(
        "§1",
        _(
            "项目阶段不能直接修改：储备由申报审核、签约由洽谈签约、建设和竣工由精准帮扶、"
            "投产运营由投产流程变更。"
        ),
        field="stage",
    )


def change_review_needed_rule(*, user, dependents) -> bool:
    """§1 (decision): when unit staff change a rule field of a project on which a decision rests
    (a pool, an open negotiation, assistance case or enterprise), the change waits for review;
    reviewers and the DRC change it directly."""
    return bool(dependents) and not user.is_superuser and user.role == Role.UNIT_STAFF


def team_carry_over_rule(*, from_phase: str, to_phase: str) -> None:
    """§1 (一个项目、一名领导、一个团队): a team is carried over only to a later phase of the project
    (储备 → 洽谈 → 精准帮扶 → 投产运营帮扶), never back or onto itself."""
    order = list(TeamPhase.values)
    if from_phase not in order or to_phase not in order:
        raise RuleViolation("§1", _("服务团队阶段无效。"), field="phase")
    if order.index(to_phase) <= order.index(from_phase):
        raise RuleViolation("§1", _("服务团队只能延续到项目的后续阶段。"), field="phase")


def project_stage_move_rule(project, stage: str) -> None:
    """§1: only the allowed stage transitions (策划包装 → … → 投产运营, or 终止)."""
    if not project.can_move_to(stage):
        current = project.get_stage_display()
        target = dict(type(project)._meta.get_field("stage").choices).get(stage, stage)
        raise RuleViolation(
            "§1",
            _("项目阶段不能从“%(current)s”变更为“%(target)s”。")
            % {"current": current, "target": target},
            field="stage",
        )


def one_pending_change_rule(*, pending: bool) -> None:
    """§1: a project has at most one change request waiting for review."""
    if pending:
        raise RuleViolation("§1", _("该项目已有待审核的变更申请，请待审核完成后再申请变更。"))


def change_request_pending_rule(request) -> None:
    """§1: a change request is decided once; the second reviewer finds it decided."""
    if request.status != ChangeRequestStatus.PENDING:
        raise RuleViolation("§1", _("该变更申请已审核，请刷新页面。"))


def change_return_comment_rule(comment: str) -> None:
    """§1: a change request is returned with the reviewer's comments (退回并提出意见)."""
    if not (comment or "").strip():
        raise RuleViolation("§1", _("退回时必须填写审核意见。"), field="comment")


def service_period_rule(rule: str, period: str, day: dt.date) -> None:
    """The period asked for (the one containing `day`) is the service's first or a later one,
    under the number of the rule that asks (R-6, N-6, A-8, E-2, E-7): nothing is kept from before
    the norms, and an archive of such a period would be an empty one passed off as a record."""
    if not period_in_service(period, day):
        raise PeriodBeforeService(
            rule,
            _(
                "%(period)s早于本系统的第一个期间%(first)s（服务规范于%(issued)s印发），"
                "没有该期间的数据。"
            )
            % {
                "period": period_key(period, day),
                "first": first_period_key(period),
                "issued": long_date(SERVICE_BEGAN),
            },
        )


# Decision: where a rule asks for a written reason (书面说明理由: R-9's candidates, E-5's withdrawal),
# the reason is a sentence, not a tick or a "无": at least this many characters, blanks aside.
WRITTEN_REASON_MIN_CHARS = 10


def written_reason_rule(rule: str, reason: str, message: str, *, field: str) -> None:
    """A written reason (`WRITTEN_REASON_MIN_CHARS` characters or more, blanks aside), under the
    number of the rule that asks for it; `message` says what it is for and may name
    `%(count)s`."""
    if len((reason or "").strip()) < WRITTEN_REASON_MIN_CHARS:
        raise RuleViolation(rule, message % {"count": WRITTEN_REASON_MIN_CHARS}, field=field)


def dispatch_remarks_rule(rule: str, remarks: str) -> None:
    """A dispatch (调度: A-8's weekly, N-6's monthly) says what is asked of the units behind; an
    empty one tells them nothing."""
    if not (remarks or "").strip():
        raise RuleViolation(rule, _("请填写调度意见。"), field="remarks")


# --- assessing the areas and departments (E-7, A-8) ---------------------------------------------

# Decision (E-7, the scale A-8's quarterly assessment reads too): of 100 points, 85 or more is
# commended (通报表彰), below 60 criticised (通报批评), the rest neither (一般).
COMMEND_AT = Decimal("85")
CRITICISE_BELOW = Decimal("60")


def score_verdict_rule(score: Decimal) -> str:
    """E-7, A-8: the verdict of an area's or department's score — 85 or more commended, below 60
    criticised (the boundaries: 85.00 is commended, 60.00 is not criticised)."""
    if score >= COMMEND_AT:
        return AssessmentVerdict.COMMENDED
    if score < CRITICISE_BELOW:
        return AssessmentVerdict.CRITICISED
    return AssessmentVerdict.NORMAL


def score_order(score: Decimal | None, then) -> tuple:
    """E-7, A-8: the order an assessment lists its units in: best score first, units without a
    score last, equal scores in the order of `then` (the unit's code, or its place in the list
    the assessment reads)."""
    return (score is None, -(score or 0), then)


def score_ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """E-7, A-8: the rank (名次) of each score of a list in `score_order`: equal scores share a
    rank and the next rank skips (1, 2, 2, 4); a unit without a score has none."""
    ranks: list[int | None] = []
    previous = None
    for position, score in enumerate(scores, start=1):
        if score is None:
            ranks.append(None)
        elif ranks and score == previous:
            ranks.append(ranks[-1])
        else:
            ranks.append(position)
        previous = score
    return ranks
