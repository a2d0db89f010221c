# The deadline items' fields have one set of names (yingkou.models.deadlines): `due_on`,
# `done_on`, `outcome`. Renamed in place, history tables too, so no row is rewritten.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enterprise", "0010_assessment_version")]

    operations = [
        migrations.RenameField("problem", "solved_on", "done_on"),
        migrations.RenameField("historicalproblem", "solved_on", "done_on"),
        migrations.RenameField("problem", "resolution", "outcome"),
        migrations.RenameField("historicalproblem", "resolution", "outcome"),
        migrations.RenameField("problemaction", "result", "outcome"),
        migrations.RenameField("historicalproblemaction", "result", "outcome"),
        migrations.RenameField("complaint", "reply_due", "due_on"),
        migrations.RenameField("historicalcomplaint", "reply_due", "due_on"),
        # The index follows the column; only its name (derived from the field's) changes.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RenameIndex(
                    "complaint",
                    new_name="enterprise__due_on_d844f1_idx",
                    old_name="enterprise__reply_d_71c941_idx",
                )
            ],
            state_operations=[
                migrations.RemoveIndex("complaint", "enterprise__reply_d_71c941_idx"),
                migrations.AddIndex(
                    "complaint",
                    models.Index(fields=["due_on"], name="enterprise__due_on_d844f1_idx"),
                ),
            ],
        ),
        migrations.RenameField("complaint", "replied_on", "done_on"),
        migrations.RenameField("historicalcomplaint", "replied_on", "done_on"),
        migrations.RenameField("complaint", "reply", "outcome"),
        migrations.RenameField("historicalcomplaint", "reply", "outcome"),
    ]
