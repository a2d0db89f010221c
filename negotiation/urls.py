from django.urls import path

from . import views

app_name = "negotiation"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("pool/", views.pool, name="pool"),
    path("pool/dispatch/", views.progress_dispatch, name="dispatch"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/move/", views.case_move, name="move"),
    path("<int:pk>/team/", views.team_edit, name="team"),
    path("<int:pk>/team/add-unit/", views.team_add_unit, name="add_unit"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("tasks/<int:pk>/", views.task_update, name="task_update"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("circulars/", views.circular_list, name="circulars"),
    path("circulars/<str:period>/", views.circular_detail, name="circular"),
    path("appraisal/", views.appraisal, name="appraisal"),
]
