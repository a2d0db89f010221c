"""A-5: the reminders to publish a case's arrangement on the lead unit's portal, one per case,
decision day and occasion (`assistance.services.assistance_publication_remind`). Nothing is
recorded for the past: the first run tells each lead unit once of what is due or overdue then."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assistance', '0016_case_publication'),
        ('yingkou', '0015_project_industry_ids'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicationReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decided_on', models.DateField(verbose_name='确定日期')),
                ('occasion', models.CharField(choices=[('coming', '到期前提醒'), ('overdue', '逾期提醒')], max_length=10, verbose_name='提醒')),
                ('due_on', models.DateField(verbose_name='公示截止日')),
                ('sent_on', models.DateField(verbose_name='提醒日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='提醒时间')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='publication_reminders', to='assistance.assistancecase', verbose_name='帮扶项目')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='yingkou.unit', verbose_name='提醒单位')),
            ],
            options={
                'verbose_name': '门户网站公示提醒',
                'verbose_name_plural': '门户网站公示提醒',
                'ordering': ['-sent_on', '-id'],
                'constraints': [models.UniqueConstraint(fields=('case', 'decided_on', 'occasion'), name='assistance_case_publication_reminded_once')],
            },
        ),
    ]
