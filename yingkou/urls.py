from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yingkou.views import (
    audit,
    choices,
    errors,
    exports,
    home,
    notifications,
    password,
    projects,
    scheduling,
)

project_patterns = (
    [
        path("", projects.project_list, name="list"),
        path("new/", projects.project_create, name="create"),
        path("<int:pk>/", projects.project_detail, name="detail"),
        path("<int:pk>/edit/", projects.project_edit, name="edit"),
        path("change-requests/", projects.change_request_queue, name="change_requests"),
        path(
            "change-requests/batch/",
            projects.change_request_batch,
            name="change_request_batch",
        ),
        path(
            "change-requests/<int:pk>/<slug:decision>/",
            projects.change_request_decide,
            name="change_request_decide",
        ),
    ],
    "projects",
)

notification_patterns = (
    [
        path("", notifications.inbox, name="inbox"),
        path("<int:pk>/", notifications.notification_open, name="open"),
        path("<int:pk>/read/", notifications.notification_read, name="read"),
        path("read-all/", notifications.notifications_read_all, name="read_all"),
        path("preferences/", notifications.preferences, name="preferences"),
    ],
    "notifications",
)

# Swagger UI (a static script) applies one fixed inline style when it draws; that one style, by
# its hash, is allowed on the docs page only, never inline styles site-wide.
api_docs = csp_update({"style-src": ["'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("favicon.ico", errors.favicon),
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", password.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", password.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("projects/", include(project_patterns)),
    path("inbox/", include(notification_patterns)),
    path("scheduled-runs/", scheduling.scheduled_runs, name="scheduled_runs"),
    path("audit/", audit.sensitive_reads, name="audit"),
    path("choices/<slug:source>/", choices.choices, name="choices"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/download/", exports.export_job_download, name="export_job_download"),
    path("scheduled-runs/rerun/", scheduling.scheduled_run_rerun, name="scheduled_run_rerun"),
    path("reserve/", include("reserve.urls")),
    path("negotiation/", include("negotiation.urls")),
    path("assistance/", include("assistance.urls")),
    path("enterprise/", include("enterprise.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("yingkou.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
