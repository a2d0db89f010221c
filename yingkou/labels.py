"""A field's choice label, as `get_<field>_display()` gives it, from a table kept per language.

Django's `get_<field>_display()` flattens the field's choices into a new dict and translates the
label again on every call (about 12 µs); a list drawing a status or a stage on each of its rows
paid that once per row and cell. The labels are translated once per language here instead."""

from functools import cache

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@cache
def _labels(model, field_name: str, language: str | None) -> dict:
    field = model._meta.get_field(field_name)
    return {make_hashable(value): force_str(label) for value, label in field.flatchoices}


def display_of(record, field_name: str) -> str:
    """`record.get_<field_name>_display()`: the label of the field's value (the value itself
    when it is not one of the choices)."""
    value = getattr(record, field_name)
    labels = _labels(type(record), field_name, get_language())
    return labels.get(make_hashable(value), force_str(value, strings_only=True))
