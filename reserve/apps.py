from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReserveConfig(AppConfig):
    name = "reserve"
    verbose_name = _("项目储备")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
