"""A-5 "各地区、各部门的帮扶方案、帮扶项目名单、帮扶领导和帮扶团队要在各自门户网站进行公示": a case
keeps the day its arrangement was decided and the day its lead area or department published it on
its portal (`assistance.rules.publication_state_rule`).

The cases already arranged (active, team approved, with its assisting leader) are counted from
the day this runs: their units had nowhere to record a publication before, and the day each was
decided is not always known (a local case's leader may have been named long after it was
opened). Each is a row in the case's history, with the reason, and moves its version on."""

import django.core.validators
from django.db import migrations, models
from django.utils import timezone

REASON = "A-5 门户网站公示：已确定的帮扶安排自本日起计算公示期限"


def count_from_today(apps, schema_editor):
    AssistanceCase = apps.get_model("assistance", "AssistanceCase")
    HistoricalAssistanceCase = apps.get_model("assistance", "HistoricalAssistanceCase")
    fields = [field.attname for field in AssistanceCase._meta.concrete_fields]
    today = timezone.localdate()
    arranged = AssistanceCase.objects.filter(
        status="active",
        team_status="approved",
        team__lead_leader__isnull=False,
        arranged_on__isnull=True,
    )
    for case in arranged.order_by("pk").iterator():
        case.arranged_on = today
        case.version += 1
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        AssistanceCase.objects.filter(pk=case.pk).update(arranged_on=today, version=case.version)
        HistoricalAssistanceCase.objects.create(
            **{name: getattr(case, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_user=None,
            history_change_reason=REASON[:100],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('assistance', '0015_meeting_convening_unit_required'),
    ]

    operations = [
        migrations.AddField(
            model_name='assistancecase',
            name='arranged_on',
            field=models.DateField(blank=True, help_text='服务团队名单经帮扶市领导同意、或地区、部门自行确定并明确帮扶领导的日期；门户网站公示期限自此起算（A-5）', null=True, verbose_name='帮扶安排确定日期'),
        ),
        migrations.AddField(
            model_name='assistancecase',
            name='published_note',
            field=models.CharField(blank=True, help_text='无网址时说明公示的位置', max_length=300, verbose_name='公示说明'),
        ),
        migrations.AddField(
            model_name='assistancecase',
            name='published_on',
            field=models.DateField(blank=True, help_text='牵头地区、部门在本单位门户网站公示帮扶方案、名单、帮扶领导和团队的日期（A-5）', null=True, verbose_name='门户网站公示日期'),
        ),
        migrations.AddField(
            model_name='assistancecase',
            name='published_url',
            field=models.CharField(blank=True, max_length=500, validators=[django.core.validators.URLValidator()], verbose_name='公示网址'),
        ),
        migrations.AddField(
            model_name='historicalassistancecase',
            name='arranged_on',
            field=models.DateField(blank=True, help_text='服务团队名单经帮扶市领导同意、或地区、部门自行确定并明确帮扶领导的日期；门户网站公示期限自此起算（A-5）', null=True, verbose_name='帮扶安排确定日期'),
        ),
        migrations.AddField(
            model_name='historicalassistancecase',
            name='published_note',
            field=models.CharField(blank=True, help_text='无网址时说明公示的位置', max_length=300, verbose_name='公示说明'),
        ),
        migrations.AddField(
            model_name='historicalassistancecase',
            name='published_on',
            field=models.DateField(blank=True, help_text='牵头地区、部门在本单位门户网站公示帮扶方案、名单、帮扶领导和团队的日期（A-5）', null=True, verbose_name='门户网站公示日期'),
        ),
        migrations.AddField(
            model_name='historicalassistancecase',
            name='published_url',
            field=models.CharField(blank=True, max_length=500, validators=[django.core.validators.URLValidator()], verbose_name='公示网址'),
        ),
        migrations.RunPython(count_from_today, migrations.RunPython.noop),
    ]
