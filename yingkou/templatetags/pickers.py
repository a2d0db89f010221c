"""Searchable pickers: unit, leader and person choices are rendered with `data-picker`, which
`static/js/pickers.js` turns into a Tom Select search box (about 66 units are too many to scroll,
and a unit's staff are found faster by typing a name).

A picker's options are read as plain columns (the key and what the model's `__str__` names it
by, or the field its options: a leader or a person with its unit), not as a model object per
option: the project list's three unit pickers built some 270 Unit objects on every request, a
quarter of the page's time after its queries, and a person's label would read their unit once
per option. Same query, same options."""

from django import forms, template
from django.core.exceptions import EmptyResultSet
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from yingkou.forms import LeaderOptions, PersonOptions
from yingkou.models import Leader, Unit, User

register = template.Library()

PICKED_MODELS = (Unit, Leader, User)

# Per picked model: the columns its `__str__` reads and how it joins them.
OPTION_LABELS = {
    Unit: (("name",), str),
    Leader: (("name", "title"), Leader.label),
    User: (
        ("username", "first_name", "last_name"),
        lambda username, first_name, last_name: User.name_of(
            username=username, first_name=first_name, last_name=last_name
        ),
    ),
}

# Fields naming their options themselves, by the columns they declare (yingkou.forms).
OWN_LABELS = (LeaderOptions, PersonOptions)

STOCK_ITERATORS = (ModelChoiceIterator, filter_fields.ModelChoiceIterator)

# Django's empty choice. A search box shows the chosen option as its text, and this one read as
# a value, with what the user types appended to it ("--------- 市长"); a picker names it.
DJANGO_EMPTY_LABEL = "---------"


class PlainChoiceIterator(ModelChoiceIterator):
    """`ModelChoiceIterator` reading (key, label columns) rows instead of model objects.

    Given a form's `shared` rows, a query another picker of the same form has already run is
    not run again: the project list's "申报或落地单位" and "申报单位" pickers read the same
    124 units, and so do other lists' pairs of unit pickers. Only the identical query (same
    SQL, same parameters, same database) is shared, so every picker keeps exactly its own
    options and order, whoever reads them."""

    def __init__(self, field, shared=None):
        super().__init__(field)
        self.shared = shared

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:  # django-filter's null choice
            yield (self.field.null_value, self.field.null_label)
        columns, label = _option_labels(self.field)
        for pk, *values in self._rows(self.queryset.values_list("pk", *columns)):
            yield (ModelChoiceIteratorValue(pk, None), label(*values))

    def _rows(self, rows):
        if self.shared is None:
            return rows
        try:
            sql, params = rows.query.sql_with_params()
            key = (rows.db, sql, tuple(params))
            hash(key)
        except (EmptyResultSet, TypeError):  # no query to run, or parameters not comparable
            return rows
        if key not in self.shared:
            self.shared[key] = list(rows)
        return self.shared[key]


def is_picker(field) -> bool:
    choice = field.field
    return (
        isinstance(choice, forms.ModelChoiceField)
        and getattr(choice.queryset, "model", None) in PICKED_MODELS
        and not choice.widget.is_hidden
    )


def _option_labels(choice: forms.ModelChoiceField):
    """The columns a field's options read and how they are joined: a field naming its options
    itself (OWN_LABELS) declares them, any other its model's `__str__`."""
    if isinstance(choice, OWN_LABELS):
        return choice.option_columns, choice.option_label
    return OPTION_LABELS[choice.queryset.model]


def _reads_plain_columns(choice: forms.ModelChoiceField) -> bool:
    # Only where the options would read the model's key and `__str__` (or the columns the field
    # declares for its own label) anyway.
    labels = type(choice).label_from_instance
    return (
        # A model form's foreign key names its target's key as `to_field_name` ("id"): the
        # options' values are the keys all the same (the enterprise form's three unit pickers).
        choice.to_field_name in (None, choice.queryset.model._meta.pk.name)
        and (
            labels is forms.ModelChoiceField.label_from_instance
            or any(labels is own.label_from_instance for own in OWN_LABELS)
        )
        and type(choice).iterator in STOCK_ITERATORS
        and not choice.queryset._prefetch_related_lookups
    )


def _name_empty_choice(choice) -> None:
    """Django's "---------" empty choice, named: 请选择 when a choice is required, else 未指定.
    A plain select box (a project's industry) showed the dashes as its value as well."""
    named = _("请选择") if choice.required else _("未指定")
    if getattr(choice, "empty_label", None) == DJANGO_EMPTY_LABEL:
        choice.empty_label = named
    elif isinstance(choice, forms.ChoiceField) and not isinstance(choice, forms.ModelChoiceField):
        options = list(choice.choices)
        if options and options[0] == ("", DJANGO_EMPTY_LABEL):
            choice.choices = [("", named), *options[1:]]


@register.filter
def picker(bound_field):
    """The field's widget, marked to become a searchable picker when it chooses units, leaders
    or people; any select box's empty choice named (`_name_empty_choice`)."""
    _name_empty_choice(bound_field.field)
    if is_picker(bound_field):
        choice = bound_field.field
        if _reads_plain_columns(choice):
            shared = bound_field.form.__dict__.setdefault("_picker_rows", {})
            choice.widget.choices = PlainChoiceIterator(choice, shared)
        return bound_field.as_widget(
            attrs={
                "data-picker": "multiple"
                if isinstance(bound_field.field, forms.ModelMultipleChoiceField)
                else "single"
            }
        )
    return bound_field
