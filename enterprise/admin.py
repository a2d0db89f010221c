from django.contrib import admin

from yingkou.admin import PeriodNamed, ReadOnly, period_column, period_filter
from yingkou.library_admin import HistoryAdmin

from .models import (
    Accountability,
    Archive,
    AssessmentFigures,
    AssessmentResult,
    Enterprise,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnly, HistoryAdmin):
    """E-1: the tier, leaders and counterpart unit follow from the investment and the units, as
    decided on the enterprise's page (`enterprise_update`) and after its project changes."""

    list_display = ["name", "responsible_unit", "counterpart_unit", "total_investment", "tier"]
    list_filter = ["tier", "is_key", "status"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["project", "team", "responsible_leader", "leader_in_charge"]


@admin.register(AssessmentFigures)
class AssessmentFiguresAdmin(PeriodNamed, ReadOnly, HistoryAdmin):
    """E-7: a unit's figures are reported within the period's window and checked
    (`assessment_figures_save`)."""

    list_display = ["unit", "period_shown", "satisfaction", "targets_met", "targets_total"]
    list_filter = [period_filter(AssessmentFigures, "period")]
    period_named = {"period": "period_shown"}
    period_shown = period_column(AssessmentFigures, "period")


@admin.register(AssessmentResult)
class AssessmentResultAdmin(PeriodNamed, ReadOnly, admin.ModelAdmin):
    """E-7: a period's results are frozen when it is assessed (`assessment_archive`)."""

    list_display = ["period_shown", "unit_name", "score", "verdict"]
    list_filter = [period_filter(AssessmentResult, "period"), "verdict"]
    period_named = {"period": "period_shown"}
    period_shown = period_column(AssessmentResult, "period")


@admin.register(Archive)
class ArchiveAdmin(PeriodNamed, ReadOnly, admin.ModelAdmin):
    """Archives are computed as of their period's end and never change."""

    list_display = ["kind", "period_shown", "created_at"]
    list_filter = ["kind"]
    period_named = {"period": "period_shown"}
    period_shown = period_column(Archive, "period")


@admin.register(Accountability)
class AccountabilityAdmin(PeriodNamed, ReadOnly, HistoryAdmin):
    """E-7: the accountability follow-up (问责) of criticised units, recorded on the assessment
    page for a criticised unit only (`accountability_record`)."""

    list_display = ["period_shown", "unit", "decided_on"]
    list_filter = [period_filter(Accountability, "period")]
    period_named = {"period": "period_shown"}
    period_shown = period_column(Accountability, "period")
