"""E-1's reference table of competent departments (行业主管部门对照) is A-3's as well and moves to
the shared domain (yingkou.IndustryAuthority): its tables are renamed, the rows and their history
kept (yingkou/migrations/0014)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('enterprise', '0017_promise_principal_leader'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable('IndustryAuthority', 'yingkou_industryauthority'),
                migrations.AlterModelTable(
                    'HistoricalIndustryAuthority', 'yingkou_historicalindustryauthority'
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name='HistoricalIndustryAuthority'),
                migrations.DeleteModel(name='IndustryAuthority'),
            ],
        ),
    ]
