"""Readable change history for the assistance record pages: related records by name (the team's
leader, units and members), choices by their labels, one query per related model. Returns the
foundation's `HistoryEntry` rows for includes/history.html."""

from collections import defaultdict

from django.db import models

from yingkou.history import HistoryEntry

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


def readable_history(record, limit: int = 50) -> list[HistoryEntry]:
    records = list(
        record.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    raw = []
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for index, item in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and item.history_type == "~":
            for change in item.diff_against(previous).changes:
                field = record._meta.get_field(change.field)
                old, new = _ids(field, change.old), _ids(field, change.new)
                if field.is_relation:
                    wanted[field.related_model].update(old or [], new or [])
                changes.append((field, old, new))
        raw.append((item, changes))
    names = {
        model: {
            obj.pk: getattr(obj, "display_name", None) or str(obj)
            for obj in model._default_manager.filter(pk__in=ids)
        }
        for model, ids in wanted.items()
        if ids
    }
    entries = []
    for item, changes in raw:
        shown = [
            (str(field.verbose_name), _name(field, old, names), _name(field, new, names))
            for field, old, new in changes
        ]
        who = item.history_user.display_name if item.history_user else "系统"
        entries.append(HistoryEntry(item.history_date, who, ACTIONS[item.history_type], shown))
    return entries


def _ids(field, value):
    if not field.is_relation:
        return value
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        return [row[target] for row in value or []]
    return [value] if value is not None else []


def _name(field, value, names) -> str:
    if not field.is_relation:
        if field.choices and value not in (None, ""):
            return str(dict(field.flatchoices).get(value, value))
        return "—" if value in (None, "") else str(value)
    labels = names.get(field.related_model, {})
    return "、".join(labels.get(pk, str(pk)) for pk in value) or "—"
