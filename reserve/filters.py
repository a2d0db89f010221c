"""One FilterSet per list: the page, the API and the export use the same one."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yingkou.choices import UnitKind
from yingkou.filters import ByProjectFilterSet, FilterSet, ManyChoiceFilter, YesNoFilter, labelled
from yingkou.sorting import SortFilter

from . import rules
from .choices import EntryStatus, PoolLevel
from .models import Entry, Pool

# The columns of the entry lists and queues, sortable alike.
ENTRY_SORT = {
    "name": "project__name",
    "owner_unit": "project__owner_unit__code",
    "landing_unit": "project__landing_unit__code",
    "industry": "project__industry",
    "total_investment": "project__total_investment",
    "status": ("level", "status"),
    "updated_at": "updated_at",
    "created_at": "created_at",
    "id": "id",
}


class EntryFilterSet(ByProjectFilterSet):
    """R-3 "query by every field": the project's fields (its own filters) and the entry's."""

    project_filters = (
        "q",
        "owner_unit",
        "landing_unit",
        "stage",
        "industry",
        "sector",
        "is_real_estate",
        "investment_min",
        "investment_max",
        "investor_intent_clear",
    )

    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("状态"))
    level = django_filters.ChoiceFilter(choices=PoolLevel.choices, label=_("审核层级"))
    pool = django_filters.ModelChoiceFilter(queryset=Pool.objects.all(), label=_("储备库"))
    is_published = YesNoFilter(label=_("对外公开"))
    handover_pending = YesNoFilter(method="by_handover_pending", label=_("待转入精准帮扶"))
    project = django_filters.NumberFilter(field_name="project_id", label=_("项目编号"))
    ordering = SortFilter(fields=ENTRY_SORT, default="-updated_at,-id")

    class Meta:
        model = Entry
        fields: list[str] = []

    def by_handover_pending(self, queryset, name, value):
        """R-8: the pooled declarations with a clear investor intent not handed over yet."""
        pending = rules.handover_pending_q()
        return queryset.filter(pending) if value else queryset.exclude(pending)


@labelled
class PoolFilterSet(FilterSet):
    level = django_filters.ChoiceFilter(choices=PoolLevel.choices, label=_("级别"))
    kind = ManyChoiceFilter(field_name="unit__kind", choices=UnitKind.choices, label=_("单位类别"))

    class Meta:
        model = Pool
        fields = ["unit", "plan_period"]


class QueueFilterSet(ByProjectFilterSet):
    """The review queues (R-3): by state, by declaring unit, by name; each queue's selector
    orders it until a column is chosen."""

    project_filters = ("q", "owner_unit")

    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("状态"))
    ordering = SortFilter(fields=ENTRY_SORT)

    class Meta:
        model = Entry
        fields: list[str] = []
