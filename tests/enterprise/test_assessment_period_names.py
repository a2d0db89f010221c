"""E-7: the assessment pages name their period as readers say it (2026年第三季度, 2026年度),
in the heading and the links to the periods before and after; the key (2026-Q3) stays in the
addresses."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.rules import assessment_period_name

pytestmark = pytest.mark.django_db


def test_a_period_key_reads_as_its_chinese_name():
    assert assessment_period_name("2026-Q3") == "2026年第三季度"
    assert assessment_period_name("2026") == "2026年度"


def test_the_assessment_pages_name_their_periods(client, supervisor, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 2, tzinfo=dt.UTC), tick=False)
    client.force_login(supervisor)
    page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"}).content.decode()
    assert "营商环境考核评价 2026年第三季度</h1>" in page
    assert '<a href="?period=2026-Q2">← 2026年第二季度</a>' in page
    assert '<a href="?period=2026-Q4">2026年第四季度 →</a>' in page
    page = client.get(reverse("enterprise:assessment"), {"period": "2026"}).content.decode()
    assert "2026年度营商环境考核</h1>" in page
    page = client.get(reverse("enterprise:assessment_figures"), {"period": "2026-Q3"})
    assert "考核基础数据 2026年第三季度</h1>" in page.content.decode()
