"""One FilterSet per list: the HTML page, the API and the Excel export share it."""

import django_filters
from django.db.models import Q
from django.forms import HiddenInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingkou.choices import AdministrativeLevel, Stage, UnitKind
from yingkou.filters import FilterSet, ManyChoiceFilter, YesNoFilter, labelled
from yingkou.industries import city_authority_industries_q
from yingkou.models import Team, Unit
from yingkou.sorting import SortFilter

from . import rules
from .choices import ActionStatus, CaseStatus, ProblemCategory, ProblemStatus, TeamStatus, Tier
from .models import ActionItem, AssistanceCase, AssistancePlan, Problem


@labelled
class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("项目名称"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("帮扶层级"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("状态"))
    team_status = django_filters.ChoiceFilter(choices=TeamStatus.choices, label=_("团队审定"))
    stage = ManyChoiceFilter(
        field_name="project__stage", choices=Stage.choices, label=_("项目阶段")
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(
            Q(kind__in=UnitKind.areas())
            | Q(
                kind__in=(UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.PARTY_ORG),
                level=AdministrativeLevel.CITY,
            )
        ).order_by("kind", "code"),
        method="by_unit",
        label=_("牵头或落地单位"),
    )
    industry_department = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(
            kind=UnitKind.MUNICIPAL_DEPARTMENT, level=AdministrativeLevel.CITY
        ).order_by("code"),
        method="by_industry_department",
        label=_("行业主管部门"),
    )
    industry_service_missing = YesNoFilter(
        method="by_industry_service_missing", label=_("行业部门未配备")
    )
    mine = YesNoFilter(method="led_by_me", label=_("我帮扶的项目"))
    led_by_unit = YesNoFilter(method="by_own_lead_unit", label=_("本单位牵头的"))
    leader_missing = YesNoFilter(method="by_leader_missing", label=_("缺帮扶领导（A-2）"))
    liaison_missing = YesNoFilter(method="by_liaison_missing", label=_("缺联络员（A-6）"))
    awaiting_compile = YesNoFilter(method="by_awaiting_compile", label=_("待发改委汇总（A-5）"))
    unpublished = YesNoFilter(method="by_unpublished", label=_("未公示（A-5）"))
    ordering = SortFilter(
        fields={
            "name": "project__name",
            "total_investment": "project__total_investment",
            "stage": "project__stage",
            "tier": "tier",
            "lead_leader": "team__lead_leader__name",
            "responsible_leader": "responsible_leader__name",
            "lead_unit": "team__lead_unit__code",
            "team_status": "team_status",
            "opened_on": "opened_on",
            "id": "id",
        },
        default="-total_investment",
    )

    class Meta:
        model = AssistanceCase
        fields = ["source"]

    def search(self, queryset, name, value):
        return queryset.filter(project__name__icontains=value)

    def by_unit(self, queryset, name, value: int):
        return queryset.filter(Q(team__lead_unit=value) | Q(project__landing_unit=value))

    def by_liaison_missing(self, queryset, name, value):
        # a liaison who left the unit or was deactivated is missing too (`still_answers`).
        missing = ~Team.answers_q("project_liaison", "team__") | (
            Q(tier=Tier.CITY) & ~Team.answers_q("service_liaison", "team__")
        )
        return queryset.filter(missing) if value else queryset.exclude(missing)

    def by_industry_department(self, queryset, name, value: Unit):
        # the key projects of the industries whose city competent department it is.
        industries = city_authority_industries_q(value, prefix="project__")
        return queryset.filter(industries) if industries is not None else queryset.none()

    def by_industry_service_missing(self, queryset, name, value):
        missing = rules.industry_service_missing_q()
        return queryset.filter(missing) if value else queryset.exclude(missing)

    def led_by_me(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(team__lead_leader__user=self.request.user)

    def by_own_lead_unit(self, queryset, name, value):
        """The cases the user's own unit leads (牵头单位), or with `false` those it does not."""
        if value is None or self.request is None:
            return queryset
        led = Q(team__lead_unit_id=self.request.user.unit_id)
        return queryset.filter(led) if value else queryset.exclude(led)

    def by_leader_missing(self, queryset, name, value):
        # 一个项目、一位领导 — active cases whose team names no assisting leader.
        missing = rules.leader_missing_q()
        return queryset.filter(missing) if value else queryset.exclude(missing)

    def by_unpublished(self, queryset, name, value):
        # arranged, and not published on the unit's portal within 20 working days.
        overdue = rules.publication_overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def by_awaiting_compile(self, queryset, name, value):
        awaiting = rules.team_awaiting_compile_q()
        return queryset.filter(awaiting) if value else queryset.exclude(awaiting)


class ProblemFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("问题或项目"))
    category = ManyChoiceFilter(choices=ProblemCategory.choices, label=_("问题类别"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("状态"))
    escalated = YesNoFilter(label=_("已上报市政府"))
    owner_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("责任单位"))
    late = YesNoFilter(method="by_late", label=_("已逾期"))
    due_soon = YesNoFilter(method="by_due_soon", label=_("3个工作日内到期"))
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("办结时限不晚于")
    )
    mine = YesNoFilter(method="led_by_me", label=_("我帮扶的项目"))

    case = django_filters.NumberFilter(
        field_name="case_id", widget=HiddenInput, label=_("帮扶项目")
    )
    # Without a chosen column each list keeps its selector's order (due date; escalation date).
    ordering = SortFilter(
        fields={
            "project": "case__project__name",
            "category": "category",
            "title": "title",
            "owner_unit": "owner_unit__code",
            "due_on": "due_on",
            "status": "status",
            "escalated_on": "escalated_on",
            "raised_on": "raised_on",
            "id": "id",
        }
    )

    class Meta:
        model = Problem
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(case__project__name__icontains=value))

    def by_late(self, queryset, name, value):
        late = rules.late_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def by_due_soon(self, queryset, name, value):
        soon = rules.due_soon_q(timezone.localdate())
        return queryset.filter(soon) if value else queryset.exclude(soon)

    def led_by_me(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(case__team__lead_leader__user=self.request.user)


class ActionItemFilterSet(FilterSet):
    """Joint-meeting tasks (A-7)."""

    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("状态"))
    owner_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("责任单位"))
    late = YesNoFilter(method="by_late", label=_("已逾期"))
    ordering = SortFilter(
        fields={
            "project": "meeting__case__project__name",
            "meeting": "meeting__held_on",
            "description": "description",
            "owner_unit": "owner_unit__code",
            "due_on": "due_on",
            "id": "id",
        }
    )

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def by_late(self, queryset, name, value):
        late = rules.late_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


@labelled
class PlanFilterSet(FilterSet):
    """The areas' and departments' yearly plans (帮扶方案, A-5): the page, the API and the Excel
    file."""

    year = django_filters.NumberFilter(label=_("年度"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(
            Q(kind__in=UnitKind.areas())
            | Q(
                kind__in=(UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.PARTY_ORG, UnitKind.DRC),
                level=AdministrativeLevel.CITY,
            )
        ).order_by("kind", "code"),
        label=_("地区、部门"),
    )
    is_published = YesNoFilter(label=_("已确定并公开"))
    unpublished = YesNoFilter(method="by_unpublished", label=_("未公示（A-5）"))
    ordering = SortFilter(fields={"year": "year", "unit": "unit__code", "id": "id"})

    class Meta:
        model = AssistancePlan
        fields: list[str] = []

    def by_unpublished(self, queryset, name, value):
        # adopted, and not published on the unit's portal within 20 working days.
        overdue = rules.plan_publication_overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
