"""The unit tree (Unit.parent) as the enterprise rules need it: upper and lower levels (E-4, E-5)."""

import dataclasses
import datetime as dt

from yingkou.asof import rows_as_of
from yingkou.choices import UnitKind
from yingkou.models import Unit


def unit_parents(moment: dt.datetime | None = None) -> dict[int, int | None]:
    """Each unit's parent, now or as the tree stood at `moment` (a period's end: an office moved
    to another area since still counts for the one it served then)."""
    if moment is None:
        return dict(Unit.objects.values_list("id", "parent_id"))
    tree = rows_as_of(Unit, moment, Unit.objects.values("pk"), "parent_id")
    return {pk: row["parent_id"] for pk, row in tree.items()}


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


@dataclasses.dataclass(frozen=True)
class UnitFacts:
    """What the E-5 rules read of a unit."""

    parent_id: int | None
    code: str
    kind: str
    level: str
    enforcement_system: str
    name: str


class UnitTree:
    """Every unit's place in the tree and what the E-5 rules read of it, in one query. A unit's
    fields may be replaced (`replaced`) to judge as things stood before an administrator
    changed them: the rules read units only from here, so the same rule judges before and
    after."""

    def __init__(self, rows: dict[int, UnitFacts]):
        self.rows = rows
        self._areas: dict[int, int | None] | None = None

    @classmethod
    def load(cls) -> "UnitTree":
        names = [field.name for field in dataclasses.fields(UnitFacts)]
        return cls(
            {
                pk: UnitFacts(*values)
                for pk, *values in Unit.objects.values_list("id", *names).iterator()
            }
        )

    def replaced(self, unit_id: int, values: dict) -> "UnitTree":
        """The same tree with `unit_id`'s fields set to `values` (those UnitFacts holds)."""
        known = {field.name for field in dataclasses.fields(UnitFacts)}
        rows = dict(self.rows)
        rows[unit_id] = dataclasses.replace(
            rows[unit_id], **{name: value for name, value in values.items() if name in known}
        )
        return UnitTree(rows)

    def __getitem__(self, unit_id: int) -> UnitFacts:
        return self.rows[unit_id]

    def ancestors(self, unit_id: int) -> list[int]:
        """The units above `unit_id`, nearest first."""
        found: list[int] = []
        current = self.rows[unit_id].parent_id if unit_id in self.rows else None
        while current is not None and current not in found and current in self.rows:
            found.append(current)
            current = self.rows[current].parent_id
        return found

    def area_ids(self) -> dict[int, int | None]:
        """Every unit's county/park: the unit itself when it is an area, else the nearest area up
        its parent chain, else — for a county bureau filed under its city-level system (BYQ-SCJG
        under SCJG) — the area whose code heads its own ("<AREA>-…")."""
        if self._areas is None:
            areas = set(UnitKind.areas())
            by_code = {row.code: pk for pk, row in self.rows.items() if row.kind in areas}
            found: dict[int, int | None] = {}
            for pk, row in self.rows.items():
                area = next(
                    (unit for unit in (pk, *self.ancestors(pk)) if self.rows[unit].kind in areas),
                    None,
                )
                if area is None and "-" in row.code:
                    area = by_code.get(row.code.split("-", 1)[0])
                found[pk] = area
            self._areas = found
        return self._areas

    def area_of(self, unit_id: int | None) -> int | None:
        """The county/park `unit_id` is or works for (see `area_ids`)."""
        return self.area_ids().get(unit_id) if unit_id is not None else None


def unit_area_ids() -> dict[int, int | None]:
    """Every unit's county/park (E-5 jurisdiction), one query (`UnitTree.area_ids`). The E-5
    rule and the jurisdiction filter both read this, so they cannot disagree."""
    return UnitTree.load().area_ids()
