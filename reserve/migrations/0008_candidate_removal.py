"""R-9: a funding candidate may be taken off the list with a written reason; it stays on record
(removed), so a project is a listed candidate once per channel and year and may be chosen again
after a removal."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reserve', '0007_pools_of_related_units'),
        ('yingkou', '0014_industry_authority'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='candidate',
            name='reserve_one_candidacy',
        ),
        migrations.AddField(
            model_name='candidate',
            name='removal_reason',
            field=models.TextField(blank=True, help_text='从候选名单中移除须书面说明理由（R-9）', verbose_name='移除理由'),
        ),
        migrations.AddField(
            model_name='candidate',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='移除时间'),
        ),
        migrations.AddField(
            model_name='candidate',
            name='removed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='移除人'),
        ),
        migrations.AddField(
            model_name='historicalcandidate',
            name='removal_reason',
            field=models.TextField(blank=True, help_text='从候选名单中移除须书面说明理由（R-9）', verbose_name='移除理由'),
        ),
        migrations.AddField(
            model_name='historicalcandidate',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='移除时间'),
        ),
        migrations.AddField(
            model_name='historicalcandidate',
            name='removed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='移除人'),
        ),
        migrations.AddConstraint(
            model_name='candidate',
            constraint=models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('channel', 'year', 'project'), name='reserve_one_listed_candidacy', violation_error_message='该项目已是本年度该资金渠道的候选项目。'),
        ),
    ]
