"""Text people type: control characters are refused on the way in and removed on the way out.

A control character is never typed on purpose (it comes from pasting out of other programs or from
a hostile client), it is invisible on a page, and XML cannot carry most of them, so one in a project
name used to break every Excel export and the month-end archive.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# What a person writes in a text area (建设内容, 洽谈概况, a reply ...) fits on a few printed pages;
# 140,000 characters were accepted before and broke the pages and sheets that show them.
TEXT_MAX_LENGTH = 5000
# A one-line form field that no model field bounds (a search, a name in a plain form).
LINE_MAX_LENGTH = 200
TOO_LONG = _("最多 %(limit_value)d 个字，现为 %(show_value)d 个字，请删减。")

# C0 controls but tab, line feed and carriage return (a text area has line breaks), DEL and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A one-line field has no business with line breaks or tabs either.
CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def refuse_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL.search(value):
        raise ValidationError(
            _("不能包含控制字符（不可见的特殊符号），请删除后重新输入。"), code="control_character"
        )


def refuse_control_characters_in_line(value) -> None:
    if isinstance(value, str) and CONTROL_IN_LINE.search(value):
        raise ValidationError(
            _("不能包含换行、制表符等控制字符（不可见的特殊符号），请删除后重新输入。"),
            code="control_character",
        )


# What separates the digits of a Chinese phone number as people write it: 0417-1234567,
# (0417) 123 4567, +86 139 0000 1111, 0417-1234567转8001.
PHONE_SEPARATORS = re.compile(r"[\s\-－()（）+＋转]")


def refuse_invalid_phone(value) -> None:
    if not value:
        return
    digits = PHONE_SEPARATORS.sub("", value)
    if not (digits.isascii() and digits.isdigit() and 5 <= len(digits) <= 20):
        raise ValidationError(
            _("请填写有效的电话号码（数字，可含“-”、空格、括号或“转”分机号）。"),
            code="invalid_phone",
        )


def without_control_characters(text: str) -> str:
    return CONTROL.sub("", text)


def guard_typed_text(app_configs) -> None:
    """Give every text field of the project's models the control-character validator (and
    every phone field the phone-number check, every unbounded text field the length limit).

    It is added to the field's validators (which full_clean(), model forms and DRF model
    serializers all run) rather than declared on each of some hundred fields: it is one rule for all
    typed text, a new field gets it without anyone remembering, and declaring it would write a
    migration per field that changes nothing in the database (a field's deconstruction reads
    `_validators`, not this list).
    """
    for app_config in app_configs:
        for model in app_config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.TextField):
                    check = refuse_control_characters
                elif isinstance(field, models.CharField):
                    check = refuse_control_characters_in_line
                else:
                    continue
                if check not in field.validators:
                    field.validators.append(check)
                limit = MaxLengthValidator(TEXT_MAX_LENGTH, message=TOO_LONG)
                if (
                    isinstance(field, models.TextField)
                    and field.max_length is None
                    and limit not in field.validators
                ):
                    field.validators.append(limit)
                if field.name.endswith("phone") and refuse_invalid_phone not in field.validators:
                    field.validators.append(refuse_invalid_phone)
