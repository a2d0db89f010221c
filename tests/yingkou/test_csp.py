"""A Content-Security-Policy with no inline script or style (等保2.0 level 3), and templates that
need none."""

import pathlib
import re

import pytest
from django.conf import settings

TEMPLATES = pathlib.Path(settings.BASE_DIR) / "templates"


@pytest.mark.django_db
def test_pages_send_a_policy_without_inline_script_or_style(client, owner):
    client.force_login(owner)
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=str)
def test_no_template_has_inline_style_or_script(path):
    text = path.read_text()
    assert ' style="' not in text and "<style" not in text
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+=\"", text), "inline event handler"


@pytest.mark.django_db
def test_a_history_page_needs_no_inline_style(client):
    """simple-history's list wrote one style attribute on its pager, which the page allowed by
    its hash; the project's list template styles it from a stylesheet, so the history page
    keeps the plain policy."""
    from tests.factories import ProjectFactory, UserFactory

    project = ProjectFactory()
    client.force_login(UserFactory(username="管理员", is_superuser=True, is_staff=True, role=""))
    response = client.get(f"/admin/yingkou/project/{project.pk}/history/")
    assert re.findall(r' style="([^"]*)"', response.content.decode()) == []
    assert 'class="paginator"' in response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    style_src = next(part.split()[1:] for part in policy.split(";") if "style-src" in part)
    assert style_src == ["'self'"]
