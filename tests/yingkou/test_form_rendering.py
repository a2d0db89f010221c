"""Select boxes drawn in Python are the ones Django's templates draw, byte for byte."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory

from yingkou.filters import ProjectFilterSet
from yingkou.form_rendering import FastSelectRenderer

GROUPED = [
    ("", "全部"),
    ("县区", [("1", "站前区"), ("2", 'A & B "<园区>"')]),
    ("部门", [("3", "发改委")]),
]


class ChoiceForm(forms.Form):
    single = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙 & <丙>")], required=False)
    grouped = forms.ChoiceField(choices=GROUPED, help_text="可搜索")
    several = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.SelectMultiple(attrs={"size": 3, "disabled": False})
    )
    flag = forms.NullBooleanField()


def drawn(form, renderer):
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [{}, {"single": "b", "grouped": "2", "several": ["1", "3"], "flag": "true"}],
)
def test_selects_match_django_templates(data):
    form = ChoiceForm(data or None)
    assert drawn(form, FastSelectRenderer()) == drawn(ChoiceForm(data or None), DjangoTemplates())


@pytest.mark.django_db
def test_the_project_filter_form_is_unchanged(owner, area):
    request = RequestFactory().get("/projects/", {"stage": ["reserve"], "unit": str(area.pk)})
    request.user = owner
    fast, stock = (ProjectFilterSet(request.GET, request=request).form for _ in range(2))
    fast.renderer, stock.renderer = FastSelectRenderer(), DjangoTemplates()
    assert "selected" in str(fast["unit"])
    assert [str(fast[name]) for name in fast.fields] == [str(stock[name]) for name in stock.fields]
