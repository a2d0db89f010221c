"""The inbox: a user's own notices only; anyone else's is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yingkou.choices import EmailDelivery, NotificationKind
from yingkou.errors import RefusedBecause
from yingkou.models import Notification, NotificationPreference
from yingkou.notifications import (
    notification_kind_counts,
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from yingkou.paging import paginate
from yingkou.views.kit import list_query, next_path

# What each way of emailing means, under its choice on 提醒设置.
DELIVERY_HELP = {
    EmailDelivery.BATCH: gettext_lazy(
        "默认。通知产生后即发送邮件；同一批产生的多条通知（如每日到期提醒）合并为一封。"
    ),
    EmailDelivery.DAILY: gettext_lazy(
        "每个工作日早上发送一封邮件，汇总尚未发送邮件、且仍未读的通知；站内已读的不再发送。"
        "周末和节假日不发送，其间的通知在下一个工作日（含调休上班日）一并发送。"
    ),
}


@login_required
def inbox(request):
    """The user's notices, newest first, of one kind (类别) and only the unread when asked. The
    kinds offered are the ones the user has, each with its counts from one grouped query, which
    also gives the page its row count and the header its unread count."""
    kind_counts = notification_kind_counts(request.user)
    by_kind = {count.kind: count for count in kind_counts}
    # An unknown kind is ignored, as the other lists ignore a value their filter does not offer.
    kind = request.GET.get("kind", "")
    chosen = by_kind.get(kind)
    if chosen is None:
        kind = ""
    unread_only = request.GET.get("unread") == "1"
    notices = Notification.objects.filter(user=request.user)
    if chosen is not None:
        notices = notices.filter(kind=kind)
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    shown = [chosen] if chosen is not None else kind_counts
    total = sum(count.unread if unread_only else count.total for count in shown)
    # Reading the last notices of the last page of the unread ones empties that page: `paginate`
    # sends the reader on to the page before it.
    page = paginate(request, notices, count=total)
    query = list_query(request)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "kind_counts": kind_counts,
            "kind": kind,
            "chosen": chosen,
            "unread_only": unread_only,
            "unread_shown": sum(count.unread for count in shown),
            "unread_notifications": sum(count.unread for count in kind_counts),
            # Back to the same filtered view after marking all read, from its first page: the
            # page the user was on may no longer exist once its rows are read.
            "filtered_url": reverse("notifications:inbox") + (f"?{query}" if query else ""),
        },
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
    """Mark read what the inbox shows: every unread notice of the user, or of one kind."""
    kind = request.POST.get("kind", "")
    if kind and kind not in NotificationKind.values:
        raise RefusedBecause(_("没有这一类消息。"))
    count = notifications_mark_all_read(user=request.user, kind=kind or None)
    if kind:
        messages.success(
            request,
            _("已将 %(count)d 条“%(kind)s”消息标为已读。")
            % {"count": count, "kind": NotificationKind(kind).label},
        )
    else:
        messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect(_back(request))


@login_required
def preferences(request):
    """Email on or off per kind, and how it comes (逐批发送 or 每日汇总); the inbox always
    receives every notice. A form without the delivery choice keeps the one the user has."""
    if request.method == "POST":
        delivery = request.POST.get("email_delivery") or None
        if delivery is not None and delivery not in EmailDelivery.values:
            raise RefusedBecause(_("没有这种邮件提醒方式。"))
        notification_preferences_set(
            user=request.user,
            email_kinds=request.POST.getlist("email"),
            email_delivery=delivery,
        )
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
    deliveries = [
        {
            "value": value,
            "label": label,
            "help": DELIVERY_HELP[value],
            "chosen": value == request.user.email_delivery,
        }
        for value, label in EmailDelivery.choices
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"kinds": kinds, "deliveries": deliveries, "has_email": bool(request.user.email)},
    )


def _back(request) -> str:
    return next_path(request) or "notifications:inbox"
