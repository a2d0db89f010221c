"""The unit tree (Unit.parent) as the enterprise rules need it: upper and lower levels (E-4, E-5)."""

from yingkou.choices import UnitKind
from yingkou.models import Unit


def unit_parents() -> dict[int, int | None]:
    return dict(Unit.objects.values_list("id", "parent_id"))


def descendant_unit_ids(unit_id: int) -> set[int]:
    """Every unit below `unit_id` through the parent chain (one query)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in unit_parents().items():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    stack = list(children.get(unit_id, []))
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def ancestor_unit_ids(unit_id: int) -> list[int]:
    """The units above `unit_id`, nearest first (one query)."""
    parents = unit_parents()
    found: list[int] = []
    current = parents.get(unit_id)
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def unit_area_ids() -> dict[int, int | None]:
    """Every unit's county/park (E-5 jurisdiction), one query: the unit itself when it is an
    area, else the nearest area up its parent chain, else — for a county bureau filed under its
    city-level system (BYQ-SCJG under SCJG) — the area whose code heads its own ("<AREA>-…").
    The E-5 rule and the jurisdiction filter both read this, so they cannot disagree."""
    rows = {row[0]: row for row in Unit.objects.values_list("id", "parent_id", "code", "kind")}
    areas = set(UnitKind.areas())
    area_by_code = {code: pk for pk, _parent, code, kind in rows.values() if kind in areas}
    found: dict[int, int | None] = {}
    for pk, _parent, code, _kind in rows.values():
        current, seen, area = pk, set(), None
        while current is not None and current not in seen:
            seen.add(current)
            if rows[current][3] in areas:
                area = current
                break
            current = rows[current][1]
        if area is None and "-" in code:
            area = area_by_code.get(code.split("-", 1)[0])
        found[pk] = area
    return found
