"""E-5 (enterprise.rules.merged_plans_fate): a plan merged into a joint inspection that the
same-level government turned down is turned down with it. Until now such plans stayed 已并入联合检查
after the refusal, neither carried out nor able to go on alone; they take the joint inspection's
refusal — its unit, the person and the day — each with a row in its history giving the reason.

Plans merged into a joint inspection withdrawn before now were withdrawn with it, as the rule
then said; they are left as they are (a plan going back to pending months later, perhaps in a
year gone by, would ask a decision nobody is waiting for)."""

from django.db import migrations
from django.utils import timezone

REASON = "E-5：所并入的联合检查（%(lead)s牵头）不予批准，一并不予批准"


def settle(apps, schema_editor):
    Inspection = apps.get_model("enterprise", "Inspection")
    HistoricalInspection = apps.get_model("enterprise", "HistoricalInspection")
    fields = [field.attname for field in Inspection._meta.concrete_fields]
    dangling = Inspection.objects.filter(status="merged", joint_with__status="rejected")
    for part in dangling.select_related("joint_with__agency").order_by("pk"):
        joint = part.joint_with
        part.status = "rejected"
        part.approved_by_unit_id = joint.approved_by_unit_id
        part.approved_by_id = joint.approved_by_id
        part.approved_on = joint.approved_on
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        Inspection.objects.filter(pk=part.pk).update(
            status=part.status,
            approved_by_unit_id=part.approved_by_unit_id,
            approved_by_id=part.approved_by_id,
            approved_on=part.approved_on,
        )
        HistoricalInspection.objects.create(
            **{name: getattr(part, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_user=None,
            history_change_reason=(REASON % {"lead": joint.agency.name})[:100],
        )


class Migration(migrations.Migration):

    dependencies = [
        ("enterprise", "0020_inspection_withdrawal"),
    ]

    operations = [
        migrations.RunPython(settle, migrations.RunPython.noop),
    ]
