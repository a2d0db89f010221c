"""E-7: an archived assessment keeps each unit's name and code as they were at its period's end,
so an old period's results read the same, in the same order, after a unit is renamed or recoded.
The results archived before take them from the unit's history as of their period's end, or, for
a unit without history then (it predates its history), as it is now — as the archive read it."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def _period_end(period: str) -> dt.datetime:
    """The moment a quarter (`2026-Q3`) or a year (`2026`) is over, local time."""
    year, _sep, quarter = period.partition("-Q")
    month = 3 * int(quarter) if quarter else 12
    first_after = dt.date(int(year) + (month == 12), month % 12 + 1, 1)
    return timezone.make_aware(dt.datetime.combine(first_after, dt.time.min))


def fill(apps, schema_editor):
    AssessmentResult = apps.get_model("enterprise", "AssessmentResult")
    HistoricalUnit = apps.get_model("yingkou", "HistoricalUnit")
    periods = list(AssessmentResult.objects.order_by().values_list("period", flat=True).distinct())
    for period in periods:
        results = list(AssessmentResult.objects.filter(period=period).select_related("unit"))
        then = {}
        history = HistoricalUnit.objects.filter(
            id__in=[result.unit_id for result in results], history_date__lt=_period_end(period)
        ).order_by("id", "history_date", "history_id")
        for row in history.values("id", "name", "code"):
            then[row["id"]] = row  # the latest row before the period's end wins
        for result in results:
            row = then.get(result.unit_id) or {"name": result.unit.name, "code": result.unit.code}
            result.unit_name, result.unit_code = row["name"], row["code"]
        AssessmentResult.objects.bulk_update(results, ["unit_name", "unit_code"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('enterprise', '0021_merged_plans_of_rejected_joint_inspections'),
        ('yingkou', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessmentresult',
            name='unit_name',
            field=models.CharField(
                default='', max_length=100, verbose_name='地区、部门名称（考核期末）'
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='assessmentresult',
            name='unit_code',
            field=models.CharField(
                default='', max_length=32, verbose_name='地区、部门代码（考核期末）'
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='assessmentresult',
            options={
                'ordering': ['period', '-score', 'unit_code'],
                'verbose_name': '营商环境考核结果',
                'verbose_name_plural': '营商环境考核结果',
            },
        ),
    ]
