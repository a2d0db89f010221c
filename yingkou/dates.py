"""Dates people type stay within a sensible range: the business starts with the 2017 norms and no
plan reaches past this century, while 0001-01-01 or 9999-12-31 only break year arithmetic
(a year filter of 0 answered 500) and the deadlines computed from them."""

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def refuse_out_of_range_date(value) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if isinstance(day, dt.date) and not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("日期应在%(earliest)s至%(latest)s之间。"),
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def is_year_field(name: str) -> bool:
    """A year people type (年度, 计划开工年份 ...), not a count of last year's something."""
    return name == "year" or (name.endswith("_year") and not name.endswith("last_year"))


def refuse_out_of_range_year(value) -> None:
    """Years in the same range as dates: the years 1800 and 99999 were accepted as a project's
    planned start and completion."""
    if isinstance(value, int) and not EARLIEST.year <= value <= LATEST.year:
        raise ValidationError(
            _("年份应在%(earliest)s至%(latest)s之间。"),
            code="year_out_of_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def guard_typed_dates(app_configs) -> None:
    """Give every editable date and year field of the project's models the range check (as
    yingkou.text.guard_typed_text does for text, for the same reasons)."""
    for app_config in app_configs:
        for model in app_config.get_models():
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.IntegerField)
                    and field.editable
                    and is_year_field(field.name)
                    and refuse_out_of_range_year not in field.validators
                ):
                    field.validators.append(refuse_out_of_range_year)
                if (
                    isinstance(field, models.DateField)
                    and not isinstance(field, models.DateTimeField)
                    and field.editable
                    and refuse_out_of_range_date not in field.validators
                ):
                    field.validators.append(refuse_out_of_range_date)


class YearFilter(django_filters.NumberFilter):
    """?year= on a date field, within the same range (anything else is a filter error, 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", EARLIEST.year)
        kwargs.setdefault("max_value", LATEST.year)
        super().__init__(*args, **kwargs)


def month_day(day: dt.date) -> str:
    """A day as a sentence of a notice, title or page writes it, "11月9日" without a leading zero
    (MONTH_DAY_FORMAT in yingkou/formats), the same in every app; tables keep ISO dates."""
    return f"{day.month}月{day.day}日"


def long_date(day: dt.date) -> str:
    """A day with its year as a sentence or a title writes it: "2026年11月9日"."""
    return f"{day.year}年{month_day(day)}"


def year_month(day: dt.date) -> str:
    """The month of a day as a sentence writes it: "2026年1月" (YEAR_MONTH_FORMAT)."""
    return f"{day.year}年{day.month}月"
