"""E-7: an archived assessment records the principal leaders (一把手) who answer for a criticised
unit's overdue policy promises. The results archived before stay without them (null, read as
"not recorded then"): who answered at their period's end cannot be told now."""

import django.db.models
from django.db import migrations


def _field(**default):
    return django.db.models.JSONField(
        blank=True,
        null=True,
        help_text=(
            '被通报批评的地区、部门（含所属单位）截至考核期末逾期未兑现的政策承诺的“一把手”责任人：'
            '领导编号、当时的姓名和职务、所在单位、逾期承诺件数；无领导编号的为待指定'
        ),
        verbose_name='负有责任的“一把手”',
        **default,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('enterprise', '0018_industry_authority_to_yingkou'),
    ]

    operations = [
        # Added without a default, so the rows archived before read null; new ones then get [].
        migrations.AddField(
            model_name='assessmentresult', name='accountable_principals', field=_field()
        ),
        migrations.AlterField(
            model_name='assessmentresult',
            name='accountable_principals',
            field=_field(default=list),
        ),
    ]
