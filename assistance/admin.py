"""Read access to the assistance records: each is written by its service in
`assistance.services` — promotion groups (A-4), general liaisons (A-6) and plans (A-5) on their
pages too — where the rules apply and the units concerned are told."""

from django.contrib import admin

from yingkou.admin import PeriodNamed, ReadOnly, period_column
from yingkou.library_admin import HistoryAdmin

from .models import (
    AssistanceCase,
    AssistancePlan,
    GeneralLiaison,
    Problem,
    PromotionGroup,
    PublicationReminder,
    SupervisionReport,
)


class ReadOnlyAdmin(ReadOnly, HistoryAdmin):
    pass


@admin.register(PromotionGroup)
class PromotionGroupAdmin(ReadOnlyAdmin):
    """A-4: each area is covered by one group only (`promotion_group_save`)."""

    list_display = ["name", "head"]


@admin.register(GeneralLiaison)
class GeneralLiaisonAdmin(ReadOnlyAdmin):
    """A-6: a unit's general liaison is one of its own staff (`general_liaison_set`)."""

    list_display = ["unit", "user"]
    list_select_related = ["unit", "user"]


@admin.register(AssistancePlan)
class AssistancePlanAdmin(ReadOnlyAdmin):
    """A-5: a unit's yearly plan, saved on its version (`assistance_plan_save`)."""

    list_display = ["unit", "year", "title", "is_published", "adopted_on", "published_on"]
    list_filter = ["year", "is_published"]
    list_select_related = ["unit"]


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
class SupervisionReportAdmin(PeriodNamed, ReadOnly, admin.ModelAdmin):
    """Archives are immutable and keep no history, so no history pages (they would fail)."""

    list_display = ["title", "kind", "period_shown", "scope", "created_at"]
    list_filter = ["kind"]
    period_named = {"period_key": "period_shown"}
    period_shown = period_column(SupervisionReport, "period_key")


@admin.register(PublicationReminder)
class PublicationReminderAdmin(ReadOnly, admin.ModelAdmin):
    """A-5: the reminders sent by the daily job, each once (`assistance_publication_remind`);
    a log kept as written, so no history pages."""

    list_display = ["case", "plan", "occasion", "decided_on", "due_on", "unit", "sent_on"]
    list_filter = ["occasion", "sent_on"]
    list_select_related = ["case__project", "plan", "unit"]
