"""Every filter that takes several values is the same tag box (yingkou.filters.ManyChoiceFilter):
a list page never shows a three-line list box to scroll and Ctrl-click."""

import re
from importlib import import_module

import django_filters

from yingkou.filters import ManyChoiceFilter

APPS = ["yingkou", "reserve", "negotiation", "assistance", "enterprise"]


def filtersets():
    for app in APPS:
        import_module(f"{app}.filters")
    found, todo = [], [django_filters.FilterSet]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def test_every_several_values_filter_is_a_tag_box():
    seen = 0
    for filterset in filtersets():
        for name, field in filterset.base_filters.items():
            if isinstance(field, django_filters.MultipleChoiceFilter):
                seen += 1
                assert isinstance(field, ManyChoiceFilter), f"{filterset.__name__}.{name}"
                widget = field.field.widget
                assert widget.attrs.get("data-picker") == "multiple", filterset.__name__
    assert seen >= 5  # the scan sees the project, case, problem, pool and negotiation lists


def test_the_assistance_list_draws_its_stage_filter_as_a_tag_box(client, drc):
    client.force_login(drc)
    body = client.get("/assistance/").content.decode()
    select = re.search(r'<select[^>]*name="stage"[^>]*>', body).group(0)
    assert 'data-picker="multiple"' in select
