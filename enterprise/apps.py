from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseConfig(AppConfig):
    name = "enterprise"
    verbose_name = _("投产运营企业帮扶")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
