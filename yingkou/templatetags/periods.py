"""`{{ key|period_name }}`: a period's key (2026-W49, 2026-Q3) as its readers name it."""

from django import template

from yingkou.scheduling.periods import period_name as name_of

register = template.Library()


@register.filter
def period_name(key) -> str:
    return name_of(key) if key else ""
