"""Error pages are Chinese pages on the site's layout (menu, a way back), with DEBUG off."""

import logging

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.yingkou.error_urls")]


@pytest.fixture
def user_client(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/test-errors/400/", 400, "请求有误"),
        ("/test-errors/403/", 403, "没有权限"),
        ("/no-such-page/", 404, "页面不存在"),
        ("/test-errors/500/", 500, "系统出错"),
    ],
)
def test_an_error_is_a_chinese_page_with_the_menu_and_a_way_back(
    settings, user_client, url, status, title
):
    assert settings.DEBUG is False
    response = user_client.get(url, HTTP_REFERER="http://testserver/projects/")
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in body
    assert 'href="/projects/"' in body  # the menu, and the way back to where the user came from
    assert "回到首页" in body and "返回上一页" in body
    for english in ("Forbidden", "Not Found", "Server Error", "Bad Request"):
        assert english not in body


def test_a_way_back_never_leads_off_the_site(user_client):
    body = user_client.get("/no-such-page/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in body and "返回上一页" not in body


def test_the_500_page_shows_the_reference_written_to_the_log(user_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = user_client.get("/test-errors/500/")
    reference = response["X-Request-ID"]
    assert len(reference) == 12
    assert reference in response.content.decode()
    failure = next(r for r in caplog.records if r.name == "django.request")
    assert failure.request.reference == reference


def test_an_unknown_host_is_a_chinese_400():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_an_expired_form_is_a_chinese_403(owner):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(owner)
    response = client.post("/projects/new/", {"name": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_anonymous_visitors_get_the_same_page_without_the_menu():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and "登录" in response.content.decode()


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    page = client.get("/login/").content.decode()
    assert 'rel="icon"' in page
