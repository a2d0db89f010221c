"""Who the assistance app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind
from yingkou.notifications import is_current, leader_or_city_government, notify

from . import rules
from .choices import DeadlineState
from .models import ActionItem, Problem, PromotionGroup, SupervisionReport


def deadline_notices(day: dt.date) -> int:
    """A-3, A-7: each open problem and meeting action item due soon or late, to its owner unit."""
    if not is_current(day):
        return 0
    window = rules.late_q(day) | rules.due_soon_q(day)
    told = 0
    for problem in Problem.objects.filter(window).select_related("case__project"):
        told += _deadline(
            problem.due_on,
            day,
            what=_("帮扶问题"),
            name=problem.title,
            project=problem.case.project.name,
            key=f"assistance:problem:{problem.pk}",
            url=reverse("assistance:problem", args=[problem.pk]),
            unit_id=problem.owner_unit_id,
        )
    for item in ActionItem.objects.filter(window).select_related("meeting__case__project"):
        told += _deadline(
            item.due_on,
            day,
            what=_("联席会议任务"),
            name=item.description[:60],
            project=item.meeting.case.project.name,
            key=f"assistance:action:{item.pk}",
            url=reverse("assistance:meeting", args=[item.meeting_id]),
            unit_id=item.owner_unit_id,
        )
    return told


def _deadline(due_on, day, *, what, name, project, key, url, unit_id) -> int:
    state = rules.problem_deadline_state(status="open", due_on=due_on, today=day)
    due = f"{due_on.month}月{due_on.day}日"
    if state == DeadlineState.LATE:
        kind, title = NotificationKind.ITEM_OVERDUE, _("%(what)s已逾期（%(due)s到期）：%(name)s")
    else:
        kind, title = NotificationKind.ITEM_DUE, _("%(what)s将于%(due)s到期：%(name)s")
    return notify(
        kind=kind,
        title=title % {"what": what, "name": name, "due": due},
        body=_("项目：%(project)s") % {"project": project},
        key=f"{key}:{state}",
        url=url,
        units=[unit_id],
    )


def problem_escalated(problem: Problem) -> int:
    """A-3: a problem reported to the city government goes to the assisting leader (or, without a
    login, to the city government)."""
    case = problem.case
    return notify(
        kind=NotificationKind.ESCALATION,
        title=_("帮扶问题报请市政府协调：%(title)s") % {"title": problem.title},
        body=_("项目：%(project)s\n上报理由：%(reason)s")
        % {"project": case.project.name, "reason": problem.escalation_reason},
        key=f"assistance:problem:{problem.pk}:escalated",
        url=reverse("assistance:problem", args=[problem.pk]),
        **leader_or_city_government(case.team.lead_leader),
    )


def dispatch_published(report: SupervisionReport, group: PromotionGroup) -> int:
    """A-4: a group's monthly dispatch to the areas it covers and to its head and members."""
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(title)s已发布") % {"title": report.title},
        key=f"assistance:report:{report.pk}",
        url=reverse("assistance:report", args=[report.pk]),
        users=[*group.members.all(), *([group.head] if group.head else [])],
        units=[unit.pk for unit in group.areas.all()],
    )


def city_report_published(report: SupervisionReport) -> int:
    """A-8: the month's report of problems goes to the city government."""
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(title)s已报市政府") % {"title": report.title},
        key=f"assistance:report:{report.pk}",
        url=reverse("assistance:report", args=[report.pk]),
        **leader_or_city_government(None),
    )
