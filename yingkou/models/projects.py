import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import CapacityKind, CapitalOrigin, SizeClass, Stage, UnitKind
from yingkou.industries import (
    industry_choices,
    industry_label,
    real_estate_expression,
    sector_expression,
    validate_industry_code,
)
from yingkou.querysets import UnitScopedQuerySet

PROJECT_CODE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")
#: The code shown as an example: a Bayuquan (鲅鱼圈区, 210804) chemical project issued in 2025-09,
#: with its MOD 11,10 check digit, so a user who copies its shape meets no warning.
PROJECT_CODE_EXAMPLE = "2509-210804-26-01-032156"

# The life of a project (SPEC §1): one step forward at a time; any open stage may be stopped.
STAGE_FLOW: dict[str, tuple[str, ...]] = {
    Stage.PLANNING: (Stage.RESERVE, Stage.NEGOTIATING),
    Stage.RESERVE: (Stage.NEGOTIATING, Stage.SIGNED, Stage.CONSTRUCTION),
    Stage.NEGOTIATING: (Stage.SIGNED,),
    Stage.SIGNED: (Stage.CONSTRUCTION,),
    Stage.CONSTRUCTION: (Stage.COMPLETED,),
    Stage.COMPLETED: (Stage.OPERATING,),
    Stage.OPERATING: (),
    Stage.STOPPED: (),
}


def validate_project_code(value: str) -> None:
    """National project code (项目代码, GB/T 40058-2021): YYMM-RRRRRR-DD-TT-NNNNNC, 24
    characters (older codes: YYYY-…). Only the shape is refused here; a doubtful month or check
    digit is a warning (yingkou.rules.project_code_warnings_rule)."""
    if not PROJECT_CODE.match(value):
        raise ValidationError(
            _(
                "项目代码格式应为 YYMM-RRRRRR-DD-TT-NNNNNC（共24位，前四位为赋码年月），如 %(example)s。"
            )
            % {"example": PROJECT_CODE_EXAMPLE},
            code="project_code",
        )


def team_project_ids(unit_id: int):
    """The ids of the projects whose team the unit leads, negotiates for or cooperates in: a
    union of three index-only scans (migration yingkou/0010)."""
    from yingkou.models import Team

    cooperating = Team.cooperating_units.through.objects.filter(unit_id=unit_id).values(
        "team__project_id"
    )
    parts = [
        Team.objects.filter(lead_unit_id=unit_id).values("project_id"),
        Team.objects.filter(main_negotiating_unit_id=unit_id).values("project_id"),
        cooperating,
    ]
    # Default orderings are dropped: a compound statement's parts cannot be ordered.
    first, *rest = (part.order_by() for part in parts)
    return first.union(*rest)


def visible_project_ids(unit_id: int):
    """The ids of the projects a unit sees (SPEC §0), as a union of id sets, each read from its
    own index alone (migration yingkou/0010). Written as owner OR landing OR EXISTS(team),
    PostgreSQL has to scan every project and misjudges the result (1.67M rows estimated at
    100,000 projects, enough to JIT-compile the query on each request: 300-700 ms); the union
    is 30-45 ms. Use it as `project_id__in=` from other tables."""
    return owned_or_hosted_project_ids(unit_id).union(team_project_ids(unit_id))


def owned_or_hosted_project_ids(unit_id: int):
    """The ids of the projects a unit declares or hosts (owner or landing unit), each part read
    from its (unit, id) index alone. Other tables reach a unit's projects through it as
    `project_id__in=` instead of joining every project to test two columns."""
    owned = Project.objects.filter(owner_unit_id=unit_id).values("pk").order_by()
    return owned.union(Project.objects.filter(landing_unit_id=unit_id).values("pk").order_by())


class ProjectQuerySet(UnitScopedQuerySet):
    # The unit whose whole visible list this queryset is (for_unit on an unfiltered queryset),
    # and how many conditions its WHERE had then: while nothing more is filtered, its count is
    # the count of visible_project_ids.
    _visible_unit: int | None = None
    _visible_conditions = 0

    def for_unit(self, user) -> "ProjectQuerySet":
        """A unit sees its own projects, the ones landing in its area, and the ones where it is
        on a team.

        On the projects table this is owner OR landing OR id IN (the team part, computed once):
        a page of a list ordered by an index (the default order) then reads that index until it
        has its rows (7-30 ms for 鲅鱼圈区's 9,930 projects at 100,000) instead of joining all
        projects to the union of ids (70-90 ms); see count() for the total."""
        unit_id = user.unit_id
        visible = self.filter(
            Q(owner_unit_id=unit_id)
            | Q(landing_unit_id=unit_id)
            | Q(pk__in=team_project_ids(unit_id))
        )
        if not self.query.where:
            visible._visible_unit = unit_id
            visible._visible_conditions = len(visible.query.where.children)
        return visible

    def __getitem__(self, k):
        """A page after the first (rows `start` to `stop` of the list) in two steps in one
        statement: the page's ids, then its rows by id. OFFSET reads and drops every row before
        the page; asked for ids alone, it reads them from the order index with the unit columns
        it carries (migration yingkou/0017) instead of fetching each row from the table to test
        who may see it: a unit's page 100 at 100,000 projects read 5,000 rows from the table,
        now 50."""
        query = self.query
        if (
            isinstance(k, slice)
            and k.start
            and k.step is None
            and self._result_cache is None
            and self._iterable_class is ModelIterable
            and not (query.is_sliced or query.distinct or query.combinator)
            and not (query.annotations or query.extra)
        ):
            # The rows by id alone: the page's ids were chosen under every condition, which
            # the outer query need not test again (the unit's team ids cost a read each time).
            rows = self.model._default_manager.db_manager(self.db)
            page = rows.filter(pk__in=self.values("pk")[k])
            page.query.select_related = query.select_related
            page.query.deferred_loading = query.deferred_loading
            page._prefetch_related_lookups = self._prefetch_related_lookups
            return page.order_by(*query.order_by) if query.order_by else page
        return super().__getitem__(k)

    def _clone(self):
        clone = super()._clone()
        clone._visible_unit = self._visible_unit
        clone._visible_conditions = self._visible_conditions
        return clone

    def _is_whole_visible_list(self) -> bool:
        query = self.query
        return (
            self._visible_unit is not None
            and self._result_cache is None
            and len(query.where.children) == self._visible_conditions
            and query.where.connector == "AND"
            and not query.where.negated
            and not (query.is_sliced or query.distinct or query.group_by or query.combinator)
            and not (query.extra or query.annotations)
        )

    def count(self) -> int:
        """The whole visible list of a unit is counted from the union of its ids (index-only
        scans) rather than by scanning every project for the OR."""
        if self._is_whole_visible_list():
            return visible_project_ids(self._visible_unit).count()
        return super().count()

    def with_related(self) -> "ProjectQuerySet":
        return self.select_related("owner_unit", "landing_unit")


class Project(models.Model):
    """A project (项目) through its whole life, shared by the four apps (SPEC §1)."""

    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(
        _("项目代码"),
        max_length=24,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_project_code],
        help_text=_("全国投资项目在线审批监管平台赋码，可不填"),
    )
    owner_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("申报单位"),
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    landing_unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("拟落地县(市)区/园区"),
        on_delete=models.PROTECT,
        related_name="landing_projects",
        null=True,
        blank=True,
    )
    industry = models.CharField(
        _("所属行业"),
        max_length=3,
        choices=industry_choices(),
        validators=[validate_industry_code],
        help_text=_("国民经济行业分类（GB/T 4754-2017）门类或大类"),
    )
    sector = models.GeneratedField(
        verbose_name=_("产业"),
        expression=sector_expression(),
        output_field=models.CharField(max_length=16),
        db_persist=True,
    )
    is_real_estate = models.GeneratedField(
        verbose_name=_("是否房地产"),
        expression=real_estate_expression(),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    capital_origin = models.CharField(
        _("资金来源"), max_length=16, choices=CapitalOrigin.choices, default=CapitalOrigin.DOMESTIC
    )
    capacity_kind = models.CharField(
        _("增量/存量"), max_length=16, choices=CapacityKind.choices, default=CapacityKind.NEW
    )
    size_class = models.CharField(
        _("规模"), max_length=16, choices=SizeClass.choices, default=SizeClass.MEDIUM
    )
    total_investment = models.DecimalField(
        _("总投资（万元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    investor = models.CharField(_("投资方"), max_length=200, blank=True)
    investor_intent_clear = models.BooleanField(_("投资意向基本明确"), default=False)
    construction_content = models.TextField(_("建设内容及规模"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("计划开工年份"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("计划竣工年份"), null=True, blank=True)
    stage = models.CharField(
        _("项目阶段"), max_length=16, choices=Stage.choices, default=Stage.PLANNING
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["sector", "is_real_estate"])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-total_investment", "id"]
        indexes = [
            # A list filtered by stage (one or several: `= ANY`, ManyChoiceFilter) and an
            # industry prefix is read within both from this index alone; it carries the columns
            # a unit's visibility tests, so a unit's filtered count reads no table row either.
            # It replaces the stage index of 0001, whose leading column it keeps.
            models.Index(
                fields=["stage", "industry"],
                opclasses=["text_ops", "varchar_pattern_ops"],
                include=["owner_unit", "landing_unit", "id"],
                name="project_stage_industry",
            ),
            # varchar_pattern_ops (PostgreSQL; ignored elsewhere): the industry filter is a prefix
            # (C, C26) and LIKE 'C%' can use a b-tree only with the pattern operator class. With
            # the id, the projects of a list of industries (an A-3 department's) are read from
            # the index alone.
            models.Index(
                fields=["industry", "id"],
                opclasses=["varchar_pattern_ops", "int8_ops"],
                name="project_industry_ids",
            ),
            # The default order of every project list, with the tie-breaker: a page is read from
            # the index instead of sorting the whole table. It carries the two unit columns
            # (PostgreSQL's INCLUDE; a plain index elsewhere) so the ids of a unit's page after
            # the first are read from the index alone (ProjectQuerySet.__getitem__).
            models.Index(
                fields=["-total_investment", "id"],
                include=["owner_unit", "landing_unit"],
                name="project_order_with_units",
            ),
            # A unit's visible projects (visible_project_ids), read from the index alone.
            models.Index(fields=["owner_unit", "id"], name="project_owner_unit_ids"),
            models.Index(fields=["landing_unit", "id"], name="project_landing_unit_ids"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_investment_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The database computes these from the industry; forget the old values so the next read
        # loads the new ones rather than deciding on a stale industry.
        for name in ("sector", "is_real_estate"):
            self.__dict__.pop(name, None)

    def clean(self) -> None:
        if self.code == "":
            self.code = None
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("计划竣工年份不能早于开工年份。")})
        # SPEC §1: a project lands in a county/district or a park, never in a department.
        if self.landing_unit_id is not None and self.landing_unit.kind not in UnitKind.areas():
            raise ValidationError({"landing_unit": _("拟落地单位须为县(市)区或园区。")})

    @property
    def industry_name(self) -> str:
        return industry_label(self.industry)

    def can_move_to(self, stage: str) -> bool:
        """Allowed stage transitions (SPEC §1): forward along the flow, or stopped while open."""
        if stage == Stage.STOPPED:
            return self.stage not in (Stage.STOPPED, Stage.OPERATING)
        return stage in STAGE_FLOW.get(self.stage, ())
