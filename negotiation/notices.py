"""Who the negotiation app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind
from yingkou.notifications import deadline_notice, is_current, notify, notify_many, units_named

from .choices import NegotiationStage
from .models import TeamTask


def deadline_notices(day: dt.date) -> int:
    """N-3, N-4: each open question and team task due on `day` or late, to its owner unit."""
    if not is_current(day):
        return 0
    from .selectors import questions_due_and_late

    due, late = questions_due_and_late(day)
    tasks = (
        TeamTask.objects.open().exclude(case__stage=NegotiationStage.ENDED).filter(due_on__lte=day)
    )
    notices = []
    for state, questions in (("due", due), ("overdue", late)):
        for question in questions:
            notices.append(
                deadline_notice(
                    day=day,
                    what=_("投资方问题"),
                    name=question.question[:40],
                    project=question.case.project.name,
                    due_on=question.due_on,
                    key=f"negotiation:question:{question.pk}:{state}",
                    url=reverse("negotiation:detail", args=[question.case_id]),
                    unit_id=question.owner_unit_id,
                )
            )
    for task in tasks.select_related("case__project"):
        state = "due" if task.due_on == day else "overdue"
        notices.append(
            deadline_notice(
                day=day,
                what=_("交办任务"),
                name=task.title,
                project=task.case.project.name,
                due_on=task.due_on,
                key=f"negotiation:task:{task.pk}:{state}",
                url=reverse("negotiation:detail", args=[task.case_id]),
                unit_id=task.owner_unit_id,
            )
        )
    return notify_many(notices)


def circular_published(payload: dict) -> int:
    """N-6: the month's circular to every unit it names (lead and negotiating units)."""
    period = payload["period"]
    names = {row["lead_unit"] for row in payload["rows"]}
    names |= {row["negotiating_unit"] for row in payload["rows"]}
    year, month = period.split("-")
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(year)s年%(month)s月洽谈项目通报已发布") % {"year": year, "month": int(month)},
        key=f"negotiation:circular:{period}",
        url=reverse("negotiation:circular", args=[period]),
        units=units_named(names),
    )
