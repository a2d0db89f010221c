from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarDay(models.Model):
    """An administrator's entry that overrides the working-day calendar for one date.

    Used for years the maintained calendar does not know yet (make-up working days, 调休) and for
    corrections. An entry here always wins.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是否工作日"), help_text=_("勾选：调休上班日；不勾选：放假日")
    )
    note = models.CharField(_("说明"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date} {kind} {self.note}".strip()
