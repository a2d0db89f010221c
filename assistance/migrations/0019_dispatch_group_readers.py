"""A-4: the dispatches archived before their readers were kept are given the group as it stood
in their month, read from the group's history — the same readers the monthly job now keeps with
a new dispatch — rather than the group of today."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def _moment(report) -> dt.datetime:
    """The moment a dispatch was read as of: its month's end, or its making when made by hand
    before then (`assistance.jobs._moment`)."""
    year, month = (int(part) for part in report.period_key.split("-"))
    first_after = dt.date(year + month // 12, month % 12 + 1, 1)
    end = timezone.make_aware(dt.datetime.combine(first_after, dt.time.min))
    return min(end, report.created_at)


def keep_archived_dispatch_readers(apps, schema_editor):
    """Each archived dispatch gets the areas, head and members of its group's latest history row
    before its moment (a group deleted by then: its last state); a group with no history then
    (it predates its history) as it is now; a group gone without any history reads nobody's."""
    SupervisionReport = apps.get_model("assistance", "SupervisionReport")
    PromotionGroup = apps.get_model("assistance", "PromotionGroup")
    History = apps.get_model("assistance", "HistoricalPromotionGroup")
    HistoryAreas = apps.get_model("assistance", "HistoricalPromotionGroup_areas")
    HistoryMembers = apps.get_model("assistance", "HistoricalPromotionGroup_members")
    Unit = apps.get_model("yingkou", "Unit")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for report in SupervisionReport.objects.filter(kind="dispatch", scope__startswith="group-"):
        group_id = report.scope.removeprefix("group-")
        if not group_id.isdigit():
            continue
        row = (
            History.objects.filter(id=int(group_id), history_date__lt=_moment(report))
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
            .first()
        )
        if row is not None:
            areas = set(HistoryAreas.objects.filter(history=row).values_list("unit_id", flat=True))
            people = set(
                HistoryMembers.objects.filter(history=row).values_list("user_id", flat=True)
            )
            people.add(row.head_id)
        else:
            group = PromotionGroup.objects.filter(pk=int(group_id)).first()
            if group is None:
                continue
            areas = set(group.areas.values_list("pk", flat=True))
            people = {*group.members.values_list("pk", flat=True), group.head_id}
        report.group_areas.set(Unit.objects.filter(pk__in=areas - {None}))
        report.group_people.set(User.objects.filter(pk__in=people - {None}))


class Migration(migrations.Migration):

    dependencies = [
        ('assistance', '0018_plan_publication'),
        ('yingkou', '0019_notification_not_emailed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='supervisionreport',
            name='group_areas',
            field=models.ManyToManyField(blank=True, help_text='调度当月推进组负责的地区，可查阅本调度全文（A-4）', related_name='+', to='yingkou.unit', verbose_name='当月推进组负责地区'),
        ),
        migrations.AddField(
            model_name='supervisionreport',
            name='group_people',
            field=models.ManyToManyField(blank=True, help_text='调度当月推进组的组长和成员，可查阅本调度全文（A-4）', related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='当月推进组组长和成员'),
        ),
        migrations.RunPython(keep_archived_dispatch_readers, migrations.RunPython.noop),
    ]
