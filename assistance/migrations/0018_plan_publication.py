"""A-5 "各地区、各部门的帮扶方案…要在各自门户网站进行公示": a yearly plan keeps the day its unit
adopted it (saved it as public) and the day the unit published it on its portal, as a case does
(`assistance.rules.plan_adoption_rule`, `publication_state_rule`), and is reminded like a case.

The plans already public are counted from the day this runs: their units had nowhere to record a
publication before, and the model kept no day of adoption. Each is a row in the plan's history,
with the reason, and moves its version on."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

REASON = "A-5 门户网站公示：已公开的帮扶方案自本日起计算公示期限"


def count_from_today(apps, schema_editor):
    AssistancePlan = apps.get_model("assistance", "AssistancePlan")
    HistoricalAssistancePlan = apps.get_model("assistance", "HistoricalAssistancePlan")
    fields = [field.attname for field in AssistancePlan._meta.concrete_fields]
    today = timezone.localdate()
    public = AssistancePlan.objects.filter(is_published=True, adopted_on__isnull=True)
    for plan in public.order_by("pk").iterator():
        plan.adopted_on = today
        plan.version += 1
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        AssistancePlan.objects.filter(pk=plan.pk).update(adopted_on=today, version=plan.version)
        HistoricalAssistancePlan.objects.create(
            **{name: getattr(plan, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_user=None,
            history_change_reason=REASON[:100],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0017_publication_reminders"),
        ("yingkou", "0015_project_industry_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="assistanceplan",
            name="adopted_on",
            field=models.DateField(
                blank=True,
                help_text="本单位确定帮扶方案（保存并公开）、或修改已公开方案的标题、内容的日期；门户网站公示期限自此起算（A-5）",
                null=True,
                verbose_name="方案确定日期",
            ),
        ),
        migrations.AddField(
            model_name="assistanceplan",
            name="published_note",
            field=models.CharField(
                blank=True,
                help_text="无网址时说明公示的位置",
                max_length=300,
                verbose_name="公示说明",
            ),
        ),
        migrations.AddField(
            model_name="assistanceplan",
            name="published_on",
            field=models.DateField(
                blank=True,
                help_text="本单位在门户网站公示帮扶方案的日期（A-5）",
                null=True,
                verbose_name="门户网站公示日期",
            ),
        ),
        migrations.AddField(
            model_name="assistanceplan",
            name="published_url",
            field=models.CharField(
                blank=True,
                max_length=500,
                validators=[django.core.validators.URLValidator()],
                verbose_name="公示网址",
            ),
        ),
        migrations.AddField(
            model_name="historicalassistanceplan",
            name="adopted_on",
            field=models.DateField(
                blank=True,
                help_text="本单位确定帮扶方案（保存并公开）、或修改已公开方案的标题、内容的日期；门户网站公示期限自此起算（A-5）",
                null=True,
                verbose_name="方案确定日期",
            ),
        ),
        migrations.AddField(
            model_name="historicalassistanceplan",
            name="published_note",
            field=models.CharField(
                blank=True,
                help_text="无网址时说明公示的位置",
                max_length=300,
                verbose_name="公示说明",
            ),
        ),
        migrations.AddField(
            model_name="historicalassistanceplan",
            name="published_on",
            field=models.DateField(
                blank=True,
                help_text="本单位在门户网站公示帮扶方案的日期（A-5）",
                null=True,
                verbose_name="门户网站公示日期",
            ),
        ),
        migrations.AddField(
            model_name="historicalassistanceplan",
            name="published_url",
            field=models.CharField(
                blank=True,
                max_length=500,
                validators=[django.core.validators.URLValidator()],
                verbose_name="公示网址",
            ),
        ),
        migrations.AddField(
            model_name="publicationreminder",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="publication_reminders",
                to="assistance.assistanceplan",
                verbose_name="帮扶方案",
            ),
        ),
        migrations.AlterField(
            model_name="publicationreminder",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="publication_reminders",
                to="assistance.assistancecase",
                verbose_name="帮扶项目",
            ),
        ),
        migrations.AddConstraint(
            model_name="publicationreminder",
            constraint=models.UniqueConstraint(
                fields=("plan", "decided_on", "occasion"),
                name="assistance_plan_publication_reminded_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="publicationreminder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("case__isnull", False), ("plan__isnull", True)),
                    models.Q(("case__isnull", True), ("plan__isnull", False)),
                    _connector="OR",
                ),
                name="assistance_publication_reminder_of_case_or_plan",
            ),
        ),
        migrations.RunPython(count_from_today, migrations.RunPython.noop),
    ]
