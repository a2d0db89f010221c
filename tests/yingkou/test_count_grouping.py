"""Counts are grouped in thousands as the amounts beside them are (22,396 and 1,234.50)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from yingkou.templatetags.rows import tally

pytestmark = pytest.mark.django_db


def test_a_count_is_grouped_and_anything_else_left_alone():
    assert tally(100000) == "100,000"
    assert tally(22396) == "22,396"
    assert tally(7) == "7"
    assert tally("2026-11-02") == "2026-11-02"  # a date on a panel row
    assert tally("1,234.50") == "1,234.50"  # an amount already written out
    assert tally(True) is True


def test_the_dashboard_and_the_pager_group_their_counts(client, owner, monkeypatch):
    stages = [{"value": "planning", "label": "策划包装", "count": 22396, "investment": 0}]
    monkeypatch.setattr(
        "yingkou.views.home.home_figures",
        lambda user: {
            "stages": stages,
            "totals": {"count": 100000, "investment": Decimal("1234.5")},
            "charts": [],
            "panels": [{"title": "储备", "rows": [("待审核", 12345, "/reserve/")]}],
        },
    )
    client.force_login(owner)
    page = client.get("/").content.decode()
    assert '<div class="stat">100,000</div>' in page
    assert '<td class="num">22,396</td>' in page
    assert '<td class="num">12,345</td>' in page
    assert "1,234.50" in page

    class Paginator:
        count, num_pages, is_bounded = 123456, 1, False

    class Page:
        number, paginator = 1, Paginator()

        def has_previous(self):
            return False

        def has_next(self):
            return False

    pager = Template("{% load paging %}{% pager page %}")
    request = client.get("/").wsgi_request
    html = pager.render(Context({"request": request, "page": Page()}))
    assert "共 123,456 条" in html
