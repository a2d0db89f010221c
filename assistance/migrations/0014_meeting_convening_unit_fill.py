"""A-7: the joint meetings recorded before are filled with their convener's unit as it stands
now, the unit that kept their record until then; each fill is a row in the meeting's history,
with the reason."""

from django.db import migrations
from django.utils import timezone

REASON = "A-7 召集单位：按召集人现所在单位补记为%(unit)s"


def fill(apps, schema_editor):
    JointMeeting = apps.get_model("assistance", "JointMeeting")
    HistoricalJointMeeting = apps.get_model("assistance", "HistoricalJointMeeting")
    fields = [field.attname for field in JointMeeting._meta.concrete_fields]
    meetings = JointMeeting.objects.filter(convening_unit__isnull=True).select_related(
        "convened_by__unit"
    )
    for meeting in meetings.order_by("pk"):
        unit = meeting.convened_by.unit
        meeting.convening_unit_id = unit.pk
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        JointMeeting.objects.filter(pk=meeting.pk).update(convening_unit_id=unit.pk)
        HistoricalJointMeeting.objects.create(
            **{name: getattr(meeting, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_user=None,
            history_change_reason=(REASON % {"unit": unit.name})[:100],
        )


class Migration(migrations.Migration):

    dependencies = [
        ("assistance", "0013_meeting_convening_unit"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
