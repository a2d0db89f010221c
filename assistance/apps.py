from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("重点项目精准帮扶")

    def ready(self) -> None:
        from yingkou.freshness import watch
        from yingkou.models import CalendarDay, IndustryAuthority, Project, Team, Unit

        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
        from .models import AssistanceCase, AssistancePlan, Problem, WeeklyProgress
        from .selectors import (
            cases_written,
            inspection_written,
            weekly_sites_written,
        )

        for model in (AssistanceCase, Project, Team, Unit, WeeklyProgress):
            watch(model, weekly_sites_written)
        for model in (AssistanceCase, AssistancePlan, Team, Problem, Unit, CalendarDay):
            watch(model, inspection_written)
        for model in (AssistanceCase, Project, Team, Problem, IndustryAuthority, Unit):
            watch(model, cases_written)
