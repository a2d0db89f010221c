"""R-7 in the R-6 circular: "定期在各自门户网站公布储备项目情况". Each pool's row says how many of
its projects were published on the unit's portal at the month's end, and a unit whose pool holds
projects but published none is named, in the page, the Excel and the Word document alike."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reserve import selectors, services
from reserve.models import MonthlyArchive
from tests.reserve.conftest import pooled

pytestmark = pytest.mark.django_db

OCTOBER = dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)
NOVEMBER = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)


@pytest.fixture
def october(area, other_area, owner, reviewer, drc):
    from tests.factories import UserFactory
    from yingkou.choices import Role

    other_staff = UserFactory(role=Role.UNIT_STAFF, unit=other_area)
    other_reviewer = UserFactory(role=Role.UNIT_REVIEWER, unit=other_area)
    with time_machine.travel(OCTOBER, tick=False):
        shown = pooled(area, owner, reviewer, name="甲项目")
        later = pooled(area, owner, reviewer, name="乙项目")
        services.entry_publish(entry=shown, published=True, user=owner)
        pooled(other_area, other_staff, other_reviewer, name="丙项目")
    with time_machine.travel(NOVEMBER, tick=False):
        # published after October: it does not count for October
        services.entry_publish(entry=later, published=True, user=owner)
    return area, other_area


def _row(rows, unit):
    (row,) = [row for row in rows if row["unit"] == unit.name]
    return row


def test_the_circular_counts_what_was_published_at_the_months_end(october):
    area, other_area = october
    with time_machine.travel(NOVEMBER, tick=False):
        rows = selectors.circular_rows(2026, 10)
        summary = selectors.city_summary(2026, 10, rows)
    assert (_row(rows, area)["published"], _row(rows, area)["health"]["project_count"]) == (1, 2)
    assert _row(rows, other_area)["published"] == 0
    assert summary["unpublished_pools"] == 1  # 盖州市 holds a project and published none


def test_a_pool_with_nothing_in_it_has_nothing_to_publish(october):
    from tests.factories import UnitFactory
    from yingkou.choices import UnitKind

    with time_machine.travel(OCTOBER, tick=False):
        department = UnitFactory(name="营口市商务局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    with time_machine.travel(NOVEMBER, tick=False):
        rows, summary = selectors.archived_circular(
            *services.monthly_archive_circular(year=2026, month=10)
        )
    assert _row(rows, department)["health"]["project_count"] == 0
    assert not _row(rows, department)["publication_lacking"]
    assert summary["unpublished_pools"] == 1


def test_page_excel_and_word_name_the_unit_that_published_nothing(client, october, drc):
    area, other_area = october
    client.force_login(drc)
    with time_machine.travel(NOVEMBER, tick=False):
        page = client.get(reverse("reserve:circular", args=["2026-10"])).content.decode()
        sheet = client.get(reverse("reserve:circular_xlsx", args=["2026-10"]))
        word = client.get(reverse("reserve:circular_docx", args=["2026-10"]))
    assert "在库项目均未对外公布的库（R-7）" in page
    assert '<td class="num bad">0/1</td>' in page and '<td class="num">1/2</td>' in page
    rows = list(load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.values)
    header = next(row for row in rows if row and "单位" in row)
    column = header.index("对外公布项目数")
    by_unit = {row[1]: row[column] for row in rows[rows.index(header) + 1 :] if row[1]}
    assert (by_unit[area.name], by_unit[other_area.name]) == (1, 0)
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "在库项目均未在门户网站公布的1个" in text
    assert "定期在本单位门户网站公布储备项目情况" in text


def test_an_archive_made_before_publication_was_counted_judges_nobody(client, october, drc):
    with time_machine.travel(NOVEMBER, tick=False):
        circular, summary = services.monthly_archive_circular(year=2026, month=10)
    for row in circular.data["rows"]:
        del row["published"]
    circular.save()
    del summary.data["unpublished_pools"]
    summary.save()
    assert MonthlyArchive.objects.get(pk=circular.pk).data["rows"][0].get("published") is None
    client.force_login(drc)
    with time_machine.travel(NOVEMBER, tick=False):
        page = client.get(reverse("reserve:circular", args=["2026-10"])).content.decode()
    assert "在库项目均未对外公布的库" not in page
    assert 'class="num bad"' not in page and '<td class="num">—</td>' in page
