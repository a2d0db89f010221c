from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationConfig(AppConfig):
    name = "negotiation"
    verbose_name = _("项目洽谈")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
