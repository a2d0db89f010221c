"""A-7: every joint meeting names its convening unit (filled by the previous migration)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assistance", "0014_meeting_convening_unit_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="jointmeeting",
            name="convening_unit",
            field=models.ForeignKey(
                help_text="召集人召集会议时所在的单位，其工作人员负责会议纪要、议定事项和任务（A-7）",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="yingkou.unit",
                verbose_name="召集单位",
            ),
        ),
    ]
