"""Admin for the assistance reference data the DRC maintains (promotion groups, liaisons, plans)
and read access to the rest; rule-bound writes go through the pages and the API."""

from django.contrib import admin

from yingkou.admin import ReadOnly
from yingkou.library_admin import HistoryAdmin

from .models import (
    AssistanceCase,
    AssistancePlan,
    GeneralLiaison,
    Problem,
    PromotionGroup,
    SupervisionReport,
)


@admin.register(PromotionGroup)
class PromotionGroupAdmin(HistoryAdmin):
    list_display = ["name", "head"]
    filter_horizontal = ["members", "areas"]


@admin.register(GeneralLiaison)
class GeneralLiaisonAdmin(HistoryAdmin):
    list_display = ["unit", "user"]
    list_select_related = ["unit", "user"]


@admin.register(AssistancePlan)
class AssistancePlanAdmin(HistoryAdmin):
    list_display = ["unit", "year", "title", "is_published"]
    list_filter = ["year", "is_published"]
    list_select_related = ["unit"]


class ReadOnlyAdmin(ReadOnly, HistoryAdmin):
    pass


@admin.register(AssistanceCase)
class AssistanceCaseAdmin(ReadOnlyAdmin):
    list_display = ["project", "tier", "status", "team_status", "opened_on"]
    list_filter = ["tier", "status", "team_status"]
    list_select_related = ["project"]
    search_fields = ["project__name"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["title", "case", "category", "owner_unit", "due_on", "status", "escalated"]
    list_filter = ["category", "status", "escalated"]
    list_select_related = ["case__project", "owner_unit"]


@admin.register(SupervisionReport)
class SupervisionReportAdmin(ReadOnly, admin.ModelAdmin):
    """Archives are immutable and keep no history, so no history pages (they would fail)."""

    list_display = ["title", "kind", "period_key", "scope", "created_at"]
    list_filter = ["kind"]
