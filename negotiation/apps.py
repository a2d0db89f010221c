from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationConfig(AppConfig):
    name = "negotiation"
    verbose_name = _("项目洽谈")

    def ready(self) -> None:
        from yingkou.freshness import watch
        from yingkou.models import Project, Team, Unit

        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
        from .models import InvestorQuestion, NegotiationCase, ProgressReport
        from .selectors import negotiation_written

        for model in (NegotiationCase, ProgressReport, InvestorQuestion, Team, Unit, Project):
            watch(model, negotiation_written)
