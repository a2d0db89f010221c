"""Telling people: inbox notices and email (issue 11, point 5).

`notify()` is the one way any app tells someone something. It records one notice per recipient
and, after the transaction commits, queues one Celery task that emails them (in-process in the
embedded default). A user never gets the same (kind, key) twice on the same day: the database's
unique constraint decides, so two jobs running at once cannot both notify. A user who chose the
daily digest (每日汇总) is emailed by the daily job instead, once a working day
(`notification_daily_digests_queue`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import EmailDelivery, NotificationKind, UnitKind
from yingkou.dates import month_day
from yingkou.models import Notification, NotificationPreference, Unit, User
from yingkou.models.deadlines import due_soon_until


@dataclass(frozen=True)
class Notice:
    """One thing to tell: to the active users `user_ids` and the active users of `unit_ids`."""

    kind: str
    title: str
    key: str
    url: str = ""
    body: str = ""
    user_ids: tuple[int, ...] = ()
    unit_ids: tuple[int, ...] = ()
    #: Told once ever rather than once a day (a deadline's state: coming, due today, overdue).
    once: bool = False


def deadline_notices_day(day: dt.date) -> bool:
    """Whether the daily deadline jobs tell anyone on `day`: a working day (the official
    calendar, make-up Saturdays included) that is today or yesterday. Nobody is at work to act on
    a notice or an email sent over a weekend or the National Day break; what fell due or late
    meanwhile is told on the first working day after (`deadline_notice` tells each state once)."""
    from yingkou.workdays import is_working_day

    return is_current(day) and is_working_day(day)


def deadline_notice(
    *, due_on, day, what, name, key, url, unit_id, project="", person="", user_ids=(), handler=""
) -> Notice:
    """The reminder of an item a unit must finish by `due_on` (A-3, A-7, N-3, N-4, E-3, E-4,
    E-6), as of `day`: overdue after its due day, due today on it, coming before it. `key` names
    the item; each of its states is told once for its due date (again only when the date
    changes). `person` names who answers for the item (E-6's 一把手), who is told too when he
    has a login (`user_ids`). `handler` names the unit handling the item when the unit told is
    the one above it, which follows it up (E-4's 上一级…按照时限跟踪督办)."""
    due = month_day(due_on)
    if due_on < day:
        state, kind = "overdue", NotificationKind.ITEM_OVERDUE
        title = _("%(what)s已逾期（%(due)s到期）：%(name)s")
    elif due_on == day:
        state, kind = "today", NotificationKind.ITEM_DUE
        title = _("%(what)s今日到期：%(name)s")
    else:
        state, kind = "coming", NotificationKind.ITEM_DUE
        title = _("%(what)s将于%(due)s到期：%(name)s")
    lines = []
    if project:
        lines.append(_("项目：%(project)s") % {"project": project})
    if person:
        lines.append(_("责任人：%(person)s") % {"person": person})
    if handler:
        lines.append(_("承办单位：%(unit)s。请按时限跟踪督办。") % {"unit": handler})
    return Notice(
        kind=kind,
        title=title % {"what": what, "name": name, "due": due},
        body="\n".join(lines),
        key=f"{key}:{state}:{due_on.isoformat()}",
        url=url,
        user_ids=tuple(user_ids),
        unit_ids=(unit_id,),
        once=True,
    )


@dataclass(frozen=True)
class DeadlineItems:
    """One kind of owned, time-limited item that a daily deadline job reminds of."""

    #: How a notice names the kind (帮扶问题, 投诉举报答复, ...).
    what: str
    #: The kind's key; an item's is "<key>:<pk>", to which `deadline_notice` adds its state.
    key: str
    #: The kind's items still to be chased (open, of a live case or problem), with what
    #: `describe` reads joined.
    items: QuerySet
    #: One item's `deadline_notice` arguments besides its due date: `name`, `url`, `unit_id`
    #: (the unit that must act on it) and optionally `project`, `person` and `user_ids`.
    describe: Callable[[Any], dict]


def deadline_reminders(
    day: dt.date, *kinds: DeadlineItems, soon_until: dt.date | None = None
) -> int:
    """The daily deadline notices of every app (A-3, A-7, E-3, E-4, E-6, N-3, N-4): each item of
    `kinds` late, due today or due within 3 working days (`due_soon_until`, computed once for the
    run and handed in by a job that already has it), told to the unit that must act on it, on
    working days only (`deadline_notices_day`) and each state once for its due date
    (`deadline_notice`). One query per kind and `notify_many`'s, whatever the number of items."""
    if not deadline_notices_day(day):
        return 0
    soon_until = soon_until or due_soon_until(day)
    return notify_many(
        deadline_notice(
            due_on=item.due_on,
            day=day,
            what=kind.what,
            key=f"{kind.key}:{item.pk}",
            **kind.describe(item),
        )
        for kind in kinds
        for item in kind.items.filter(due_on__lte=soon_until)
    )


def notify(
    *,
    kind: str,
    title: str,
    key: str,
    url: str = "",
    body: str = "",
    users: Iterable[User] = (),
    units: Iterable[Unit | int] = (),
) -> int:
    """Record one inbox notice per recipient (the active users of each of `units`, plus `users`)
    and email them after commit, unless they turned email off for `kind`. Returns the number of
    notices created; a recipient who already has (kind, key) today is skipped."""
    notice = Notice(
        kind=kind,
        title=title,
        key=key,
        url=url,
        body=body,
        user_ids=tuple(user.pk for user in users if user.is_active),
        unit_ids=tuple(unit.pk if isinstance(unit, Unit) else unit for unit in units),
    )
    return notify_many([notice])


def notify_many(notices: Iterable[Notice]) -> int:
    """`notify()` for many notices in six queries whatever their number: a daily job tells of
    thousands of deadlines, and four queries each took it past three minutes at city scale. A
    notice marked `once` is skipped for a user who was ever told it, not only today."""
    notices = list(notices)
    for notice in notices:
        if notice.kind not in NotificationKind.values:
            raise ValueError(
                f"Unknown notification kind {notice.kind!r}; add it to NotificationKind."
            )
    unit_ids = {unit_id for notice in notices for unit_id in notice.unit_ids}
    members: dict[int, list[int]] = {}
    for user_id, unit_id in User.objects.filter(unit_id__in=unit_ids, is_active=True).values_list(
        "pk", "unit_id"
    ):
        members.setdefault(unit_id, []).append(user_id)
    wanted: dict[tuple[int, str, str], Notice] = {}
    for notice in notices:
        recipients = set(notice.user_ids)
        for unit_id in notice.unit_ids:
            recipients.update(members.get(unit_id, ()))
        for user_id in recipients:
            wanted.setdefault((user_id, notice.kind, notice.key), notice)
    once = {told for told, notice in wanted.items() if notice.once}
    if once:
        ever = Notification.objects.filter(
            kind__in={kind for _, kind, _ in once},
            key__in={key for _, _, key in once},
            user_id__in={user_id for user_id, _, _ in once},
        )
        for told in ever.values_list("user_id", "kind", "key"):
            if told in once:
                wanted.pop(told, None)
    if not wanted:
        return 0
    day = timezone.localdate()
    same = Notification.objects.filter(
        day=day,
        kind__in={kind for _, kind, _ in wanted},
        key__in={key for _, _, key in wanted},
        user_id__in={user_id for user_id, _, _ in wanted},
    )
    for told in same.values_list("user_id", "kind", "key"):
        wanted.pop(told, None)
    if not wanted:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                kind=kind,
                key=key,
                day=day,
                title=notice.title[:200],
                body=notice.body,
                url=notice.url[:500],
            )
            for (user_id, kind, key), notice in sorted(wanted.items(), key=lambda item: item[0])
        ],
        batch_size=1000,
        # A concurrent call may have inserted some of them since the read above.
        ignore_conflicts=True,
    )
    created = [
        pk
        for pk, *told in same.values_list("pk", "user_id", "kind", "key")
        if tuple(told) in wanted
    ]
    # robust: a mail server that is down must not fail the request or job that already committed;
    # the notice is in the inbox either way.
    transaction.on_commit(lambda: _queue_emails(created), robust=True)
    return len(created)


def notify_admins(
    *, kind: str = NotificationKind.JOB_FAILED, title: str, key: str, **kwargs
) -> int:
    """Notify every active administrator (superusers and admin-site staff), e.g. of a failed
    scheduled job."""
    admins = User.objects.filter(Q(is_superuser=True) | Q(is_staff=True), is_active=True)
    return notify(kind=kind, title=title, key=key, users=admins, **kwargs)


def already_told(*, kind: str, key: str) -> bool:
    """Whether anyone was ever told (kind, key): a one-off event, such as a circular published,
    is told once, not once a day."""
    return Notification.objects.filter(kind=kind, key=key).exists()


def is_current(day: dt.date) -> bool:
    """A daily job tells people only when it runs for today or yesterday; a catch-up run of an
    older day would only repeat what today's run tells."""
    return day >= timezone.localdate() - dt.timedelta(days=1)


def leader_or_city_government(leader) -> dict:
    """Recipients of something reported to the city government: the leader in charge if they
    have a login, otherwise everyone of the city government (as `notify` keyword arguments)."""
    user = getattr(leader, "user", None) if leader is not None else None
    if user is not None and user.is_active:
        return {"users": [user]}
    return {
        "units": Unit.objects.filter(kind=UnitKind.CITY_GOVERNMENT, is_active=True).values_list(
            "pk", flat=True
        )
    }


def drc_unit_ids() -> list[int]:
    """The DRC's active units (市发展改革委): told of what it compiles, reviews or collects when a
    decision it relies on is taken again."""
    return list(Unit.objects.filter(kind=UnitKind.DRC, is_active=True).values_list("pk", flat=True))


def units_named(names: Iterable[str]) -> list[int]:
    """Units by name (names are unique), for archives that keep names rather than ids."""
    return list(Unit.objects.filter(name__in=set(names)).values_list("pk", flat=True))


def _queue_emails(notification_ids: list[int]) -> None:
    from yingkou.tasks import send_notification_emails

    send_notification_emails.delay(notification_ids)


def notification_emails_send(*, notification_ids: Iterable[int]) -> int:
    """Email the notices of one queued batch, one email per recipient: a user with one notice
    gets it alone (`_email_for`), a user with several one digest of them (`_digest_for`), so a
    daily job that tells a unit of a hundred items sends each of its staff one email, not a
    hundred. A user who chose the daily digest is left out: their notices stay unclaimed for
    the next working day's digest (`notification_daily_digests_send`). Returns the number of
    emails sent (`_emails_send`)."""
    notices = Notification.objects.filter(
        pk__in=list(notification_ids),
        emailed_at__isnull=True,
        user__email_delivery=EmailDelivery.BATCH,
    )
    return _emails_send(notices, daily=False)


# A notice made this long ago and still not emailed lost its email: its task gave up while the
# mail server was down, or its message never reached the broker. Long enough for the task's own
# first retries to have run, so the sweep rarely meets a batch still in flight (and when it
# does, the claims let each notice go once).
EMAIL_SWEEP_AFTER = dt.timedelta(minutes=15)
# How far back the sweep looks: a notice unread and not emailed this long after it was made is
# left to the inbox; an outage over a long weekend is still caught up.
EMAIL_SWEEP_WITHIN = dt.timedelta(days=4)


def notification_emails_sweep(now: dt.datetime | None = None) -> int:
    """Send again the emails that were lost (beat runs this every few minutes,
    `sweep_notification_emails`): every notice of a user who gets email batch by batch, still
    unread and not emailed, of a kind they have email on for, made between EMAIL_SWEEP_WITHIN
    and EMAIL_SWEEP_AFTER ago, is queued again as one batch (`notification_emails_send`: one
    email per recipient, each notice claimed just before its email goes, so none is sent
    twice). A mail server down for hours thus delays the email, never loses it; a notice read
    in the inbox meanwhile needs no email. Returns the number of notices queued."""
    now = now or timezone.now()
    muted = NotificationPreference.objects.filter(
        user_id=OuterRef("user_id"), kind=OuterRef("kind"), email=False
    )
    owed = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=now - EMAIL_SWEEP_WITHIN,
            created_at__lt=now - EMAIL_SWEEP_AFTER,
            user__email_delivery=EmailDelivery.BATCH,
            user__is_active=True,
        )
        .exclude(user__email="")
        .exclude(Exists(muted))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if owed:
        _queue_emails(owed)
    return len(owed)


def daily_digest_day(day: dt.date) -> bool:
    """Whether the daily digest job emails on `day`: a working day of the official calendar
    (make-up Saturdays included; not a weekend or the National Day break) that is today. A run
    of an earlier day (a catch-up, a retry after midnight) sends nothing: the next working day's
    run takes everything still pending, so no day's notices are lost and nobody gets two digests
    in one day nor one on a day off."""
    from yingkou.workdays import is_working_day

    return day == timezone.localdate() and is_working_day(day)


def notification_daily_digests_queue() -> int:
    """Queue, after commit, the daily digest of every user who chose it and has a notice
    pending: made up to now, not yet emailed, still unread. Returns how many users have such
    notices (before their per-kind email switches are applied)."""
    made_until = timezone.now()
    users = (
        _daily_pending(made_until)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .order_by()
        .values("user_id")
        .distinct()
        .count()
    )
    if users:
        from yingkou.tasks import send_daily_digests

        transaction.on_commit(lambda: send_daily_digests.delay(made_until.isoformat()), robust=True)
    return users


def notification_daily_digests_send(*, made_until: dt.datetime) -> int:
    """Email each user who chose the daily digest one email of their notices made up to
    `made_until` that are neither emailed nor read: everything pending, not only the last day's,
    so what a holiday or a missed run held back goes in the next digest. A notice already read
    in the inbox needs no email and is left as it is (never emailed, `emailed_at` empty); the
    kinds a user turned email off for stay out. The cut-off makes the task safe to deliver
    again: a later delivery finds the same notices claimed and sends nothing. Claims, give-back
    on a failed send and the query count are `_emails_send`'s."""
    return _emails_send(_daily_pending(made_until), daily=True)


def _daily_pending(made_until: dt.datetime) -> QuerySet:
    return Notification.objects.filter(
        user__email_delivery=EmailDelivery.DAILY,
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__lte=made_until,
    )


def _emails_send(notices: QuerySet, *, daily: bool) -> int:
    """Email `notices`, one email per recipient: the daily digest (`daily`), else the single
    email or the batch's digest. Only active users with an address are emailed, and only of the
    kinds they have email on for. Each recipient's notices are claimed just before their email
    goes (`_emails_claim`), so a task delivered twice sends each notice once, and a worker
    killed outright leaves at most the email it was sending marked sent, not the rest; a failed
    send gives back its claims for the task's retry. Returns the number of emails sent, in a
    fixed number of queries per recipient whatever the number of notices."""
    notices = list(
        notices.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "pk")
    )
    muted = set(
        NotificationPreference.objects.filter(
            user_id__in={n.user_id for n in notices}, email=False
        ).values_list("user_id", "kind")
    )
    to_send = [n for n in notices if (n.user_id, n.kind) not in muted]
    if not to_send:
        return 0
    sent = 0
    # Opened before any claim: a mail server that is down leaves every notice unclaimed.
    with get_connection() as connection:
        by_user: dict[int, list[Notification]] = {}
        for notice in to_send:
            by_user.setdefault(notice.user_id, []).append(notice)
        for notices_of_user in by_user.values():
            # A notice read since it was loaded needs no daily email either.
            claimed = _emails_claim(notices_of_user, unread_only=daily)
            mine = [notice for notice in notices_of_user if notice.pk in claimed]
            if not mine:
                continue
            try:
                if daily:
                    _digest_for(mine, connection, daily=True).send()
                elif len(mine) == 1:
                    _email_for(mine[0], connection).send()
                else:
                    _digest_for(mine, connection).send()
            except BaseException:
                # Give back this email's claims, so the task's retry sends it; the emails sent
                # before it stay claimed and are not sent again.
                Notification.objects.filter(pk__in=claimed).update(emailed_at=None)
                raise
            sent += 1
    return sent


def _emails_claim(notices: list[Notification], *, unread_only: bool = False) -> set[int]:
    """Mark `notices` emailed and return those this call claimed: not those another delivery of
    the task (or the other task, batch or daily) claimed first, nor, `unread_only`, those read
    meanwhile. The rows are locked while they are claimed, so a second worker waits and then
    finds them taken (on SQLite, the single writer decides)."""
    free = Notification.objects.filter(
        pk__in=[notice.pk for notice in notices], emailed_at__isnull=True
    )
    if unread_only:
        free = free.filter(read_at__isnull=True)
    with transaction.atomic():
        free = list(free.select_for_update().order_by("pk").values_list("pk", flat=True))
        Notification.objects.filter(pk__in=free).update(emailed_at=timezone.now())
    return set(free)


def _email_for(notice: Notification, connection) -> EmailMessage:
    site = _site_url()
    lines = [notice.title]
    if notice.body:
        lines += ["", notice.body]
    if notice.url:
        lines += ["", _("查看：%(url)s") % {"url": site + notice.url}]
    return EmailMessage(
        subject=f"{settings.NOTIFICATION_EMAIL_SUBJECT_PREFIX}{notice.title}",
        body="\n".join(lines + _email_footer(site)),
        to=[notice.user.email],
        connection=connection,
    )


# A digest lists this many notices of a kind and counts the rest, with the inbox's link to that
# kind: a daily job can tell a unit of hundreds of deadlines at once, and a digest that held
# every one would be read by nobody (and a first daily digest takes every unread notice).
DIGEST_ITEMS_PER_KIND = 20


def _digest_for(notices: list[Notification], connection, *, daily: bool = False) -> EmailMessage:
    """One email of one user's several notices: how many, then each notice's title and link,
    grouped by kind in NotificationKind's order and, within a kind, in the order they were
    made, at most `DIGEST_ITEMS_PER_KIND` of a kind. The daily digest says it is one, of unread notices, whatever their number."""
    site = _site_url()
    order = {kind: position for position, kind in enumerate(NotificationKind.values)}
    by_kind: dict[str, list[Notification]] = {}
    for notice in sorted(notices, key=lambda n: (order.get(n.kind, len(order)), n.kind, n.pk)):
        by_kind.setdefault(notice.kind, []).append(notice)
    if daily:
        count = _("每日汇总：您有%(count)d条未读通知") % {"count": len(notices)}
    else:
        count = _("您有%(count)d条新通知") % {"count": len(notices)}
    lines = [
        _("%(count)s，在站内消息中逐条查看：%(url)s")
        % {"count": count, "url": site + reverse("notifications:inbox")}
    ]
    inbox = site + reverse("notifications:inbox")
    for group in by_kind.values():
        lines += [
            "",
            _("【%(kind)s】%(count)d条") % {"kind": group[0].kind_label, "count": len(group)},
        ]
        for notice in group[:DIGEST_ITEMS_PER_KIND]:
            lines.append(f"· {notice.title}")
            if notice.url:
                lines.append("  " + _("查看：%(url)s") % {"url": site + notice.url})
        if len(group) > DIGEST_ITEMS_PER_KIND:
            lines.append(
                _("· ……另有%(more)d条，在站内消息中查看：%(url)s")
                % {
                    "more": len(group) - DIGEST_ITEMS_PER_KIND,
                    "url": f"{inbox}?{urlencode({'kind': group[0].kind})}",
                }
            )
    return EmailMessage(
        subject=f"{settings.NOTIFICATION_EMAIL_SUBJECT_PREFIX}{count}",
        body="\n".join(lines + _email_footer(site)),
        to=[notices[0].user.email],
        connection=connection,
    )


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _email_footer(site: str) -> list[str]:
    return [
        "",
        "—",
        _("营口市重点项目信息管理系统。不想再收到此类邮件，可在“提醒设置”中关闭：%(url)s")
        % {"url": site + reverse("notifications:preferences")},
    ]


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise PermissionError("A notice is marked read only by its recipient.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )


@dataclass(frozen=True)
class KindCount:
    """How many notices of one kind a user has, and how many of them are unread."""

    kind: str
    label: str
    total: int
    unread: int


def notification_kind_counts(user: User) -> list[KindCount]:
    """The kinds of notice `user` has, in NotificationKind's order, each with its counts: one
    grouped query, however many notices and kinds there are."""
    rows = (
        Notification.objects.filter(user=user)
        .order_by()
        .values("kind")
        .annotate(total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True)))
    )
    labels = dict(NotificationKind.choices)
    order = {kind: position for position, kind in enumerate(labels)}
    counts = [
        KindCount(
            kind=row["kind"],
            label=str(labels.get(row["kind"], row["kind"])),
            total=row["total"],
            unread=row["unread"],
        )
        for row in rows
    ]
    # A kind no longer in NotificationKind (older notices) comes last, under its stored value.
    return sorted(counts, key=lambda count: (order.get(count.kind, len(order)), count.kind))


def notifications_mark_all_read(*, user: User, kind: str | None = None) -> int:
    """Mark read the user's unread notices, only those of `kind` when one is given; the number
    marked."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if kind:
        notices = notices.filter(kind=kind)
    return notices.update(read_at=timezone.now())


def notification_preferences_set(
    *, user: User, email_kinds: Iterable[str], email_delivery: str | None = None
) -> None:
    """Email on for exactly `email_kinds`, off for every other kind; and, when given, how email
    comes (`EmailDelivery`). Switching from the daily digest back to per-batch email sends the
    notices the digest still held (unread, not emailed) at once, as one batch, so none waits
    for a digest that no longer comes; switching to the daily digest leaves the notices already
    queued to the next digest."""
    wanted = set(email_kinds)
    for kind in NotificationKind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": kind in wanted}
        )
    if email_delivery is None:
        return
    if email_delivery not in EmailDelivery.values:
        raise ValueError(f"Unknown email delivery {email_delivery!r}.")
    # The row decides what the user had, not the copy loaded with the request: two tabs
    # switching back at once release the held notices once between them.
    switched_back = email_delivery == EmailDelivery.BATCH and User.objects.filter(
        pk=user.pk, email_delivery=EmailDelivery.DAILY
    ).update(email_delivery=EmailDelivery.BATCH)
    if not switched_back:
        User.objects.filter(pk=user.pk).update(email_delivery=email_delivery)
    user.email_delivery = email_delivery
    if switched_back:
        held = list(
            Notification.objects.filter(
                user=user, emailed_at__isnull=True, read_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if held:
            transaction.on_commit(lambda: _queue_emails(held), robust=True)
