"""One FilterSet per list drives the page, the API and the export (NetBox style)."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from yingkou.choices import TeamPhase, UnitKind
from yingkou.dates import YearFilter
from yingkou.errors import RuleViolation
from yingkou.filters import FilterSet, LeaderChoiceFilter, ManyChoiceFilter, YesNoFilter
from yingkou.models import Leader, Team, Unit
from yingkou.sorting import SortFilter

from . import rules, selectors
from .choices import NegotiationStage, QuestionKind, Tier
from .models import InvestorQuestion, NegotiationCase
from .selectors import tier_condition

OPEN_CHOICES = [("open", _("在谈")), ("closed", _("已签约或终止"))]
QUESTION_STATUS = [
    ("open", _("未反馈")),
    ("due_today", _("今日到期")),
    ("due_soon", _("3个工作日内到期")),
    ("late", _("已逾期")),
    ("closed", _("已反馈")),
]


class ReportMonthField(forms.CharField):
    """A month asked for (`YYYY-MM`) as N-6's dispatch rule reads it: the running month or a
    closed one of the service; anything else is a filter error (400 in the API)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            first = rules.dispatch_month_rule(period=value, today=timezone.localdate())
        except RuleViolation as refused:
            raise forms.ValidationError(refused.text) from refused
        return rules.report_month(first)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"})
class ReportMonthFilter(django_filters.CharFilter):
    field_class = ReportMonthField


class NegotiationCaseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("项目名称或投资方"))
    status = django_filters.ChoiceFilter(choices=OPEN_CHOICES, method="by_status", label=_("状态"))
    stage = ManyChoiceFilter(choices=NegotiationStage.choices, label=_("洽谈阶段"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, method="by_tier", label=_("投资档次"))
    negotiating_unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(rules.negotiating_bodies_q()),
        label=_("洽谈单位"),
    )
    landing_unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(kind__in=UnitKind.areas()), label=_("拟落地县(市)区/园区")
    )
    lead_leader = LeaderChoiceFilter(
        field_name="team__lead_leader",
        # EXISTS, not a join with DISTINCT: the join sorted a row per negotiation team (22,000
        # at 100,000 projects) to list some forty leaders.
        queryset=Leader.objects.filter(
            Exists(Team.objects.filter(lead_leader=OuterRef("pk"), phase=TeamPhase.NEGOTIATION))
        ).select_related("unit"),
        label=_("牵头领导"),
    )
    industry = django_filters.CharFilter(
        field_name="project__industry", lookup_expr="startswith", label=_("行业代码")
    )
    opened_after = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("首次接触不早于")
    )
    late_questions = YesNoFilter(method="by_late", label=_("有逾期问题"))
    signed_year = YearFilter(field_name="signed_on", label=_("签约年度"))
    mine = YesNoFilter(method="led_by_me", label=_("本人或本单位牵头的"))
    lead_unfit = YesNoFilter(field_name="lead_unfit", label=_("牵头领导待调整"))
    report_missing = YesNoFilter(method="by_report_missing", label=_("未上报推进情况"))
    month = ReportMonthFilter(method="by_report_month", label=_("推进情况月份（默认本月）"))
    ordering = SortFilter(
        fields={
            "name": "project__name",
            "total_investment": "project__total_investment",
            # The tier follows the amount (N-1), so it sorts with it.
            "tier": "project__total_investment",
            "negotiating_unit": "negotiating_unit__code",
            "landing_unit": "landing_unit__code",
            "stage": "stage",
            "stage_changed_on": "stage_changed_on",
            "lead_leader": "team__lead_leader__name",
            "opened_on": "opened_on",
            "id": "id",
        },
        default="-opened_on,-id",
    )

    class Meta:
        model = NegotiationCase
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(investor__icontains=value))

    def by_status(self, queryset, name, value):
        open_stages = NegotiationStage.open_stages()
        if value == "open":
            return queryset.filter(stage__in=open_stages)
        return queryset.exclude(stage__in=open_stages)

    def led_by_me(self, queryset, name, value):
        if value is None or self.request is None:
            return queryset
        led = selectors.led_by(queryset, user=self.request.user)
        return led if value else queryset.exclude(pk__in=led.values("pk"))

    def by_tier(self, queryset, name, value):
        return queryset.filter(tier_condition(value))

    def by_report_missing(self, queryset, name, value):
        """N-6: the cases whose progress report of the month asked for (`month`, by default the
        running one) is owed and not filed."""
        period = self.form.cleaned_data.get("month") or rules.report_month(timezone.localdate())
        missing = rules.progress_report_missing_q(period)
        return queryset.filter(missing) if value else queryset.exclude(missing)

    def by_report_month(self, queryset, name, value):
        # Only the month `report_missing` asks about: alone it narrows nothing.
        return queryset

    def by_late(self, queryset, name, value):
        late = InvestorQuestion.objects.filter(
            case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
        )
        queryset = queryset.exclude(stage=NegotiationStage.ENDED) if value else queryset
        return queryset.filter(Exists(late)) if value else queryset.exclude(Exists(late))


class InvestorQuestionFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("项目名称或投资方"))
    kind = django_filters.ChoiceFilter(choices=QuestionKind.choices, label=_("问题类别"))
    status = django_filters.ChoiceFilter(
        choices=QUESTION_STATUS, method="by_status", label=_("状态")
    )
    owner_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("答复单位"))
    # A case's number is for links and the API; people look a project up by its name (q).
    negotiation = django_filters.NumberFilter(
        field_name="case", label=_("洽谈项目"), widget=forms.HiddenInput
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("答复时限不晚于")
    )
    escalated_to = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(), label=_("升级至单位")
    )
    mine = YesNoFilter(method="owned_by_my_unit", label=_("本单位答复的"))
    ordering = SortFilter(
        fields={
            "project": "case__project__name",
            "kind": "kind",
            "owner_unit": "owner_unit__code",
            "asked_on": "asked_on",
            "due_on": "due_on",
            "delivered_on": "done_on",
            "id": "id",
        },
        default="due_on,id",
    )

    class Meta:
        model = InvestorQuestion
        fields: list[str] = []

    def by_status(self, queryset, name, value):
        today: dt.date = timezone.localdate()
        if value == "closed":
            return queryset.filter(done_on__isnull=False)
        queryset = selectors.owed(queryset)
        if value == "due_today":
            return queryset.filter(due_on=today)
        if value == "due_soon":
            return queryset.filter(selectors.due_after_today_q(today))
        if value == "late":
            return queryset.filter(due_on__lt=today)
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(case__project__name__icontains=value) | Q(case__investor__icontains=value)
        )

    def owned_by_my_unit(self, queryset, name, value):
        if not value or self.request is None or not self.request.user.unit_id:
            return queryset
        return queryset.filter(owner_unit_id=self.request.user.unit_id)
