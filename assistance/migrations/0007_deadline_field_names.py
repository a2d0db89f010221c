# The deadline items' fields have one set of names (yingkou.models.deadlines): `due_on`,
# `done_on`, `outcome`. Renamed in place, history tables too, so no row is rewritten.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assistance", "0006_edited_records_version")]

    operations = [
        migrations.RenameField("problem", "solved_on", "done_on"),
        migrations.RenameField("historicalproblem", "solved_on", "done_on"),
        migrations.RenameField("problem", "resolution", "outcome"),
        migrations.RenameField("historicalproblem", "resolution", "outcome"),
        migrations.RenameField("actionitem", "result", "outcome"),
        migrations.RenameField("historicalactionitem", "result", "outcome"),
    ]
