from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账号锁定")
    LOGOUT = "logout", _("退出")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    ROLE_CHANGED = "role_changed", _("角色或单位变更")
    PERMISSION_CHANGED = "permission_changed", _("权限变更")
    EXPORT = "export", _("导出下载")
    MONTHLY_LIST = "monthly_list", _("下载项目明细表")
    PERSONAL_DATA = "personal_data", _("查看投诉人个人信息")

    @classmethod
    def sensitive_reads(cls) -> tuple[str, ...]:
        """Reads of data worth knowing who saw (issue 15 §9): the DRC and the supervision bureau
        read them on /audit/."""
        return (cls.EXPORT, cls.MONTHLY_LIST, cls.PERSONAL_DATA)


class AuditEvent(models.Model):
    """One security event or sensitive read: who, when, from where, what (等保2.0 安全审计).

    Written once, never edited; the user's name is copied so the record outlives the account."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("事件"), max_length=32, choices=AuditKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip_address = models.CharField(_("来源地址"), max_length=45, blank=True)
    path = models.CharField(_("访问地址"), max_length=500, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"
