"""The inbox: a user's own notices only; anyone else's is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingkou.choices import NotificationKind
from yingkou.models import Notification, NotificationPreference
from yingkou.notifications import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from yingkou.paging import paginate


@login_required
def inbox(request):
    notices = Notification.objects.filter(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    page = paginate(request, notices)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


@login_required
def notification_open(request, pk: int):
    """Follow a notice to its item, marking it read on the way."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, notification=notice)
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read(request, pk: int):
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, notification=notice)
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect(_back(request))


@login_required
def preferences(request):
    """Email on or off per kind; the inbox always receives every notice."""
    if request.method == "POST":
        notification_preferences_set(user=request.user, email_kinds=request.POST.getlist("email"))
        messages.success(request, _("提醒设置已保存。"))
        return redirect("notifications:preferences")
    muted = set(
        NotificationPreference.objects.filter(user=request.user, email=False).values_list(
            "kind", flat=True
        )
    )
    kinds = [
        {"value": value, "label": label, "email": value not in muted}
        for value, label in NotificationKind.choices
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"kinds": kinds, "has_email": bool(request.user.email)},
    )


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "notifications:inbox"
