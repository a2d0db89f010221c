"""What a list draws on each of its rows, with the same output as Django's tags and filters at a
small part of their cost: a 50-row page calls each of them 50 times, and `{% url %}` (40 µs),
`date` (35 µs), `floatformat:2|intcomma` (25 µs) and `get_<field>_display` (12 µs) were most of
the time of the level-1 review queue and the project list after their queries.

- `{% record_url "reserve:entry_detail" entry.pk %}`: `{% url %}` of a route whose first
  argument is a record's integer key (further arguments fixed text, e.g. an action's name);
  the route is reversed once and the key put in its place;
- `{{ value|amount }}`: `floatformat:2|intcomma` (万元 with two decimals, 1,234.50);
- `{{ value|tally }}`: a count grouped as the amounts are (22,396); any other value unchanged;
- `{{ moment|minute }}`: `date:"Y-m-d H:i"` in the site's time zone;
- `{{ record|display:"stage" }}`: `record.get_stage_display` (`yingkou.labels`);
- `{% project_row project %}`: a whole row of the project list (`projects/list.html`), the
  markup its seven template nodes drew, at about a fifth of their cost."""

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date, floatformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from yingkou.labels import display_of

register = template.Library()

# Stands for the key while the route is reversed: no route has it in its fixed text.
_KEY = 987654321012
_KNOWN = "yingkou.record_url"


@lru_cache(maxsize=512)
def _around_key(name: str, rest: tuple, urlconf, prefix: str) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, args=[_KEY, *rest])
    head, found, tail = url.partition(str(_KEY))
    if not found or str(_KEY) in tail:
        raise ValueError(f"{name} does not take a record key as its first argument")
    return head, tail


@register.simple_tag(takes_context=True)
def record_url(context, name: str, pk, *rest) -> str:
    """`{% url name pk *rest %}` for an integer key, reversed once per route (and URL prefix)."""
    # Kept for the rest of this drawing: the URL configuration and prefix are read from
    # thread-locals, which cost more than the rest of the tag.
    known = context.render_context.setdefault(_KNOWN, {})
    route = (name, *rest)
    if route not in known:
        parts = tuple(str(part) for part in rest)
        known[route] = _around_key(name, parts, get_urlconf(), get_script_prefix())
    head, tail = known[route]
    return f"{head}{int(pk)}{tail}"


@register.filter(is_safe=True)
def amount(value) -> str:
    """`floatformat:2|intcomma`."""
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value >= 0
        and value.as_tuple().exponent >= -2  # nothing to round, so no rounding mode to match
        and get_format("DECIMAL_SEPARATOR") == "."
    ):
        return f"{value:,.2f}"
    return intcomma(floatformat(value, 2))


@register.filter(is_safe=True)
def tally(value):
    """A count with the amounts' thousands separators (`intcomma`: 22,396). Anything that is not
    an integer (an amount already written out, a date) is left as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return intcomma(value)
    return value


@register.filter(expects_localtime=True)
def minute(value) -> str:
    """`date:"Y-m-d H:i"` (the template engine has already put the moment in local time)."""
    if isinstance(value, dt.datetime):
        return f"{value.year:04}-{value.month:02}-{value.day:02} {value.hour:02}:{value.minute:02}"
    return date(value, "Y-m-d H:i")


@register.filter
def display(record, field_name: str) -> str:
    """`record.get_<field_name>_display`."""
    return display_of(record, field_name)


@register.simple_tag(takes_context=True)
def project_row(context, project) -> str:
    """One row of the project list: its name linking to its page, its declaring and landing
    units (— for none), industry, amount and stage."""
    return mark_safe(
        f'\n    <tr><td><a href="{record_url(context, "projects:detail", project.pk)}">'
        f"{conditional_escape(project.name)}</a></td>"
        f"<td>{conditional_escape(project.owner_unit)}</td>"
        f"<td>{conditional_escape(project.landing_unit or '—')}</td>\n"
        f"      <td>{conditional_escape(project.industry_name)}</td>"
        f'<td class="num">{conditional_escape(amount(project.total_investment))}</td>'
        f"<td>{conditional_escape(display_of(project, 'stage'))}</td></tr>"
    )
