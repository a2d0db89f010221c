from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/team/", views.team_edit, name="team"),
    path("<int:pk>/team/compile/", views.team_compile, name="team_compile"),
    path("<int:pk>/team/approve/", views.team_approve, name="team_approve"),
    path("<int:pk>/team/return/", views.team_return, name="team_return"),
    path("<int:pk>/stage/", views.case_stage, name="stage"),
    path("<int:pk>/industry-service/", views.industry_service, name="industry_service"),
    path("<int:pk>/progress/", views.progress_add, name="progress"),
    path("<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("problems/", views.problem_list, name="problems"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("escalations/", views.escalations, name="escalations"),
    path("queue/", views.queue, name="queue"),
    path("actions/", views.action_list, name="actions"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_edit, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("liaisons/", views.liaison_edit, name="liaison"),
    path("plan/", views.plan_edit, name="plan"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("public/", views.public_index, name="public"),
    path("public/<str:code>/", views.public_unit, name="public_unit"),
    path("public/<str:code>/feed.json", views.public_feed, name="public_feed"),
]
