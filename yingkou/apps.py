from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class YingkouConfig(AppConfig):
    name = "yingkou"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from pathlib import Path

        from django.apps import apps
        from django.conf import settings

        # jobs registers the foundation's scheduled jobs, dashboard its sign-in receiver,
        # freshness its receiver of historical rows
        from . import audit, dashboard, deletions, freshness, jobs, library_labels  # noqa: F401
        from .dates import guard_typed_dates
        from .messages import install_messages
        from .text import guard_typed_text

        audit.connect_lockouts()
        deletions.connect()
        install_messages()
        library_labels.install()

        # The project's own apps, not the installed libraries (all models load before any ready()).
        root = Path(settings.BASE_DIR).resolve()
        own = [
            config
            for config in apps.get_app_configs()
            if root in Path(config.path).resolve().parents
            and "site-packages" not in Path(config.path).parts
        ]
        guard_typed_text(own)
        guard_typed_dates(own)

        post_migrate.connect(_install_schedules, sender=self)


class AxesConfig(AxesAppConfig):
    """django-axes with a Chinese name in the admin: the package gives its application none, so
    the admin would show its label ("Axes")."""

    verbose_name = _("登录防护")


def _install_schedules(sender, using="default", **kwargs) -> None:
    """Every deploy migrates, so the product's schedules are in the database after each one;
    an administrator's edits are kept (install_schedules --reset restores the defaults)."""
    from django.db import connections
    from django_celery_beat.models import PeriodicTask

    from yingkou.scheduling.beat import install_schedules

    # `migrate yingkou` alone does not create django-celery-beat's tables
    if PeriodicTask._meta.db_table in connections[using].introspection.table_names():
        install_schedules()
