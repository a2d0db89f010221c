from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseConfig(AppConfig):
    name = "enterprise"
    verbose_name = _("投产运营企业帮扶")

    def ready(self) -> None:
        # jobs registers this app's scheduled jobs (SPEC §6), checks its system checks (E-4)
        from . import checks, jobs  # noqa: F401
