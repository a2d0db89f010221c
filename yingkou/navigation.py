"""One navigation pattern for the four apps.

Each app lists its pages once, in `<app>/navigation.py`, as `SUBNAV = [NavItem(...), ...]`, and
has one entry in the top menu, `MENU_LABEL`, which leads to the first of its `menu=True` items the
user may open (the DRC's 一级库审核, a county's 我的储备库, the bureau's 月度明细表). Every page of
the app shows the same sub-navigation (`{% subnav "<app>" %}`, drawn by
`templates/includes/subnav.html`). Who sees an item is a permission predicate
(`can_*(user) -> bool` of the app's permissions), never a role written in a template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    #: Who sees the item; None: everyone logged in.
    visible: Callable | None = None
    #: A fixed filter of the linked list (`"mine=true"`).
    query: str = ""
    #: The name a page passes to mark the item as its own (`{% subnav "enterprise" "problems" %}`
    #: on a problem's page); by default the item whose address the page is at.
    key: str = ""
    #: Where the app's top-menu entry may lead (the first such item the user sees).
    menu: bool = False
    #: A label for some users instead of `label` (`(predicate, label)`): the same page named
    #: after what it holds for them.
    label_for: tuple | None = None

    def shown_to(self, user) -> bool:
        return self.visible is None or bool(self.visible(user))

    def label_of(self, user) -> str:
        if self.label_for and self.label_for[0](user):
            return self.label_for[1]
        return self.label


def resolve(items, request, active: str = "") -> list[dict]:
    """The items the user may see, with their addresses and the one the page is on."""
    user = request.user
    shown = list(_shown(items, user))
    current = _current(shown, request, active)
    return [
        {
            "label": item.label_of(user),
            "url": _address(item, path),
            "active": item is current,
        }
        for item, path in shown
    ]


def first_address(items, user) -> str | None:
    """The address of the first of `items` the user may see (what `resolve` would list first),
    without deciding the others: the top menu asks it of every app on every page."""
    first = next(_shown(items, user), None)
    return _address(*first) if first else None


def _address(item: NavItem, path: str) -> str:
    return f"{path}?{item.query}" if item.query else path


def _shown(items, user):
    """The items the user may see, each with its address, in order, decided one at a time."""
    for item in items:
        if not item.shown_to(user):
            continue
        try:
            yield item, reverse(item.url_name)
        except NoReverseMatch:
            continue


def _current(shown, request, active: str):
    if active:
        return next((item for item, _path in shown if (item.key or item.url_name) == active), None)
    params = set(request.GET.items())
    exact = [
        (len(item.query), item)
        for item, path in shown
        if path == request.path and set(parse_qsl(item.query)) <= params
    ]
    if exact:
        return max(exact, key=lambda pair: pair[0])[1]
    below = [
        (len(path), item)
        for item, path in shown
        if path != "/" and not item.query and request.path.startswith(path)
    ]
    return max(below, key=lambda pair: pair[0])[1] if below else None


def app_items(app: str) -> list[NavItem]:
    from importlib import import_module

    return list(getattr(import_module(f"{app}.navigation"), "SUBNAV", []))


def menu_items(app: str) -> list[NavItem]:
    return [item for item in app_items(app) if item.menu]


def menu_label(app: str) -> str:
    from importlib import import_module

    return import_module(f"{app}.navigation").MENU_LABEL
