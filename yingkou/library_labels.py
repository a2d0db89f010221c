"""Names that Django and django-celery-beat give their records without gettext, in the product's
Chinese wherever a record is named: select options, page titles, breadcrumbs, delete
confirmations, the admin's log of changes.

- A crontab schedule is named by its fields and beat's notation, "0 9 * * 5 (m/h/dM/MY/d)
  Asia/Shanghai"; it is named here by when it runs, "每周五 09:00（北京时间）".
- The tables Django creates for a many-to-many field are named after the classes
  ("PromotionGroup-user relationship: PromotionGroup_members object (4)"), and a delete
  confirmation lists their rows; they are named here by the field, "精准帮扶推进组的成员：第一推进组 —
  张三".

`install()` runs once at start-up (`YingkouConfig.ready`), after every model is loaded.
"""

import calendar
import re

from cron_descriptor import (
    ExpressionDescriptor,
    FormatException,
    MissingFieldException,
    Options,
    WrongArgumentException,
)
from django.apps import apps
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule

# -- crontab schedules ---------------------------------------------------------------------------

#: Time zones by the name people use for them; another zone keeps its IANA name.
ZONE_NAMES = {"Asia/Shanghai": "北京时间"}

_WEEKDAYS = "日一二三四五六日"  # cron counts Sunday as 0 and as 7
_NUMBERS = re.compile(r"^\d+(,\d+)*$")


def zone_name(zone) -> str:
    return ZONE_NAMES.get(str(zone), str(zone))


def crontab_description(crontab: CrontabSchedule) -> str:
    """When a crontab schedule runs, with its time zone: "每天 07:30（北京时间）", "每周五
    09:00（北京时间）", "每年1、4、7、10月1日 06:30（北京时间）". The schedules the product installs
    read this way; any other is described by cron-descriptor in Chinese, or shown as its five
    fields when even that cannot read it."""
    fields = (
        crontab.minute,
        crontab.hour,
        crontab.day_of_month,
        crontab.month_of_year,
        crontab.day_of_week,
    )
    fields = tuple(str(field).replace(" ", "") for field in fields)
    text = _plain_description(*fields) or _descriptor_text(" ".join(fields))
    return f"{text}（{zone_name(crontab.timezone)}）"


def _numbers(field: str, low: int, high: int) -> list[int] | None:
    if not _NUMBERS.match(field):
        return None
    numbers = [int(part) for part in field.split(",")]
    return numbers if all(low <= number <= high for number in numbers) else None


def _plain_description(minute, hour, day_of_month, month_of_year, day_of_week) -> str | None:
    """Schedules of a fixed time on every day, given weekdays, given days of the month or given
    days of given months, and "every N minutes"; None for anything else."""
    every = re.match(r"^\*/(\d+)$", minute)
    if every and (hour, day_of_month, month_of_year, day_of_week) == ("*",) * 4:
        return _("每%(n)s分钟") % {"n": every.group(1)} if every.group(1) != "1" else _("每分钟")
    minutes, hours = _numbers(minute, 0, 59), _numbers(hour, 0, 23)
    if not minutes or not hours or len(minutes) != 1:
        return None
    time = "、".join(f"{h:02d}:{minutes[0]:02d}" for h in hours)
    days = _numbers(day_of_month, 1, 31)
    months = _numbers(month_of_year, 1, 12)
    weekdays = _numbers(day_of_week, 0, 7)
    if (day_of_month, month_of_year, day_of_week) == ("*", "*", "*"):
        return _("每天 %(time)s") % {"time": time}
    if weekdays and (day_of_month, month_of_year) == ("*", "*"):
        names = "、".join(dict.fromkeys(_WEEKDAYS[day] for day in weekdays))
        return _("每周%(days)s %(time)s") % {"days": names, "time": time}
    if days and day_of_week == "*":
        dates = "、".join(f"{day}日" for day in days)
        if month_of_year == "*":
            return _("每月%(days)s %(time)s") % {"days": dates, "time": time}
        if months:
            named = "、".join(str(month) for month in months)
            return _("每年%(months)s月%(days)s %(time)s") % {
                "months": named,
                "days": dates,
                "time": time,
            }
    return None


def _descriptor_text(expression: str) -> str:
    """cron-descriptor's Chinese; its month and day names follow the server's locale."""
    options = Options()
    options.locale_code = "zh_CN"
    options.use_24hour_time_format = True
    try:
        text = ExpressionDescriptor(expression, options).get_description()
    except (FormatException, MissingFieldException, WrongArgumentException, ValueError):
        return expression
    for number, name in enumerate(calendar.month_name[1:], start=1):
        text = text.replace(name, f"{number}月")
    for number, name in enumerate(calendar.day_name):
        text = text.replace(name, f"星期{_WEEKDAYS[number + 1]}")
    text = text.replace(", 和 ", "和").replace(", ", "，")
    return re.sub(r"(\d+月|星期.)，(?=\d+月|星期)", r"\1、", text)


def _crontab_str(self: CrontabSchedule) -> str:
    return crontab_description(self)


# -- many-to-many link tables --------------------------------------------------------------------


def link_table_name(model) -> str:
    """An automatic many-to-many table by the field it holds: "精准帮扶推进组的成员"."""
    source = model._meta.auto_created
    for field in source._meta.many_to_many:
        if field.remote_field.through is model:
            return _("%(model)s的%(field)s") % {
                "model": source._meta.verbose_name,
                "field": field.verbose_name,
            }
    return str(model._meta.verbose_name)


def _link_str(self) -> str:
    """One row of a link table: the two records it links, "第一推进组 — 张三"."""
    source, target = self._link_ends
    return f"{getattr(self, source)} — {getattr(self, target)}"


def _label_link_tables() -> None:
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.auto_created
        if not source:
            continue
        field = next(
            (f for f in source._meta.many_to_many if f.remote_field.through is model), None
        )
        if field is None:
            continue
        name = lazy(link_table_name, str)(model)
        model._meta.verbose_name = name
        model._meta.verbose_name_plural = name
        model._link_ends = (field.m2m_field_name(), field.m2m_reverse_field_name())
        model.__str__ = _link_str


def install() -> None:
    CrontabSchedule.__str__ = _crontab_str
    _label_link_tables()
