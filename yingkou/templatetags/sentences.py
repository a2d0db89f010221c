"""`{{ day|long_date }}`: a day inside a sentence as sentences write it (2026年10月13日,
yingkou.dates); tables and forms keep 2026-10-13."""

from django import template

from yingkou.dates import long_date as sentence_date

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(day) -> str:
    return sentence_date(day) if day else ""
