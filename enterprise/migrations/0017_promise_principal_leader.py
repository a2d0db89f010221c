"""E-6 实行惠企政策落实“一把手”责任制: a policy promise names the principal leader of its
responsible department (`enterprise.rules.promise_principal_rule`).

The promises still to be kept are filled with their responsible department's principal leader
where it has exactly one serving (not retired); where it has several or none, the promise page
asks for one to be named. A promise already honoured or compensated is left without one: it was
closed before the system recorded who answered for it, and today's principal may not have been
the one. Each fill is a row in the promise's history, with the reason, and moves its version on
(a close form opened before is refused rather than saved over it)."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

REASON = "E-6 惠企政策落实“一把手”责任制：按责任部门唯一的在任主要领导确定为%(leader)s"


def fill(apps, schema_editor):
    PolicyPromise = apps.get_model("enterprise", "PolicyPromise")
    HistoricalPolicyPromise = apps.get_model("enterprise", "HistoricalPolicyPromise")
    Leader = apps.get_model("yingkou", "Leader")
    fields = [field.attname for field in PolicyPromise._meta.concrete_fields]
    principals: dict[int, list] = {}
    for leader in Leader.objects.filter(rank="principal", is_retired=False).order_by("id"):
        principals.setdefault(leader.unit_id, []).append(leader)
    promises = PolicyPromise.objects.filter(status="pending", principal_leader__isnull=True)
    for promise in promises.order_by("pk"):
        candidates = principals.get(promise.responsible_unit_id, [])
        if len(candidates) != 1:
            continue
        [leader] = candidates
        promise.principal_leader_id = leader.pk
        promise.version += 1
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        PolicyPromise.objects.filter(pk=promise.pk).update(
            principal_leader_id=leader.pk, version=promise.version
        )
        HistoricalPolicyPromise.objects.create(
            **{name: getattr(promise, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_user=None,
            history_change_reason=(REASON % {"leader": f"{leader.name}（{leader.title}）"})[:100],
        )
    if schema_editor is not None and schema_editor.connection.vendor == "postgresql":
        # The new column's foreign key and index are created at the end of the migration, in the
        # same transaction; PostgreSQL refuses to create them while the rows written above still
        # have their deferred foreign-key checks pending ("pending trigger events"), so they run
        # now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("enterprise", "0016_counterpart_of_city_introducers"),
        ("yingkou", "0013_export_job_liveness"),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpolicypromise',
            name='principal_leader',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='责任部门的主要领导（惠企政策落实“一把手”责任制）；只有一位时自动确定', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='yingkou.leader', verbose_name='“一把手”责任人'),
        ),
        migrations.AddField(
            model_name='policypromise',
            name='principal_leader',
            field=models.ForeignKey(blank=True, help_text='责任部门的主要领导（惠企政策落实“一把手”责任制）；只有一位时自动确定', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='yingkou.leader', verbose_name='“一把手”责任人'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
