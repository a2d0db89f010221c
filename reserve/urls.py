from django.urls import path, register_converter

from . import views


class PeriodConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")

app_name = "reserve"
urlpatterns = [
    path("", views.my_pool, name="my_pool"),
    path("declare/", views.declare, name="declare"),
    path("import/", views.import_entries, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/<slug:action>/", views.entry_action, name="entry_action"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/batch/", views.review_batch, name="review_batch"),
    path("review/level-1/", views.drc_queue, name="drc_queue"),
    path("review/level-1/batch/", views.drc_batch, name="drc_batch"),
    # A row of the level-1 queue: its comment and its two decisions.
    path(
        "review/level-1/<int:pk>/approve/",
        views.drc_step,
        {"action": "approve"},
        name="drc_approve",
    ),
    path(
        "review/level-1/<int:pk>/return/", views.drc_step, {"action": "return"}, name="drc_return"
    ),
    path("pools/", views.pool_list, name="pool_list"),
    path("pools/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pools/<int:pk>/plan/", views.pool_plan, name="pool_plan"),
    path("pools/<int:pk>/fund/", views.pool_fund, name="pool_fund"),
    path("weekly/", views.weekly, name="weekly"),
    path("weekly/confirm/", views.weekly_confirm, name="weekly_confirm"),
    path("pools/<int:pk>/responsible/", views.pool_responsible, name="pool_responsible"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/<period:period>/", views.circular, name="circular"),
    path("monthly/<period:period>/circular.xlsx", views.circular_xlsx, name="circular_xlsx"),
    path("monthly/<period:period>/circular.docx", views.circular_docx, name="circular_docx"),
    path("monthly-list/<period:period>.xlsx", views.monthly_list_xlsx, name="monthly_list_xlsx"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:pk>/reason/", views.candidate_reason, name="candidate_reason"),
    path("candidates/<int:pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("public/", views.public_index, name="public_index"),
    path("public/<slug:code>/", views.public_unit, name="public_unit"),
    path("public/<slug:code>.json", views.public_feed, name="public_feed"),
]
