"""Period keys as readers name them, on every page and title that shows a period."""

import pytest

from yingkou.scheduling.periods import period_name


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("2026-12-07", "2026年12月7日"),
        ("2026-W49", "2026年第49周"),
        ("2027-W01", "2027年第1周"),
        ("2026-11", "2026年11月"),
        ("2026-Q4", "2026年第4季度"),
        ("2026", "2026年度"),
        ("不是周期", "不是周期"),
    ],
)
def test_a_period_key_reads_as_people_name_it(key, name):
    assert period_name(key) == name


def test_the_archive_of_dispatches_names_its_periods(client, drc, db):
    from django.urls import reverse

    from assistance.choices import ReportKind
    from assistance.models import SupervisionReport

    SupervisionReport.objects.create(
        kind=ReportKind.WEEKLY, period_key="2026-W49", scope="city", title="在建项目周调度"
    )
    client.force_login(drc)
    page = client.get(reverse("assistance:reports")).content.decode()
    assert "<td>2026年第49周</td>" in page and "2026-W49</td>" not in page
