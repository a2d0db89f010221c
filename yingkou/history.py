"""Reading the audit history (django-simple-history) for a record's page."""

from dataclasses import dataclass


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    changes: list[tuple[str, str, str]]


_ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


def history_of(record, limit: int = 50) -> list[HistoryEntry]:
    """The record's changes, newest first, with before/after of each changed field."""
    records = list(
        record.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    entries = []
    for index, item in enumerate(records[:limit]):
        changes = []
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and item.history_type == "~":
            delta = item.diff_against(previous)
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                changes.append((str(field.verbose_name), _show(change.old), _show(change.new)))
        who = item.history_user.display_name if item.history_user else "系统"
        entries.append(HistoryEntry(item.history_date, who, _ACTIONS[item.history_type], changes))
    return entries


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
