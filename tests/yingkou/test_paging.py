"""One bounded pager for every list: page numbers, a page size, and no silent clamping."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import ProjectFactory
from yingkou import paging
from yingkou.templatetags import paging as links

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(area):
    return [ProjectFactory(owner_unit=area, landing_unit=area) for _ in range(45)]


def test_page_size_and_numbers_keep_the_filters(client, owner, projects):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"per_page": "20", "q": ""})
    page = response.context["page"]
    assert len(page.object_list) == 20 and page.paginator.num_pages == 3
    body = response.content.decode()
    assert "?per_page=20&amp;q=&amp;page=3" in body  # page links keep the size and filters
    assert 'aria-current="page">1<' in body
    assert client.get(reverse("projects:list"), {"per_page": "20", "page": "3"}).status_code == 200


def test_a_long_list_elides_its_page_numbers_with_an_ellipsis():
    """45 pages, at page 1: 1 2 3 … 44 45, the gap drawn as text, not as a link."""
    from django.template.loader import render_to_string

    request = RequestFactory().get("/projects/")
    page = paging.EstimatingPaginator(list(range(45)), 1).page(1)
    context = links.pager({"request": request}, page)
    assert [number for number, _url in context["numbers"]] == [1, 2, 3, "…", 44, 45]
    html = render_to_string("includes/pager.html", context)
    assert '<span class="muted">…</span>' in html
    assert "None" not in html and 'href="…"' not in html
    assert html.count('href="?page=') == 4 + 1  # 2, 3, 44, 45 and the next page


@pytest.mark.parametrize("number", ["999", "0", "abc"])
def test_a_page_that_does_not_exist_is_404_not_the_last_page(client, owner, projects, number):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"page": number})
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_an_unknown_page_size_falls_back_to_the_default(client, owner, projects):
    client.force_login(owner)
    page = client.get(reverse("projects:list"), {"per_page": "100000"}).context["page"]
    assert page.paginator.per_page == 50


def test_an_empty_list_has_its_first_page(client, owner):
    client.force_login(owner)
    assert client.get(reverse("projects:list")).status_code == 200


def test_pages_stop_at_the_bound_and_say_where_the_rest_are(client, owner, projects, monkeypatch):
    monkeypatch.setattr(paging, "MAX_ROWS_PAGED", 40)
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"per_page": "20", "page": "2"})
    page = response.context["page"]
    assert page.paginator.count == 45 and page.paginator.num_pages == 2
    assert not page.has_next()
    assert "仅列出前 2 页" in response.content.decode()
    assert client.get(reverse("projects:list"), {"per_page": "20", "page": "3"}).status_code == 404


def test_a_list_within_the_bound_offers_every_page(client, owner, projects):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"per_page": "20"})
    assert response.context["page"].paginator.num_pages == 3
    assert "仅列出前" not in response.content.decode()


def stock_url(request, **changes) -> str:
    """What the list links were built with before: a copy of the QueryDict."""
    query = request.GET.copy()
    query.pop("export", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=3",
        "export=xlsx&ordering=-name",
        "stage=reserve&stage=planning&q=港口+A%26B&page=2&per_page=100",
        "q=%E2%80%9C%3C%3E%22&unit=5&ordering=name,-id&export=xlsx&extra=",
    ],
)
@pytest.mark.parametrize(
    "changes",
    [{}, {"page": 4}, {"page": None}, {"ordering": "-total_investment", "page": None}],
)
def test_list_links_keep_the_query_as_a_querydict_copy_did(query, changes):
    request = RequestFactory().get(f"/projects/?{query}")
    assert links._url(request, **changes) == stock_url(request, **changes)


@pytest.mark.parametrize("url_name", ["projects:list", "negotiation:list", "assistance:problems"])
def test_the_filter_forms_query_button_keeps_the_page_size(client, drc, url_name):
    client.force_login(drc)

    def form(**query):
        body = client.get(reverse(url_name), query).content.decode()
        return body.split('<form method="get" class="card filters">')[1].split("</form>")[0]

    assert '<input type="hidden" name="per_page" value="100">' in form(
        per_page=100, ordering="name"
    )
    assert 'name="per_page"' not in form()  # the list's own default
    assert 'name="per_page"' not in form(per_page='"><b>')
