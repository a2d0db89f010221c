"""Select boxes drawn in Python are the ones Django's templates draw, byte for byte, and a
picker's options read from plain columns are the ones its model objects give."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory

from tests.factories import LeaderFactory, UnitFactory
from tests.queries import unit_reads
from yingkou.filters import ProjectFilterSet
from yingkou.form_rendering import FastSelectRenderer
from yingkou.forms import LeaderChoiceField
from yingkou.models import Leader, Unit
from yingkou.templatetags.pickers import _reads_plain_columns, picker

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


class PickerForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)
    leader = forms.ModelChoiceField(queryset=Leader.objects.all(), required=False)
    chosen_leader = LeaderChoiceField(
        queryset=Leader.objects.select_related("unit"), required=False
    )


@pytest.mark.django_db
def test_pickers_read_the_options_the_model_objects_give(area, other_area):
    leaders = [LeaderFactory(), LeaderFactory(title="市长 & <书记>")]
    UnitFactory(name='A & B "<园区>"', code="AB")
    data = {"unit": str(area.pk), "units": [str(area.pk), str(other_area.pk)]}
    data["leader"] = str(leaders[1].pk)
    form = PickerForm(data)
    drawn_by_picker = {name: str(picker(form[name])) for name in form.fields}
    stock = PickerForm(data)
    for name in stock.fields:
        multiple = name == "units"
        stock.fields[name].widget.attrs["data-picker"] = "multiple" if multiple else "single"
        if not multiple:
            stock.fields[name].empty_label = "未指定"
    assert drawn_by_picker == {name: str(stock[name]) for name in stock.fields}
    assert drawn_by_picker["leader"].count("selected") == 1
    assert "市长 &amp; &lt;书记&gt;" in drawn_by_picker["leader"]
    unit = leaders[1].unit.name
    assert f"（{unit} 市长 &amp; &lt;书记&gt;）" in drawn_by_picker["chosen_leader"]


class RequiredPickerForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.all())
    leader = LeaderChoiceField(queryset=Leader.objects.select_related("unit"), required=False)


@pytest.mark.django_db
def test_a_pickers_empty_choice_says_what_it_means_not_django_dashes(area):
    """The search box shows the chosen option as its text; Django's "---------" read as a value
    there, and what the user typed was appended to it."""
    LeaderFactory(unit=area)
    form = RequiredPickerForm()
    unit, leader = str(picker(form["unit"])), str(picker(form["leader"]))
    assert '<option value="" selected>请选择</option>' in unit
    assert '<option value="" selected>未指定</option>' in leader
    assert "---------" not in unit + leader


def test_only_fields_labelled_by_their_model_read_plain_columns():
    class Named(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return obj.code

    assert not _reads_plain_columns(Named(queryset=Unit.objects.all()))
    assert not _reads_plain_columns(
        forms.ModelChoiceField(Unit.objects.all(), to_field_name="code")
    )
    assert _reads_plain_columns(forms.ModelChoiceField(queryset=Unit.objects.all()))
    # A model form's foreign key: its options' values are the keys all the same.
    assert _reads_plain_columns(forms.ModelChoiceField(Unit.objects.all(), to_field_name="id"))


class InputForm(forms.Form):
    q = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "名称 & <代码>"})
    )
    amount = forms.DecimalField(required=False, min_value=0)
    email = forms.EmailField(required=False)
    kept = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    flag = forms.BooleanField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'A & B "<园区>"', "amount": "12.5", "kept": "-total", "secret": "x<y", "flag": "on"},
    ],
)
def test_inputs_match_django_templates(data):
    form = InputForm(data or None)
    assert drawn(form, FastSelectRenderer()) == drawn(InputForm(data or None), DjangoTemplates())


@pytest.mark.django_db
def test_a_plain_select_box_names_its_empty_choice_too(client, owner):
    """A new project's industry is a plain select box (no search): its empty choice read
    "---------" where a person expects to be asked to choose."""
    client.force_login(owner)
    page = client.get("/projects/new/").content.decode()
    industry = page[page.index('name="industry"') :]
    industry = industry[: industry.index("</select>")]
    assert '<option value="" selected>请选择</option>' in industry
    assert "---------" not in page


def test_an_optional_plain_select_box_offers_no_choice_as_unspecified():
    class Optional(forms.Form):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)

    drawn = str(picker(Optional()["kind"]))
    assert '<option value="" selected>未指定</option>' in drawn
    assert '<option value="a">甲</option>' in drawn


@pytest.mark.parametrize("data", [{}, {"q": "", "amount": "many"}, {"amount": "<12>"}])
def test_errors_match_django_templates(data):
    def errors(renderer):
        form = InputForm(data or None)
        form.renderer = renderer
        if form.is_bound:
            form.is_valid()
            form.add_error(None, 'A & "<B>"')
        return [str(form[name].errors) for name in form.fields] + [str(form.non_field_errors())]

    assert errors(FastSelectRenderer()) == errors(DjangoTemplates())


def test_a_field_without_errors_draws_them_without_a_template():
    """A filter form draws every field's errors; the project list's fourteen empty lists were
    fourteen template renders of nothing."""
    from django.test.signals import template_rendered

    drawn_templates = []

    def rendered(sender, template, **kwargs):
        drawn_templates.append(template.name)

    form = InputForm({"q": "甲"})
    form.renderer = FastSelectRenderer()
    assert form.is_valid()
    template_rendered.connect(rendered)
    try:
        assert [str(form[name].errors) for name in form.fields] == [""] * len(form.fields)
    finally:
        template_rendered.disconnect(rendered)
    assert drawn_templates == []


@pytest.mark.django_db
def test_pickers_of_one_form_run_a_query_they_share_once(
    area, other_area, django_assert_num_queries
):
    """`unit` and `units` offer the same units: one query for both (the leaders' two pickers
    read different columns, one each)."""
    form = PickerForm()
    with django_assert_num_queries(3):
        drawn_by_picker = {name: str(picker(form[name])) for name in form.fields}
    assert drawn_by_picker["unit"].count("<option") == drawn_by_picker["units"].count("<option") + 1
    assert area.name in drawn_by_picker["units"] and other_area.name in drawn_by_picker["units"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/projects/", "/negotiation/questions/", "/enterprise/"])
def test_a_list_reads_the_options_its_pickers_share_once(client, drc, area, department, url):
    """The project list's 申报或落地单位 and 申报单位 pickers (the unit filters of the question
    and enterprise lists alike) offer the same units and read them with one query."""
    client.force_login(drc)
    unit_options = unit_reads(client, url)
    assert unit_options and len(unit_options) == len(set(unit_options)), unit_options


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["drc", "owner"])
def test_the_enterprise_form_reads_the_units_its_three_pickers_share_once(
    client, request, area, other_area, who
):
    """引进单位, 责任单位 and 所在县区 offer the same active units: a model form's foreign key
    names the units' key as its `to_field_name`, and each picker read them again as whole units."""
    client.force_login(request.getfixturevalue(who))
    read = unit_reads(client, "/enterprise/new/")
    assert read and len(read) == len(set(read)), read
    body = client.get("/enterprise/new/").content.decode()
    for name in ("introducing_unit", "responsible_unit", "area"):
        select = re.search(rf'<select name="{name}".*?</select>', body, re.S)[0]
        assert f'<option value="{area.pk}">{area.name}</option>' in select


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["drc", "owner"])
def test_the_project_list_reads_its_units_twice_for_three_pickers(
    client, request, area, other_area, department, who
):
    """The page reads unit rows three times (the user's unit, all units, the areas): the
    申报或落地单位 and 申报单位 pickers were a fourth, reading the same units again. Every user is
    offered every unit."""
    client.force_login(request.getfixturevalue(who))
    reads = unit_reads(client, "/projects/")
    assert len(reads) == 3 and len(set(reads)) == 3, reads
    body = client.get("/projects/").content.decode()
    offered = {
        name: re.findall(
            r'<option value="(\d+)"',
            re.search(rf'<select name="{name}".*?</select>', body, re.S)[0],
        )
        for name in ("unit", "owner_unit", "landing_unit")
    }
    every = [str(pk) for pk in Unit.objects.order_by("code").values_list("pk", flat=True)]
    areas = [
        str(pk)
        for pk in Unit.objects.filter(pk__in=[area.pk, other_area.pk])
        .order_by("code")
        .values_list("pk", flat=True)
    ]
    assert offered == {"unit": every, "owner_unit": every, "landing_unit": areas}
