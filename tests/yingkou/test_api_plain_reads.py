"""The API's rows read with less of DRF's machinery (yingkou.api.reading) say exactly what DRF
says: moments in ISO 8601 in the site's time zone (`Z` in UTC), amounts with their decimal
places, None as null, whatever the value."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework import serializers

from tests.factories import ProjectFactory
from yingkou.api.reading import PlainReadsMixin
from yingkou.api.serializers import ProjectSerializer
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
