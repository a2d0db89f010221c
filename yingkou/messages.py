"""The product's own wording for the checks every field makes (required, too long, not a number,
out of range ...), in place of Django's and DRF's stock messages.

The stock messages are partly English (a model field's "Value %(value)r is not a valid choice."),
partly translated with half-width stops ("确认小数不超过 2 位.") and never say what to type. They
are replaced once, at start-up, on the field classes' `default_error_messages`, rather than on
each of some sixty forms: every form, filter form, model validation and API serializer then
speaks the same way, and a new form needs nothing. A form field replaces a validator's message
by the error's code from these (`Field.run_validators`), so "max_length", "min_value",
"max_digits" ... are covered as well as the field's own "invalid".
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import fields as api_fields
from rest_framework import relations as api_relations

from yingkou.text import TOO_LONG

# Django's messages use %-placeholders (the validator's params).
LIMITS = {
    "required": _("此项必须填写。"),
    "max_length": TOO_LONG,
    "min_length": _("至少 %(limit_value)d 个字，现为 %(show_value)d 个字。"),
    "max_value": _("不能大于 %(limit_value)s。"),
    "min_value": _("不能小于 %(limit_value)s。"),
    "step_size": _("应为 %(limit_value)s 的整数倍。"),
    "max_digits": _("数字过大：最多 %(max)s 位数字。"),
    "max_decimal_places": _("最多保留 %(max)s 位小数。"),
    "max_whole_digits": _("数字过大：整数部分最多 %(max)s 位。"),
}
INVALID_NUMBER = _("请填写数字（如 1234.56），不要带单位或逗号。")
INVALID_WHOLE_NUMBER = _("请填写整数（如 2026），不要带单位或小数。")
INVALID_DATE = _("请按“年-月-日”填写日期，如 2026-11-27。")
INVALID_CHOICE = _("请从列表中选择，所填的值不在可选范围内。")

FORM_MESSAGES = {
    forms.Field: LIMITS,
    forms.IntegerField: {"invalid": INVALID_WHOLE_NUMBER},
    forms.FloatField: {"invalid": INVALID_NUMBER},
    forms.DecimalField: {"invalid": INVALID_NUMBER},
    forms.DateField: {"invalid": INVALID_DATE},
    forms.DateTimeField: {"invalid": _("请填写有效的日期和时间，如 2026-11-27 09:30。")},
    forms.TimeField: {"invalid": _("请填写有效的时间，如 09:30。")},
    forms.EmailField: {"invalid": _("请填写有效的电子邮箱地址，如 name@example.cn。")},
    forms.URLField: {"invalid": _("请填写有效的网址。")},
    forms.ChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.MultipleChoiceField: {
        "invalid_choice": INVALID_CHOICE,
        "invalid_list": _("请从列表中选择一项或多项。"),
    },
    forms.ModelChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.ModelMultipleChoiceField: {
        "invalid_choice": INVALID_CHOICE,
        "invalid_list": _("请从列表中选择一项或多项。"),
        "invalid_pk_value": INVALID_CHOICE,
    },
    forms.FileField: {
        "invalid": _("没有收到文件，请重新选择文件上传。"),
        "missing": _("没有收到文件，请重新选择文件上传。"),
        "empty": _("上传的文件是空的。"),
        "max_length": _("文件名最多 %(max)d 个字，现为 %(length)d 个字，请改短后上传。"),
        "contradiction": _("请选择上传新文件或清除原文件，不能同时进行。"),
    },
}

MODEL_MESSAGES = {
    models.Field: {
        **LIMITS,
        "invalid_choice": INVALID_CHOICE,
        "null": LIMITS["required"],
        "blank": LIMITS["required"],
        "unique": _("已有%(field_label)s相同的%(model_name)s，不能重复。"),
    },
    models.IntegerField: {"invalid": INVALID_WHOLE_NUMBER},
    models.DecimalField: {"invalid": INVALID_NUMBER},
    models.FloatField: {"invalid": INVALID_NUMBER},
    models.DateField: {"invalid": INVALID_DATE, "invalid_date": INVALID_DATE},
    models.BooleanField: {"invalid": _("请选择“是”或“否”。")},
}

# DRF's messages use {}-placeholders.
API_MESSAGES = {
    api_fields.Field: {"required": LIMITS["required"], "null": LIMITS["required"]},
    api_fields.CharField: {
        "blank": LIMITS["required"],
        "max_length": _("最多 {max_length} 个字，请删减。"),
        "min_length": _("至少 {min_length} 个字。"),
    },
    api_fields.IntegerField: {
        "invalid": INVALID_WHOLE_NUMBER,
        "max_value": _("不能大于 {max_value}。"),
        "min_value": _("不能小于 {min_value}。"),
    },
    api_fields.DecimalField: {
        "invalid": INVALID_NUMBER,
        "max_value": _("不能大于 {max_value}。"),
        "min_value": _("不能小于 {min_value}。"),
        "max_digits": _("数字过大：最多 {max_digits} 位数字。"),
        "max_decimal_places": _("最多保留 {max_decimal_places} 位小数。"),
        "max_whole_digits": _("数字过大：整数部分最多 {max_whole_digits} 位。"),
    },
    api_fields.DateField: {"invalid": _("请按“年-月-日”填写日期，如 2026-11-27。")},
    api_fields.ChoiceField: {"invalid_choice": _("“{input}”不在可选范围内。")},
    api_relations.PrimaryKeyRelatedField: {
        "does_not_exist": _("编号为 {pk_value} 的记录不存在或不可选。"),
        "incorrect_type": _("请填写记录的编号（整数）。"),
    },
}


def _install(table: dict) -> None:
    for cls, messages in table.items():
        # On the class itself (not a parent's dict through inheritance), over its own stock ones.
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}), **messages}


def install_messages() -> None:
    """Called once from YingkouConfig.ready(), before any form or serializer is built."""
    _install(FORM_MESSAGES)
    _install(MODEL_MESSAGES)
    _install(API_MESSAGES)
