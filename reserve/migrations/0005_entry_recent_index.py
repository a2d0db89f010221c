"""The entries list is ordered by the latest change (updated_at desc, id desc): with this index a
page is read in order rather than sorting every entry of the city (figures: README, Benchmarks)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reserve', '0004_pool_version'),
        ('yingkou', '0008_project_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(fields=['-updated_at', '-id'], name='reserve_entry_recent'),
        ),
    ]
