"""An index for the weekly dispatch (帮扶机制二(一)) at 100,000 projects.

The dispatch (its page, the API and the job) reads one week's reports. Half a year of reports of
the 14,576 projects under construction is 302,925 rows; without an index on the week PostgreSQL
read all of them to keep the week's 11,599 (17-40 ms under load, then a hash of the whole history
table to check each report has its history: 157-169 ms in all). With (week, case) it reads the
week's rows alone (1 ms) and looks each one's history up by id: 26 ms for the city's whole week.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0010_problem_default_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="weeklyprogress",
            index=models.Index(fields=["week", "case"], name="weekly_progress_week_case"),
        ),
    ]
