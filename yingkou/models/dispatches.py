"""A dispatch (调度): whoever follows a period's reporting records what they tell the units still
behind, once per period, with who and when (A-8's weekly dispatch by the DRC, N-6's monthly
dispatch of the negotiation teams by the investment bureau). One shape for both, so the service,
the form and the page that record it are shared (`yingkou.services.dispatch_record`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dispatch(models.Model):
    """The remarks of one period's dispatch (调度意见), who recorded them and when; edited on the
    version the editor saw. A concrete model adds its period as a unique field."""

    remarks = models.TextField(_("调度意见"))
    dispatched_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("调度人"), on_delete=models.PROTECT, related_name="+"
    )
    dispatched_on = models.DateField(_("调度日期"))
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )

    class Meta:
        abstract = True
