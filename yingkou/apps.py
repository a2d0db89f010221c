from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YingkouConfig(AppConfig):
    name = "yingkou"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  registers the foundation's scheduled jobs
