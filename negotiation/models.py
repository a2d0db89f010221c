"""Negotiation cases (项目洽谈, SPEC §3): one project, one leader, one team, followed to the end."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.models.deadlines import DeadlineQuerySet, DeadlineWork
from yingkou.models.dispatches import Dispatch
from yingkou.querysets import UnitScopedQuerySet
from yingkou.scheduling.periods import period_name

from .choices import ArchiveKind, NegotiationStage, QuestionKind, TaskStatus


def _involving(unit_id: int) -> Q:
    """The cases a unit negotiates, the ones landing in its area and the ones where it is on the
    team (SPEC §0)."""
    from yingkou.models.teams import team_ids_involving

    return (
        Q(negotiating_unit_id=unit_id)
        | Q(landing_unit_id=unit_id)
        | Q(team_id__in=team_ids_involving(unit_id))
    )


class NegotiationCaseQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "NegotiationCaseQuerySet":
        return self.filter(_involving(user.unit_id))

    def open(self) -> "NegotiationCaseQuerySet":
        return self.filter(stage__in=NegotiationStage.open_stages())

    def with_related(self) -> "NegotiationCaseQuerySet":
        return self.select_related(
            "project",
            "negotiating_unit",
            "landing_unit",
            "team__lead_leader",
            "team__lead_unit",
            "team__main_negotiating_unit",
            "team__service_liaison__unit",
        ).prefetch_related("team__cooperating_units")

    def for_list(self) -> "NegotiationCaseQuerySet":
        """What a row of a case list shows (`_cases_table.html`, the API's case fields): the
        team's lead and main negotiating units are left to the case page. Joined as well, the
        nine tables cost PostgreSQL 20-30 ms of planning for each page of the pool (100,000
        projects), against 1.4 ms of execution."""
        return self.select_related(
            "project",
            "negotiating_unit",
            "landing_unit",
            "team__lead_leader",
            "team__service_liaison__unit",
        ).prefetch_related("team__cooperating_units")


class NegotiationCase(models.Model):
    """A project from first contact to signing (接触 → 考察论证 → 协商洽谈 → 签约, N-1)."""

    project = models.OneToOneField(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="negotiation_case",
    )
    negotiating_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("洽谈单位"),
        on_delete=models.PROTECT,
        related_name="negotiated_cases",
        help_text=_("洽谈该项目的市直部门、市委人大政协群团或县(市)区、园区"),
    )
    landing_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("拟落地县(市)区/园区"),
        on_delete=models.PROTECT,
        related_name="landing_negotiations",
        null=True,
        blank=True,
    )
    team = models.OneToOneField(
        "yingkou.Team",
        verbose_name=_("服务团队"),
        on_delete=models.PROTECT,
        related_name="negotiation_case",
    )
    stage = models.CharField(
        _("洽谈阶段"),
        max_length=16,
        choices=NegotiationStage.choices,
        default=NegotiationStage.CONTACT,
    )
    opened_on = models.DateField(_("首次接触日期"))
    stage_changed_on = models.DateField(_("进入当前阶段日期"))
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.TextField(_("终止原因"), blank=True)
    investor = models.CharField(_("投资方"), max_length=200, blank=True)
    summary = models.TextField(_("项目洽谈概况"), blank=True)
    lead_unfit = models.BooleanField(
        _("牵头领导待调整"),
        default=False,
        help_text=_("项目变更后牵头领导不再符合 N-2，须由牵头单位调整后方可签约"),
    )
    rule_note = models.CharField(_("N-2 重新判定"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = NegotiationCaseQuerySet.as_manager()

    #: Set by the signing service when assistance declined the handover (A-1), for the message.
    handover_refusal: str = ""

    class Meta:
        verbose_name = _("洽谈项目")
        verbose_name_plural = _("洽谈项目")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["stage"]),
            # The list's default order: a page reads 50 cases in index order (migration 0008).
            models.Index(fields=["-opened_on", "-id"], name="negotiation_case_order"),
        ]

    def __str__(self) -> str:
        return str(self.project)

    @property
    def is_open(self) -> bool:
        return self.stage in NegotiationStage.open_stages()

    @property
    def is_closed(self) -> bool:
        """N-1: signed or ended; nothing new is recorded on it, its team included."""
        return not self.is_open

    def team_rule(self, *, with_candidates: bool = False):
        """The N-2 rule that applies to this case: rule, tier, requirements (and candidates)."""
        from .rules import negotiation_team_rule

        return negotiation_team_rule(
            negotiating_unit=self.negotiating_unit,
            project=self.project,
            landing_unit=self.landing_unit,
            with_candidates=with_candidates,
        )

    @property
    def composition(self):
        return self.team_rule()


class StageTransition(models.Model):
    """One dated move of a case between stages (N-1); the log of the case's life."""

    case = models.ForeignKey(
        NegotiationCase,
        verbose_name=_("洽谈项目"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_stage = models.CharField(
        _("原阶段"), max_length=16, choices=NegotiationStage.choices, blank=True
    )
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=NegotiationStage.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("洽谈阶段变更")
        verbose_name_plural = _("洽谈阶段变更")
        ordering = ["case", "on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_from_stage_display()} → {self.get_to_stage_display()}"


class CaseChildQuerySet(UnitScopedQuerySet):
    def for_unit(self, user):
        return self.filter(case__in=NegotiationCase.objects.filter(_involving(user.unit_id)))


class CaseDeadlineQuerySet(CaseChildQuerySet, DeadlineQuerySet):
    """A case's owned, time-limited items (tasks, investor questions)."""


class InvestorQuestionQuerySet(CaseDeadlineQuerySet):
    def for_unit(self, user) -> "InvestorQuestionQuerySet":
        """N-4: the questions of the cases the unit is on (SPEC §0), and, one by one, those it
        must act on without being on the case: the ones it answers (答复单位, after it left the
        team) and the ones escalated to it unanswered along their route (the city government for
        a question reported to it, question_escalation_rule). Their case stays closed to it; the
        question page is read-only to whoever may not answer (permissions.can_answer_question)."""
        unit_id = user.unit_id
        return self.filter(
            Q(case__in=NegotiationCase.objects.filter(_involving(unit_id)))
            | Q(owner_unit_id=unit_id)
            | Q(escalated_to_id=unit_id)
        )


class TeamTask(DeadlineWork):
    """A task the lead unit assigns to a team unit (调度服务团队完成交办的工作任务, N-3)."""

    OPEN_WHEN = {"status": (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)}

    case = models.ForeignKey(
        NegotiationCase, verbose_name=_("洽谈项目"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("任务"), max_length=200)
    detail = models.TextField(_("任务要求"), blank=True)
    owner_unit = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_on = models.DateField(_("交办日期"))
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = CaseDeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办任务")
        verbose_name_plural = _("交办任务")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class InvestorQuestion(DeadlineWork):
    """A question raised by the investor, with its owner, due date and answer (N-4). It is done
    when the answer reached the investor (反馈给项目方)."""

    ESCALATED_FIELD = "escalated_on"
    COUNTED_FROM = "asked_on"

    case = models.ForeignKey(
        NegotiationCase,
        verbose_name=_("洽谈项目"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    kind = models.CharField(_("问题类别"), max_length=16, choices=QuestionKind.choices)
    question = models.TextField(_("问题"))
    owner_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("答复单位"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("服务团队中负责解答的单位；需国家、省解答的为对口单位"),
    )
    superior_body = models.CharField(
        _("国家、省相关部门"),
        max_length=100,
        blank=True,
        help_text=_("需国家、省相关部门解答的问题，由对口单位协调的部门"),
    )
    asked_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复时限"))
    reported_on = models.DateField(
        _("上报市政府日期"),
        null=True,
        blank=True,
        help_text=_("需市政府解决的问题由牵头单位上报"),
    )
    outcome = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    done_on = models.DateField(
        _("反馈项目方日期"), null=True, blank=True, help_text=_("答复意见送达投资方的日期")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated_on = models.DateField(_("逾期升级日期"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("升级至单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "逾期未答复时按问题类别升级：政策问题至答复单位分管领导，国家、省问题至对口单位，市政府问题至市政府（N-4）"
        ),
    )
    escalated_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("升级至领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = InvestorQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("投资方问题")
        verbose_name_plural = _("投资方问题")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("asked_on")),
                name="negotiation_question_due_after_asked",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:40]

    def get_absolute_url(self) -> str:
        return reverse("negotiation:question", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        """Closed when the answer reached the investor (反馈给项目方)."""
        return not self.is_open()

    def rule_due_on(self):
        """N-4: a question law or policy answers is due 3 days after it was asked, on the next
        working day when that is a day off; the others' dates are set by people."""
        from .rules import question_due_rule

        if self.kind != QuestionKind.POLICY:
            return None
        return question_due_rule(kind=self.kind, asked_on=self.asked_on, due_on=None)


class TeamMeeting(models.Model):
    """A regular team meeting (碰头会议, N-5) with its minutes and decisions."""

    case = models.ForeignKey(
        NegotiationCase,
        verbose_name=_("洽谈项目"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.TextField(_("参会人员"))
    minutes = models.TextField(_("会议纪要"))
    decisions = models.TextField(_("议定事项"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("碰头会议")
        verbose_name_plural = _("碰头会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class ProgressReport(models.Model):
    """A team's monthly progress report to the investment bureau (定期上报推进情况, N-6)."""

    case = models.ForeignKey(
        NegotiationCase,
        verbose_name=_("洽谈项目"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    period = models.CharField(_("报告月份"), max_length=7, help_text=_("如 2026-11"))
    reported_on = models.DateField(_("上报日期"))
    progress = models.TextField(_("推进情况"))
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步计划"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_time = models.BooleanField(_("按时上报"), default=False)
    history = HistoricalRecords()

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("推进情况报告")
        verbose_name_plural = _("推进情况报告")
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "period"], name="negotiation_one_report_per_case_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {period_name(self.period)}"


class ProgressDispatchQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "ProgressDispatchQuerySet":
        # A dispatch is the city's record of a month (SPEC §0: the city-wide roles read it); a
        # lead unit behind reads what it asks of it in the notice it was sent.
        return self.none()


class ProgressDispatch(Dispatch):
    """The investment bureau's dispatch of one month's progress reports (调度, N-6): what it asks
    of the lead units whose teams have not reported the month yet, with who and when."""

    period = models.CharField(_("月份"), max_length=7, unique=True, help_text=_("如 2026-11"))
    history = HistoricalRecords()

    objects = ProgressDispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("洽谈项目推进情况调度")
        verbose_name_plural = _("洽谈项目推进情况调度")
        ordering = ["-period"]

    def __str__(self) -> str:
        return period_name(self.period)


class NegotiationArchive(models.Model):
    """What a scheduled job produced for one period (the monthly circular, the daily deadline
    list), frozen so that the page and the Excel file are the same every time (N-4, N-6)."""

    kind = models.CharField(_("类别"), max_length=32, choices=ArchiveKind.choices)
    period = models.CharField(_("周期"), max_length=16)
    payload = models.JSONField(_("内容"), default=dict)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("洽谈通报存档")
        verbose_name_plural = _("洽谈通报存档")
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period"], name="negotiation_one_archive_per_kind_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {period_name(self.period)}"
