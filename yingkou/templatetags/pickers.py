"""Searchable pickers: unit and leader choices are rendered with `data-picker`, which
`static/js/pickers.js` turns into a Tom Select search box (about 66 units are too many to scroll)."""

from django import forms, template

from yingkou.models import Leader, Unit

register = template.Library()

PICKED_MODELS = (Unit, Leader)


def is_picker(field) -> bool:
    choice = field.field
    return (
        isinstance(choice, forms.ModelChoiceField)
        and getattr(choice.queryset, "model", None) in PICKED_MODELS
        and not choice.widget.is_hidden
    )


@register.filter
def picker(bound_field):
    """The field's widget, marked to become a searchable picker when it chooses units or leaders."""
    if is_picker(bound_field):
        return bound_field.as_widget(
            attrs={
                "data-picker": "multiple"
                if isinstance(bound_field.field, forms.ModelMultipleChoiceField)
                else "single"
            }
        )
    return bound_field
