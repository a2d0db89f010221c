"""An administrator's save in the admin, and what the admin said after it."""

import re

from django.forms import MultiWidget


def resave(client, url: str, **changes):
    """POST the admin change form at `url` with the values it shows, some of them changed
    (`False` unticks a box); returns the response."""
    return client.post(url, shown_values(client, url, **changes))


def shown_values(client, url: str, **changes) -> dict:
    """The values the admin change form at `url` shows, as it would post them, some of them
    changed (`False` unticks a box): to post later, once the record changed meanwhile."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = (
                [getattr(item, "pk", item) for item in value]
                if hasattr(value, "__iter__") and not isinstance(value, str)
                else value
            )
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def admin_messages(response) -> list[str]:
    """The messages the response's own request added, in order, as text (those of an earlier
    request not yet shown are left out); a line break reads as a space."""
    added = response.wsgi_request._messages._queued_messages
    return [
        " ".join(re.sub(r"<[^>]+>", "", str(message).replace("<br>", " ")).split())
        for message in added
    ]
