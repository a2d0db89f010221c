"""What a save set in motion, said to whoever saved: the records the rules decided again and the
units told, in one message (the admin's saves and a project's edit page)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from yingkou.models import Unit, User

#: How many of the records decided again a message names; the inboxes have every one.
TOLD_SHOWN = 10


def told_summary(heading: str, told, *, none: str) -> str:
    """`heading`, then each thing told, "title（已通知：unit、unit）", or `none` when nothing was.
    `told` holds `project_changes.Reevaluation`s (`units`, `users`) or `notifications.Notice`s
    (`unit_ids`, `user_ids`); a person told by name is named by his unit."""
    told = list(told)
    if not told:
        return format_html("{}{}", heading, none)
    users_of = [item.users if hasattr(item, "users") else item.user_ids for item in told]
    unit_of_user = dict(
        User.objects.filter(pk__in={pk for users in users_of for pk in users}).values_list(
            "pk", "unit_id"
        )
    )
    units_of = [
        tuple(
            dict.fromkeys(
                [
                    *(item.units if hasattr(item, "units") else item.unit_ids),
                    *(unit_of_user[pk] for pk in users if unit_of_user.get(pk) is not None),
                ]
            )
        )
        for item, users in zip(told, users_of, strict=True)
    ]
    names = dict(
        Unit.objects.filter(pk__in={pk for units in units_of for pk in units}).values_list(
            "pk", "name"
        )
    )
    rows = []
    for item, units in list(zip(told, units_of, strict=True))[:TOLD_SHOWN]:
        named = "、".join(names[pk] for pk in units if pk in names)
        rows.append(
            (item.title, gettext("（已通知：%(units)s）") % {"units": named} if named else "")
        )
    more = ""
    if len(told) > TOLD_SHOWN:
        more = gettext("另有 %(n)d 项，见各单位的消息。") % {"n": len(told) - TOLD_SHOWN}
    # One line each: the admin's style for a message's list items is that of a message.
    return format_html(
        "{}{}{}{}",
        heading,
        gettext("共 %(n)d 项，已通知相关单位：") % {"n": len(told)},
        format_html_join(
            "", "<br>（{}）{}{}", ((n, t, u) for n, (t, u) in enumerate(rows, start=1))
        ),
        format_html("<br>{}", more) if more else "",
    )
