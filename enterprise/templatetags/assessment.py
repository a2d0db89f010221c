"""`{{ key|period_name }}`: an E-7 assessment period as its readers name it (2026年第3季度)."""

from django import template

from enterprise.rules import assessment_period_name

register = template.Library()


@register.filter
def period_name(key) -> str:
    return assessment_period_name(key) if key else ""
