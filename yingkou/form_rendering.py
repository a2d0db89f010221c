"""Select boxes and text-like inputs drawn in Python, everything else by Django's form templates.

A list page's filter form has three unit pickers of 124 units each; Django draws a select by
including its option template once per option, and those includes were the largest part of the
project list's time at 100,000 projects (about half of the request: the query is a few
milliseconds, the form 60-90 ms under load). `FastSelectRenderer` draws the same markup, byte
for byte, for the stock select and option templates, and hands any other template (or a select
with its own option template) to Django. The filter form's text, number and hidden inputs (ten on
the project list) are drawn the same way: each is the stock `input.html` included by a
one-line template, three template renders per input. A field's errors are a template too, drawn
for every field of a form whether it has any or not (fourteen on the project list): with none,
Django's list draws nothing, and neither does this renderer."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape, format_html

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Django's input widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_KINDS = ("text", "number", "hidden", "email", "url", "password", "search", "tel")
INPUTS = {f"django/forms/widgets/{kind}.html" for kind in INPUT_KINDS}
INPUT_SOURCE = '{% include "django/forms/widgets/input.html" %}'
# Django's error list: its default template only includes the `<ul>` one, which draws nothing
# without errors.
ERRORS = "django/forms/errors/list/default.html"
ERRORS_UL = "django/forms/errors/list/ul.html"
STOCK_SOURCES = {
    **dict.fromkeys(INPUTS, INPUT_SOURCE),
    ERRORS: '{% include "django/forms/errors/list/ul.html" %}',
    ERRORS_UL: (
        '{% if errors %}<ul class="{{ error_class }}"{% if errors.field_id %} '
        'id="{{ errors.field_id }}_error"{% endif %}>{% for error in errors %}<li>{{ error }}'
        "</li>{% endfor %}</ul>{% endif %}"
    ),
}


def _attrs(attrs: dict) -> str:
    # The stock attrs.html, in the same order: False leaves an attribute out, True writes its
    # bare name, anything else its text.
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str | None:
    """The stock select.html for a widget context, or None when an option has another
    template."""
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            # A unit picker has 124 options: plain string work here, not format_html per option.
            attrs = option["attrs"]
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(attrs) if attrs else ''}>{conditional_escape(option['label'])}"
                "</option>\n"  # the option template's own last line
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def render_input(widget: dict) -> str:
    """The stock input.html for a widget context (the renderer strips the template's last line
    break, so none here)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            drawn = render_select(context["widget"])
            if drawn is not None:
                return drawn
        elif template_name in INPUTS and self._is_stock(template_name):
            return render_input(context["widget"])
        elif (
            template_name == ERRORS
            and not context.get("errors")
            and self._is_stock(ERRORS)
            and self._is_stock(ERRORS_UL)
        ):
            return ""
        return super().render(template_name, context, request)

    def _is_stock(self, template_name: str) -> bool:
        # An app could ship its own template under the same name: then it is drawn.
        known = self.__dict__.setdefault("_stock", {})
        if template_name not in known:
            source = self.get_template(template_name).template.source
            known[template_name] = source.strip() == STOCK_SOURCES[template_name]
        return known[template_name]
