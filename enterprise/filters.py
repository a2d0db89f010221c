"""One FilterSet per list: the page, the API and the Excel export use the same one."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingkou.choices import AdministrativeLevel, UnitKind
from yingkou.dates import YearFilter
from yingkou.filters import FilterSet, YesNoFilter
from yingkou.models import Unit
from yingkou.sorting import SortFilter

from . import rules
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
)
from .models import (
    AssessmentResult,
    Complaint,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    Visit,
)
from .selectors import unfit_inspections


def _units():
    return Unit.objects.filter(is_active=True)


def _enterprise_id_filter():
    """An enterprise by id, for links and the API: a hidden field of the page's filter form, so
    a list opened for one enterprise stays on it when refiltered."""
    return django_filters.NumberFilter(
        field_name="enterprise_id", label=_("企业"), widget=forms.HiddenInput
    )


def _enterprise_name_filter():
    """What a user types to narrow a list to one enterprise: its name or credit code."""
    return django_filters.CharFilter(method="by_enterprise_name", label=_("企业名称或信用代码"))


def _name_or_credit_code(value: str, path: str = "") -> Q:
    """An enterprise whose name or credit code holds `value`; `path` leads to it from a record
    of the enterprise (`enterprise__`)."""
    return Q(**{f"{path}name__icontains": value}) | Q(**{f"{path}credit_code__icontains": value})


class EnterpriseNameFilterMixin:
    def by_enterprise_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(_name_or_credit_code(value, "enterprise__"))


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("企业名称或信用代码"))
    responsible_unit = django_filters.ModelChoiceFilter(
        queryset=_units(), label=_("责任地区、部门")
    )
    area = django_filters.ModelChoiceFilter(queryset=_units(), label=_("所在县(市)区/园区"))
    tier = django_filters.ChoiceFilter(choices=ResponsibilityTier.choices, label=_("帮扶层级"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("经营状态"))
    is_key = YesNoFilter(label=_("重点企业"))
    mine = YesNoFilter(method="led_by_me", label=_("我负责的企业"))

    ordering = SortFilter(
        fields={
            "name": "name",
            "responsible_unit": "responsible_unit__code",
            "responsible_leader": "responsible_leader__name",
            "counterpart_unit": "counterpart_unit__code",
            "total_investment": "total_investment",
            "registered_on": "registered_on",
            "id": "id",
        },
        default="-total_investment",
    )

    class Meta:
        model = Enterprise
        fields = []

    def led_by_me(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return queryset
        led = Q(responsible_leader__user=user) | Q(leader_in_charge__user=user)
        return queryset.filter(led) if value else queryset.exclude(led)

    def search(self, queryset, name, value):
        return queryset.filter(_name_or_credit_code(value))


class VisitFilterSet(FilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("企业"))
    visiting_unit = django_filters.ModelChoiceFilter(queryset=_units(), label=_("走访单位"))
    visited_from = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", label=_("走访起始日期")
    )
    visited_to = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="lte", label=_("走访截止日期")
    )

    class Meta:
        model = Visit
        fields = []


class OverdueFilterMixin:
    """`is_overdue`: the deadline was missed, even if the matter was done late since (E-7 counts
    those); `overdue_open`: past the deadline and still not done (what is to be chased now). For
    deadline work both are the model's own `overdue_q` (`yingkou.models.deadlines`); a filter
    set of another model names its `overdue_q` / `open_overdue_q`."""

    def _late(self, queryset, *, open_only: bool):
        today = timezone.localdate()
        if hasattr(queryset, "overdue_q"):
            return queryset.overdue_q(today, open_only=open_only)
        return self.open_overdue_q(today) if open_only else self.overdue_q(today)

    def overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = self._late(queryset, open_only=False)
        return queryset.filter(late) if value else queryset.exclude(late)

    def overdue_still_open(self, queryset, name, value):
        if value is None:
            return queryset
        late = self._late(queryset, open_only=True)
        return queryset.filter(late) if value else queryset.exclude(late)


class ComplaintFilterSet(OverdueFilterMixin, FilterSet):
    q = django_filters.CharFilter(method="search", label=_("查询编号或事项"))
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("状态"))
    channel = django_filters.ChoiceFilter(choices=ComplaintChannel.choices, label=_("受理渠道"))
    handling_unit = django_filters.ModelChoiceFilter(queryset=_units(), label=_("承办单位"))
    is_overdue = YesNoFilter(method="overdue", label=_("超期"))
    overdue_open = YesNoFilter(method="overdue_still_open", label=_("超期未答复"))
    received_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("受理起始日期")
    )
    received_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("受理截止日期")
    )

    ordering = SortFilter(
        fields={
            "tracking_number": "tracking_number",
            "subject": "subject",
            "channel": "channel",
            "received_on": "received_on",
            "reply_due": "due_on",
            "handling_unit": "handling_unit__code",
            "status": "status",
            "id": "id",
        },
        default="-received_on,-id",
    )

    class Meta:
        model = Complaint
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(tracking_number__iexact=value) | Q(subject__icontains=value))


class ProblemFilterSet(EnterpriseNameFilterMixin, OverdueFilterMixin, FilterSet):
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=ProblemCategory.choices, label=_("问题类别"))
    owner_unit = django_filters.ModelChoiceFilter(queryset=_units(), label=_("当前责任单位"))
    enterprise = _enterprise_id_filter()
    enterprise_name = _enterprise_name_filter()
    is_overdue = YesNoFilter(method="overdue", label=_("超期"))
    overdue_open = YesNoFilter(method="overdue_still_open", label=_("超期未办结"))

    ordering = SortFilter(
        fields={
            "enterprise": "enterprise__name",
            "category": "category",
            "description": "description",
            "first_unit": "first_unit__code",
            "owner_unit": "owner_unit__code",
            "due_on": "due_on",
            "raised_on": "raised_on",
            "status": "status",
            "id": "id",
        },
        default="due_on",
    )

    class Meta:
        model = Problem
        fields = []


class InspectionFilterSet(EnterpriseNameFilterMixin, FilterSet):
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("状态"))
    agency = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.exclude(enforcement_system=""), label=_("执法机关")
    )
    agency_level = django_filters.ChoiceFilter(
        field_name="agency__level", choices=AdministrativeLevel.choices, label=_("执法机关层级")
    )
    enterprise = _enterprise_id_filter()
    enterprise_name = _enterprise_name_filter()
    approving_area = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(kind__in=UnitKind.areas()),
        method="approved_by_area",
        label=_("审批的县(市)区、园区政府"),
    )
    year = YearFilter(field_name="planned_on", label=_("计划检查年度"))
    year_from = YearFilter(
        field_name="planned_on", lookup_expr="year__gte", label=_("起始年度（含以后各年）")
    )
    unfit = YesNoFilter(method="judged_unfit", label=_("已不符合E-5，待核实"))

    ordering = SortFilter(
        fields={
            "planned_on": "planned_on",
            "enterprise": "enterprise__name",
            "agency": "agency__code",
            "purpose": "purpose",
            "status": "status",
            "approved_by": "approved_by__unit__code",
            "id": "id",
        },
        default="-planned_on",
    )

    class Meta:
        model = Inspection
        fields = []

    def approved_by_area(self, queryset, name, value: Unit):
        return queryset.filter(rules.approving_area_q(value)) if value else queryset

    def judged_unfit(self, queryset, name, value):
        # E-5's marker is judged in Python from the unit tree, not stored: the rows it marks
        # are found first, among the open ones of the list, and then selected by key.
        if value is None:
            return queryset
        marked = list(unfit_inspections(queryset))
        return queryset.filter(pk__in=marked) if value else queryset.exclude(pk__in=marked)


class PromiseFilterSet(OverdueFilterMixin, FilterSet):
    status = django_filters.ChoiceFilter(choices=PromiseStatus.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=PromiseKind.choices, label=_("类别"))
    responsible_unit = django_filters.ModelChoiceFilter(queryset=_units(), label=_("责任部门"))
    is_overdue = YesNoFilter(method="overdue", label=_("超期未兑现"))

    ordering = SortFilter(
        fields={
            "enterprise": "enterprise__name",
            "kind": "kind",
            "source": "source",
            "responsible_unit": "responsible_unit__code",
            "principal_leader": "principal_leader__name",
            "due_on": "due_on",
            "status": "status",
            "id": "id",
        },
        default="due_on",
    )

    class Meta:
        model = PolicyPromise
        fields = []


class AssessmentResultFilterSet(FilterSet):
    """E-7: the archived assessment results (API)."""

    period = django_filters.CharFilter(label=_("考核期"), help_text=_("如 2026-Q4 或 2026"))
    unit = django_filters.ModelChoiceFilter(queryset=_units(), label=_("地区、部门"))
    verdict = django_filters.ChoiceFilter(choices=AssessmentVerdict.choices, label=_("结论"))

    ordering = SortFilter(
        fields={
            "period": "period",
            "unit": "unit_code",
            "score": "score",
            "verdict": "verdict",
            "id": "id",
        },
        default="-period,-score,unit",
    )

    class Meta:
        model = AssessmentResult
        fields = []
