"""Reserve pools (项目储备, SPEC §2): pools, declarations and their review steps, pool memberships,
Friday updates, monthly archives, candidate lists and reserve funds."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.labels import display_of
from yingkou.querysets import UnitScopedQuerySet
from yingkou.scheduling.periods import period_name

from .choices import ArchiveKind, EntryStatus, FundingChannel, PoolLevel, StepAction

DEFAULT_PLAN_PERIOD = "十五五"


def _unit_bound_filter(user, unit_path: str, project_path: str | None) -> Q | None:
    """The part of a queryset a unit-bound user sees: their unit's records, and the records of
    projects they can see (owner, landing area, team member — SPEC §0)."""
    from yingkou.models.projects import visible_project_ids

    condition = Q(**{f"{unit_path}_id": user.unit_id})
    if project_path:
        # The visible projects' ids once (a union, see visible_project_ids), not a per-row EXISTS.
        condition |= Q(**{f"{project_path}_id__in": visible_project_ids(user.unit_id)})
    return condition


class PoolQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "PoolQuerySet":
        """A unit sees its own pool."""
        return self.filter(unit_id=user.unit_id)


class Pool(models.Model):
    """A reserve pool (项目储备库, R-2): the DRC's level-1 pool or a unit's level-2 pool."""

    # An empty pool must not keep its unit from being deleted; a pool with entries is kept by
    # Entry.pool (PROTECT).
    unit = models.ForeignKey(
        "yingkou.Unit", verbose_name=_("管理单位"), on_delete=models.CASCADE, related_name="pools"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=PoolLevel.choices)
    name = models.CharField(_("名称"), max_length=120)
    plan_period = models.CharField(
        _("规划期"),
        max_length=20,
        default=DEFAULT_PLAN_PERIOD,
        help_text=_("五年规划期，如“十五五”（R-4）"),
    )
    plan_investment = models.DecimalField(
        _("规划投资总额（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("由市发展改革委设定；入库项目总投资应不低于其 2 倍（R-4）"),
    )
    responsible = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("更新专人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_pools",
        help_text=_("由本单位指定，负责每周五更新并接收周五提醒（R-5 专人负责）"),
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目储备库")
        verbose_name_plural = _("项目储备库")
        ordering = ["level", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level"], name="reserve_one_pool_per_unit"),
            models.UniqueConstraint(
                fields=["level"], condition=Q(level=1), name="reserve_one_level1_pool"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_responsible(self):
        """The named person while they still serve the pool (R-5, `pool_responsible_serves`);
        what the pages show and the Friday reminder is addressed to."""
        from .rules import pool_responsible_serves

        person = self.responsible
        return person if pool_responsible_serves(pool=self, responsible=person) else None


class EntryQuerySet(UnitScopedQuerySet):
    def visible_to(self, user) -> "EntryQuerySet":
        """A draft stays within the declaring unit until it is submitted for review (R-3):
        neither city-wide roles nor the project's team units see it before then."""
        visible = super().visible_to(user)
        if user.is_authenticated and not user.is_superuser:
            visible = visible.exclude(Q(status=EntryStatus.DRAFT) & ~Q(pool__unit_id=user.unit_id))
        return visible

    def for_unit(self, user) -> "EntryQuerySet":
        return self.filter(_unit_bound_filter(user, "pool__unit", "project"))

    def active(self) -> "EntryQuerySet":
        return self.exclude(status__in=EntryStatus.closed())

    def with_related(self) -> "EntryQuerySet":
        return self.select_related(
            "project", "project__owner_unit", "project__landing_unit", "pool", "pool__unit"
        )


class Entry(models.Model):
    """A declaration of a project into its unit's pool (申报) and its review at both levels (R-3).

    `level` is where the entry is being reviewed: 2 (the unit reviewer) until it is recommended,
    then 1 (the DRC). `status` is its state at that level.
    """

    project = models.ForeignKey(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="reserve_entries",
    )
    pool = models.ForeignKey(
        Pool, verbose_name=_("二级库"), on_delete=models.PROTECT, related_name="entries"
    )
    level = models.PositiveSmallIntegerField(
        _("审核层级"), choices=PoolLevel.choices, default=PoolLevel.LEVEL_2
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    comment = models.TextField(_("审核意见"), blank=True)
    is_published = models.BooleanField(
        _("对外公开"), default=False, help_text=_("在单位门户和公开数据接口发布（R-7）")
    )
    declared_by = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("申报人"),
        on_delete=models.PROTECT,
        related_name="reserve_entries",
    )
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    handed_over_at = models.DateTimeField(_("转入精准帮扶时间"), null=True, blank=True)
    history = HistoricalRecords()

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("储备项目申报")
        verbose_name_plural = _("储备项目申报")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["level", "status"]),
            # The entries list's order: a page is read from the index, not sorted.
            models.Index(fields=["-updated_at", "-id"], name="reserve_entry_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=~Q(status__in=["withdrawn", "removed"]),
                name="reserve_one_open_entry_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_status_display()}"

    @property
    def state_label(self) -> str:
        # Drawn on every row of the review queues and the entry list.
        return f"{display_of(self, 'level')}{display_of(self, 'status')}"


class Step(models.Model):
    """One step of an entry's review (R-3): who, when, what, with which comment. Append-only."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("操作"), max_length=16, choices=StepAction.choices)
    level = models.PositiveSmallIntegerField(_("层级"), choices=PoolLevel.choices)
    actor = models.ForeignKey(
        "yingkou.User", verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        return self.filter(left_at__isnull=True)

    def at(self, moment) -> "MembershipQuerySet":
        """Memberships that held at `moment` (for archiving a past month)."""
        return self.filter(since__lte=moment).filter(
            Q(left_at__isnull=True) | Q(left_at__gt=moment)
        )


class Membership(models.Model):
    """A project in a pool (入库), from approval until it leaves. `level` copies the pool's level so
    the database can refuse a project in two level-2 pools at once (R-2)."""

    pool = models.ForeignKey(
        Pool, verbose_name=_("储备库"), on_delete=models.PROTECT, related_name="memberships"
    )
    project = models.ForeignKey(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="reserve_memberships",
    )
    entry = models.ForeignKey(
        Entry, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="memberships"
    )
    level = models.PositiveSmallIntegerField(_("级别"), choices=PoolLevel.choices)
    since = models.DateTimeField(_("入库时间"))
    left_at = models.DateTimeField(_("出库时间"), null=True, blank=True)
    left_reason = models.CharField(_("出库原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("入库记录")
        verbose_name_plural = _("入库记录")
        ordering = ["-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "level"],
                condition=Q(left_at__isnull=True),
                name="reserve_one_pool_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} @ {self.pool}"


class WeeklyUpdate(models.Model):
    """A unit's confirmation that its pool is up to date for one week (每周五更新, R-5)."""

    pool = models.ForeignKey(
        Pool, verbose_name=_("储备库"), on_delete=models.CASCADE, related_name="weekly_updates"
    )
    week = models.CharField(_("周次"), max_length=8, help_text=_("如 2026-W48"))
    week_friday = models.DateField(_("本周五"))
    confirmed_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)
    note = models.CharField(_("本周更新情况"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("每周更新")
        verbose_name_plural = _("每周更新")
        ordering = ["-week_friday"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "week"], name="reserve_one_update_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.pool} {period_name(self.week)}"


class WeeklyReminder(models.Model):
    """The Friday job's reminder to a pool that had not confirmed its weekly update (R-5)."""

    pool = models.ForeignKey(
        Pool, verbose_name=_("储备库"), on_delete=models.CASCADE, related_name="reminders"
    )
    week = models.CharField(_("周次"), max_length=8)
    due_on = models.DateField(_("应更新日"), null=True, blank=True)
    recipient = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("提醒对象"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("提醒时该库的更新专人"),
    )
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("周五更新提醒")
        verbose_name_plural = _("周五更新提醒")
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "week"], name="reserve_one_reminder_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.pool} {period_name(self.week)}"


class MonthlyArchive(models.Model):
    """What the monthly job archived for one month (R-6): the circular, the city summary and the
    project detail list. `data` is the snapshot the page shows; `content` the file as delivered,
    so a closed month downloads byte for byte the same."""

    kind = models.CharField(_("类别"), max_length=16, choices=ArchiveKind.choices)
    period = models.CharField(_("月份"), max_length=7, help_text=_("如 2026-10"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    content = models.BinaryField(_("文件"), blank=True, default=b"")
    row_count = models.PositiveIntegerField(_("项目数"), default=0)

    class Meta:
        verbose_name = _("月度归档")
        verbose_name_plural = _("月度归档")
        ordering = ["-period", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period"], name="reserve_one_archive_per_month")
        ]

    def __str__(self) -> str:
        return f"{period_name(self.period)} {self.get_kind_display()}"


class CandidateQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "CandidateQuerySet":
        return self.filter(_unit_bound_filter(user, "project__owner_unit", "project"))

    def with_pool_state(self) -> "CandidateQuerySet":
        """Each candidate with `pooled_now`: whether its project is in a pool now (R-9), read in
        the list's one query."""
        if "pooled_now" in self.query.annotations:
            return self
        return self.annotate(
            pooled_now=Exists(
                Membership.objects.current().filter(project_id=OuterRef("project_id"))
            )
        )

    def listed(self) -> "CandidateQuerySet":
        """R-9: the candidates on the list, not taken off it (`services.candidate_remove`)."""
        return self.filter(removed_at__isnull=True)

    def removed(self) -> "CandidateQuerySet":
        """R-9: the candidates taken off the list, kept with who, when and why."""
        return self.filter(removed_at__isnull=False)

    def left_pool(self, today) -> "CandidateQuerySet":
        """R-9 in the database: the candidates `rules.candidate_left_pool_rule` marks."""
        return (
            self.listed()
            .with_pool_state()
            .filter(pooled_now=False, override_reason="", year__gte=today.year)
        )


class Candidate(models.Model):
    """A project chosen as a candidate for a funding channel (R-9)."""

    channel = models.CharField(_("资金渠道"), max_length=32, choices=FundingChannel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    project = models.ForeignKey(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="reserve_candidacies",
    )
    in_pool = models.BooleanField(_("选入时在储备库中"))
    override_reason = models.TextField(
        _("库外项目入选理由"),
        blank=True,
        help_text=_("库外项目原则上不予考虑，确需入选须书面说明理由（R-9）"),
    )
    added_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("选入人"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("选入时间"), auto_now_add=True)
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    removed_by = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("移除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removal_reason = models.TextField(
        _("移除理由"), blank=True, help_text=_("从候选名单中移除须书面说明理由（R-9）")
    )
    history = HistoricalRecords()

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金渠道候选项目")
        verbose_name_plural = _("资金渠道候选项目")
        ordering = ["channel", "-added_at"]
        constraints = [
            # A removed candidacy stays on record; the project may be chosen again for the same
            # channel and year.
            models.UniqueConstraint(
                fields=["channel", "year", "project"],
                condition=models.Q(removed_at__isnull=True),
                name="reserve_one_listed_candidacy",
                violation_error_message=_("该项目已是本年度该资金渠道的候选项目。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.year} {self.project}"

    @property
    def pooled_now(self) -> bool:
        """Whether the project is in a pool now; the list reads it with the rows
        (`CandidateQuerySet.with_pool_state`)."""
        if "pooled_now" not in self.__dict__:
            self.__dict__["pooled_now"] = (
                Membership.objects.current().filter(project_id=self.project_id).exists()
            )
        return self.__dict__["pooled_now"]

    @pooled_now.setter
    def pooled_now(self, value: bool) -> None:
        self.__dict__["pooled_now"] = value

    @property
    def left_pool(self) -> bool:
        """R-9, live: chosen from the pools, no longer in one, no written reason
        (`rules.candidate_left_pool_rule`)."""
        from django.utils import timezone

        from .rules import candidate_left_pool_rule

        return candidate_left_pool_rule(
            listed=self.removed_at is None,
            pooled=self.pooled_now,
            override_reason=self.override_reason,
            year=self.year,
            today=timezone.localdate(),
        )


class ReserveFund(models.Model):
    """The yearly special fund for reserve work budgeted for a unit (R-10)."""

    unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="reserve_funds",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(
        _("专项资金（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    budget_document = models.CharField(_("预算文件"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目储备专项资金")
        verbose_name_plural = _("项目储备专项资金")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reserve_one_fund_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
