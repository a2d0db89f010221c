"""Operating-enterprise help (投产运营企业帮扶, SPEC §5): enterprises, visits, problems, complaints,
inspections, policy promises and the assessment of areas and departments."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.querysets import UnitScopedQuerySet

from .choices import (
    AssessmentVerdict,
    ComplaintChannel,
    ComplaintStatus,
    EnterpriseStatus,
    InspectionStatus,
    ProblemCategory,
    ProblemStatus,
    PromiseKind,
    PromiseStatus,
    ResponsibilityTier,
    VisitKind,
)
from .units import descendant_unit_ids

UNIT = "yingkou.Unit"


def _unit_fk(verbose_name, **kwargs):
    kwargs.setdefault("on_delete", models.PROTECT)
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(UNIT, verbose_name=verbose_name, **kwargs)


def _user_fk(verbose_name):
    return models.ForeignKey(
        "yingkou.User",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


# --- Enterprises (E-1) -------------------------------------------------------------------------


class EnterpriseQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "EnterpriseQuerySet":
        """A unit sees the ones it is responsible for, serves
        as counterpart, hosts, introduced, or is on the team of (SPEC §0)."""
        from yingkou.models import Team

        unit_id = user.unit_id
        on_team = Team.objects.filter(pk=OuterRef("team_id")).involving_unit(unit_id)
        return self.filter(
            Q(responsible_unit_id=unit_id)
            | Q(counterpart_unit_id=unit_id)
            | Q(area_id=unit_id)
            | Q(introducing_unit_id=unit_id)
            | Exists(on_team)
        )

    def with_related(self) -> "EnterpriseQuerySet":
        return self.select_related(
            "project",
            "area",
            "responsible_unit",
            "counterpart_unit",
            "introducing_unit",
            "responsible_leader",
            "leader_in_charge",
        )


class Enterprise(models.Model):
    """An operating enterprise and who answers for it (一个企业、一个部门、一个班子、一包到底, E-1)."""

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, null=True, blank=True, unique=True
    )
    project = models.OneToOneField(
        "yingkou.Project",
        verbose_name=_("来源项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = _unit_fk(_("所在县(市)区/园区"), null=True, blank=True)
    introducing_unit = _unit_fk(_("引进单位"))
    responsible_unit = _unit_fk(_("责任地区、部门"))
    counterpart_unit = _unit_fk(_("对口服务部门"))
    industry = models.CharField(_("所属行业"), max_length=3, blank=True)
    total_investment = models.DecimalField(
        _("投资额（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    tier = models.CharField(_("帮扶层级"), max_length=16, choices=ResponsibilityTier.choices)
    responsible_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("负责领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_in_charge = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("地区、部门分管领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("5亿元以上企业由相关地区、部门配备"),
    )
    team = models.ForeignKey(
        "yingkou.Team",
        verbose_name=_("服务班子"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_key = models.BooleanField(
        _("重点企业"), default=True, help_text=_("重点企业每月至少开展1次对口服务")
    )
    status = models.CharField(
        _("经营状态"),
        max_length=16,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.OPERATING,
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("企业联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    registered_on = models.DateField(_("纳入帮扶日期"), default=timezone.localdate)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("投产运营企业")
        verbose_name_plural = _("投产运营企业")
        ordering = ["-total_investment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="enterprise_investment_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprise:detail", args=[self.pk])


# --- Monthly visits (E-2) ----------------------------------------------------------------------


class VisitQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "VisitQuerySet":
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user)) | Q(visiting_unit_id=user.unit_id)
        )


class Visit(models.Model):
    """A service visit to an enterprise (对口服务, E-2)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    kind = models.CharField(
        _("服务类别"), max_length=20, choices=VisitKind.choices, default=VisitKind.SERVICE
    )
    visiting_unit = _unit_fk(_("走访单位"))
    leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("带队领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitors = models.CharField(_("走访人员"), max_length=200)
    topics = models.TextField(_("服务内容"))
    problems_raised = models.TextField(_("企业反映的问题"), blank=True)
    recorded_by = _user_fk(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访服务")
        verbose_name_plural = _("走访服务")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}"


# --- Problems (E-3) ----------------------------------------------------------------------------


class ProblemQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "ProblemQuerySet":
        unit_id = user.unit_id
        acting = ProblemAction.objects.filter(problem=OuterRef("pk"), unit_id=unit_id)
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user))
            | Q(owner_unit_id=unit_id)
            | Q(first_unit_id=unit_id)
            | Exists(acting)
        )


class Problem(models.Model):
    """A difficulty an enterprise raised: owned by the unit first asked (首问责任) until solved or
    formally handed on, with a time limit (限时办结) and a one-time notice of materials (E-3)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="problems"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("来源走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=ProblemCategory.choices)
    description = models.TextField(_("问题描述"))
    raised_on = models.DateField(_("提出日期"))
    first_unit = _unit_fk(_("首问责任单位"))
    owner_unit = _unit_fk(_("当前责任单位"))
    due_on = models.DateField(_("限时办结日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    materials = models.TextField(
        _("一次性告知材料清单"), blank=True, help_text=_("企业需提供的全部材料，一次性告知")
    )
    materials_notified_on = models.DateField(_("一次性告知日期"), null=True, blank=True)
    solved_on = models.DateField(_("办结日期"), null=True, blank=True)
    solution = models.TextField(_("办理结果"), blank=True)
    recorded_by = _user_fk(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业问题")
        verbose_name_plural = _("企业问题")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:problem", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status == ProblemStatus.SOLVED:
            return bool(self.solved_on and self.solved_on > self.due_on)
        return today > self.due_on


class ProblemHandover(models.Model):
    """A formal hand-on of a problem to another unit: only then does first-inquiry ownership end."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_unit = _unit_fk(_("移交单位"))
    to_unit = _unit_fk(_("接收单位"))
    reason = models.TextField(_("移交理由"))
    handed_on = models.DateField(_("移交日期"))
    handed_by = _user_fk(_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问题移交")
        verbose_name_plural = _("问题移交")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


class ProblemAction(models.Model):
    """One department asked to act on a problem that needs several (需要几个部门共同研究解决的)."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="actions"
    )
    unit = _unit_fk(_("协办部门"))
    task = models.CharField(_("办理事项"), max_length=300)
    due_on = models.DateField(_("办理期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    result = models.TextField(_("办理情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协调办理事项")
        verbose_name_plural = _("协调办理事项")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.task}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.done_on or today) > self.due_on


# --- Complaints (E-4) --------------------------------------------------------------------------


class ComplaintQuerySet(UnitScopedQuerySet):
    def handled_by_unit(self, unit_id: int) -> "ComplaintQuerySet":
        """Complaints the unit handles: received, handles now, or passed on along the chain."""
        in_chain = ComplaintTransfer.objects.filter(complaint=OuterRef("pk")).filter(
            Q(from_unit_id=unit_id) | Q(to_unit_id=unit_id)
        )
        return self.filter(
            Q(receiving_unit_id=unit_id) | Q(handling_unit_id=unit_id) | Exists(in_chain)
        )

    def overdue(self, today: dt.date | None = None) -> "ComplaintQuerySet":
        """Not answered in writing by the reply deadline (E-4)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(replied_on__isnull=True, reply_due__lt=today)
            | Q(replied_on__gt=models.F("reply_due"))
        )

    def for_unit(self, user) -> "ComplaintQuerySet":
        """A unit sees the complaints in its handling chain and, as the
        upper level tracking deadlines (督办), every overdue complaint handled below it (E-4)."""
        unit_id = user.unit_id
        below = descendant_unit_ids(unit_id)
        handled = self.handled_by_unit(unit_id)
        if not below:
            return handled
        overdue_below = self.overdue().filter(handling_unit_id__in=below)
        return self.filter(Q(pk__in=handled.values("pk")) | Q(pk__in=overdue_below.values("pk")))


class Complaint(models.Model):
    """A complaint or report about the business environment (投诉举报, E-4)."""

    PERSONAL_FIELDS = ("complainant_name", "complainant_phone", "complainant_address")

    tracking_number = models.CharField(_("查询编号"), max_length=24, unique=True, editable=False)
    channel = models.CharField(_("受理渠道"), max_length=16, choices=ComplaintChannel.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    # "投诉企业（单位）" was read as the accused party; it is the complainant's own company.
    complainant_organisation = models.CharField(
        _("投诉人所在企业（单位）"),
        max_length=200,
        blank=True,
        help_text=_("您本人所在的企业或单位，不是被投诉的一方"),
    )
    complainant_name = models.CharField(_("投诉人姓名"), max_length=50)
    complainant_phone = models.CharField(_("联系电话"), max_length=32)
    complainant_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    accused_party = models.CharField(
        _("被投诉单位或个人"),
        max_length=200,
        blank=True,
        help_text=_("您要投诉的部门、单位或工作人员"),
    )
    incident_place = models.CharField(
        _("事情发生地点"), max_length=200, blank=True, help_text=_("如：某区某街道某办事大厅")
    )
    subject = models.CharField(_("投诉事项"), max_length=200)
    content = models.TextField(_("投诉内容"))
    received_on = models.DateField(_("受理日期"))
    statutory_days = models.PositiveSmallIntegerField(
        _("法定答复时限（日）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("法律规定的答复期限（自然日）；法律未规定的留空，按7个工作日计算"),
    )
    reply_due = models.DateField(_("答复期限"))
    receiving_unit = _unit_fk(_("受理机构"))
    handling_unit = _unit_fk(_("承办单位"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    replied_on = models.DateField(_("书面答复日期"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    accepted_by_complainant = models.BooleanField(
        _("投诉人认可答复"),
        null=True,
        blank=True,
        help_text=_("回访投诉人的结果；不认可的重新办理（E-7 投诉办理质量）"),
    )
    reopened = models.BooleanField(
        _("曾重新办理"), default=False, help_text=_("投诉人不认可答复，已重新办理")
    )
    recorded_by = _user_fk(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # Personal data stays out of the change log, which more people may read than the handlers.
    history = HistoricalRecords(excluded_fields=list(PERSONAL_FIELDS))

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["reply_due"]), models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:complaint", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        if self.replied_on:
            return self.replied_on > self.reply_due
        return (today or timezone.localdate()) > self.reply_due


class ComplaintTransfer(models.Model):
    """A transfer by jurisdiction (属地化管理) to a department or lower-level office; the deadline
    stays the original one (E-4)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = _unit_fk(_("转出单位"))
    to_unit = _unit_fk(_("转入单位"))
    transferred_on = models.DateField(_("转办日期"))
    note = models.TextField(_("转办说明"), blank=True)
    transferred_by = _user_fk(_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投诉转办")
        verbose_name_plural = _("投诉转办")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


# --- Inspections (E-5) -------------------------------------------------------------------------


class InspectionQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "InspectionQuerySet":
        """City-wide roles (legal affairs among them) see all; an agency its own plans and the joint
        inspections it takes part in; an area the inspections of its enterprises (it approves
        county-level plans)."""
        unit_id = user.unit_id
        return self.filter(
            Q(agency_id=unit_id)
            | Q(joint_with__agency_id=unit_id)
            | Q(joined__agency_id=unit_id)
            | Q(enterprise__in=Enterprise.objects.visible_to(user))
        ).distinct()

    def counted_for_year(self, year: int) -> "InspectionQuerySet":
        """Inspections that take place in the year: approved or done, alone or as part of an
        approved or done joint inspection (E-5)."""
        taking_place = [InspectionStatus.APPROVED, InspectionStatus.DONE]
        return self.filter(planned_on__year=year).filter(
            Q(status__in=taking_place)
            | Q(status=InspectionStatus.MERGED, joint_with__status__in=taking_place)
        )


class Inspection(models.Model):
    """A law-enforcement inspection plan of an agency for an enterprise (涉企执法检查, E-5)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="inspections"
    )
    agency = _unit_fk(_("执法机关"))
    planned_on = models.DateField(_("计划检查日期"))
    purpose = models.CharField(_("检查事项"), max_length=300)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    approved_by_unit = _unit_fk(_("批准机关"), null=True, blank=True)
    approved_by = _user_fk(_("批准人"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    joint_with = models.ForeignKey(
        "self",
        verbose_name=_("并入的联合检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined",
    )
    carried_out_on = models.DateField(_("实施日期"), null=True, blank=True)
    findings = models.TextField(_("检查结果"), blank=True)
    planned_by = _user_fk(_("填报人"))
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法检查")
        verbose_name_plural = _("执法检查")
        ordering = ["-planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.enterprise} · {self.planned_on}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:inspection", args=[self.pk])

    @property
    def approved(self) -> bool:
        """Approved by the same-level government (for a merged plan: its joint inspection is)."""
        if self.status == InspectionStatus.MERGED and self.joint_with_id:
            return self.joint_with.status in (InspectionStatus.APPROVED, InspectionStatus.DONE)
        return self.status in (InspectionStatus.APPROVED, InspectionStatus.DONE)


# --- Policy promises (E-6) ---------------------------------------------------------------------


class PromiseQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "PromiseQuerySet":
        unit_id = user.unit_id
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user)) | Q(responsible_unit_id=unit_id)
        )


class PolicyPromise(models.Model):
    """A written commitment or contract clause to an enterprise, tracked until honoured; one that
    cannot be honoured records the compensation (清理政策欠账, E-6)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="promises"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=PromiseKind.choices)
    source = models.CharField(_("承诺文件或合同"), max_length=200)
    content = models.TextField(_("承诺内容（条款）"))
    promised_on = models.DateField(_("承诺日期"))
    responsible_unit = _unit_fk(_("责任部门"))
    due_on = models.DateField(_("兑现期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PromiseStatus.choices, default=PromiseStatus.PENDING
    )
    honoured_on = models.DateField(_("兑现日期"), null=True, blank=True)
    evidence = models.TextField(_("兑现佐证"), blank=True)
    compensation = models.TextField(_("赔偿情况"), blank=True)
    compensation_amount = models.DecimalField(
        _("赔偿金额（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策承诺")
        verbose_name_plural = _("政策承诺")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.source}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:promise", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == PromiseStatus.PENDING and today > self.due_on


# --- Assessment (E-7) and archives -------------------------------------------------------------


class AssessmentFigures(models.Model):
    """Figures entered for one area or department and one quarter (E-7)."""

    unit = _unit_fk(_("地区、部门"))
    period = models.CharField(_("考核期"), max_length=8, help_text=_("如 2026-Q4"))
    new_market_entities = models.PositiveIntegerField(_("新增市场主体（户）"))
    new_market_entities_last_year = models.PositiveIntegerField(_("上年同期新增市场主体（户）"))
    satisfaction = models.DecimalField(
        _("营商环境满意度（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    private_investment = models.DecimalField(
        _("民间投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    private_investment_last_year = models.DecimalField(
        _("上年同期民间投资（万元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    targets_total = models.PositiveSmallIntegerField(_("当年确定的经济指标（项）"))
    targets_met = models.PositiveSmallIntegerField(_("如期实现的经济指标（项）"))
    entered_by = _user_fk(_("填报人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核基础数据")
        verbose_name_plural = _("考核基础数据")
        ordering = ["-period", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_figures_per_unit_period"),
            models.CheckConstraint(
                condition=Q(targets_met__lte=models.F("targets_total")),
                name="targets_met_not_above_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class AssessmentResult(models.Model):
    """The archived assessment of one area or department for one quarter (E-7)."""

    period = models.CharField(_("考核期"), max_length=8)
    unit = _unit_fk(_("地区、部门"))
    market_growth = models.DecimalField(
        _("市场主体增长率（%）"), max_digits=8, decimal_places=2, null=True
    )
    satisfaction = models.DecimalField(_("满意度（%）"), max_digits=5, decimal_places=2, null=True)
    investment_growth = models.DecimalField(
        _("民间投资增长率（%）"), max_digits=8, decimal_places=2, null=True
    )
    targets_rate = models.DecimalField(
        _("经济指标完成率（%）"), max_digits=5, decimal_places=2, null=True
    )
    complaints_due = models.PositiveIntegerField(_("到期投诉件数"), default=0)
    complaints_on_time = models.PositiveIntegerField(_("按期答复件数"), default=0)
    complaints_accepted = models.PositiveIntegerField(
        _("按期答复且投诉人认可件数"), default=0, help_text=_("未重新办理")
    )
    satisfaction_gain = models.DecimalField(
        _("满意度较上年提高（百分点）"), max_digits=6, decimal_places=2, null=True
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True)
    verdict = models.CharField(_("结论"), max_length=16, choices=AssessmentVerdict.choices)
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("营商环境考核结果")
        verbose_name_plural = _("营商环境考核结果")
        ordering = ["period", "-score", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_assessment_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"

    @property
    def complaints_rate(self):
        if not self.complaints_due:
            return None
        return round(100 * self.complaints_on_time / self.complaints_due, 2)


class Accountability(models.Model):
    """The accountability follow-up (问责) of an area or department criticised in an assessment
    (E-7): what was decided, when, and who recorded it."""

    unit = _unit_fk(_("被通报批评的地区、部门"))
    period = models.CharField(_("考核期"), max_length=8)
    measures = models.TextField(_("问责情况"), help_text=_("问责对象、方式和整改要求"))
    decided_on = models.DateField(_("问责日期"))
    recorded_by = _user_fk(_("录入人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问责情况")
        verbose_name_plural = _("问责情况")
        ordering = ["-period", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_accountability_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class Archive(models.Model):
    """A job's archived result for one period (monthly visit check, daily deadline digest)."""

    kind = models.CharField(_("类别"), max_length=32)
    period = models.CharField(_("周期"), max_length=16)
    data = models.JSONField(_("内容"), default=dict)
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("归档")
        verbose_name_plural = _("归档")
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period"], name="one_archive_per_kind_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class IndustryAuthority(models.Model):
    """E-1 reference table: which kind of department is the competent authority (行业主管部门) of an
    industry — a GB/T 4754 section (门类, "H") or division (大类, "N77"); a division's row wins over
    its section's. Administrators keep it in the admin. `department_code` is the code the city's
    department of that kind carries (WHLY); an area's one is coded "<area>-<code>" (BYQ-WHLY)."""

    industry = models.CharField(
        _("行业门类或大类"),
        max_length=3,
        unique=True,
        help_text=_("门类字母，或门类字母加两位大类代码，如 H、N77"),
    )
    department_code = models.CharField(
        _("主管部门代码"),
        max_length=16,
        help_text=_("市级该类部门的单位代码，如 WHLY；县(市)区、园区的为“地区代码-WHLY”"),
    )
    department_name = models.CharField(
        _("主管部门类别"), max_length=50, help_text=_("如 文化旅游局")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行业主管部门对照")
        verbose_name_plural = _("行业主管部门对照")
        ordering = ["industry"]

    def __str__(self) -> str:
        return f"{self.industry} → {self.department_name}"

    def clean(self) -> None:
        from yingkou.industries import validate_industry_code

        validate_industry_code(self.industry)
