"""The reference table of competent departments (行业主管部门对照), E-1's and A-3's, joins the shared
domain: its tables were renamed by enterprise/migrations/0018, so only the state moves here; the
admin's content types follow, so permissions and the admin's log keep pointing at it."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("industryauthority", "historicalindustryauthority")


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="yingkou", model__in=MODELS).exists():
        ContentType.objects.filter(app_label="enterprise", model__in=MODELS).update(
            app_label="yingkou"
        )


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="enterprise", model__in=MODELS).exists():
        ContentType.objects.filter(app_label="yingkou", model__in=MODELS).update(
            app_label="enterprise"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('yingkou', '0013_export_job_liveness'),
        ('enterprise', '0018_industry_authority_to_yingkou'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IndustryAuthority',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('industry', models.CharField(help_text='门类字母，或门类字母加两位大类代码，如 H、N77', max_length=3, unique=True, verbose_name='行业门类或大类')),
                        ('department_code', models.CharField(help_text='市级该类部门的单位代码，如 WHLY；县(市)区、园区的为“地区代码-WHLY”', max_length=16, verbose_name='主管部门代码')),
                        ('department_name', models.CharField(help_text='如 文化旅游局', max_length=50, verbose_name='主管部门类别')),
                    ],
                    options={
                        'verbose_name': '行业主管部门对照',
                        'verbose_name_plural': '行业主管部门对照',
                        'ordering': ['industry'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalIndustryAuthority',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('industry', models.CharField(db_index=True, help_text='门类字母，或门类字母加两位大类代码，如 H、N77', max_length=3, verbose_name='行业门类或大类')),
                        ('department_code', models.CharField(help_text='市级该类部门的单位代码，如 WHLY；县(市)区、园区的为“地区代码-WHLY”', max_length=16, verbose_name='主管部门代码')),
                        ('department_name', models.CharField(help_text='如 文化旅游局', max_length=50, verbose_name='主管部门类别')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 行业主管部门对照',
                        'verbose_name_plural': 'historical 行业主管部门对照',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
