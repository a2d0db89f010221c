"""Period keys as readers name them, on every page and title that shows a period."""

import pytest

from yingkou.scheduling.periods import period_name


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("2026-12-07", "2026年12月7日"),
        ("2026-W49", "2026年第49周（11月30日至12月6日）"),
        ("2027-W01", "2027年第1周（1月4日至1月10日）"),
        # Weeks reaching into another year say the years of their days.
        ("2026-W01", "2026年第1周（2025年12月29日至2026年1月4日）"),
        ("2026-W53", "2026年第53周（2026年12月28日至2027年1月3日）"),
        ("2025-W53", "2025-W53"),  # 2025 has 52 weeks
        ("2026-11", "2026年11月"),
        ("2026-Q1", "2026年第一季度"),
        ("2026-Q4", "2026年第四季度"),
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
    assert "<td>2026年第49周（11月30日至12月6日）</td>" in page and "2026-W49</td>" not in page
