"""One FilterSet per list: the page, the API and the export use the same one."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingkou.choices import Sector, Stage, UnitKind
from yingkou.filters import YesNoFilter
from yingkou.models import Unit

from .choices import EntryStatus, PoolLevel
from .models import Entry, Pool


class EntryFilterSet(django_filters.FilterSet):
    """R-3 "query by every field": the project's fields and the entry's own."""

    q = django_filters.CharFilter(method="search", label=_("名称或代码"))
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("状态"))
    level = django_filters.ChoiceFilter(choices=PoolLevel.choices, label=_("审核层级"))
    pool = django_filters.ModelChoiceFilter(queryset=Pool.objects.all(), label=_("储备库"))
    owner_unit = django_filters.ModelChoiceFilter(
        field_name="project__owner_unit", queryset=Unit.objects.all(), label=_("申报单位")
    )
    landing_unit = django_filters.ModelChoiceFilter(
        field_name="project__landing_unit",
        queryset=Unit.objects.filter(kind__in=UnitKind.areas()),
        label=_("建设地点"),
    )
    stage = django_filters.ChoiceFilter(
        field_name="project__stage", choices=Stage.choices, label=_("项目阶段")
    )
    industry = django_filters.CharFilter(
        field_name="project__industry", lookup_expr="startswith", label=_("行业代码")
    )
    sector = django_filters.ChoiceFilter(
        field_name="project__sector", choices=Sector.choices, label=_("产业")
    )
    is_real_estate = YesNoFilter(field_name="project__is_real_estate", label=_("是否房地产"))
    investment_min = django_filters.NumberFilter(
        field_name="project__total_investment", lookup_expr="gte", label=_("总投资不低于（万元）")
    )
    investment_max = django_filters.NumberFilter(
        field_name="project__total_investment", lookup_expr="lte", label=_("总投资不高于（万元）")
    )
    investor_intent_clear = YesNoFilter(
        field_name="project__investor_intent_clear", label=_("投资意向基本明确")
    )
    is_published = YesNoFilter(label=_("对外公开"))
    project = django_filters.NumberFilter(field_name="project_id", label=_("项目编号"))

    class Meta:
        model = Entry
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__name__icontains=value) | Q(project__code__icontains=value)
        )


class PoolFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=PoolLevel.choices, label=_("级别"))
    kind = django_filters.MultipleChoiceFilter(
        field_name="unit__kind", choices=UnitKind.choices, label=_("单位类别")
    )

    class Meta:
        model = Pool
        fields = ["unit", "plan_period"]


class QueueFilterSet(django_filters.FilterSet):
    """The review queues (R-3): by state, by declaring unit, by name."""

    q = django_filters.CharFilter(method="search", label=_("名称或代码"))
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("状态"))
    owner_unit = django_filters.ModelChoiceFilter(
        field_name="project__owner_unit",
        queryset=Unit.objects.order_by("kind", "code"),
        label=_("申报单位"),
    )

    class Meta:
        model = Entry
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__name__icontains=value) | Q(project__code__icontains=value)
        )
