"""Changing one's own password; the first-login change ends here (等保2.0)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from yingkou.audit import audit_record
from yingkou.models import AuditKind


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(kind=AuditKind.PASSWORD_CHANGED, request=self.request, user=user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
