"""Home-page panels of the negotiation app (fixed number of queries). Every count is the row count
of the list it links to (`yingkou.dashboard.linked_count`)."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import Role
from yingkou.dashboard import linked_count

from . import permissions as perms
from . import selectors
from .choices import NegotiationStage, QuestionKind
from .filters import InvestorQuestionFilterSet, NegotiationCaseFilterSet

TEAM_ROLES = Role.unit_bound() | {Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER}


def _questions(label, user, **params):
    return linked_count(
        label,
        url_name="negotiation:questions",
        filterset=InvestorQuestionFilterSet,
        queryset=selectors.question_list(user=user),
        user=user,
        params=params,
    )


def _cases(label, user, url_name="negotiation:list", queryset=None, **params):
    return linked_count(
        label,
        url_name=url_name,
        filterset=NegotiationCaseFilterSet,
        queryset=selectors.case_list(user=user) if queryset is None else queryset,
        user=user,
        params=params,
    )


def panels(user) -> list[dict]:
    today = timezone.localdate()
    result = []
    if user.unit_id and user.role in TEAM_ROLES:
        result.append(
            {
                "title": _("本单位待反馈的投资方问题"),
                "rows": [
                    _questions(_("已逾期"), user, mine="true", status="late"),
                    _questions(_("今日到期"), user, mine="true", status="due_today"),
                    _questions(_("3个工作日内到期"), user, mine="true", status="due_soon"),
                    _questions(
                        _("逾期升级至本单位"), user, escalated_to=user.unit_id, status="open"
                    ),
                ],
            }
        )
    if user.unit_id and user.role in TEAM_ROLES:
        # N-2 after a project change: the lead unit's queue of leads to replace before signing.
        result.append(
            {
                "title": _("本单位牵头的洽谈项目"),
                "rows": [
                    _cases(
                        _("牵头领导待调整（调整前不能签约）"),
                        user,
                        mine="true",
                        lead_unfit="true",
                        status="open",
                    )
                ],
            }
        )
    if user.has_role(Role.CITY_LEADER):
        result.append(
            {
                "title": _("市级领导洽谈事项"),
                "rows": [
                    _questions(
                        _("提请市政府解决的问题"), user, kind=QuestionKind.CITY, status="open"
                    ),
                    _questions(
                        _("逾期升级至市政府的问题"),
                        user,
                        escalated_to=user.unit_id,
                        status="open",
                    ),
                    _cases(_("本人牵头的在谈项目"), user, mine="true", status="open"),
                ],
            }
        )
    if user.is_city_wide or (user.unit_id and user.role in Role.unit_bound()):
        pool = selectors.case_list(user=user).open()
        investment = pool.aggregate(total=Sum("project__total_investment"))["total"]
        pool_url = reverse("negotiation:pool")
        rows = [
            _cases(_("在谈项目数"), user, url_name="negotiation:pool", queryset=pool),
            (_("在谈总投资（万元）"), f"{investment or 0:,.2f}", pool_url),
            _cases(_("本年签约"), user, signed_year=today.year),
        ]
        if perms.can_dispatch_reports(user):
            # N-6: the teams the bureau dispatches, on the pool it dispatches them from.
            rows.append(
                _cases(
                    _("本月未上报推进情况"),
                    user,
                    url_name="negotiation:pool",
                    queryset=pool,
                    report_missing="true",
                )
            )
        result.append(
            {
                "title": _("在谈项目"),
                "rows": rows,
                "charts": negotiation_charts(user),
                "records": led_cases(user) if user.has_role(Role.CITY_LEADER) else None,
            }
        )
    return result


FUNNEL = (
    NegotiationStage.CONTACT,
    NegotiationStage.INSPECTION,
    NegotiationStage.NEGOTIATION,
    NegotiationStage.SIGNED,
)


def negotiation_charts(user) -> list[dict]:
    """The negotiation funnel (cases that reached each stage; ended cases left out) and the
    monthly trend of new cases and signed investment (three queries)."""
    cases = selectors.case_list(user=user).exclude(stage=NegotiationStage.ENDED)
    by_stage = dict(cases.order_by().values_list("stage").annotate(n=Count("id")))
    reached = [sum(by_stage.get(s, 0) for s in FUNNEL[i:]) for i in range(len(FUNNEL))]
    labels = dict(NegotiationStage.choices)
    months = charts.last_months()
    visible = selectors.case_list(user=user)
    return [
        charts.chart(
            "negotiation-funnel",
            _("洽谈漏斗（到达各阶段的项目数）"),
            kind="funnel",
            categories=[labels[s] for s in FUNNEL],
            series=[{"name": _("项目数"), "values": reached}],
        ),
        charts.chart(
            "negotiation-trend",
            _("每月新接触项目与签约投资"),
            kind="bar",
            categories=charts.month_labels(months),
            series=[
                {
                    "name": _("新接触项目"),
                    "values": charts.monthly(visible, "opened_on", months),
                },
                {
                    "name": _("签约投资（万元）"),
                    "values": charts.monthly(
                        visible, "signed_on", months, total="project__total_investment"
                    ),
                    "axis": 1,
                    "kind": "line",
                },
            ],
            axes=[_("个"), _("万元")],
            every_label=True,
        ),
    ]


def led_cases(user) -> dict:
    """A city leader's own cases under negotiation (ten, one query)."""
    led = selectors.led_by(selectors.case_list(user=user).open(), user=user)
    return {
        "title": _("我牵头的在谈项目"),
        "rows": [
            (
                case.project.name,
                reverse("negotiation:detail", args=[case.pk]),
                case.get_stage_display(),
            )
            for case in led.order_by("-opened_on", "-id")[:10]
        ],
    }
