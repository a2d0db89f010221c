"""Every form of the product answers wrong input in its own Chinese: bounded years, lengths and
phone numbers, no stock English, no half-width stop after Chinese text."""

import copy
import importlib
import inspect
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingkou.forms import CheckedForm, CheckedModelForm, guard_form_fields

FORM_MODULES = ["yingkou.forms", "reserve.forms", "negotiation.forms", "assistance.forms"]
FORM_MODULES += ["enterprise.forms"]
# A message may show an example of what to type; that is not English prose.
EXAMPLE = re.compile(r"\S+@\S+")


def project_forms():
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                if cls in (CheckedForm, CheckedModelForm):
                    continue
                found.append(cls)
    return found


def bad_inputs(name: str, field: forms.Field) -> list:
    values = [""]
    if isinstance(field, forms.CharField):
        values += ["x" * (field.max_length + 1), "甲\x00乙"]
        if name.endswith("phone"):
            values.append("这不是电话号码abc")
    elif isinstance(field, forms.DecimalField):
        values += ["abc", "1.234", "1" * 30, "-1"]
    elif isinstance(field, forms.IntegerField):
        values += ["abc", "1.5", "-1", "1800", "99999", "9" * 12]
    elif isinstance(field, forms.DateField):
        values += ["abc", "1800-01-01", "9999-12-31"]
    elif isinstance(field, (forms.ModelMultipleChoiceField, forms.MultipleChoiceField)):
        values += [["no-such"], "no-such"]
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        values += ["no-such", "999999"]
    return values


def messages_of(form_class) -> dict[str, list[str]]:
    form = SimpleNamespace(fields=copy.deepcopy(form_class.base_fields))
    guard_form_fields(form)
    found: dict[str, list[str]] = {}
    for name, field in form.fields.items():
        values = bad_inputs(name, field)
        if isinstance(field, forms.ModelChoiceField):
            if field.queryset is None:  # set by the form's __init__ for its user
                values = [""]
            else:
                field.queryset = field.queryset.model._default_manager.none()
        for value in values:
            try:
                field.clean(value)
            except ValidationError as exc:
                found.setdefault(name, []).extend(str(m) for m in exc.messages)
    return found


def wrong(message: str) -> str | None:
    if re.search(r"[A-Za-z]{3,}", EXAMPLE.sub("", message)):
        return "English"
    if not re.search(r"[\u4e00-\u9fff]", message):
        return "no Chinese"
    if re.search(r"[.,;:!?]\s*$", message) or re.search(r"[\u4e00-\u9fff][.,;:!?]", message):
        return "half-width punctuation"
    return None


def test_every_form_is_a_checked_form():
    plain = [
        cls.__name__
        for cls in project_forms()
        if not issubclass(cls, (CheckedForm, CheckedModelForm))
    ]
    assert not plain


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class", project_forms(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_every_field_answers_wrong_input_in_the_products_chinese(form_class):
    problems = {
        f"{name}: {message}": reason
        for name, messages in messages_of(form_class).items()
        for message in messages
        if (reason := wrong(message))
    }
    assert not problems


def test_the_stock_messages_are_replaced_with_the_products_own():
    decimal = forms.DecimalField(max_digits=14, decimal_places=2)
    with pytest.raises(ValidationError) as exc:
        decimal.clean("1.234")
    assert exc.value.messages == ["最多保留 2 位小数。"]
    with pytest.raises(ValidationError) as exc:
        forms.CharField(max_length=5).clean("一二三四五六")
    assert exc.value.messages == ["最多 5 个字，现为 6 个字，请删减。"]


def _project_form_errors(**data) -> dict:
    from yingkou.forms import ProjectForm

    form = ProjectForm(data={"name": "测试项目", "industry": "C26", **data})
    form.is_valid()
    return form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1800", "1999", "2100", "99999"])
def test_a_planned_year_outside_2000_2099_is_refused(year):
    errors = _project_form_errors(start_year=year, end_year=year)
    assert "start_year" in errors and "end_year" in errors


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["2000", "2099"])
def test_a_planned_year_inside_the_range_is_accepted(year):
    errors = _project_form_errors(start_year=year, end_year=year)
    assert "start_year" not in errors and "end_year" not in errors


@pytest.mark.django_db
def test_construction_content_is_bounded_and_the_phone_checked():
    errors = _project_form_errors(
        construction_content="建" * 5001, contact_phone="这不是电话号码abc"
    )
    assert errors["construction_content"] == ["最多 5000 个字，现为 5001 个字，请删减。"]
    assert "请填写有效的电话号码" in errors["contact_phone"][0]
    errors = _project_form_errors(construction_content="建" * 5000, contact_phone="0417-1234567")
    assert "construction_content" not in errors and "contact_phone" not in errors


@pytest.mark.django_db
def test_the_model_refuses_too_long_text_and_a_year_out_of_range(project):
    project.construction_content = "建" * 140000
    project.start_year = 1800
    with pytest.raises(ValidationError) as exc:
        project.full_clean()
    assert set(exc.value.message_dict) >= {"construction_content", "start_year"}
    assert exc.value.message_dict["start_year"] == ["年份应在2000至2099之间。"]


def test_the_api_speaks_the_same_way():
    from rest_framework import serializers

    field = serializers.DecimalField(max_digits=14, decimal_places=2)
    with pytest.raises(serializers.ValidationError) as exc:
        field.run_validation("1.234")
    assert exc.value.detail == ["最多保留 2 位小数。"]


@pytest.mark.django_db
def test_the_declare_page_shows_the_messages_in_the_summary(client, owner, area):
    client.force_login(owner)
    data = {
        "form": "new",
        "name": "边界项目",
        "industry": "C26",
        "landing_unit": area.pk,
        "capital_origin": "domestic",
        "capacity_kind": "new",
        "size_class": "medium",
        "total_investment": "1000.123",
        "start_year": "1800",
        "contact_phone": "这不是电话号码abc",
        "construction_content": "建" * 140000,
        "stage": "planning",
    }
    page = client.post(reverse("reserve:declare"), data).content.decode()
    assert 'id="error-summary"' in page
    assert "最多保留 2 位小数。" in page
    assert "年份应在2000至2099之间。" in page or "不能小于 2000。" in page
    assert "最多 5000 个字，现为 140000 个字，请删减。" in page
    assert "请填写有效的电话号码" in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert not re.search(r"[\u4e00-\u9fff][.]", summary)
