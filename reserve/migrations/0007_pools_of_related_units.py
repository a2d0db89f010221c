"""R-2: the investment bureau and the city's party and mass organisations (有关单位) run a
level-2 pool too. Units created from now on get theirs from the service when saved; this gives
the existing ones theirs, with its creation in the pool's history."""

from django.db import migrations
from django.utils import timezone

KINDS = ("investment_bureau", "party_org")


def create_pools(apps, schema_editor):
    Unit = apps.get_model("yingkou", "Unit")
    Pool = apps.get_model("reserve", "Pool")
    HistoricalPool = apps.get_model("reserve", "HistoricalPool")
    now = timezone.now()
    units = Unit.objects.filter(kind__in=KINDS, level="city", is_active=True).exclude(
        pools__level=2
    )
    for unit in units:
        pool = Pool.objects.create(unit=unit, level=2, name=f"{unit.name}二级项目储备库")
        state = {
            field.attname: getattr(pool, field.attname)
            for field in Pool._meta.concrete_fields
        }
        HistoricalPool.objects.create(
            **state,
            history_date=now,
            history_type="+",
            history_change_reason="R-2：有关单位负责二级项目储备库建设",
        )


class Migration(migrations.Migration):
    dependencies = [("reserve", "0006_fund_version"), ("yingkou", "0013_export_job_liveness")]

    operations = [migrations.RunPython(create_pools, migrations.RunPython.noop)]
