"""Who the negotiation app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind
from yingkou.dates import long_date, year_month
from yingkou.notifications import (
    DeadlineItems,
    Notice,
    deadline_reminders,
    is_current,
    leader_or_city_government,
    notify,
    notify_many,
    units_named,
)

from . import rules
from .choices import NegotiationStage, QuestionKind
from .models import InvestorQuestion, ProgressDispatch, TeamTask
from .selectors import lead_units_behind, owed


def deadline_notices(day: dt.date) -> int:
    """N-3, N-4: each question still owed to the investor and each open team task of a case not
    ended, due soon, due today or late, to its owner unit."""
    return deadline_reminders(day, *deadline_kinds())


def deadline_kinds() -> tuple[DeadlineItems, ...]:
    """N-3, N-4: the app's items still owed by a date, and the unit that must act on each (its
    daily reminders, its dates moved by a calendar change)."""
    return (
        DeadlineItems(
            what=_("投资方问题"),
            key="negotiation:question",
            items=owed(InvestorQuestion.objects.select_related("case__project")),
            describe=lambda question: {
                "name": question.question[:40],
                "project": question.case.project.name,
                "url": reverse("negotiation:detail", args=[question.case_id]),
                "unit_id": question.owner_unit_id,
            },
        ),
        DeadlineItems(
            what=_("交办任务"),
            key="negotiation:task",
            items=TeamTask.objects.open()
            .exclude(case__stage=NegotiationStage.ENDED)
            .select_related("case__project"),
            describe=lambda task: {
                "name": task.title,
                "project": task.case.project.name,
                "url": reverse("negotiation:detail", args=[task.case_id]),
                "unit_id": task.owner_unit_id,
            },
        ),
    )


def circular_published(payload: dict) -> int:
    """N-6: the month's circular to every unit it names (lead and negotiating units), found by
    id: a circular built late names them as they were named at the month's end, and a unit
    renamed since is told all the same (a circular archived before it kept ids, by name)."""
    period = payload["period"]
    units, names = set(), set()
    for row in payload["rows"]:
        for side in ("lead_unit", "negotiating_unit"):
            if f"{side}_id" in row:
                units.add(row[f"{side}_id"])
            else:
                names.add(row[side])
    year, month = period.split("-")
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(year)s年%(month)s月洽谈项目通报已发布") % {"year": year, "month": int(month)},
        key=f"negotiation:circular:{period}",
        url=reverse("negotiation:circular", args=[period]),
        units=[*units, *units_named(names)],
    )


def _day(day: dt.date) -> str:
    return long_date(day)


def question_assigned(question: InvestorQuestion) -> int:
    """N-4: a question raised for another team unit goes to that unit when it is raised. Its
    limit may be 3 days; the daily deadline reminder would tell the unit only with its next run."""
    if question.raised_by_id and question.raised_by.unit_id == question.owner_unit_id:
        return 0
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("投资方问题请贵单位答复：%(question)s") % {"question": question.question[:40]},
        body=_("项目：%(project)s；答复时限：%(due)s")
        % {"project": question.case.project.name, "due": _day(question.due_on)},
        key=f"negotiation:question:{question.pk}:to:{question.owner_unit_id}",
        url=reverse("negotiation:detail", args=[question.case_id]),
        units=[question.owner_unit_id],
    )


def question_reported_to_city(question: InvestorQuestion) -> int:
    """N-4: a question for the city government reaches it when the lead unit reports it (由牵头
    单位及时上报市政府), not first when it is escalated unanswered: the team's lead leader when he
    is a city leader with a login (`rules.city_question_receiver`), else every user of the city
    government. Other kinds of question stay with the team."""
    if question.kind != QuestionKind.CITY:
        return 0
    case = question.case
    return notify(
        kind=NotificationKind.ESCALATION,
        title=_("牵头单位上报市政府的投资方问题：%(question)s")
        % {"question": question.question[:40]},
        body=_("项目：%(project)s；上报单位：%(unit)s；答复时限：%(due)s")
        % {
            "project": case.project.name,
            "unit": question.owner_unit.name,
            "due": _day(question.due_on),
        },
        key=f"negotiation:question:{question.pk}:reported",
        # The question's page: the city government's own people are not on the case.
        url=question.get_absolute_url(),
        **leader_or_city_government(rules.city_question_receiver(case)),
    )


def task_assigned(task: TeamTask) -> int:
    """N-3: a task the lead unit assigns to a team unit goes to that unit when it is assigned,
    not first on its due day."""
    if task.assigned_by_id and task.assigned_by.unit_id == task.owner_unit_id:
        return 0
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("交办任务请贵单位办理：%(task)s") % {"task": task.title},
        body=_("项目：%(project)s；完成时限：%(due)s")
        % {"project": task.case.project.name, "due": _day(task.due_on)},
        key=f"negotiation:task:{task.pk}:to:{task.owner_unit_id}",
        url=reverse("negotiation:detail", args=[task.case_id]),
        units=[task.owner_unit_id],
    )


def team_joined(case, *, units=(), leader=None) -> int:
    """N-2, N-3: the units brought into a case's team (谁关联、谁配合) and its newly named lead
    leader (if they have a login) learn of it when it happens: without it a cooperating unit or
    a vice-mayor named to lead first heard of the project from a deadline or an escalation."""
    project = case.project.name
    team = case.team
    lead = team.lead_unit.name if team.lead_unit_id else ""
    notices = [
        Notice(
            kind=NotificationKind.HANDED_OVER,
            title=_("请贵单位配合洽谈项目：%(project)s") % {"project": project},
            body=_("牵头单位：%(lead)s（谁牵头、谁负责，谁关联、谁配合）") % {"lead": lead},
            key=f"negotiation:case:{case.pk}:unit:{unit.pk}",
            url=reverse("negotiation:detail", args=[case.pk]),
            unit_ids=(unit.pk,),
        )
        for unit in units
        if unit.pk != team.lead_unit_id
    ]
    user = getattr(leader, "user", None) if leader is not None else None
    if user is not None and user.is_active:
        notices.append(
            Notice(
                kind=NotificationKind.HANDED_OVER,
                title=_("您被确定为洽谈项目牵头领导：%(project)s") % {"project": project},
                body=_("牵头单位：%(lead)s") % {"lead": lead},
                key=f"negotiation:case:{case.pk}:leader:{leader.pk}",
                url=reverse("negotiation:detail", args=[case.pk]),
                user_ids=(user.pk,),
            )
        )
    return notify_many(notices)


def _behind_list(period: str) -> str:
    """N-6: the lead unit's own cases missing `period`'s report (the case list, `mine`,
    `report_missing` and `month` filters: lead units do not see the investment bureau's pool).
    The month is named, so a notice read after its month still opens that month's list."""
    return reverse("negotiation:list") + f"?mine=true&report_missing=true&month={period}"


NAMES_SHOWN = 10


def _projects(names: list[str]) -> str:
    shown = "、".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        return _("%(names)s等%(count)d个项目") % {"names": shown, "count": len(names)}
    return shown


def progress_reports_due(day: dt.date) -> int:
    """N-6: on the month's reminder days (`rules.progress_report_reminder_rule`: three working
    days left, and the last working day) each lead unit whose teams have not reported the month
    yet, naming the projects. Each reminder is told once per month (a rerun tells nobody again);
    a catch-up run of an older day tells nobody."""
    occasion = rules.progress_report_reminder_rule(day)
    if occasion is None or not is_current(day):
        return 0
    period = rules.report_month(day)
    month = year_month(day)
    title = (
        _(
            "今天是上报%(month)s洽谈项目推进情况的最后一个工作日，本单位牵头的%(count)d个项目尚未上报"
        )
        if occasion == "last"
        else _("请于%(due)s前上报%(month)s洽谈项目推进情况，本单位牵头的%(count)d个项目尚未上报")
    )
    due = _day(rules.progress_report_due(period))
    return notify_many(
        Notice(
            kind=NotificationKind.PROGRESS_REPORT,
            title=title % {"month": month, "count": len(names), "due": due},
            body=_("项目：%(projects)s") % {"projects": _projects(names)},
            key=f"negotiation:report:{period}:{occasion}",
            url=_behind_list(period),
            unit_ids=(unit_id,),
            once=True,
        )
        for unit_id, names in lead_units_behind(period).items()
    )


def progress_dispatched(dispatch: ProgressDispatch) -> int:
    """N-6: the investment bureau's dispatch of a month (调度, the running one or a closed one)
    goes to each lead unit whose teams have not reported that month yet, with its remarks and
    the projects behind."""
    period = dispatch.period
    month = year_month(dt.date(*(int(part) for part in period.split("-")), 1))
    return notify_many(
        Notice(
            kind=NotificationKind.PROGRESS_REPORT,
            title=_("市招商局调度：本单位牵头的%(count)d个洽谈项目尚未上报%(month)s推进情况")
            % {"count": len(names), "month": month},
            body=_("调度意见：%(remarks)s\n项目：%(projects)s")
            % {"remarks": dispatch.remarks, "projects": _projects(names)},
            key=f"negotiation:dispatch:{dispatch.period}",
            url=_behind_list(period),
            unit_ids=(unit_id,),
        )
        for unit_id, names in lead_units_behind(dispatch.period).items()
    )
