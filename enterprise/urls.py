from django.urls import path

from . import views

app_name = "enterprise"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("from-project/", views.enterprise_from_project, name="from_project"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("<int:pk>/promises/new/", views.promise_create, name="promise_create"),
    path("visits/", views.visit_compliance, name="visits"),
    path("problems/", views.problem_list, name="problems"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaint/", views.complaint_public, name="complaint_public"),
    path("complaint/received/", views.complaint_received, name="complaint_received"),
    path("complaint/track/", views.complaint_track, name="complaint_track"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/merge/", views.inspection_merge, name="inspection_merge"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("promises/", views.promise_list, name="promises"),
    path("promises/<int:pk>/", views.promise_detail, name="promise"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/figures/", views.assessment_figures, name="assessment_figures"),
]
