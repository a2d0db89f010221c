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
    path("problems/<int:pk>/materials/", views.problem_materials, name="problem_materials"),
    path("problems/<int:pk>/actions/", views.problem_request_action, name="problem_action"),
    path("problems/<int:pk>/actions/done/", views.problem_action_done, name="problem_action_done"),
    path("problems/<int:pk>/hand-on/", views.problem_hand_on, name="problem_hand_on"),
    path("problems/<int:pk>/solve/", views.problem_solve, name="problem_solve"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/transfer/", views.complaint_transfer, name="complaint_transfer"),
    path("complaints/<int:pk>/reply/", views.complaint_reply, name="complaint_reply"),
    path(
        "complaints/<int:pk>/statutory-days/",
        views.complaint_statutory_days,
        name="complaint_statutory_days",
    ),
    path("complaints/<int:pk>/feedback/", views.complaint_feedback, name="complaint_feedback"),
    path("complaint/", views.complaint_public, name="complaint_public"),
    path("complaint/received/", views.complaint_received, name="complaint_received"),
    path("complaint/track/", views.complaint_track, name="complaint_track"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/merge/", views.inspection_merge, name="inspection_merge"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/approve/", views.inspection_approve, name="inspection_approve"),
    path("inspections/<int:pk>/reject/", views.inspection_reject, name="inspection_reject"),
    path(
        "inspections/<int:pk>/carry-out/", views.inspection_carry_out, name="inspection_carry_out"
    ),
    path("inspections/<int:pk>/withdraw/", views.inspection_withdraw, name="inspection_withdraw"),
    path("inspections/<int:pk>/redate/", views.inspection_redate, name="inspection_redate"),
    path("promises/", views.promise_list, name="promises"),
    path("promises/<int:pk>/", views.promise_detail, name="promise"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/figures/", views.assessment_figures, name="assessment_figures"),
    path("assessment/result/", views.assessment_result, name="assessment_result"),
]
