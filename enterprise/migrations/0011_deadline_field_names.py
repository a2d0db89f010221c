# The deadline items' fields have one set of names (yingkou.models.deadlines): `due_on`,
# `done_on`, `outcome`. Renamed in place, history tables too, so no row is rewritten.

from django.db import migrations, models

OLD, NEW = "enterprise__reply_d_71c941_idx", "enterprise__due_on_d844f1_idx"


def _rename(schema_editor, old: str, new: str, column: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'ALTER INDEX "{old}" RENAME TO "{new}"')
    else:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{old}"')
        schema_editor.execute(f'CREATE INDEX "{new}" ON "enterprise_complaint" ("{column}")')


def rename_index(apps, schema_editor):
    _rename(schema_editor, OLD, NEW, "due_on")


def unrename_index(apps, schema_editor):
    _rename(schema_editor, NEW, OLD, "reply_due")


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
            # RenameIndex cannot run on SQLite here: lacking ALTER INDEX it rebuilds the index
            # from its old definition, whose field no longer exists.
            database_operations=[migrations.RunPython(rename_index, unrename_index)],
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
