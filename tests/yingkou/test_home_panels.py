"""A home-page panel shows a list of records only when it has one: a panel without a list must not
draw an empty "暂无" list (Django read a missing `items` key as the dict's `items` method)."""

import pytest

from yingkou import home_figures

pytestmark = pytest.mark.django_db


def panel_html(page: str, title: str) -> str:
    (section,) = [s for s in page.split('<section class="card panel">') if f"<h2>{title}</h2>" in s]
    return section.split("</section>")[0]


def test_a_panel_without_a_list_of_records_draws_none(client, owner):
    client.force_login(owner)
    page = client.get("/").content.decode()
    section = panel_html(page, "本单位待反馈的投资方问题")
    assert "已逾期" in section
    assert "暂无" not in section
    assert '<ul class="items">' not in section


def test_a_panel_with_a_key_the_page_does_not_read_is_refused(owner, monkeypatch):
    from negotiation import dashboard

    monkeypatch.setattr(dashboard, "panels", lambda user: [{"title": "x", "items": None}])
    with pytest.raises(ValueError, match="items"):
        home_figures.dashboard_panels(owner)
