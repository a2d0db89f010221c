from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ReserveConfig(AppConfig):
    name = "reserve"
    verbose_name = _("项目储备")

    def ready(self) -> None:
        from yingkou.freshness import watch
        from yingkou.models import Project, Unit

        from . import jobs  # noqa: F401  registers this app's scheduled jobs (SPEC §6)
        from .models import Membership
        from .selectors import pool_sums_written

        for model in (Membership, Project):
            watch(model, pool_sums_written)

        # R-2 says a unit's pool is created with the unit. Units belong to the foundation,
        # which must not know about this app, so the only way to hear of a new unit is its
        # post_save; the receiver only calls the service that decides (rules.pool_unit_rule).
        post_save.connect(
            _unit_saved, sender=Unit, dispatch_uid="reserve_pool_for_unit", weak=False
        )


def _unit_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not instance.is_active:
        return
    from yingkou.history import acting_user

    from .services import pool_ensure_for_unit

    # The pool is the unit's creation (or reactivation): its history names whoever did that.
    pool_ensure_for_unit(unit=instance, user=acting_user(instance))
