"""Complaints (E-4)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.models.deadlines import DeadlineQuerySet, DeadlineWork

from ..choices import ComplaintChannel, ComplaintStatus
from ..units import descendant_unit_ids
from .enterprises import Enterprise
from .fields import _unit_fk, _user_fk


class ComplaintQuerySet(DeadlineQuerySet):
    def handled_by_unit(self, unit_id: int) -> "ComplaintQuerySet":
        """Complaints the unit handles: received, handles now, or passed on along the chain."""
        in_chain = ComplaintTransfer.objects.filter(complaint=OuterRef("pk")).filter(
            Q(from_unit_id=unit_id) | Q(to_unit_id=unit_id)
        )
        return self.filter(
            Q(receiving_unit_id=unit_id) | Q(handling_unit_id=unit_id) | Exists(in_chain)
        )

    def for_unit(self, user) -> "ComplaintQuerySet":
        """A unit sees the complaints in its handling chain and, as the
        upper level tracking deadlines (督办), every overdue complaint handled below it (E-4)."""
        unit_id = user.unit_id
        below = descendant_unit_ids(unit_id)
        handled = self.handled_by_unit(unit_id)
        if not below:
            return handled
        overdue_below = self.overdue().filter(handling_unit_id__in=below)
        return self.filter(Q(pk__in=handled.values("pk")) | Q(pk__in=overdue_below.values("pk")))


class Complaint(DeadlineWork):
    """A complaint or report about the business environment (投诉举报, E-4). Overdue: not
    answered in writing by the reply deadline, or answered after it."""

    PERSONAL_FIELDS = ("complainant_name", "complainant_phone", "complainant_address")
    COUNTED_FROM = "received_on"

    tracking_number = models.CharField(_("查询编号"), max_length=24, unique=True, editable=False)
    channel = models.CharField(_("受理渠道"), max_length=16, choices=ComplaintChannel.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    # "投诉企业（单位）" was read as the accused party; it is the complainant's own company.
    complainant_organisation = models.CharField(
        _("投诉人所在企业（单位）"),
        max_length=200,
        blank=True,
        help_text=_("您本人所在的企业或单位，不是被投诉的一方"),
    )
    complainant_name = models.CharField(_("投诉人姓名"), max_length=50)
    complainant_phone = models.CharField(_("联系电话"), max_length=32)
    complainant_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    accused_party = models.CharField(
        _("被投诉单位或个人"),
        max_length=200,
        blank=True,
        help_text=_("您要投诉的部门、单位或工作人员"),
    )
    incident_place = models.CharField(
        _("事情发生地点"), max_length=200, blank=True, help_text=_("如：某区某街道某办事大厅")
    )
    subject = models.CharField(_("投诉事项"), max_length=200)
    content = models.TextField(_("投诉内容"))
    received_on = models.DateField(_("受理日期"))
    statutory_days = models.PositiveSmallIntegerField(
        _("法定答复时限（日）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("法律规定的答复期限（自然日）；法律未规定的留空，按7个工作日计算"),
    )
    due_on = models.DateField(_("答复期限"))
    receiving_unit = _unit_fk(_("受理机构"))
    handling_unit = _unit_fk(_("承办单位"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    done_on = models.DateField(_("书面答复日期"), null=True, blank=True)
    outcome = models.TextField(_("答复内容"), blank=True)
    accepted_by_complainant = models.BooleanField(
        _("投诉人认可答复"),
        null=True,
        blank=True,
        help_text=_("回访投诉人的结果；不认可的重新办理（E-7 投诉办理质量）"),
    )
    reopened = models.BooleanField(
        _("曾重新办理"), default=False, help_text=_("投诉人不认可答复，已重新办理")
    )
    reopened_on = models.DateField(
        _("重新办理日期"),
        null=True,
        blank=True,
        help_text=_("投诉人最近一次不认可答复的日期；答复期限自该日起按 E-4 重新计算"),
    )
    recorded_by = _user_fk(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # Personal data stays out of the change log, which more people may read than the handlers.
    history = HistoricalRecords(excluded_fields=list(PERSONAL_FIELDS))

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["due_on"]), models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.subject}"

    def rule_due_on(self):
        """E-4: the statutory limit, or 7 working days where the law sets none, counted from
        receipt — or, once the complainant did not accept the reply, from the day it was handed
        back for a new reply (`reopened_on`)."""
        from ..rules import complaint_reply_due_rule

        return complaint_reply_due_rule(self.reopened_on or self.received_on, self.statutory_days)

    def get_absolute_url(self) -> str:
        return reverse("enterprise:complaint", args=[self.pk])


class ComplaintTransfer(models.Model):
    """A transfer by jurisdiction (属地化管理) to a department or lower-level office; the deadline
    stays the original one (E-4)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = _unit_fk(_("转出单位"))
    to_unit = _unit_fk(_("转入单位"))
    transferred_on = models.DateField(_("转办日期"))
    note = models.TextField(_("转办说明"), blank=True)
    transferred_by = _user_fk(_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投诉转办")
        verbose_name_plural = _("投诉转办")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"
