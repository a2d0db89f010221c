from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("重点项目精准帮扶")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
