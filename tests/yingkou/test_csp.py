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
