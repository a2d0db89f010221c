"""Choices too many for a page: a form's project or enterprise among tens of thousands.

Such a field's select carries only the chosen option; the picker (`static/js/pickers.js`) asks
`/choices/<key>/?q=…` for the matching ones as the user types. Each source is one function
`user -> queryset`, registered under a key with who may use it: the form field's queryset and
the endpoint's rows are that one function's, so the picker offers exactly what the form accepts
from that user, and the form still decides (an id outside the queryset is a form error).

Without JavaScript the select offers nothing to choose, so the field also reads a code or a full
name typed into the text box shown in its place (`<noscript>`).

A source may instead follow another field of the form (the people of the chosen unit): its
select (`FollowingSelect`) carries all the options of the choice the page was drawn with, and
when that field's choice changes the picker asks `/choices/<key>/?<field>=<id>` for the new
choice's options, all of them (a unit's staff, tens, as the page itself offers them). The
endpoint answers only about a choice the user has in that field and may use (`may_use(user,
chosen)`); without JavaScript the form is sent again and offers the chosen unit's people."""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PROJECT_HINT = _("无脚本时请输入项目代码或项目全称")
NOT_NAMED = _("没有找到唯一对应的选项，请填写完整的代码或全称（重名时请填代码）。")

# The endpoint's answer: enough to choose from while typing, never a page of thousands.
RESULTS = 20


def name_and_code(name: str, code: str | None) -> str:
    return f"{name}（{code}）" if code else name


@dataclass(frozen=True)
class ChoiceSource:
    key: str
    # user[, followed choice] -> the choices the form accepts from that user, in order
    rows: Callable[..., QuerySet]
    # user[, followed choice] -> whether they may use the form at all (for that choice)
    may_use: Callable[..., bool]
    # Columns the typed text is looked for in (contained), or that it names exactly (no script).
    search: tuple[str, ...]
    columns: tuple[str, ...]  # what an option's label is made of, by `label`
    label: Callable[..., str]
    typed_hint: str  # the text box's placeholder when there is no script
    # The field whose choice the rows follow (also the endpoint's parameter), and the user's
    # choices of that field: user -> queryset.
    follows: str | None = None
    followed_choices: Callable[..., QuerySet] | None = None

    def __call__(self, user, *followed) -> QuerySet:
        return self.rows(user, *followed)

    def followed(self, user, value):
        """The followed field's choice named by `value` (its key), if it is one of the user's."""
        if not str(value or "").isdigit():
            return None
        return self.followed_choices(user).filter(pk=int(value)).first()

    def options(self, queryset: QuerySet) -> list[tuple[int, str]]:
        """(key, label) of the rows, read as plain columns."""
        return [
            (pk, self.label(*values)) for pk, *values in queryset.values_list("pk", *self.columns)
        ]

    def matching(self, user, text: str) -> list[tuple[int, str]]:
        """The first RESULTS choices of the user that contain the text, in the source's order."""
        rows = self.rows(user)
        text = text.strip()
        if text:
            rows = rows.filter(
                reduce(operator.or_, (Q(**{f"{name}__icontains": text}) for name in self.search))
            )
        return self.options(rows[:RESULTS])

    def named(self, queryset: QuerySet, text: str) -> list:
        """The rows a typed code or full name names exactly (at most two, to tell it is one)."""
        exact = reduce(operator.or_, (Q(**{name: text}) for name in self.search))
        return list(queryset.filter(exact)[:2])


SOURCES: dict[str, ChoiceSource] = {}


def choice_source(
    key: str,
    *,
    may_use: Callable[..., bool],
    search: tuple[str, ...] = ("name", "code"),
    columns: tuple[str, ...] = ("name", "code"),
    label: Callable[..., str] = name_and_code,
    typed_hint=PROJECT_HINT,
    follows: str | None = None,
    followed_choices: Callable[..., QuerySet] | None = None,
):
    """Register `rows(user) -> queryset` as the source `key` (`rows(user, chosen)` for a source
    that `follows` a field); the decorated name is the source."""

    def register(rows: Callable[..., QuerySet]) -> ChoiceSource:
        source = ChoiceSource(
            key, rows, may_use, search, columns, label, typed_hint, follows, followed_choices
        )
        SOURCES[key] = source
        return source

    return register


class RemoteSelect(forms.Select):
    """A select holding only the chosen option; the picker loads the others from the source."""

    def __init__(self, source: ChoiceSource, attrs=None):
        super().__init__(attrs)
        self.source = source

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-picker": "remote"}
        attrs["data-picker-url"] = reverse("choices", args=[self.source.key])
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        every = self.choices
        chosen = [int(v) for v in value if str(v).isdigit()]
        field = every.field
        self.choices = [
            *([("", field.empty_label)] if field.empty_label is not None else []),
            *(self.source.options(every.queryset.filter(pk__in=chosen)) if chosen else []),
        ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every

    def value_from_datadict(self, data, files, name):
        # Without a script both the select and the typed text are sent: the text, if any, wins.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return next((v for v in reversed(values) if v), values[-1] if values else None)

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        typed = "" if value is None or str(value).isdigit() else str(value)
        return format_html(
            '{}<noscript><input type="text" name="{}" value="{}" placeholder="{}" '
            'aria-label="{}"></noscript>',
            select,
            name,
            typed,
            self.source.typed_hint,
            self.source.typed_hint,
        )


class FollowingSelect(forms.Select):
    """A select holding the options of the followed field's current choice; the picker asks the
    source for another choice's options when that field changes (see the module's docstring)."""

    def __init__(self, source: ChoiceSource, attrs=None):
        super().__init__(attrs)
        self.source = source

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-picker-follows": self.source.follows}
        attrs["data-picker-url"] = reverse("choices", args=[self.source.key])
        return super().get_context(name, value, attrs)


class RemoteChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a source: `offer_to(user)` sets its queryset to the user's rows."""

    def __init__(self, source: ChoiceSource, **kwargs):
        self.source = source
        kwargs.setdefault("widget", RemoteSelect(source))
        super().__init__(queryset=None, **kwargs)

    def offer_to(self, user) -> None:
        self.queryset = self.source(user)

    def label_from_instance(self, obj) -> str:
        return self.source.label(*(getattr(obj, name) for name in self.source.columns))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isdigit():
            return super().to_python(text)
        named = self.source.named(self.queryset, text)
        if len(named) != 1:
            raise forms.ValidationError(NOT_NAMED, code="invalid_choice")
        return named[0]
