from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingkou.choices import NotificationKind


class Notification(models.Model):
    """One notice in one user's inbox (站内消息). Created only by `yingkou.notifications.notify`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # No `choices` on the column: kinds are added by several apps, and a choices change would
    # make a migration each time; `notify()` refuses a kind NotificationKind does not know.
    kind = models.CharField(_("类别"), max_length=40)
    key = models.CharField(_("事项标识"), max_length=200)
    day = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Nobody gets the same notice twice for the same item and day, even from two
            # processes at once.
            models.UniqueConstraint(
                fields=["user", "kind", "key", "day"], name="notification_once_per_day"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "key"], name="notification_kind_key"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The email sweep's: only the notices still unread and not emailed, by when made.
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        try:
            return NotificationKind(self.kind).label
        except ValueError:
            return self.kind

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one kind; without a row, email is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("类别"), max_length=40)
    email = models.BooleanField(_("邮件提醒"), default=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
