"""Field helpers shared by the enterprise models."""

from django.db import models

UNIT = "yingkou.Unit"


def _unit_fk(verbose_name, **kwargs):
    kwargs.setdefault("on_delete", models.PROTECT)
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(UNIT, verbose_name=verbose_name, **kwargs)


def _user_fk(verbose_name):
    return models.ForeignKey(
        "yingkou.User",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
