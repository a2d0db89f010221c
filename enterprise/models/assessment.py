"""Assessment of areas and departments (E-7) and the archives."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.models import Leader
from yingkou.scheduling.periods import period_name

from ..choices import AssessmentVerdict
from .fields import _unit_fk, _user_fk


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
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
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
        return f"{self.unit} {period_name(self.period)}"


class AssessmentResultQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssessmentResultQuerySet":
        """E-7: those who follow the assessment read every unit's result; an assessed area or
        department reads its own (`enterprise.permissions`); anyone else none."""
        from ..permissions import can_see_assessment, can_see_own_assessment

        if not user.is_authenticated:
            return self.none()
        if can_see_assessment(user):
            return self
        if can_see_own_assessment(user):
            return self.filter(unit_id=user.unit_id)
        return self.none()


class AssessmentResult(models.Model):
    """The archived assessment of one area or department for one quarter (E-7)."""

    period = models.CharField(_("考核期"), max_length=8)
    unit = _unit_fk(_("地区、部门"))
    # The unit's name and code as they were at the period's end: an old period's results read
    # the same, and in the same order, after the unit is renamed or recoded.
    unit_name = models.CharField(_("地区、部门名称（考核期末）"), max_length=100)
    unit_code = models.CharField(_("地区、部门代码（考核期末）"), max_length=32)
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
    # Names and titles as they were at the period's end: the archive reads the same after the
    # leaders retire, move or are renamed. Null: archived before they were recorded.
    accountable_principals = models.JSONField(
        _("负有责任的“一把手”"),
        null=True,
        blank=True,
        default=list,
        help_text=_(
            "被通报批评的地区、部门（含所属单位）截至考核期末逾期未兑现的政策承诺的“一把手”责任人："
            "领导编号、当时的姓名和职务、所在单位、逾期承诺件数；无领导编号的为待指定"
        ),
    )
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("营商环境考核结果")
        verbose_name_plural = _("营商环境考核结果")
        ordering = ["period", "-score", "unit_code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_assessment_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {period_name(self.period)}"

    @property
    def complaints_rate(self):
        if not self.complaints_due:
            return None
        return round(100 * self.complaints_on_time / self.complaints_due, 2)

    @property
    def principals_recorded(self) -> bool:
        """Whether the accountable principal leaders were recorded with this result (E-7):
        results archived before they were are read as they are, without them."""
        return self.accountable_principals is not None

    def accountable_principal_labels(self) -> list[tuple[str, bool]]:
        """E-7: each principal leader (一把手) who answers for the unit's overdue policy promises,
        as recorded — 姓名（职务）, his unit and how many — and whether one is named: the
        promises that named nobody read 待指定."""
        return [
            (
                _("%(leader)s（%(unit)s，逾期未兑现%(count)s项）")
                % {
                    "leader": Leader.label(entry["name"], entry["title"])
                    if entry["leader"] is not None
                    else _("“一把手”待指定"),
                    "unit": entry["unit_name"],
                    "count": entry["promises"],
                },
                entry["leader"] is not None,
            )
            for entry in self.accountable_principals or ()
        ]


class Accountability(models.Model):
    """The accountability follow-up (问责) of an area or department criticised in an assessment
    (E-7): what was decided, when, and who recorded it."""

    unit = _unit_fk(_("被通报批评的地区、部门"))
    period = models.CharField(_("考核期"), max_length=8)
    measures = models.TextField(_("问责情况"), help_text=_("问责对象、方式和整改要求"))
    decided_on = models.DateField(_("问责日期"))
    recorded_by = _user_fk(_("录入人"))
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问责情况")
        verbose_name_plural = _("问责情况")
        ordering = ["-period", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_accountability_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {period_name(self.period)}"


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
        return f"{self.kind} {period_name(self.period)}"
