"""Who the assistance app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind, Role
from yingkou.dates import long_date, month_day
from yingkou.industries import city_industry_authority
from yingkou.models import User
from yingkou.notifications import (
    DeadlineItems,
    Notice,
    deadline_reminders,
    is_current,
    leader_or_city_government,
    notify,
    notify_many,
)

from . import rules
from .choices import CaseStatus, ReminderOccasion, Tier
from .models import (
    ActionItem,
    AssistanceCase,
    Problem,
    PublicationReminder,
    SupervisionReport,
)


def deadline_notices(day: dt.date, *, soon_until: dt.date | None = None) -> int:
    """A-3, A-7: each open problem and meeting action item due soon, due today or late, to its
    owner unit."""
    return deadline_reminders(
        day,
        DeadlineItems(
            what=_("帮扶问题"),
            key="assistance:problem",
            items=Problem.objects.open().select_related("case__project"),
            describe=lambda problem: {
                "name": problem.title,
                "project": problem.case.project.name,
                "url": reverse("assistance:problem", args=[problem.pk]),
                "unit_id": problem.owner_unit_id,
            },
        ),
        DeadlineItems(
            what=_("联席会议任务"),
            key="assistance:action",
            items=ActionItem.objects.open().select_related("meeting__case__project"),
            describe=lambda item: {
                "name": item.description[:60],
                "project": item.meeting.case.project.name,
                "url": reverse("assistance:meeting", args=[item.meeting_id]),
                "unit_id": item.owner_unit_id,
            },
        ),
        soon_until=soon_until,
    )


def problem_escalated(problem: Problem) -> int:
    """A-3: a problem reported to the city government goes to the assisting city leader (or, for
    a case its area or department assists or a leader without a login, to the city government)."""
    case = problem.case
    return notify(
        kind=NotificationKind.ESCALATION,
        title=_("帮扶问题报请市政府协调：%(title)s") % {"title": problem.title},
        body=_("项目：%(project)s\n上报理由：%(reason)s")
        % {"project": case.project.name, "reason": problem.escalation_reason},
        key=f"assistance:problem:{problem.pk}:escalated",
        url=reverse("assistance:problem", args=[problem.pk]),
        **leader_or_city_government(rules.escalation_receiving_leader(case)),
    )


def problem_instructed(problem: Problem) -> int:
    """A-3: the city government's instruction on a reported problem goes back to the units that
    carry it out: the case's lead unit, which reported it, and the problem's owner unit."""
    case = problem.case
    return notify(
        kind=NotificationKind.ESCALATION,
        title=_("市政府对上报问题的意见：%(title)s") % {"title": problem.title},
        body=_("项目：%(project)s\n市政府意见：%(instruction)s")
        % {"project": case.project.name, "instruction": problem.city_instruction},
        key=f"assistance:problem:{problem.pk}:instructed",
        url=reverse("assistance:problem", args=[problem.pk]),
        units=sorted({case.team.lead_unit_id, problem.owner_unit_id} - {None}),
    )


def industry_service_awaited(case) -> int:
    """A-3 (帮扶机制二(二): 各行业主管部门…为每个重点项目配备分管领导和服务人员): a key project awaits its
    leader in charge and service staff from the city's competent department for its industry
    (`yingkou.industries.city_industry_authority`), which is told — when the case opens, and when
    a change of the project's industry makes another department competent. Once per case and
    department, and not at all while it has people serving the case (`rules.industry_service_missing`)
    or the city has no such department."""
    department = city_industry_authority(case.project.industry or "")
    if department is None or case.status != CaseStatus.ACTIVE:
        return 0
    services = case.industry_services.select_related("leader_in_charge", "service_staff")
    if not rules.industry_service_missing(case, department, list(services)):
        return 0
    project = case.project
    return notify_many(
        [
            Notice(
                kind=NotificationKind.INDUSTRY_SERVICE,
                title=_("本行业重点项目待配备分管领导和服务人员：%(project)s")
                % {"project": project.name},
                body=_(
                    "项目所属行业：%(industry)s。本部门是该行业的主管部门，须为每个重点项目配备"
                    "分管领导和服务人员，配合项目帮扶领导和帮扶团队开展精准帮扶（A-3），"
                    "请在帮扶项目页面配备。"
                )
                % {"industry": f"{project.industry} {project.industry_name}".strip()},
                key=f"assistance:{case.pk}:industry-service:{department.pk}",
                url=reverse("assistance:detail", args=[case.pk]) + "#industry-service",
                unit_ids=(department.pk,),
                once=True,
            )
        ]
    )


def team_proposed(case) -> int:
    """A-5: a city-leader project's team list proposed by its area or department waits for the
    DRC, which compiles it; the DRC's reviewers are told when it arrives."""
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("服务团队名单待汇总：%(project)s") % {"project": case.project.name},
        body=_("%(unit)s已提出责任领导和服务团队，请汇总后报帮扶市领导同意（A-5）。")
        % {"unit": case.team.lead_unit},
        key=f"assistance:team:{case.pk}:proposed:{case.version}",
        url=reverse("assistance:detail", args=[case.pk]),
        users=User.objects.filter(role=Role.DRC_REVIEWER, is_active=True),
    )


def team_compiled(case) -> int:
    """A-5: the compiled list waits for the assisting city leader, who approves it or sends it
    back (`permissions.can_decide_team`); he is told when it reaches him. A leader without a login
    is asked in person: the DRC reviewers, who record his decision for him, are told instead."""
    leader = case.team.lead_leader
    user = getattr(leader, "user", None) if leader is not None else None
    if user is None:
        return notify(
            kind=NotificationKind.HANDED_OVER,
            title=_("服务团队名单待帮扶市领导同意（代为录入）：%(project)s")
            % {"project": case.project.name},
            body=_("帮扶市领导%(leader)s未开通系统账号，请取得其同意或退回意见后代为录入（A-5）。")
            % {"leader": leader.name if leader else ""},
            key=f"assistance:team:{case.pk}:compiled:{case.version}",
            url=reverse("assistance:detail", args=[case.pk]),
            users=User.objects.filter(role=Role.DRC_REVIEWER, is_active=True),
        )
    return notify(
        kind=NotificationKind.HANDED_OVER,
        title=_("服务团队名单待您同意：%(project)s") % {"project": case.project.name},
        body=_("市发展改革委已汇总%(unit)s提出的责任领导和服务团队，请同意或提出意见退回（A-5）。")
        % {"unit": case.team.lead_unit},
        key=f"assistance:team:{case.pk}:compiled:{case.version}",
        url=reverse("assistance:detail", args=[case.pk]),
        users=[user],
    )


def team_decided(case) -> int:
    """A-5: the assisting city leader's decision on the team list goes to the area or department
    that proposed it (the case's lead unit) — approved, or sent back with the comments to act on."""
    from .choices import TeamStatus

    approved = case.team_status == TeamStatus.APPROVED
    return notify(
        kind=(
            NotificationKind.DECLARATION_APPROVED
            if approved
            else NotificationKind.DECLARATION_RETURNED
        ),
        title=(
            _("服务团队名单已经帮扶市领导同意：%(project)s")
            if approved
            else _("服务团队名单被帮扶市领导退回：%(project)s")
        )
        % {"project": case.project.name},
        body="" if approved else _("退回意见：%(comment)s") % {"comment": case.team_comment},
        key=f"assistance:team:{case.pk}:{case.team_status}",
        url=reverse("assistance:detail", args=[case.pk]),
        units=[case.team.lead_unit_id],
    )


def dispatch_published(report: SupervisionReport) -> int:
    """A-4: a group's monthly dispatch goes to those who read it, as kept with it: the areas the
    group covered in that month, its head and members then, and the lead units of the cases it
    lists (who read their own cases in it)."""
    units = set(report.group_areas.values_list("pk", flat=True))
    units.update(report.lead_units.values_list("pk", flat=True))
    people = list(report.group_people.all())
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(title)s已发布") % {"title": report.title},
        key=f"assistance:report:{report.pk}",
        url=reverse("assistance:report", args=[report.pk]),
        users=people,
        units=sorted(units),
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


def inspection_published(report: SupervisionReport) -> int:
    """A-8: the quarter's inspection report is circulated (通报) to the areas and departments it
    inspects; each is told its own assessment (季度考核) — score, rank and verdict, or 不评定 when
    no problem's time limit was tested in the quarter — with its counts, and may open the report
    (read city-wide). Told once per quarter and unit: the job archives the quarter once, and a
    re-run, which keeps the archive, tells no one again."""
    url = reverse("assistance:report", args=[report.pk])
    return notify_many(
        Notice(
            kind=NotificationKind.CIRCULAR,
            title=_("%(title)s已通报：%(result)s")
            % {"title": report.title, "result": _inspection_result(row)},
            body=_inspection_counts(row),
            key=f"assistance:inspection:{report.period_key}:{row['unit_id']}",
            url=url,
            unit_ids=(row["unit_id"],),
            once=True,
        )
        for row in report.content.get("rows", [])
    )


def _inspection_result(row: dict) -> str:
    """A unit's own line of a quarter's assessment, as its notice says it."""
    if not row.get("verdict_label"):  # archived before the assessment was kept
        return _("本单位帮扶项目%(cases)d个") % {"cases": row["cases"]}
    if row.get("score") is None:
        return _("本单位%(verdict)s（本季度无到期或解决的“最后一公里”问题）") % {
            "verdict": row["verdict_label"]
        }
    return _("本单位%(verdict)s，得分%(score)s，排名第%(rank)d") % {
        "verdict": row["verdict_label"],
        "score": row["score"],
        "rank": row["rank"],
    }


def _inspection_counts(row: dict) -> str:
    counts = _(
        "帮扶项目%(cases)d个；按时解决问题%(on_time)d个，逾期%(late)d个，上报市政府%(escalated)d个，"
        "期末未解决%(open)d个。"
    ) % {
        "cases": row["cases"],
        "on_time": row["solved_on_time"],
        "late": row["late"],
        "escalated": row["escalated"],
        "open": row["open"],
    }
    # the unit's arrangements and its own yearly plans, one total, each told apart.
    cases, plans = row.get("unpublished") or 0, row.get("unpublished_plans") or 0
    if cases + plans:
        counts += _(
            "帮扶安排和帮扶方案确定后20个工作日内未在门户网站公示的共%(total)d项（A-5）："
            "帮扶项目%(cases)d个，帮扶方案%(plans)d个。"
        ) % {"total": cases + plans, "cases": cases, "plans": plans}
    return counts + _(
        "得分为按时解决问题占按时解决与逾期之和的百分比，85分以上通报表彰，60分以下通报批评。"
    )


def weekly_dispatch_recorded(dispatch) -> int:
    """A-8 (帮扶机制二(一)): the DRC's dispatch of the week goes to the units whose projects under
    construction have not reported that week."""
    from . import selectors

    content = selectors.weekly_dispatch(week=dispatch.week, moment=None)
    unit_ids = {r["unit_id"] for r in content["projects"] if r["state"] == "missing"} - {None}
    return notify(
        kind=NotificationKind.WEEKLY_DISPATCH,
        title=_("在建项目周调度：%(week)s起的一周，本单位尚有项目未报送进展")
        % {"week": month_day(dispatch.week)},
        body=dispatch.remarks,
        key=f"assistance:weekly:{dispatch.week.isoformat()}",
        url=reverse("assistance:weekly") + f"?week={dispatch.week.isoformat()}",
        units=sorted(unit_ids),
    )


def coordination_proposed(entry) -> int:
    """A-5 (帮扶机制二(二)): a new line of a proposal list goes to the DRC, which compiles it."""
    return notify(
        kind=NotificationKind.COORDINATION,
        title=_("建议名单：%(project)s涉及%(unit)s")
        % {"project": entry.case.project.name, "unit": entry.involved_unit.name},
        body=entry.matter,
        key=f"assistance:coordination:{entry.pk}:proposed",
        url=reverse("assistance:coordination"),
        users=User.objects.filter(role=Role.DRC_REVIEWER, is_active=True),
    )


def coordination_reported(report, entries) -> int:
    """A-5: the compiled report goes to the city government; the proposing units learn it went."""
    url = reverse("assistance:coordination_report", args=[report.pk])
    told = notify(
        kind=NotificationKind.COORDINATION,
        title=_("%(title)s已报市政府") % {"title": report.title},
        body=report.note,
        key=f"assistance:coordination-report:{report.pk}",
        url=url,
        **leader_or_city_government(None),
    )
    return told + notify(
        kind=NotificationKind.COORDINATION,
        title=_("本单位提出的建议名单已由发改委汇总报市政府（%(title)s）")
        % {"title": report.title},
        key=f"assistance:coordination-report:{report.pk}:units",
        url=url,
        units=sorted({entry.proposing_unit_id for entry in entries}),
    )


def coordination_decided(entry) -> int:
    """A-5: the city government's decision goes to the proposing and the involved unit."""
    return notify(
        kind=NotificationKind.COORDINATION,
        title=_("市政府对建议名单事项的意见：%(project)s涉及%(unit)s（%(status)s）")
        % {
            "project": entry.case.project.name,
            "unit": entry.involved_unit.name,
            "status": entry.get_status_display(),
        },
        body=entry.decision,
        key=f"assistance:coordination:{entry.pk}:decided",
        url=reverse("assistance:coordination_report", args=[entry.report_id]),
        units=[entry.proposing_unit_id, entry.involved_unit_id],
    )


def weekly_progress_due(day: dt.date) -> int:
    """A-8 (帮扶机制二(一)): on the week's due day, the units whose projects under construction have
    not reported this week's progress yet."""
    from . import selectors

    if not is_current(day) or rules.weekly_progress_due_rule(day) != day:
        return 0
    content = selectors.weekly_dispatch(week=day, moment=None)
    unit_ids = {r["unit_id"] for r in content["projects"] if r["state"] == "missing"} - {None}
    return notify(
        kind=NotificationKind.WEEKLY_DISPATCH,
        title=_("今天应报送在建项目本周进展（周调度）"),
        body=_("本单位负责的在建项目尚未报送本周形象进度和完成投资，请于今日内报送。"),
        key=f"assistance:weekly:{rules.week_monday(day).isoformat()}:due",
        url=reverse("assistance:weekly"),
        units=sorted(unit_ids),
    )


def leader_missing_reminders(day: dt.date) -> int:
    """A-2 (一个项目、一位领导): on the week's dispatch day (周调度: its Friday, or the last working
    day before it when Friday is off), each area or department leading cases it assists itself
    that still have no assisting leader is told how many, with the list to name them from
    (自行确定帮扶领导). A city leader is named through A-5, so city-tier cases are not counted.
    Once a week per unit; a catch-up run of an older day tells nobody."""
    if not is_current(day) or rules.weekly_progress_due_rule(day) != day:
        return 0
    counts = (
        AssistanceCase.objects.filter(rules.leader_missing_q(), tier=Tier.LOCAL)
        .order_by()
        .values_list("team__lead_unit_id")
        .annotate(n=Count("pk"))
    )
    url = (
        reverse("assistance:list")
        + "?"
        + urlencode({"tier": Tier.LOCAL, "led_by_unit": "true", "leader_missing": "true"})
    )
    week = rules.week_monday(day).isoformat()
    return notify_many(
        Notice(
            kind=NotificationKind.LEADER_MISSING,
            title=_("本单位牵头的%(count)d个帮扶项目尚未确定帮扶领导") % {"count": count},
            body=_(
                "地区、部门负责帮扶的项目须自行确定帮扶领导，落实“一个项目、一位领导、一个团队、"
                "一抓到底”（A-2）；确定前不予公示，也无法召集部门联席会议。"
            ),
            key=f"assistance:leader-missing:{week}",
            url=url,
            unit_ids=(unit_id,),
        )
        for unit_id, count in counts
        if unit_id is not None
    )


def publication_reminders(reminders: list[PublicationReminder]) -> int:
    """A-5 (帮扶方案、帮扶项目名单、帮扶领导和帮扶团队要在各自门户网站进行公示): each reminder just
    recorded (`services.assistance_publication_remind`) goes to every user of the area or
    department that publishes — a case's lead unit, a plan's own unit — saying by when, and
    once overdue that the due day has passed, linked to the page where the publication is
    recorded."""
    return notify_many(_publication_notice(reminder) for reminder in reminders)


def _publication_notice(reminder: PublicationReminder) -> Notice:
    overdue = reminder.occasion == ReminderOccasion.OVERDUE
    values = {
        "decided": long_date(reminder.decided_on),
        "due": long_date(reminder.due_on),
        "days": rules.PUBLICATION_WORKING_DAYS,
    }
    if reminder.case_id:
        case = reminder.case
        values["name"] = case.project.name
        key = f"assistance:publication:case:{case.pk}"
        url = reverse("assistance:detail", args=[case.pk])
        if overdue:
            title = _("帮扶安排未按期在门户网站公示（%(due)s到期）：%(name)s")
        else:
            title = _("请于%(due)s前在本单位门户网站公示帮扶安排：%(name)s")
        body = _(
            "该项目的帮扶安排于%(decided)s确定，须在%(days)d个工作日内、于%(due)s前在本单位门户网站"
            "公示帮扶方案、项目、帮扶领导和服务团队（A-5）。"
        )
        record = _("公示后请在帮扶项目页面记录公示日期和网址。")
    else:
        plan = reminder.plan
        values["name"] = plan.title
        key = f"assistance:publication:plan:{plan.pk}"
        url = reverse("assistance:plan_detail", args=[plan.pk])
        if overdue:
            title = _("帮扶方案未按期在门户网站公示（%(due)s到期）：%(name)s")
        else:
            title = _("请于%(due)s前在本单位门户网站公示帮扶方案：%(name)s")
        body = _(
            "本单位的帮扶方案于%(decided)s确定，须在%(days)d个工作日内、于%(due)s前在本单位门户网站"
            "公示（A-5）。"
        )
        record = _("公示后请在帮扶方案页面记录公示日期和网址。")
    if overdue:
        body += _("已逾期，现为“未公示”。")
    return Notice(
        kind=NotificationKind.PUBLICATION,
        title=title % values,
        body=(body % values) + record,
        key=f"{key}:{reminder.decided_on.isoformat()}:{reminder.occasion}",
        url=url,
        unit_ids=(reminder.unit_id,),
    )
