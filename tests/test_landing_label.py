"""A project's landing unit reads the same wherever it is named: the source's 项目拟落地县(市)区、园区,
the Project field's verbose name. The lists, the record pages, the filters, every Excel file and
the import template once called it 建设地点, a different notion (where a thing is built) that the
source never uses for it."""

import importlib

import pytest
from django.urls import reverse

from reserve import services as reserve_services
from reserve.filters import EntryFilterSet
from reserve.imports import COLUMNS as IMPORT_COLUMNS
from reserve.models import Pool
from tests.factories import ProjectFactory
from yingkou.choices import Stage
from yingkou.exports import Exporter
from yingkou.filters import ProjectFilterSet
from yingkou.models import Project

LANDING = str(Project._meta.get_field("landing_unit").verbose_name)
FORMER = "建设地点"
EXPORT_MODULES = ["yingkou", "reserve", "negotiation", "assistance", "enterprise"]


def test_the_label_is_the_sources():
    assert LANDING == "拟落地县(市)区/园区"


def _exporters(cls=Exporter):
    for sub in cls.__subclasses__():
        yield sub
        yield from _exporters(sub)


def test_no_export_names_the_landing_unit_otherwise():
    for app in EXPORT_MODULES:
        importlib.import_module(f"{app}.exports")
    headers = {
        exporter.__qualname__: [header for header, _ in getattr(exporter, "columns", [])]
        for exporter in _exporters()
    }
    assert not [name for name, columns in headers.items() if FORMER in columns]
    for name in ("ProjectExporter", "EntryExporter", "DetailListExporter"):
        assert LANDING in headers[name], name
    assert LANDING in [header for header, *_ in IMPORT_COLUMNS]


def test_filters_offer_the_landing_unit_under_its_name():
    assert ProjectFilterSet.base_filters["landing_unit"].label == LANDING
    assert EntryFilterSet.get_filters()["landing_unit"].label == LANDING


@pytest.mark.django_db
def test_lists_and_pages_name_the_landing_unit_alike(client, area, owner, reviewer, drc):
    declared = ProjectFactory(name="落地名称项目", owner_unit=area, landing_unit=area)
    entry = reserve_services.entry_declare(project=declared, user=owner, submit=True)
    reserve_services.entry_approve(entry=entry, user=reviewer)
    ProjectFactory(owner_unit=area, landing_unit=area, stage=Stage.COMPLETED)
    pool = Pool.objects.get(unit=area)
    pages = {
        owner: [
            reverse("projects:list"),
            reverse("projects:detail", args=[declared.pk]),
            reverse("reserve:entry_list"),
            reverse("reserve:my_pool"),
            reverse("reserve:entry_detail", args=[entry.pk]),
            reverse("reserve:pool_detail", args=[pool.pk]),
            reverse("negotiation:list"),
            reverse("reserve:public_unit", args=[area.code]),
        ],
        drc: [reverse("enterprise:from_project")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            page = client.get(url).content.decode()
            assert LANDING in page, url
            assert FORMER not in page, url
