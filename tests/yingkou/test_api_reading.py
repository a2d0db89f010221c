"""The API's project rows read the plain columns directly and say exactly what DRF's general
serialization says."""

import json
from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.factories import ProjectFactory, UnitFactory
from yingkou.api.serializers import ProjectSerializer
from yingkou.models import Project


def drf_row(serializer, project) -> dict:
    return serializers.Serializer.to_representation(serializer, project)


@pytest.mark.django_db
def test_project_rows_are_drfs(area):
    ProjectFactory(owner_unit=area, landing_unit=None, industry="K70", start_year=2026)
    ProjectFactory(
        owner_unit=area,
        code="2026-210800-26-01-000123",
        total_investment=Decimal("12345678.9"),
        investor='A & B "<公司>"',
        stage="reserve",
    )
    ProjectFactory(owner_unit=UnitFactory(), industry="C26", investor_intent_clear=True)
    projects = list(Project.objects.order_by("pk"))
    rows = ProjectSerializer(projects, many=True).data
    single = ProjectSerializer()
    expected = [drf_row(single, project) for project in projects]
    assert rows == expected
    assert JSONRenderer().render(rows) == JSONRenderer().render(expected)
    assert [row["landing_unit"] for row in rows] == [None, area.pk, projects[2].owner_unit_id]
    assert json.loads(JSONRenderer().render(rows))[1]["total_investment"] == "12345678.90"


def test_each_serializer_gets_its_own_copy_of_the_fields_drf_builds():
    first, second = ProjectSerializer(), ProjectSerializer()
    assert first.fields["landing_unit"] is not second.fields["landing_unit"]
    assert first.fields["landing_unit"].parent is first
    built = serializers.ModelSerializer.get_fields(ProjectSerializer())
    assert repr(first.get_fields()) == repr(built)
