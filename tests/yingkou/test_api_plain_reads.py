"""The API's rows read with less of DRF's machinery (yingkou.api.reading) say exactly what DRF
says: moments in ISO 8601 in the site's time zone (`Z` in UTC), amounts with their decimal
places, None as null, whatever the value."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from tests.factories import ProjectFactory
from yingkou.api.reading import PlainReadsMixin
from yingkou.api.serializers import ProjectSerializer
from yingkou.choices import Stage
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def as_drf(serializer_class, instance) -> dict:
    """What DRF itself makes of the row, field by field."""
    serializer = serializer_class(instance)
    return super(PlainReadsMixin, serializer).to_representation(instance)


AMOUNTS = [Decimal("0"), Decimal("1000"), Decimal("1234.5"), Decimal("999999999999.99")]
MOMENTS = [
    dt.datetime(2026, 10, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
    dt.datetime(2000, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_project_rows_read_as_drf_reads_them(zone):
    for amount, moment in zip(AMOUNTS, MOMENTS * 2, strict=False):
        project = ProjectFactory(total_investment=amount)
        Project.objects.filter(pk=project.pk).update(created_at=moment, updated_at=moment)
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        for project in Project.objects.all():  # amounts as the database returns them
            assert ProjectSerializer(project).data == as_drf(ProjectSerializer, project)
    if zone == "UTC":
        row = ProjectSerializer(Project.objects.order_by("pk").first()).data
        with timezone.override(zone):
            assert (
                ProjectSerializer(Project.objects.order_by("pk").first())
                .data["created_at"]
                .endswith("Z")
            )
        assert row["total_investment"] == "0.00"


class RowSerializer(PlainReadsMixin, serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["created_at", "total_investment"]


@pytest.mark.parametrize(
    ("moment", "amount"),
    [
        (None, None),
        (MOMENTS[0], Decimal("12.345")),  # to round: DRF rounds it
        (MOMENTS[1], Decimal("1E+3")),  # another exponent
        (MOMENTS[2], 12),  # not a Decimal
        (dt.datetime(2026, 10, 1, 12, 0), Decimal("NaN")),  # naive moment, not a number
    ],
)
def test_unusual_values_take_drf_s_own_way(moment, amount):
    project = Project(created_at=moment, total_investment=amount)
    try:
        expected = as_drf(RowSerializer, project)
    except Exception as exc:  # noqa: BLE001  DRF refuses it: so must the fast read
        with pytest.raises(type(exc)):
            RowSerializer(project).data  # noqa: B018
        return
    assert RowSerializer(project).data == expected


class StockProjectSerializer(ProjectSerializer):
    """The same declared fields, built and read DRF's own way on every serializer."""

    def get_fields(self):
        return serializers.ModelSerializer.get_fields(self)

    def to_representation(self, instance):
        return serializers.ModelSerializer.to_representation(self, instance)


def stock_json(rows) -> bytes:
    return JSONRenderer().render(StockProjectSerializer(rows, many=True).data)


def test_api_pages_write_what_drf_writes_for_every_stage(drc, area, department):
    """The API's page, byte for byte, is DRF's own serialization of its rows: every stage,
    blank and null fields, another landing unit, a code with and without warnings."""
    for number, stage in enumerate(Stage.values):
        ProjectFactory(
            stage=stage,
            owner_unit=area,
            landing_unit=department if number % 2 else area,
            code=None if number % 3 else f"2026-210800-26-01-00000{number}",
            end_year=None if number % 2 else 2028,
            investor="",
            total_investment=Decimal(number * 1000) + Decimal("0.5"),
        )
    client = APIClient()
    client.force_authenticate(drc)
    for url in (
        "/api/v1/projects/",
        "/api/v1/projects/?cursor=",
        "/api/v1/projects/?stage=reserve",
    ):
        response = client.get(url)
        keys = [row["id"] for row in response.json()["results"]]
        rows = sorted(Project.objects.filter(pk__in=keys), key=lambda row: keys.index(row.pk))
        assert rows
        results = response.content.split(b'"results":', 1)[1]
        assert results == stock_json(rows) + b"}"


def test_each_serializer_has_fields_of_its_own():
    first, second = ProjectSerializer(), ProjectSerializer()
    for name, field in first.fields.items():
        assert second.fields[name] is not field
        assert field.parent is first and second.fields[name].parent is second
    first.fields["stage"].error_messages["invalid_choice"] = "changed"
    assert second.fields["stage"].error_messages["invalid_choice"] != "changed"
    assert ProjectSerializer().fields["stage"].error_messages["invalid_choice"] != "changed"


def test_fields_are_copied_without_making_each_again():
    """DRF's deep copy makes every field again from its arguments, copying the industry's and
    the stage's choices item by item; the serializer's fields are copies of one built set."""
    ProjectSerializer().fields  # noqa: B018  built once for the class
    with mock.patch.object(
        serializers.ChoiceField, "__deepcopy__", side_effect=AssertionError("deep copy")
    ):
        fields = ProjectSerializer().fields
    assert fields["stage"].choices == serializers.ChoiceField(choices=Stage.choices).choices


class KeysSerializer(PlainReadsMixin, serializers.ModelSerializer):
    weekday = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "stage", "industry", "weekday"]

    def get_weekday(self, project) -> int:
        return project.pk % 7


@pytest.mark.parametrize("stage", ["reserve", "", None, Stage.SIGNED, "no-such-stage"])
def test_keys_choices_and_method_fields_read_without_drf_s_conversion(stage):
    project = Project(pk=12, stage=stage, industry="C26")
    expected = as_drf(KeysSerializer, project)
    with (
        mock.patch.object(serializers.ChoiceField, "to_representation", side_effect=AssertionError),
        mock.patch.object(
            serializers.SerializerMethodField, "to_representation", side_effect=AssertionError
        ),
        mock.patch.object(
            serializers.IntegerField, "to_representation", side_effect=AssertionError
        ),
    ):
        if type(stage) is str or stage is None:  # an enum member takes DRF's way
            assert KeysSerializer(project).data == expected
    assert KeysSerializer(project).data == expected
    assert expected["id"] == 12 and expected["weekday"] == 5
