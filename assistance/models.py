"""Key-project assistance (重点项目精准帮扶, SPEC §4): cases, problems, progress, promotion groups,
liaisons, joint meetings and the supervision archives."""

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.models.deadlines import DeadlineQuerySet, DeadlineWork
from yingkou.models.dispatches import Dispatch
from yingkou.querysets import UnitScopedQuerySet

from .choices import (
    ActionStatus,
    CaseSource,
    CaseStatus,
    CoordinationStatus,
    ProblemCategory,
    ProblemStatus,
    ReminderOccasion,
    ReportKind,
    TeamStatus,
    Tier,
)


def _unit_cases(unit_id: int) -> Q:
    """Cases a unit works on: it owns or lands the project, or is on the assistance team."""
    from yingkou.models.projects import owned_or_hosted_project_ids
    from yingkou.models.teams import team_ids_involving

    # Id sets from indexes, not a join: testing the project's units joined all 100,000 projects
    # to the cases on every list and count (a unit's problem list took 160 ms for 50 rows).
    return Q(project_id__in=owned_or_hosted_project_ids(unit_id)) | Q(
        team_id__in=team_ids_involving(unit_id)
    )


# what a local team without its assisting leader reads as, instead of its A-5 state.
LOCAL_LEADER_MISSING_LABEL = _("缺帮扶领导，待地区、部门确定")


def _visible_cases(user) -> Q:
    """Cases a unit sees: those it works on, and, for the city's competent department of an
    industry (行业主管部门), the key projects of its industry it coordinates and serves (A-3,
    帮扶机制二(二): 各行业主管部门负责协调调度全市本行业项目…为每个重点项目配备分管领导和服务人员)."""
    from yingkou.industries import city_authority_industries_q
    from yingkou.models.projects import Project

    cases = _unit_cases(user.unit_id)
    industries = city_authority_industries_q(user.unit)
    if industries is None:
        return cases
    # The industry's projects as one more id set, read from the industry index
    # (project_industry_ids, the index alone); any other unit's condition is left as it was.
    return cases | Q(project_id__in=Project.objects.filter(industries).values("pk").order_by())


class AssistanceCaseQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "AssistanceCaseQuerySet":
        """A unit sees the cases it owns, lands or serves on (SPEC §0), and a city competent
        department those of its industry (A-3)."""
        return self.filter(_visible_cases(user))

    def reported_by(self, user) -> "AssistanceCaseQuerySet":
        """A-8: the cases whose weekly progress a unit-bound user reports and reads on the
        weekly list — those its unit works on, not those of its industry it sees as their
        competent department (A-3), which it does not report."""
        if not user.is_authenticated or not user.unit_id:
            return self.none()
        return self.filter(_unit_cases(user.unit_id))

    def public(self) -> "AssistanceCaseQuerySet":
        """What may be published (A-5): open cases whose team is approved and has its assisting
        leader (A-2: 一个项目、一位领导). A case whose leader is still to be named is not yet an
        arrangement to publish (帮扶领导和帮扶团队要…进行公示), as a team still a proposal is not."""
        return self.filter(
            team_status=TeamStatus.APPROVED, team__lead_leader__isnull=False
        ).exclude(status=CaseStatus.CLOSED)

    def with_related(self) -> "AssistanceCaseQuerySet":
        return self.select_related(
            "project",
            "project__owner_unit",
            "project__landing_unit",
            "team",
            "team__lead_leader",
            "team__lead_unit",
            "team__service_liaison__unit",
            "team__project_liaison__unit",
            "responsible_leader",
        )


class AssistanceCase(models.Model):
    """One project in key-project assistance: one project, one leader, one team, to the end (A-1, A-2).

    The leader, lead unit and team live in the project's assistance-phase `yingkou.Team`, carried
    over from the reserve or negotiation phase and handed on to the enterprise phase (E-1).
    """

    project = models.OneToOneField(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="assistance_case",
    )
    tier = models.CharField(_("帮扶层级"), max_length=16, choices=Tier.choices)
    source = models.CharField(_("来源"), max_length=16, choices=CaseSource.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    team = models.OneToOneField(
        "yingkou.Team",
        verbose_name=_("服务团队"),
        on_delete=models.PROTECT,
        related_name="assistance_case",
    )
    responsible_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("责任领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_responsibilities",
        help_text=_("市级领导帮扶项目由所在地区、部门指定的责任人（A-5）"),
    )
    team_status = models.CharField(
        _("团队审定状态"), max_length=16, choices=TeamStatus.choices, default=TeamStatus.PROPOSED
    )
    team_comment = models.TextField(_("退回意见"), blank=True)
    plan = models.TextField(_("帮扶方案"), blank=True)
    opened_on = models.DateField(_("纳入帮扶日期"))
    team_approved_on = models.DateField(_("团队同意日期"), null=True, blank=True)
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True)
    tier_note = models.CharField(
        _("层级变更说明"),
        max_length=300,
        blank=True,
        help_text=_("项目总投资或行业变更后按 A-2 重新判定帮扶层级的结果"),
    )
    tier_changed_on = models.DateField(_("层级变更日期"), null=True, blank=True)
    arranged_on = models.DateField(
        _("帮扶安排确定日期"),
        null=True,
        blank=True,
        help_text=_(
            "服务团队名单经帮扶市领导同意、或地区、部门自行确定并明确帮扶领导的日期；"
            "门户网站公示期限自此起算（A-5）"
        ),
    )
    published_on = models.DateField(
        _("门户网站公示日期"),
        null=True,
        blank=True,
        help_text=_(
            "牵头地区、部门在本单位门户网站公示帮扶方案、名单、帮扶领导和团队的日期（A-5）"
        ),
    )
    # A text field checked as a web address: the model's URLField would give the read-only admin
    # a form field that warns of Django 6's change of default scheme.
    published_url = models.CharField(
        _("公示网址"), max_length=500, blank=True, validators=[URLValidator()]
    )
    published_note = models.CharField(
        _("公示说明"), max_length=300, blank=True, help_text=_("无网址时说明公示的位置")
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = AssistanceCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("精准帮扶项目")
        verbose_name_plural = _("精准帮扶项目")
        ordering = ["-id"]
        indexes = [models.Index(fields=["tier", "status"])]

    def __str__(self) -> str:
        return str(self.project)

    def get_absolute_url(self) -> str:
        return reverse("assistance:detail", args=[self.pk])

    @property
    def assisting_leader(self):
        """The assisting leader (帮扶领导) is the lead leader of the case's team."""
        return self.team.lead_leader

    @property
    def responsible_unit(self):
        """The area/department in charge of the case (the team's lead unit)."""
        return self.team.lead_unit

    @property
    def outside_scope(self) -> bool:
        """A-1, live from the project's amount: an active case whose project is now below
        1,000 万元 is no longer in assistance's scope, and its units decide whether to end it."""
        from . import rules

        return self.status == CaseStatus.ACTIVE and not rules.assistance_amount_in_scope(
            self.project.total_investment
        )

    @property
    def team_is_proposal(self) -> bool:
        return self.team_status != TeamStatus.APPROVED

    @property
    def leader_missing(self) -> bool:
        """A-2: active without its one assisting leader (`rules.case_leader_missing`)."""
        from . import rules

        return rules.case_leader_missing(self)

    @property
    def team_arranged(self) -> bool:
        """A-2, A-5: the team is approved and has its assisting leader — what is published
        (`AssistanceCaseQuerySet.public`); a local case opened without a leader is not."""
        return not self.team_is_proposal and self.team.lead_leader_id is not None

    @property
    def arranged(self) -> bool:
        """A-5: active, its team approved and with its assisting leader (`rules.case_arranged`):
        an arrangement its area or department publishes."""
        from . import rules

        return rules.case_arranged(
            status=self.status,
            team_status=self.team_status,
            has_leader=self.team.lead_leader_id is not None,
        )

    def publication_state(self, overdue_until) -> str:
        """A-5: published, pending or overdue on its unit's portal (`rules.publication_state_rule`;
        `overdue_until`: `rules.publication_overdue_until(today)`)."""
        from . import rules

        return rules.publication_state_rule(
            arranged=self.arranged,
            arranged_on=self.arranged_on,
            published_on=self.published_on,
            overdue_until=overdue_until,
        )

    @property
    def team_status_label(self) -> str:
        """The A-5 step the team list is at, as pages show it: a city case's list the area or
        department has proposed waits for the DRC, not for the area (the stored state is the same
        until the DRC compiles it); a local team without its assisting leader is not arranged
        (A-2), whatever its stored state."""
        from . import rules

        if rules.team_step_possible(self, rules.TeamStep.COMPILE):
            return _("地区、部门已提出，待发改委汇总")
        if rules.local_team_without_leader(
            tier=self.tier,
            team_status=self.team_status,
            has_leader=self.team.lead_leader_id is not None,
        ):
            return LOCAL_LEADER_MISSING_LABEL
        return self.get_team_status_display()


class AssistancePlanQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "AssistancePlanQuerySet":
        return self.filter(unit_id=user.unit_id)


class AssistancePlan(models.Model):
    """An area's or department's yearly assistance plan (帮扶方案), published on its page (A-5)."""

    # The years a plan's year is read as at all (from the norms' own year); which of them may be
    # written on a given day is `rules.plan_years_open`.
    FIRST_YEAR, LAST_YEAR = 2017, 2100

    unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("地区、部门"),
        on_delete=models.PROTECT,
        related_name="assistance_plans",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    is_published = models.BooleanField(_("公开"), default=False)
    adopted_on = models.DateField(
        _("方案确定日期"),
        null=True,
        blank=True,
        help_text=_(
            "本单位确定帮扶方案（保存并公开）、或修改已公开方案的标题、内容的日期；"
            "门户网站公示期限自此起算（A-5）"
        ),
    )
    published_on = models.DateField(
        _("门户网站公示日期"),
        null=True,
        blank=True,
        help_text=_("本单位在门户网站公示帮扶方案的日期（A-5）"),
    )
    # A text field checked as a web address, as the case's (AssistanceCase.published_url).
    published_url = models.CharField(
        _("公示网址"), max_length=500, blank=True, validators=[URLValidator()]
    )
    published_note = models.CharField(
        _("公示说明"), max_length=300, blank=True, help_text=_("无网址时说明公示的位置")
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = AssistancePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶方案")
        verbose_name_plural = _("帮扶方案")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="one_assistance_plan_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def adopted(self) -> bool:
        """A-5: the unit adopted the plan, which it publishes on its portal
        (`rules.plan_adopted`)."""
        from . import rules

        return rules.plan_adopted(is_published=self.is_published, adopted_on=self.adopted_on)

    def publication_state(self, overdue_until) -> str:
        """A-5: published, pending or overdue on its unit's portal (`rules.publication_state_rule`;
        `overdue_until`: `rules.publication_overdue_until(today)`)."""
        from . import rules

        return rules.publication_state_rule(
            arranged=self.adopted,
            arranged_on=self.adopted_on,
            published_on=self.published_on,
            overdue_until=overdue_until,
        )


class PublicationReminder(models.Model):
    """A-5: the area or department told to publish on its portal what was decided — a case's
    arrangement (its lead unit) or its own yearly plan: before its due day or once it passed
    unpublished (`rules.publication_reminder_occasion_rule`). One per case or plan, decision
    day and occasion: a rerun or a catch-up tells no one twice, and a later decision is
    reminded again."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publication_reminders",
    )
    plan = models.ForeignKey(
        AssistancePlan,
        verbose_name=_("帮扶方案"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publication_reminders",
    )
    decided_on = models.DateField(_("确定日期"))
    occasion = models.CharField(_("提醒"), max_length=10, choices=ReminderOccasion.choices)
    due_on = models.DateField(_("公示截止日"))
    unit = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("提醒单位"), on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(_("提醒日期"))
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("门户网站公示提醒")
        verbose_name_plural = _("门户网站公示提醒")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "decided_on", "occasion"],
                name="assistance_case_publication_reminded_once",
            ),
            models.UniqueConstraint(
                fields=["plan", "decided_on", "occasion"],
                name="assistance_plan_publication_reminded_once",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False, plan__isnull=True)
                | Q(case__isnull=True, plan__isnull=False),
                name="assistance_publication_reminder_of_case_or_plan",
            ),
        ]

    def __str__(self) -> str:
        what = f"case {self.case_id}" if self.case_id else f"plan {self.plan_id}"
        return f"{what} {self.decided_on} {self.occasion}"


class ProblemQuerySet(DeadlineQuerySet):
    def for_unit(self, user) -> "ProblemQuerySet":
        """Problems of visible cases, and the ones the user's unit has to solve."""
        cases = AssistanceCase.objects.filter(_visible_cases(user)).values("pk")
        return self.filter(Q(case__in=cases) | Q(owner_unit_id=user.unit_id))

    def with_related(self) -> "ProblemQuerySet":
        # The team's lead leader: who receives an escalation now (A-3, read on page and API).
        return self.select_related("case", "case__project", "case__team__lead_leader", "owner_unit")


class Problem(DeadlineWork):
    """A "last mile" problem of a case (最后一公里问题, A-3)."""

    OPEN_WHEN = {"status": ProblemStatus.OPEN}
    ESCALATED_FIELD = "escalated_on"

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="problems",
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=ProblemCategory.choices)
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("具体情况"), blank=True)
    owner_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="assistance_problems",
    )
    raised_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("办结时限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    outcome = models.TextField(_("解决情况"), blank=True)
    done_on = models.DateField(_("解决日期"), null=True, blank=True)
    escalated = models.BooleanField(_("已上报市政府"), default=False)
    escalated_on = models.DateField(_("上报日期"), null=True, blank=True)
    escalation_reason = models.TextField(_("上报原因"), blank=True)
    city_instruction = models.TextField(_("市政府意见"), blank=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶问题")
        verbose_name_plural = _("帮扶问题")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["escalated", "status"]),
            # The list's default order: a page reads 50 problems in index order (migration).
            models.Index(fields=["due_on", "id"], name="assistance_problem_order"),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """Monthly planned and actual investment of a case and its construction status."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    planned_investment = models.DecimalField(
        _("计划投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    actual_investment = models.DecimalField(
        _("完成投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("形象进度"), blank=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度进展")
        verbose_name_plural = _("月度进展")
        ordering = ["case", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="one_progress_per_case_month")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.month:%Y-%m}"

    @property
    def construction_status(self) -> str:
        from .rules import construction_status_rule

        return construction_status_rule(self.planned_investment, self.actual_investment)


class PromotionGroup(models.Model):
    """A DRC promotion group (推进组) covering some areas, dispatched monthly (A-4)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    head = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_promotion_groups",
    )
    members = models.ManyToManyField(
        "yingkou.User", verbose_name=_("成员"), blank=True, related_name="promotion_groups"
    )
    areas = models.ManyToManyField(
        "yingkou.Unit", verbose_name=_("负责地区"), related_name="promotion_groups"
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords(m2m_fields=[members, areas])

    class Meta:
        verbose_name = _("精准帮扶推进组")
        verbose_name_plural = _("精准帮扶推进组")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GeneralLiaison(models.Model):
    """The one general liaison (总联络员) of an area/department, reporting to the DRC (A-6)."""

    unit = models.OneToOneField(
        "yingkou.Unit",
        verbose_name=_("地区、部门"),
        on_delete=models.CASCADE,
        related_name="assistance_general_liaison",
    )
    user = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("总联络员"),
        on_delete=models.PROTECT,
        related_name="assistance_general_liaisons",
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("总联络员")
        verbose_name_plural = _("总联络员")
        ordering = ["unit__code"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"

    @property
    def current_user(self):
        """The general liaison while they still answer for the unit (A-6, `still_answers`)."""
        from yingkou.rules import still_answers

        return self.user if still_answers(self.user, {self.unit_id}) else None

    @property
    def user_left(self) -> bool:
        return self.current_user is None


class JointMeetingQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "JointMeetingQuerySet":
        cases = AssistanceCase.objects.filter(_visible_cases(user)).values("pk")
        # The unit that convened a meeting keeps its record, so it sees it too; a unit
        # given a task there, at it or not, records the task done on the meeting's page.
        tasked = ActionItem.objects.filter(owner_unit_id=user.unit_id).values("meeting_id")
        return self.filter(
            Q(case__in=cases)
            | Q(attendees__id=user.unit_id)
            | Q(convening_unit_id=user.unit_id)
            | Q(pk__in=tasked)
        ).distinct()


class JointMeeting(models.Model):
    """A joint meeting of departments (部门联席会议) convened by the assisting leader (A-7)."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    convened_by = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("召集人"),
        on_delete=models.PROTECT,
        related_name="assistance_meetings",
    )
    # The convener's unit when he convened it, not his unit now: its staff keep the record
    # (纪要、议定事项、任务) wherever he moves afterwards (`permissions.can_edit_minutes`).
    convening_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("召集单位"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("召集人召集会议时所在的单位，其工作人员负责会议纪要、议定事项和任务（A-7）"),
    )
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "yingkou.Unit", verbose_name=_("参会部门和单位"), related_name="assistance_meetings"
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    objects = JointMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门联席会议")
        verbose_name_plural = _("部门联席会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"

    @property
    def convener_left(self) -> bool:
        """A-7, live: a meeting not yet held whose convener is no longer the case's assisting
        leader (`rules.meeting_convener_left`)."""
        from django.utils import timezone

        from .rules import meeting_convener_left

        return meeting_convener_left(
            held_on=self.held_on,
            convened_by_id=self.convened_by_id,
            assisting_leader_id=self.case.team.lead_leader_id,
            today=timezone.localdate(),
        )


class ActionItemQuerySet(DeadlineQuerySet):
    def for_unit(self, user) -> "ActionItemQuerySet":
        cases = AssistanceCase.objects.filter(_visible_cases(user)).values("pk")
        return self.filter(Q(meeting__case__in=cases) | Q(owner_unit_id=user.unit_id))


class ActionItem(DeadlineWork):
    """A task agreed at a joint meeting, with its owner and due date (A-7)."""

    OPEN_WHEN = {"status": ActionStatus.OPEN}

    meeting = models.ForeignKey(
        JointMeeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("工作任务"), max_length=300)
    owner_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="assistance_action_items",
    )
    due_on = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("落实日期"), null=True, blank=True)
    outcome = models.TextField(_("落实情况"), blank=True)
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议任务")
        verbose_name_plural = _("会议任务")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


# the report to the city government (向市政府报告) is read by the city-wide roles only.
CITY_WIDE_REPORT_KINDS = frozenset({ReportKind.CITY_REPORT})


def dispatches_read_in_full_q(user) -> Q:
    """A-4 (推进组每月调度所负责地区): the archived dispatches `user` reads in full — those of a
    group that, in the dispatch's month, covered the user's area or had the user as its head or
    a member. Who that was is kept with the archive when it is built (`group_areas`,
    `group_people`), so an area moved to another group since, or a group renamed or deleted
    since, leaves each month's dispatch with the readers of its month. The one test of it:
    the archive list, its page, its file and the API (`visible_to`), and whether a reader reads
    it whole (`selectors.dispatch_read_in_part`)."""
    areas = SupervisionReport.group_areas.through.objects.filter(unit_id=user.unit_id)
    people = SupervisionReport.group_people.through.objects.filter(user_id=user.pk)
    return Q(pk__in=areas.values("supervisionreport_id")) | Q(
        pk__in=people.values("supervisionreport_id")
    )


class SupervisionReportQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "SupervisionReportQuerySet":
        """Who reads which archive, for its page, its file and the API alike (A-4, A-8). A
        promotion group's dispatch (推进组每月调度所负责地区) goes to the areas the group covered
        in its month, its head and its members then (`dispatches_read_in_full_q`), and to the
        lead units of the cases it lists (the departments leading projects in those areas), who
        are all told of it; a lead unit reads there the rows of the cases it may open
        (`selectors.report_content_for`). The report to the city government is for the city-wide
        roles. The quarterly inspection report is circulated to the whole city
        (向全市通报), the weekly dispatch is published, and of a day's deadline list a unit reads
        only the rows it may open."""
        addressed = SupervisionReport.lead_units.through.objects.filter(
            unit_id=user.unit_id
        ).values("supervisionreport_id")
        return self.exclude(kind__in=CITY_WIDE_REPORT_KINDS).exclude(
            Q(kind=ReportKind.DISPATCH) & ~dispatches_read_in_full_q(user) & ~Q(pk__in=addressed)
        )


class SupervisionReport(models.Model):
    """An archived dispatch, report or inspection for one period (A-8); never written twice.

    Generated by the scheduled jobs and immutable afterwards, so no change history is kept.
    """

    kind = models.CharField(_("类别"), max_length=16, choices=ReportKind.choices)
    period_key = models.CharField(_("周期"), max_length=16)
    scope = models.CharField(
        _("范围"), max_length=32, help_text=_("city：全市；group-<id>：推进组")
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.JSONField(_("内容"), default=dict)
    lead_units = models.ManyToManyField(
        "yingkou.Unit",
        verbose_name=_("所列项目牵头单位"),
        blank=True,
        related_name="+",
        help_text=_("推进组月调度所列帮扶项目的牵头单位，可查阅本调度中本单位的项目（A-4）"),
    )
    # the group as it stood in the dispatch's month reads it whole, kept here when it is
    # archived: the group changed or deleted since does not move its past dispatches.
    group_areas = models.ManyToManyField(
        "yingkou.Unit",
        verbose_name=_("当月推进组负责地区"),
        blank=True,
        related_name="+",
        help_text=_("调度当月推进组负责的地区，可查阅本调度全文（A-4）"),
    )
    group_people = models.ManyToManyField(
        "yingkou.User",
        verbose_name=_("当月推进组组长和成员"),
        blank=True,
        related_name="+",
        help_text=_("调度当月推进组的组长和成员，可查阅本调度全文（A-4）"),
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = SupervisionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导调度归档")
        verbose_name_plural = _("督导调度归档")
        ordering = ["-period_key", "kind", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_key", "scope"], name="one_supervision_report_per_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def kinds_readable_by(user) -> list[tuple[str, str]]:
        """The kinds of archive of which `user` may read some, as `visible_to` decides: the
        archive list's 类别 filter offers only these, so a unit is not offered the report to the
        city government only to find it empty."""
        if not user.is_authenticated:
            return []
        if user.is_city_wide:
            return ReportKind.choices
        if not user.unit_id:
            return []
        return [
            (value, label)
            for value, label in ReportKind.choices
            if value not in CITY_WIDE_REPORT_KINDS
        ]


class IndustryService(models.Model):
    """An industry department's leader in charge and service staff for one key project
    (行业部门为每个重点项目配备分管领导和服务人员)."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="industry_services",
    )
    department = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("行业部门"), on_delete=models.PROTECT, related_name="+"
    )
    leader_in_charge = models.ForeignKey(
        "yingkou.Leader", verbose_name=_("分管领导"), on_delete=models.PROTECT, related_name="+"
    )
    service_staff = models.ForeignKey(
        "yingkou.User", verbose_name=_("服务人员"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行业部门服务配备")
        verbose_name_plural = _("行业部门服务配备")
        ordering = ["case", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "department"], name="assistance_one_service_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.department}"

    @property
    def current_staff(self):
        """The service staff while they still answer for the department (A-3, `still_answers`)."""
        from yingkou.rules import still_answers

        person = self.service_staff
        return person if still_answers(person, {self.department_id}) else None

    @staticmethod
    def serving_q() -> Q:
        """A-3: the services whose staff still answers (`current_staff`: an active user of the
        department, `still_answers`) and whose leader in charge still holds that role for it
        (not `leader_left`: `rules.leader_in_charge_holds`), as a filter on services."""
        from yingkou.choices import LeaderRank
        from yingkou.models import Leader

        return Q(
            Leader.serving_q(LeaderRank.IN_CHARGE, prefix="leader_in_charge__"),
            service_staff__is_active=True,
            service_staff__unit_id=F("department_id"),
            leader_in_charge__unit_id=F("department_id"),
        )

    @property
    def staff_left(self) -> bool:
        return self.current_staff is None

    @property
    def leader_left(self) -> bool:
        """A-3, live: the leader in charge the department named no longer holds that role for it
        (retired, moved, another rank — `rules.leader_in_charge_holds`); the record keeps him."""
        from .rules import leader_in_charge_holds

        return not leader_in_charge_holds(self.leader_in_charge, self.department_id)


# --- weekly dispatch of projects under construction (帮扶机制二(一)：周调度) --------------------


class WeeklyProgressQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "WeeklyProgressQuerySet":
        return self.filter(case__in=AssistanceCase.objects.filter(_unit_cases(user.unit_id)))


class WeeklyProgress(models.Model):
    """A project under construction's progress in one week, reported by its unit for the DRC's
    weekly dispatch (周调度); its image progress is published city-wide (及时发布全市建设项目进展情况)."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="weekly_progress",
    )
    week = models.DateField(_("周"), help_text=_("该周星期一"))
    progress = models.TextField(
        _("本周形象进度"), help_text=_("将在全市建设项目进展情况中公开发布，请勿填写个人信息。")
    )
    investment = models.DecimalField(
        _("本周完成投资（万元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    problems = models.TextField(_("存在问题"), blank=True, help_text=_("仅供调度，不公开。"))
    reported_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("填报日期"))
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = WeeklyProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("在建项目周进展")
        verbose_name_plural = _("在建项目周进展")
        ordering = ["-week", "case"]
        constraints = [
            models.UniqueConstraint(fields=["case", "week"], name="one_weekly_progress_per_case")
        ]
        indexes = [models.Index(fields=["week", "case"], name="weekly_progress_week_case")]

    def __str__(self) -> str:
        return f"{self.case} {self.week:%Y-%m-%d}"


class WeeklyDispatch(Dispatch):
    """The DRC's record of one week's dispatch (调度意见), with who and when."""

    week = models.DateField(_("周"), unique=True, help_text=_("该周星期一"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("在建项目周调度")
        verbose_name_plural = _("在建项目周调度")
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"{self.week:%Y-%m-%d}"


# --- proposal lists of other areas and departments (帮扶机制二(二)：建议名单) -----------------


class CoordinationReportQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "CoordinationReportQuerySet":
        """The DRC and city leaders see every compiled report; a unit those with entries it
        sees (CoordinationEntry's for_unit: the industry department of a case's project too),
        so every entry on its coordination page opens its report, showing it those lines."""
        return self.filter(pk__in=CoordinationEntry.objects.for_unit(user).values("report_id"))


class CoordinationReport(models.Model):
    """The DRC's compilation of the proposal lists, reported to the city government (市发展改革委
    汇总后，报市政府予以解决); one per batch, numbered within its year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=200)
    compiled_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("汇总人"), on_delete=models.PROTECT, related_name="+"
    )
    compiled_on = models.DateField(_("上报日期"))
    note = models.TextField(_("汇总说明"), blank=True)
    history = HistoricalRecords()

    objects = CoordinationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("涉及其他地区、部门建议名单汇总")
        verbose_name_plural = _("涉及其他地区、部门建议名单汇总")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_coordination_number")
        ]

    def __str__(self) -> str:
        return self.title


class CoordinationEntryQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "CoordinationEntryQuerySet":
        cases = AssistanceCase.objects.filter(_visible_cases(user)).values("pk")
        return self.filter(
            Q(case__in=cases) | Q(proposing_unit_id=user.unit_id) | Q(involved_unit_id=user.unit_id)
        )

    def with_related(self) -> "CoordinationEntryQuerySet":
        return self.select_related(
            "case__project", "proposing_unit", "involved_unit", "report", "decided_by"
        )


class CoordinationEntry(models.Model):
    """One line of an area's or department's proposal list (建议名单): another area or department
    a project it assists involves, and what is asked of it; compiled by the DRC into a report to
    the city government, which decides."""

    case = models.ForeignKey(
        AssistanceCase,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="coordination_entries",
    )
    proposing_unit = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("提出单位"), on_delete=models.PROTECT, related_name="+"
    )
    involved_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("涉及地区、部门"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    matter = models.TextField(_("需协调事项"), help_text=_("需该地区、部门参与帮扶或解决的事项"))
    proposed_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("提出日期"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=CoordinationStatus.choices,
        default=CoordinationStatus.PROPOSED,
    )
    report = models.ForeignKey(
        CoordinationReport,
        verbose_name=_("汇总报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    decision = models.TextField(_("市政府意见"), blank=True)
    decided_by = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("批示人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("批示日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CoordinationEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("建议名单事项")
        verbose_name_plural = _("建议名单事项")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["status", "proposed_on"])]

    def __str__(self) -> str:
        return f"{self.case} · {self.involved_unit}"
