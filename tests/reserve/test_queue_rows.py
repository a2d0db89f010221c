"""The review queues' rows (R-3) are drawn by `{% queue_row %}` in Python, for their cost: each
must be the markup the queue's template drew, byte for byte, in every state a row has (its
project's name with markup in it, a real-estate project, ticked for a batch, the level-2 queue
without the review column, the level-1 row's approve/return form with its comment, and the row
whose decision was refused, drawn again with what was typed and its reasons)."""

import datetime as dt

import pytest
from django.template import engines
from django.test import RequestFactory

from reserve.forms import StepForm
from reserve.models import Entry
from yingkou.models import Project

pytestmark = pytest.mark.django_db

# The row as `reserve/queue.html` drew it before the tag, node for node.
TEMPLATE_ROW = """{% load i18n rows %}{% with project=entry.project %}
    <tr><td><input type="checkbox" name="entries" value="{{ entry.pk }}" form="batch"{% if ticked and entry.pk in ticked %} checked{% endif %} aria-label="{% blocktranslate with name=project.name %}选择 {{ name }}{% endblocktranslate %}"></td><td><a href="{% record_url 'reserve:entry_detail' entry.pk %}">{{ project.name }}</a>{% if project.is_real_estate %} <span class="muted">{{ real_estate }}</span>{% endif %}</td><td>{{ project.owner_unit }}</td>
      <td>{{ project.industry_name }}</td><td class="num">{{ project.total_investment|amount }}</td>
      <td class="nowrap">{{ entry.state_label }}</td><td class="when">{% with when=entry.updated_at|minute %}<span class="nowrap">{{ when|slice:":10" }}</span> <span class="nowrap">{{ when|slice:"11:" }}</span>{% endwith %}</td>
      {% if level == 1 %}<td>{% if refused and entry.pk == refused.pk %}{% include "reserve/_drc_step.html" with form=refused.form %}{% else %}<form method="post" class="row-actions">{% csrf_token %}
        <div><input type="text" name="comment" placeholder="{{ comment_hint }}" aria-label="{{ comment_label }}"></div>
        <button type="submit" formaction="{% record_url 'reserve:drc_approve' entry.pk %}{{ row_tail }}">{{ approve_label }}</button>
        <button type="submit" class="secondary" formaction="{% record_url 'reserve:drc_return' entry.pk %}{{ row_tail }}">{{ return_label }}</button></form>{% endif %}</td>{% endif %}</tr>{% endwith %}"""  # noqa: E501
LABELS = (
    '{% load i18n %}{% translate "房地产" as real_estate %}'
    '{% translate "审核意见（退回必填）" as comment_hint %}{% translate "审核意见" as comment_label %}'
    '{% translate "通过" as approve_label %}{% translate "退回" as return_label %}'
)


def drawn(source: str, entry, **context) -> str:
    request = RequestFactory().get("/reserve/review/level-1/")
    page = engines["django"].from_string(LABELS + source)
    # One token for both drawings: Django masks it afresh for each.
    return page.render({"entry": entry, "csrf_token": "T0KEN", **context}, request)


def both(entry, **context) -> tuple[str, str]:
    tag = "{% load queue_rows %}{% queue_row entry %}"
    return drawn(tag, entry, **context), drawn(TEMPLATE_ROW, entry, **context)


@pytest.fixture
def row(recommended):
    Project.objects.filter(pk=recommended.project_id).update(
        name="<b>\"甲&乙\"</b> '项目'", is_real_estate=True, total_investment="12345.6"
    )
    Entry.objects.filter(pk=recommended.pk).update(
        updated_at=dt.datetime(2026, 3, 31, 17, 5, tzinfo=dt.UTC)  # 2026-04-01 01:05 in 营口
    )
    return Entry.objects.select_related("project__owner_unit").get(pk=recommended.pk)


@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("ticked", [(), "own"])
def test_a_queue_row_is_the_markup_the_template_drew(row, level, ticked):
    tail = "?q=%E7%94%B2&ordering=-name&page=2#refused"
    context = {
        "level": level,
        "ticked": [row.pk] if ticked == "own" else [],
        "row_tail": tail,
        "refused": None,
    }
    mine, theirs = both(row, **context)
    assert mine == theirs
    assert "&lt;b&gt;&quot;甲&amp;乙&quot;&lt;/b&gt;" in mine and "2026-04-01" in mine
    assert ('name="comment"' in mine) is (level == 1)


def test_a_refused_row_is_drawn_again_with_what_was_typed(row):
    form = StepForm({"comment": "<请补充>"})
    assert form.is_valid()
    form.add_error("comment", "退回时必须填写审核意见。（R-3）")
    refused = {"pk": row.pk, "record": row, "form": form, "apart": False}
    mine, theirs = both(row, level=1, ticked=[], row_tail="#refused", refused=refused)
    assert mine == theirs
    assert 'id="refused"' in mine and 'value="&lt;请补充&gt;"' in mine
