"""One ordering definition per list: a `SortFilter` declared on the list's FilterSet.

The same `ordering` parameter (`?ordering=-total_investment`, several keys separated by commas,
`-` for descending) orders the page, the API list and the export, because all three read the
FilterSet's `qs`. The primary key is always the last key, so pages never repeat or skip a row
between two requests. Keys the list does not offer are ignored (a typed or stale link shows the
default order, never an error)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import Filter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

PARAM = "ordering"


@extend_schema_field(OpenApiTypes.STR)
class SortFilter(Filter):
    """`fields` maps each offered key (what the URL says) to one or more model fields; `default`
    is the order without (valid) keys, written the same way ("-total_investment"); without a
    default the queryset's own order (a queue's selector) stands until a key is chosen."""

    field_class = forms.CharField

    def __init__(self, *, fields: dict[str, str | tuple[str, ...]], default: str = "", **kwargs):
        self.sort_fields = {
            key: (value,) if isinstance(value, str) else tuple(value)
            for key, value in fields.items()
        }
        self.default = default
        kwargs.setdefault("label", _("排序"))
        kwargs.setdefault(
            "help_text",
            _("可选：%(keys)s；前加“-”为降序，多个以逗号分隔")
            % {"keys": "、".join(self.sort_fields)},
        )
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs["required"] = False
        super().__init__(**kwargs)

    def keys(self, value) -> list[tuple[str, bool]]:
        """The valid (key, descending) pairs of a parameter value, in order, without repeats."""
        chosen, seen = [], set()
        for term in str(value or "").split(","):
            term = term.strip()
            descending = term.startswith("-")
            key = term.lstrip("-")
            if key in self.sort_fields and key not in seen:
                seen.add(key)
                chosen.append((key, descending))
        return chosen

    def order_by(self, value) -> list[str]:
        chosen = self.keys(value) or self.keys(self.default)
        ordering = []
        for key, descending in chosen:
            for field in self.sort_fields[key]:
                # A field written "-x" in the mapping runs the other way round.
                if field.startswith("-"):
                    field, flip = field[1:], True
                else:
                    flip = False
                ordering.append(f"-{field}" if descending != flip else field)
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            ordering.append("pk")
        return ordering

    def filter(self, qs, value):
        if not self.keys(value) and not self.default:
            return qs  # no default here: the list's selector orders it
        return qs.order_by(*self.order_by(value))


def sort_filter_of(filterset) -> SortFilter | None:
    sort = filterset.filters.get(PARAM)
    return sort if isinstance(sort, SortFilter) else None


def current_keys(filterset) -> list[tuple[str, bool]]:
    """What the list is sorted by now: the request's valid keys, else the default."""
    sort = sort_filter_of(filterset)
    if sort is None:
        return []
    data = filterset.data or {}
    return sort.keys(data.get(PARAM)) or sort.keys(sort.default)
