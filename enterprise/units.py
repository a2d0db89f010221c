"""The unit tree (Unit.parent) as the enterprise rules need it: upper and lower levels (E-4, E-5)."""

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
