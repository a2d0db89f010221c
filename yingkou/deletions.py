"""A deletion that empties other records' references to the deleted one (`on_delete=SET_NULL`:
a question escalated to a leader deleted since, a visit recorded by a user deleted since)
changes those records. Django empties them with one UPDATE, which leaves no historical row; they
are saved here first, each with a row naming who deleted what, so their history stays whole."""

from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext

from yingkou.history import acting_user


@cache
def _emptied_by(model) -> tuple:
    """The foreign keys of recorded models (with history) that a deletion of a `model` record
    sets to null."""
    return tuple(
        relation.field
        # Hidden ones too (related_name="+"), as Django's deletion finds them.
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_one or relation.one_to_many)
        and relation.on_delete is models.SET_NULL
        and getattr(relation.related_model._meta, "simple_history_manager_attribute", None)
    )


def connect() -> None:
    """Listen to the deletions of the models whose deletion empties a recorded reference, and
    only those: a listener on a model makes Django load and delete its rows one by one, which a
    purge of notifications or of run bookkeeping need not pay."""
    for model in apps.get_models():
        if _emptied_by(model):
            pre_delete.connect(
                _references_emptied,
                sender=model,
                dispatch_uid=f"yingkou.deletions.{model._meta.label_lower}",
            )


def _references_emptied(sender, instance, **kwargs) -> None:
    fields = _emptied_by(sender)
    if not fields:
        return
    user = acting_user(instance)
    reason = gettext("%(model)s“%(name)s”已删除") % {
        "model": instance._meta.verbose_name,
        "name": instance,
    }
    for field in fields:
        for record in field.model._base_manager.filter(**{field.name: instance}):
            setattr(record, field.name, None)
            record._history_user = user
            record._change_reason = reason[:100]
            record.save(update_fields=[field.name])
