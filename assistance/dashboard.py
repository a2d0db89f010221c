"""Home-page panels of key-project assistance: the unit's problems and tasks due, escalations and
team approvals for city leaders and the DRC. A fixed number of queries per user; every count is
the row count of the list it links to (`yingkou.dashboard.linked_count`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import Role
from yingkou.dashboard import linked_count

from . import permissions as perm
from . import selectors
from .choices import ActionStatus, ProblemStatus, TeamStatus, Tier
from .filters import ActionItemFilterSet, CaseFilterSet, PlanFilterSet, ProblemFilterSet
from .models import AssistanceCase, AssistancePlan

# The roles whose unit is given problems and meeting tasks to solve; supervision and
# legal affairs follow other norms and would only see zeros.
QUEUE_ROLES = Role.unit_bound() | {Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU}


def _cases(label, user, **params):
    return linked_count(
        label,
        url_name="assistance:list",
        filterset=CaseFilterSet,
        queryset=AssistanceCase.objects.visible_to(user),
        user=user,
        params=params,
    )


def _unpublished_plans(label, user):
    """A-5: the adopted yearly plans not published on their unit's portal in time."""
    return linked_count(
        label,
        url_name="assistance:plans",
        filterset=PlanFilterSet,
        queryset=AssistancePlan.objects.visible_to(user),
        user=user,
        params={"unpublished": "true"},
    )


def panels(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    result = []
    if user.unit_id and user.role in QUEUE_ROLES:
        open_problems = {"owner_unit": user.unit_id, "status": ProblemStatus.OPEN}
        open_actions = {"owner_unit": user.unit_id, "status": ActionStatus.OPEN}

        def problems(label, **params):
            return linked_count(
                label,
                url_name="assistance:problems",
                filterset=ProblemFilterSet,
                queryset=selectors.problem_list(user=user),
                user=user,
                params={**open_problems, **params},
            )

        def actions(label, **params):
            return linked_count(
                label,
                url_name="assistance:actions",
                filterset=ActionItemFilterSet,
                queryset=selectors.action_list(user=user),
                user=user,
                params={**open_actions, **params},
            )

        rows = [
            problems(_("待解决问题")),
            problems(_("3个工作日内到期"), due_soon="true"),
            problems(_("已逾期问题"), late="true"),
            actions(_("联席会议待落实任务")),
            actions(_("逾期任务"), late="true"),
        ]
        if user.role in Role.unit_bound():
            # the cases its area or department assists itself and must give their one
            # leader (自行确定帮扶领导); a city leader is named through A-5.
            rows.append(
                _cases(
                    _("本单位牵头、缺帮扶领导的项目（A-2）"),
                    user,
                    tier=Tier.LOCAL,
                    led_by_unit="true",
                    leader_missing="true",
                )
            )
            # the arrangements it leads and has not published on its portal in time.
            rows.append(
                _cases(
                    _("本单位牵头、未公示的帮扶项目（A-5）"),
                    user,
                    led_by_unit="true",
                    unpublished="true",
                )
            )
            rows.append(_unpublished_plans(_("本单位未公示的帮扶方案（A-5）"), user))
        if perm.is_industry_department(user):
            # the key projects of its industry still without its leader in charge and
            # service staff.
            rows.append(
                _cases(
                    _("本行业重点项目未配备分管领导和服务人员"),
                    user,
                    industry_department=user.unit_id,
                    industry_service_missing="true",
                )
            )
        result.append(
            {
                "title": _("精准帮扶 · 本单位待办"),
                "rows": rows,
                "charts": [
                    problem_chart(
                        selectors.problem_list(user=user).filter(owner_unit_id=user.unit_id),
                        _("本单位负责的问题（按类别和状态）"),
                        "assistance-unit-problems",
                    )
                ],
            }
        )
    if user.has_role(Role.CITY_LEADER, Role.DRC_REVIEWER):

        def escalated(label, **params):
            return linked_count(
                label,
                url_name="assistance:escalations",
                filterset=ProblemFilterSet,
                queryset=selectors.escalations(user=user),
                user=user,
                params=params,
            )

        def cases(label, **params):
            return _cases(label, user, **params)

        rows = [
            escalated(_("上报市政府未解决的问题")),
            escalated(_("其中已逾期"), late="true"),
        ]
        if user.has_role(Role.CITY_LEADER):
            rows += [
                escalated(_("我帮扶项目上报的问题"), mine="true"),
                cases(_("待我同意的服务团队"), team_status=TeamStatus.COMPILED, mine="true"),
            ]
        else:
            rows += [
                cases(_("待汇总的团队名单"), awaiting_compile="true"),
                cases(_("待市领导同意的团队名单"), team_status=TeamStatus.COMPILED),
                cases(_("缺帮扶领导的帮扶项目（A-2）"), leader_missing="true"),
                cases(_("未在门户网站公示的帮扶项目（A-5）"), unpublished="true"),
                _unpublished_plans(_("未在门户网站公示的帮扶方案（A-5）"), user),
                # key projects whose industry department has named no one yet.
                cases(_("行业部门未配备分管领导和服务人员的项目"), industry_service_missing="true"),
            ]
        result.append(
            {
                "title": _("精准帮扶 · 督办"),
                "rows": rows,
                "charts": [
                    problem_chart(
                        selectors.problem_list(user=user),
                        _("帮扶问题（按类别和状态）"),
                        "assistance-problems",
                    )
                ],
                "records": led_cases(user) if user.has_role(Role.CITY_LEADER) else None,
            }
        )
    return result


def problem_chart(queryset, title, chart_id: str) -> dict:
    """Problems by category, stacked by status: open in time, late, solved (one query)."""
    rows = selectors.problems_by_category(queryset)
    return charts.chart(
        chart_id,
        title,
        kind="bar",
        categories=[row["label"] for row in rows],
        series=[
            {
                "name": _("待解决（未逾期）"),
                "values": [row["open"] - row["late"] for row in rows],
                "stack": "status",
                "tone": "open",
            },
            {
                "name": _("已逾期"),
                "values": [row["late"] for row in rows],
                "stack": "status",
                "tone": "late",
            },
            {
                "name": _("已解决"),
                "values": [row["total"] - row["open"] for row in rows],
                "stack": "status",
                "tone": "done",
            },
        ],
        axes=[_("个")],
    )


def led_cases(user) -> dict:
    """The key projects this city leader assists (ten, one query)."""
    cases = (
        AssistanceCase.objects.visible_to(user)
        .filter(team__lead_leader__user=user)
        .select_related("project")
        .order_by("-project__total_investment", "id")
    )
    return {
        "title": _("我帮扶的重点项目"),
        "rows": [
            (
                case.project.name,
                reverse("assistance:detail", args=[case.pk]),
                case.get_status_display(),
            )
            for case in cases[:10]
        ],
    }
