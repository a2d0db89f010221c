"""One FilterSet per list drives the HTML list, the API and the export (NetBox style)."""

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.filters import FilterMethod
from django_filters.filterset import FilterSetMetaclass
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from yingkou.choices import ChangeRequestStatus, LeaderRank, Sector, Stage, UnitKind
from yingkou.forms import LeaderOptions
from yingkou.models import Leader, Project, ProjectChangeRequest, Unit
from yingkou.sorting import SortFilter


def _filter_copy(filter_):
    """A filter as django-filter's deep copy gives it, from its attributes: what a request sets
    on it (its FilterSet, model, label, form field) is set on the copy alone; its lists and dicts
    (the choices, the form field's arguments) are the copy's own; a `method` filter calls the
    copy's FilterSet."""
    clone = object.__new__(type(filter_))
    clone.__dict__.update(
        {
            name: value.copy() if type(value) in (list, dict) else value
            for name, value in filter_.__dict__.items()
        }
    )
    if isinstance(clone.__dict__.get("filter"), FilterMethod):
        clone.filter = FilterMethod(clone)
    return clone


class _CopiedFilters(dict):
    """A FilterSet class's filters, which each FilterSet copies for itself (`_filter_copy`)."""

    def __deepcopy__(self, memo):
        return {name: _filter_copy(filter_) for name, filter_ in self.items()}


class _CopyingFilterSetMetaclass(FilterSetMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_filters = _CopiedFilters(new_class.base_filters)
        return new_class


class FilterSet(django_filters.FilterSet, metaclass=_CopyingFilterSetMetaclass):
    """django-filter's FilterSet with the same filters and form, for less per request: it deep
    copied every filter of the class for each list (the choices item by item, the querysets'
    queries) and made the form's class again from them, half of a filtered list's time in
    Python after its query. Each filter is copied attribute by attribute instead, and the form's
    class is made once per FilterSet class: its fields are the class's filters', the same for
    every request, unless a filter chooses among a queryset made from the request (a callable
    `queryset`), whose form is made for each request as before. The form itself (its fields
    copied, the data cleaned) is each request's own, as in django-filter."""

    def get_form_class(self):
        if any(callable(getattr(filter_, "queryset", None)) for filter_ in self.filters.values()):
            return super().get_form_class()
        cls = type(self)
        form_class = cls.__dict__.get("_built_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._built_form_class = form_class
        return form_class


def labelled(filterset):
    """Give the filters Meta generates their label from the model field when the class is made,
    not when a form first draws them: the API schema reads a class's filters before any request
    gives them a model, and the form field built then (labelled from the bare field name, in
    English) would be copied into every page's filter form."""
    from django_filters.utils import label_for_filter

    for filter_ in filterset.base_filters.values():
        if filter_._label is None:
            filter_.label = label_for_filter(
                filterset._meta.model, filter_.field_name, filter_.lookup_expr, filter_.exclude
            )
    return filterset


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no select whose empty choice reads 全部 (any), not Django's 未知."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]

    def value_from_datadict(self, data, files, name):
        # Links written as ?mine=1 (bookmarks, older dashboards) keep working.
        value = data.get(name)
        if value in ("1", "0"):
            return value == "1"
        return super().value_from_datadict(data, files, name)


class YesNoFilter(django_filters.BooleanFilter):
    """Yes / no / any, for every list's boolean filters (API: true or false)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)


class ManyChoiceFilter(django_filters.MultipleChoiceFilter):
    """Any of several values, chosen in a tag box (the pickers' search box) rather than a list
    box of three lines to scroll and Ctrl-click.

    Matched without SELECT DISTINCT: the value is a column of the row or of a row it points to,
    which cannot repeat a row, and django-filter's default DISTINCT sorted every selected column
    of the page (at 100,000 projects it spilled to disk, 79 ms instead of 12 ms)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"data-picker": "multiple"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        """Several values as one `IN` instead of django-filter's OR of equalities: PostgreSQL
        reads `stage = ANY (...)` as an index condition, so a column indexed with a second
        (the projects' stage and industry) is read within both; an OR of the first column it
        did not narrow by, and read the whole industry range."""
        values = set(value or ())
        if (
            len(values) < 2
            or self.conjoined
            or self.null_value in values
            or self.lookup_expr != "exact"
            or self.is_noop(qs, value)
        ):
            return super().filter(qs, value)
        qs = self.get_method(qs)(**{f"{self.field_name}__in": sorted(values)})
        return qs.distinct() if self.distinct else qs


@extend_schema_field(OpenApiTypes.INT)
class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A unit chosen by id, filtered by a method (documented as an integer in the schema)."""


class LeaderChoiceField(LeaderOptions, filter_fields.ModelChoiceField):
    pass


class LeaderChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter choosing a leader, offered with the leader's unit (yingkou.forms.LeaderOptions)."""

    field_class = LeaderChoiceField


@labelled
class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或代码"))
    unit = UnitChoiceFilter(
        queryset=Unit.objects.all(), method="by_unit", label=_("申报或落地单位")
    )
    owner_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("申报单位"))
    landing_unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(kind__in=UnitKind.areas()), label=_("拟落地县(市)区/园区")
    )
    stage = ManyChoiceFilter(choices=Stage.choices, label=_("项目阶段"))
    industry = django_filters.CharFilter(
        field_name="industry", lookup_expr="startswith", label=_("行业代码")
    )
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("产业"))
    is_real_estate = YesNoFilter(label=_("是否房地产"))
    investment_min = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="gte", label=_("总投资不低于（万元）")
    )
    investment_max = django_filters.NumberFilter(
        field_name="total_investment", lookup_expr="lte", label=_("总投资不高于（万元）")
    )
    investor_intent_clear = YesNoFilter(label=_("投资意向基本明确"))
    ordering = SortFilter(
        fields={
            "name": "name",
            "owner_unit": "owner_unit__code",
            "landing_unit": "landing_unit__code",
            "industry": "industry",
            "total_investment": "total_investment",
            "stage": "stage",
            "updated_at": "updated_at",
            "id": "id",
        },
        default="-total_investment",
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "unit",
            "owner_unit",
            "landing_unit",
            "stage",
            "industry",
            "sector",
            "is_real_estate",
            "investment_min",
            "investment_max",
            "investor_intent_clear",
            "capital_origin",
            "capacity_kind",
            "size_class",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def by_unit(self, queryset, name, value):
        return queryset.filter(Q(owner_unit=value) | Q(landing_unit=value))


class ByProjectFilterSet(FilterSet):
    """A FilterSet of records that belong to a project (a reserve entry, a case) offering the
    project's own filters under the same names: ProjectFilterSet defines and applies each of
    them, over the projects, so a project filter is written once, labelled alike on every list.
    `project_filters` names them."""

    project_path = "project"
    project_filters: tuple[str, ...] = ()

    @classmethod
    def get_filters(cls):
        own = super().get_filters()
        filters = {}  # the project's filters first, as on the project list
        for name in cls.project_filters:
            filters[name] = copy.deepcopy(ProjectFilterSet.base_filters[name])
            # Applied by `by_project`, which is told the filter's name as its field name.
            filters[name].method, filters[name].field_name = "by_project", name
            if isinstance(filters[name], django_filters.ModelChoiceFilter):
                # A unit chosen by id, as in the schema of the project list.
                extend_schema_field(OpenApiTypes.INT)(filters[name])
        return own.__class__({**filters, **{k: v for k, v in own.items() if k not in filters}})

    def by_project(self, queryset, name, value):
        projects = Project.objects.all()
        projects = (
            ProjectFilterSet(queryset=projects, request=self.request)
            .filters[name]
            .filter(projects, value)
        )
        return queryset.filter(**{f"{self.project_path}__in": projects.order_by().values("pk")})


@labelled
class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("名称"))
    kind = ManyChoiceFilter(choices=UnitKind.choices, label=_("类别"))

    class Meta:
        model = Unit
        fields = ["parent", "level", "enforcement_system"]


@labelled
class LeaderFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("姓名"))
    rank = django_filters.ChoiceFilter(choices=LeaderRank.choices, label=_("级别"))

    class Meta:
        model = Leader
        fields = ["unit", "is_retired"]


class ChangeRequestFilterSet(FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=_("项目"))
    status = django_filters.ChoiceFilter(choices=ChangeRequestStatus.choices, label=_("状态"))
    to_review = YesNoFilter(method="by_reviewer", label=_("待我审核"))

    class Meta:
        model = ProjectChangeRequest
        fields = ["project", "status"]

    def by_reviewer(self, queryset, name, value):
        if value is None:
            return queryset
        mine = ProjectChangeRequest.objects.to_review_by(self.request.user).values("pk")
        return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)
