"""Home-page panels of key-project assistance: the unit's problems and tasks due, escalations and
team approvals for city leaders and the DRC. A fixed number of queries per user."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import Role

from . import rules
from .choices import ActionStatus, ProblemStatus, TeamStatus
from .models import ActionItem, AssistanceCase, Problem


def panels(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    result = []
    if user.unit_id and not user.has_role(Role.CITY_LEADER):
        problems = Problem.objects.filter(
            owner_unit_id=user.unit_id, status=ProblemStatus.OPEN
        ).aggregate(
            open=Count("id"),
            due=Count("id", filter=rules.due_soon_q(today)),
            late=Count("id", filter=rules.late_q(today)),
        )
        actions = ActionItem.objects.filter(
            owner_unit_id=user.unit_id, status=ActionStatus.OPEN
        ).aggregate(open=Count("id"), late=Count("id", filter=rules.late_q(today)))
        queue = reverse("assistance:queue")
        result.append(
            {
                "title": _("精准帮扶 · 本单位待办"),
                "rows": [
                    (_("待解决问题"), problems["open"], queue),
                    (_("3日内到期"), problems["due"], queue),
                    (_("已逾期问题"), problems["late"], queue),
                    (_("联席会议待落实任务"), actions["open"], queue),
                    (_("逾期任务"), actions["late"], queue),
                ],
            }
        )
    if user.has_role(Role.CITY_LEADER, Role.DRC_REVIEWER):
        escalated = Problem.objects.filter(escalated=True, status=ProblemStatus.OPEN).aggregate(
            total=Count("id"),
            mine=Count("id", filter=Q(case__team__lead_leader__user=user)),
            late=Count("id", filter=rules.late_q(today)),
        )
        teams = AssistanceCase.objects.aggregate(
            proposed=Count("id", filter=Q(team_status=TeamStatus.PROPOSED, tier="city")),
            compiled=Count("id", filter=Q(team_status=TeamStatus.COMPILED)),
            mine=Count(
                "id", filter=Q(team_status=TeamStatus.COMPILED, team__lead_leader__user=user)
            ),
        )
        escalations = reverse("assistance:escalations")
        cases = reverse("assistance:list")
        rows = [
            (_("上报市政府未解决的问题"), escalated["total"], escalations),
            (_("其中已逾期"), escalated["late"], escalations),
        ]
        if user.has_role(Role.CITY_LEADER):
            rows += [
                (_("我帮扶项目上报的问题"), escalated["mine"], escalations),
                (_("待我同意的服务团队"), teams["mine"], reverse("assistance:queue")),
            ]
        else:
            rows += [
                (_("待汇总的团队名单"), teams["proposed"], f"{cases}?team_status=proposed"),
                (_("待市领导同意的团队名单"), teams["compiled"], f"{cases}?team_status=compiled"),
            ]
        result.append({"title": _("精准帮扶 · 督办"), "rows": rows})
    return result
