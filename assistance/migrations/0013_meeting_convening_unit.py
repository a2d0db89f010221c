"""A-7: a joint meeting keeps the unit its convener convened it from (`convening_unit`), whose
staff keep its record, instead of following the convener's unit now. Added empty here, filled by
the next migration and made required by the one after: each runs in a transaction of its own,
as PostgreSQL refuses to build an index or alter a table while the fill's checks are pending."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assistance", "0012_dispatch_lead_units"),
        ("yingkou", "0014_industry_authority"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaljointmeeting",
            name="convening_unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="召集人召集会议时所在的单位，其工作人员负责会议纪要、议定事项和任务（A-7）",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="yingkou.unit",
                verbose_name="召集单位",
            ),
        ),
        migrations.AddField(
            model_name="jointmeeting",
            name="convening_unit",
            field=models.ForeignKey(
                help_text="召集人召集会议时所在的单位，其工作人员负责会议纪要、议定事项和任务（A-7）",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="yingkou.unit",
                verbose_name="召集单位",
            ),
        ),
    ]
