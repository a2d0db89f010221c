"""Reading the audit history (django-simple-history) for a record's page."""

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record
from simple_history.utils import get_change_reason_from_object, get_m2m_field_name

from yingkou.amounts import format_wan
from yingkou.dates import long_date


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    changes: list[tuple[str, str, str]]
    reason: str = ""  # why a service changed it (e.g. a rule re-evaluated after a project change)


_ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
UNREAD_FIELDS = ("version",)


def changed_by(user) -> str:
    """Who made a change, as every history names him: the person, or 系统 (the system) for a
    row no person wrote — a job, a rule decided again — on the record pages and the admin's
    history page alike."""
    return user.display_name if user is not None else gettext("系统")


def history_of(record, limit: int = 50) -> list[HistoryEntry]:
    """The record's changes, newest first, with before/after of each changed field shown as a
    person reads them: choice labels, related records by name. A fixed number of queries."""
    records = list(
        record.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    m2m = _m2m_rows(record.history.model, [item.history_id for item in records])
    # The version counts saves to refuse stale edits; it means nothing to a reader.
    unread = [*m2m, *(name for name in UNREAD_FIELDS if hasattr(record, name))]
    raw = []
    for index, item in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and item.history_type == "~":
            changes = [
                (change.field, change.old, change.new)
                for change in item.diff_against(previous, excluded_fields=unread).changes
            ]
            for name, rows in m2m.items():
                old, new = rows.get(previous.history_id, []), rows.get(item.history_id, [])
                if old != new:
                    changes.append((name, old, new))
            if not changes and not getattr(item, "history_change_reason", None):
                # Only the version moved (a team changed raises its case's version, and the
                # team's own history says what changed): nothing to show on this record.
                continue
        raw.append((item, changes))
    names = _related_names(record._meta, [c for _, changes in raw for c in changes])
    entries = []
    for item, changes in raw:
        shown = []
        for name, old, new in changes:
            field = record._meta.get_field(name)
            shown.append(
                (str(field.verbose_name), _show(field, old, names), _show(field, new, names))
            )
        who = changed_by(item.history_user)
        reason = getattr(item, "history_change_reason", None) or ""
        entries.append(
            HistoryEntry(item.history_date, who, _ACTIONS[item.history_type], shown, reason)
        )
    return entries


def _m2m_rows(historical_model, history_ids: list) -> dict[str, dict[int, list]]:
    """For each tracked many-to-many field, the sorted related ids of every history row, read in
    one query per field (simple-history's own diff reads them row by row)."""
    result = {}
    for field in getattr(historical_model, "_history_m2m_fields", []):
        through = next(
            rel.related_model
            for rel in historical_model._meta.related_objects
            if rel.related_model.__name__ == f"{historical_model.__name__}_{field.name}"
        )
        column = field.m2m_reverse_field_name()
        rows: dict[int, list] = defaultdict(list)
        for history_id, target in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{column}_id"
        ):
            rows[history_id].append(target)
        result[field.name] = {key: sorted(value) for key, value in rows.items()}
    return result


def _target_ids(field, value) -> list:
    if value in (None, ""):
        return []
    if field.many_to_many:
        return list(value)
    return [value]


def _related_names(meta, changes) -> dict:
    """One query per related model for every id mentioned in the changes."""
    wanted: dict[type, set] = defaultdict(set)
    for name, old, new in changes:
        field = meta.get_field(name)
        if field.is_relation and field.related_model is not None:
            for value in (old, new):
                wanted[field.related_model].update(_target_ids(field, value))
    names = {}
    for model, ids in wanted.items():
        ids.discard(None)
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def _show(field: models.Field, value, names: dict) -> str:
    if field.is_relation and field.related_model is not None:
        ids = _target_ids(field, value)
        if not ids:
            return "—"
        return "、".join(names.get((field.related_model, pk), f"#{pk}") for pk in ids)
    return show_value(field, value)


def show_value(field: models.Field, value) -> str:
    """A value of a field that is not a relation as a person reads it: "—" when empty, the
    choice's label, 是/否, an amount as the pages write it (250,000.00), a list of codes by
    their names where the model names them in `ITEM_LABELS` (the record pages and the admin's
    history page alike)."""
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DecimalField):
        return format_wan(Decimal(str(value)))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        label = getattr(field.model, "ITEM_LABELS", {}).get(field.name, str)
        return "、".join(label(v) for v in value)
    return str(value)


def show_in_sentence(field: models.Field, value) -> str:
    """A value of a field as a sentence names it (the difference a stale edit is shown with,
    yingkou.views.kit): related records by name (a many-to-many's as a list), a day as a
    sentence writes it, anything else as `show_value`."""
    if field.is_relation:
        # A list in the order the history lists it (`_m2m_rows`: by id), whatever the
        # order of the picker it was chosen in.
        items = sorted(value or (), key=lambda item: item.pk) if field.many_to_many else [value]
        return "、".join(str(item) for item in items if item is not None) or "—"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return long_date(value)
    return show_value(field, value)


def acting_user(record):
    """Who is writing `record`, as its own historical row will name him: the user a service or
    the admin set on it, else the person whose request this is, else None (a job). For the
    records a write of `record` makes or changes in turn, so their history names him too."""
    if hasattr(record, "_history_user"):
        return record._history_user
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


def has_authored_history(user) -> bool:
    """Whether any history row names `user` as the one who made the change. Deleting such a
    user would empty his name from each of them (django-simple-history sets their author to
    null), and his past changes would read 系统: he is deactivated instead. One query per
    recorded model, stopping at the first that names him."""
    from django.apps import apps

    recorded = [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type")
        and any(field.name == "history_user" for field in model._meta.fields)
    ]
    return any(model._default_manager.filter(history_user=user).exists() for model in recorded)


# --- writing --------------------------------------------------------------------------------


@contextmanager
def one_history_row(record, user, reason: str = ""):
    """Around one save of a record and the setting of its many-to-many lists: one historical
    row of the final state, naming `user` (None for a job) and `reason`. simple-history writes a
    row per save and per many-to-many signal (a replaced member is a removal, then an addition),
    so the page would show lists nobody saved, several entries for one save. A failure inside
    writes no row (the caller's transaction undoes the rest)."""
    adding = record._state.adding
    record.skip_history_when_saving = True
    try:
        yield
    finally:
        del record.skip_history_when_saving
    record._history_user = user
    if reason:
        record._change_reason = reason[:100]
    write_history_row(record, "+" if adding else "~")


def write_history_row(record, history_type: str = "~") -> None:
    """The historical row of `record` as it stands, its many-to-many lists included, as
    simple-history's own save writes it (and telling its receivers, like the marks of
    `freshness`)."""
    history_model = record.history.model
    now = timezone.now()
    user = acting_user(record)
    reason = get_change_reason_from_object(record)
    row = history_model(
        history_date=now,
        history_type=history_type,
        history_user=user,
        history_change_reason=reason,
        **{field.attname: getattr(record, field.attname) for field in history_model.tracked_fields},
    )
    signal = {"sender": history_model, "instance": record, "history_date": now}
    signal |= {"history_user": user, "history_change_reason": reason, "using": None}
    pre_create_historical_record.send(history_instance=row, **signal)
    row.save()
    for field in history_model._history_m2m_fields:
        through = getattr(record, field.name).through
        names = [f.name for f in through._meta.fields]
        rows = through.objects.filter(**{get_m2m_field_name(field): record})
        HistoricalRecords.m2m_models[field].objects.bulk_create(
            HistoricalRecords.m2m_models[field](
                history=row, **{name: getattr(item, name) for name in names}
            )
            for item in rows
        )
    post_create_historical_record.send(history_instance=row, **signal)
