from django.contrib import admin

from yingkou.library_admin import HistoryAdmin

from .models import (
    InvestorQuestion,
    NegotiationArchive,
    NegotiationCase,
    ProgressReport,
    TeamMeeting,
    TeamTask,
)


@admin.register(NegotiationCase)
class NegotiationCaseAdmin(HistoryAdmin):
    """Read in the admin; changes go through the pages so that the rules apply."""

    list_display = ["project", "negotiating_unit", "landing_unit", "stage", "opened_on"]
    list_filter = ["stage"]
    search_fields = ["project__name", "investor"]
    list_select_related = ["project", "negotiating_unit", "landing_unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvestorQuestion)
class InvestorQuestionAdmin(HistoryAdmin):
    list_display = ["case", "kind", "owner_unit", "asked_on", "due_on", "done_on"]
    list_filter = ["kind"]
    list_select_related = ["case__project", "owner_unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NegotiationArchive)
class NegotiationArchiveAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "created_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseRecordAdmin(HistoryAdmin):
    # The case by its id (with the admin's lookup window), not a select of every case: at city
    # scale some 23,000 options, each naming its project, took 20 s to draw.
    raw_id_fields = ["case"]


for model in (TeamTask, TeamMeeting, ProgressReport):
    admin.site.register(model, CaseRecordAdmin)
