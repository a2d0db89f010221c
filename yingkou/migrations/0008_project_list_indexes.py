"""Indexes the project lists need at 100,000 projects (figures: README, Benchmarks).

- `project_industry_prefix`: the industry filter matches a prefix (`industry LIKE 'C%'`, "C" and
  its divisions C13…C43). A plain b-tree cannot serve LIKE outside the C collation, so the stage +
  industry filter read every project; with `varchar_pattern_ops` it reads the matching range. It
  also serves equality, so it replaces the plain industry index.
- `project_default_order`: every project list is ordered by total investment descending, then id.
  With both columns in the index a page (and the export) is read in order instead of sorting all
  projects; it also serves the investment range filters, so it replaces the single-column one.
- Trigram GIN indexes (PostgreSQL only, extension pg_trgm): the name/code search is
  `UPPER(name) LIKE UPPER('%…%')` (Django's icontains), which no b-tree can serve; a trigram index
  on the same UPPER(...) expression can. SQLite has no such index and skips this step.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("project_name_trgm", "UPPER(name)"),
    ("project_code_trgm", "UPPER(code)"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON yingkou_project "
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("yingkou", "0007_project_change_request"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="project",
            name="yingkou_pro_industr_8f86cb_idx",
        ),
        migrations.RemoveIndex(
            model_name="project",
            name="yingkou_pro_total_i_3660a1_idx",
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["industry"],
                name="project_industry_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["-total_investment", "id"], name="project_default_order"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
