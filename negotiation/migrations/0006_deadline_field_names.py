# The deadline items' fields have one set of names (yingkou.models.deadlines): `due_on`,
# `done_on`, `outcome`. Renamed in place, history tables too, so no row is rewritten.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("negotiation", "0005_case_version")]

    operations = [
        migrations.RenameField("teamtask", "result", "outcome"),
        migrations.RenameField("historicalteamtask", "result", "outcome"),
        migrations.RenameField("investorquestion", "delivered_on", "done_on"),
        migrations.RenameField("historicalinvestorquestion", "delivered_on", "done_on"),
        migrations.RenameField("investorquestion", "answer", "outcome"),
        migrations.RenameField("historicalinvestorquestion", "answer", "outcome"),
    ]
