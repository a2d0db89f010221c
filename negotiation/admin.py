"""The negotiation records are only read in the admin: each is written by its service in
`negotiation.services`, where the rules (N-1 to N-6) apply and the units concerned are told."""

from django.contrib import admin

from yingkou.admin import PeriodNamed, ReadOnly, period_column
from yingkou.library_admin import HistoryAdmin

from .models import (
    InvestorQuestion,
    NegotiationArchive,
    NegotiationCase,
    ProgressReport,
    TeamMeeting,
    TeamTask,
)


class ReadOnlyAdmin(ReadOnly, HistoryAdmin):
    pass


@admin.register(NegotiationCase)
class NegotiationCaseAdmin(ReadOnlyAdmin):
    """N-1, N-2: a case's stage and team move on its page."""

    list_display = ["project", "negotiating_unit", "landing_unit", "stage", "opened_on"]
    list_filter = ["stage"]
    search_fields = ["project__name", "investor"]
    list_select_related = ["project", "negotiating_unit", "landing_unit"]


@admin.register(InvestorQuestion)
class InvestorQuestionAdmin(ReadOnlyAdmin):
    """N-4: a question's route and due date."""

    list_display = ["case", "kind", "owner_unit", "asked_on", "due_on", "done_on"]
    list_filter = ["kind"]
    list_select_related = ["case__project", "owner_unit"]


@admin.register(TeamTask)
class TeamTaskAdmin(ReadOnlyAdmin):
    """N-3: the lead unit assigns tasks to the team's units, with a due date."""

    list_display = ["title", "case", "owner_unit", "assigned_on", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["case__project", "owner_unit"]


@admin.register(TeamMeeting)
class TeamMeetingAdmin(ReadOnlyAdmin):
    """N-5: the team's meetings and their minutes."""

    list_display = ["case", "held_on", "place"]
    list_select_related = ["case__project"]


@admin.register(ProgressReport)
class ProgressReportAdmin(PeriodNamed, ReadOnlyAdmin):
    """N-6: a team's regular progress report."""

    list_display = ["case", "period_shown", "reported_on"]
    period_named = {"period": "period_shown"}
    period_shown = period_column(ProgressReport, "period")
    list_select_related = ["case__project"]


@admin.register(NegotiationArchive)
class NegotiationArchiveAdmin(PeriodNamed, ReadOnly, admin.ModelAdmin):
    """Archives are immutable and keep no history, so no history pages (they would fail)."""

    list_display = ["kind", "period_shown", "created_at"]
    list_filter = ["kind"]
    period_named = {"period": "period_shown"}
    period_shown = period_column(NegotiationArchive, "period")
