from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingkou.choices import EmailDelivery, Role


class User(AbstractUser):
    """A person using the system, tied to one unit and one role (SPEC §0)."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "yingkou.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    must_change_password = models.BooleanField(
        _("首次登录须修改密码"),
        default=False,
        help_text=_("管理员创建或重置的密码，用户登录后须先修改"),
    )
    # One choice per person, not per kind (the per-kind switches are NotificationPreference
    # rows): on the user row, the email tasks read it in the join they already make.
    email_delivery = models.CharField(
        _("邮件发送方式"),
        max_length=16,
        choices=EmailDelivery.choices,
        default=EmailDelivery.BATCH,
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        """A Chinese name reads family name first, without a space (周录入, not 录入 周)."""
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def display_name(self) -> str:
        return self.name_of(
            username=self.username, first_name=self.first_name, last_name=self.last_name
        )

    @staticmethod
    def name_of(*, username: str | None, first_name: str, last_name: str) -> str:
        """How a person is named in lists and files: the full name, else the user name (an
        export reads the three from a join, all None when nobody is set)."""
        if username is None:
            return ""
        return f"{last_name}{first_name}".strip() or username

    @staticmethod
    def label_in_unit(username: str, first_name: str, last_name: str, unit: str | None) -> str:
        """How a person is offered for picking: 姓名（单位）. Two people of the same name in
        different units are different answers for a unit's work (A-6, R-5)."""
        name = User.name_of(username=username, first_name=first_name, last_name=last_name)
        return f"{name}（{unit}）" if unit else name

    @property
    def is_city_wide(self) -> bool:
        return self.is_superuser or self.role in Role.city_wide()

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles
