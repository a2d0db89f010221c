"""One bounded pager for every list: page numbers, a page size, and a page past the end sent on
to the last page, never shown silently at the address of one that does not exist."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import ProjectFactory
from tests.queries import assert_constant_queries
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


@pytest.mark.parametrize("number", ["0", "-1", "abc", "2.5"])
def test_a_page_number_that_was_never_a_page_is_404(client, owner, projects, number):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"page": number})
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_page_past_the_end_is_sent_on_to_the_last_page(client, owner, projects):
    """A bookmarked or stale link (the list has shrunk since) was a 404: it is the last page,
    at the last page's address, the rest of the query kept."""
    client.force_login(owner)
    url = reverse("projects:list")
    response = client.get(url, {"per_page": "20", "page": "999", "ordering": "name"})
    assert response.status_code == 302
    assert response.url == f"{url}?per_page=20&page=3&ordering=name"
    page = client.get(response.url).context["page"]
    assert (page.number, len(page.object_list)) == (3, 5)


def test_a_page_past_the_end_costs_a_fixed_number_of_queries(client, owner, area):
    client.force_login(owner)
    assert_constant_queries(
        lambda: client.get(reverse("projects:list"), {"page": "999"}, follow=True),
        lambda n: [ProjectFactory(owner_unit=area, landing_unit=area) for _ in range(n)],
        small=3,
        large=60,
    )


@pytest.mark.parametrize(
    "url_name",
    ["projects:list", "reserve:drc_queue", "projects:change_requests", "notifications:inbox"],
)
def test_every_list_sends_a_page_past_its_end_on_to_its_last(client, drc, url_name):
    """One pager: lists written with `list_page`, pages built by hand and the inbox alike."""
    client.force_login(drc)
    response = client.get(reverse(url_name), {"page": "2", "per_page": "20"})
    assert response.url == f"{reverse(url_name)}?page=1&per_page=20"
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("per_page=20&page=9&ordering=name", "per_page=20&page=2&ordering=name"),
        ("page=2&q=%E6%B8%AF", "page=2&q=%E6%B8%AF"),
        ("q=%E6%B8%AF", "q=%E6%B8%AF"),
    ],
)
def test_a_form_of_a_page_shown_for_one_past_the_end_posts_to_the_page_shown(query, shown):
    request = RequestFactory().post(f"/projects/?{query}")
    page = paging.paginate(request, list(range(25)), per_page=20)
    assert paging.shown_query(request, page) == shown


def _form_action(html: str, marker: str) -> str:
    return html.split(marker)[0].rsplit("<form", 1)[1].split('action="')[1].split('"')[0]


def test_a_refused_compilation_on_a_page_past_the_end_posts_to_the_page_shown(client, drc):
    """A-5: the DRC's compilation, refused with nothing to compile, is drawn on the list's last
    page; sent again, it goes there, not to the page past the end it was sent from."""
    client.force_login(drc)
    url = reverse("assistance:coordination")
    response = client.post(f"{url}?status=proposed&page=4", {"note": ""})
    assert response.status_code == 200 and response.context["page"].number == 1
    html = response.content.decode()
    assert _form_action(html, "汇总报市政府</button>") == f"{url}?status=proposed&amp;page=1"


def test_a_refused_handover_on_a_page_past_the_end_posts_to_the_page_shown(
    client, drc, area, monkeypatch
):
    from enterprise import services
    from yingkou.errors import RuleViolation

    def refused(**kwargs):
        raise RuleViolation("E-1", "在建项目不能转入企业帮扶。")

    monkeypatch.setattr(services, "enterprise_register_from_project", refused)
    project = ProjectFactory(owner_unit=area, landing_unit=area, stage="completed")
    client.force_login(drc)
    url = reverse("enterprise:from_project")
    response = client.post(f"{url}?page=3", {"project": project.pk})
    assert response.status_code == 200 and response.context["page"].number == 1
    html = response.content.decode()
    assert "在建项目不能转入企业帮扶。" in html
    assert _form_action(html, f'value="{project.pk}"') == f"{url}?page=1"


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
    beyond = client.get(reverse("projects:list"), {"per_page": "20", "page": "3"})
    assert beyond.url == reverse("projects:list") + "?per_page=20&page=2"


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
