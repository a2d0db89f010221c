"""A review queue's row (R-3) drawn in Python, with the markup its template drew.

The level-1 queue drew each of its 50 rows with some thirty template nodes (the row's cells,
its checkbox's label, the comment box and the approve/return buttons of its own form): about
half of the page's time in process at 100,000 projects, against a query of 3 ms. One tag per
row does the same work in a few string operations. Its fixed words are still the template's
(`{% translate ... as %}` before the loop), read from its context; the refused row's form is
still drawn by its template (`reserve/_drc_step.html`)."""

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from yingkou.templatetags.rows import amount, minute, record_url

register = template.Library()

_FIXED = "reserve.queue_row"
STEP_TEMPLATE = "reserve/_drc_step.html"


def _fixed(context) -> dict:
    # What every row of one drawing shares, read from the context once.
    known = context.render_context.get(_FIXED)
    if known is None:
        csrf_token = context.get("csrf_token")
        labels = ("real_estate", "comment_hint", "comment_label", "approve_label", "return_label")
        known = {name: conditional_escape(context.get(name, "")) for name in labels}
        known.update(
            level=context.get("level"),
            ticked=context.get("ticked") or (),
            refused=context.get("refused"),
            row_tail=conditional_escape(context.get("row_tail", "")),
            csrf=(
                format_html(
                    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
                )
                if csrf_token and csrf_token != "NOTPROVIDED"
                else ""
            ),
        )
        context.render_context[_FIXED] = known
    return known


def _step_form(context, fixed: dict, entry) -> str:
    """The level-1 queue's approve/return form of the row: empty, or the refused one as sent."""
    refused = fixed["refused"]
    if refused and entry.pk == refused["pk"]:
        drawn = context.template.engine.get_template(STEP_TEMPLATE)
        with context.push(entry=entry, form=refused["form"]):
            return drawn.render(context)
    tail = fixed["row_tail"]
    return (
        f'<form method="post" class="row-actions">{fixed["csrf"]}\n'
        f'        <div><input type="text" name="comment" placeholder="{fixed["comment_hint"]}"'
        f' aria-label="{fixed["comment_label"]}"></div>\n'
        f'        <button type="submit" formaction="'
        f'{record_url(context, "reserve:drc_approve", entry.pk)}{tail}">'
        f"{fixed['approve_label']}</button>\n"
        f'        <button type="submit" class="secondary" formaction="'
        f'{record_url(context, "reserve:drc_return", entry.pk)}{tail}">'
        f"{fixed['return_label']}</button></form>"
    )


@register.simple_tag(takes_context=True)
def queue_row(context, entry):
    """One row of `reserve/queue.html` for `entry` (its project and declaring unit read with
    it): the checkbox of the batch bar, the project's cells, and on the level-1 queue the
    row's own approve/return form with its comment."""
    fixed = _fixed(context)
    project = entry.project
    name = conditional_escape(project.name)
    checked = " checked" if fixed["ticked"] and entry.pk in fixed["ticked"] else ""
    # Drawn with the template's `{% blocktranslate %}` message, so its translation is shared.
    label = gettext("选择 %(name)s") % {"name": name}
    real_estate = (
        f' <span class="muted">{fixed["real_estate"]}</span>' if project.is_real_estate else ""
    )
    when = minute(timezone.template_localtime(entry.updated_at))
    review = f"<td>{_step_form(context, fixed, entry)}</td>" if fixed["level"] == 1 else ""
    return mark_safe(
        f'\n    <tr><td><input type="checkbox" name="entries" value="{int(entry.pk)}" form="batch"'
        f'{checked} aria-label="{label}"></td><td><a href="'
        f'{record_url(context, "reserve:entry_detail", entry.pk)}">{name}</a>{real_estate}</td>'
        f"<td>{conditional_escape(project.owner_unit)}</td>\n"
        f"      <td>{conditional_escape(project.industry_name)}</td>"
        f'<td class="num">{conditional_escape(amount(project.total_investment))}</td>\n'
        f'      <td class="nowrap">{conditional_escape(entry.state_label)}</td>'
        f'<td class="when"><span class="nowrap">{when[:10]}</span> '
        f'<span class="nowrap">{when[11:]}</span></td>\n'
        f"      {review}</tr>"
    )
