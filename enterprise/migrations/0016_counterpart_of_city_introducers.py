"""E-1: an enterprise introduced by a city-level body is served by the city's department in
charge of its industry (`enterprise.rules._counterpart_unit`), where a municipal department used
to serve what it had introduced itself. The enterprises that rule decided are judged again here.

Nothing records a counterpart set by hand: every write decides it through the rule
(`services._apply_responsibility`, on registering, editing, and after a project or leader
change), and the admin only reads enterprises — before it did, an administrator could set it
there. So an enterprise whose counterpart is still the rule's former verdict (the introducing
municipal department) is judged again, and one that has any other counterpart was set by hand
and is kept. An enterprise closed or moved away is kept as it was closed. Each change is a row in
the enterprise's history, with the reason, and moves its version on (an edit form opened before
is refused rather than saved over it)."""

from django.db import migrations
from django.utils import timezone

AREA_KINDS = ("county", "park")
FALLBACK_CODE, FALLBACK_NAME = "GXJ", "工业和信息化局"
REASON = "E-1 市直部门引进的项目由市行政主管部门对口服务：对口服务部门由%(old)s改为%(new)s"


def _authority(IndustryAuthority, industry: str) -> tuple[str, str]:
    if not industry:
        return FALLBACK_CODE, FALLBACK_NAME
    rows = {
        row.industry: row
        for row in IndustryAuthority.objects.filter(industry__in={industry[:3], industry[:1]})
    }
    row = rows.get(industry[:3]) or rows.get(industry[:1])
    return (row.department_code, row.department_name) if row else (FALLBACK_CODE, FALLBACK_NAME)


def _area_of(Unit, unit):
    seen = set()
    while unit is not None and unit.pk not in seen:
        if unit.kind in AREA_KINDS:
            return unit
        seen.add(unit.pk)
        unit = Unit.objects.filter(pk=unit.parent_id).first() if unit.parent_id else None
    return None


def _counterpart(Unit, IndustryAuthority, introducer, industry: str):
    """The rule as it now stands (`enterprise.rules._counterpart_unit`)."""
    code, name = _authority(IndustryAuthority, industry)
    area = _area_of(Unit, introducer)
    if area is not None:
        children = Unit.objects.filter(parent=area)
        return (
            children.filter(code=f"{area.code}-{code}").first()
            or children.filter(name__endswith=name).first()
            or area
        )
    return Unit.objects.filter(code=code).first() or introducer


def judge_again(apps, schema_editor):
    Enterprise = apps.get_model("enterprise", "Enterprise")
    HistoricalEnterprise = apps.get_model("enterprise", "HistoricalEnterprise")
    IndustryAuthority = apps.get_model("enterprise", "IndustryAuthority")
    Unit = apps.get_model("yingkou", "Unit")
    fields = [field.attname for field in Enterprise._meta.concrete_fields]
    enterprises = (
        Enterprise.objects.filter(
            introducing_unit__kind="municipal_department", introducing_unit__level="city"
        )
        .exclude(status="closed")
        .select_related("introducing_unit")
        .order_by("pk")
    )
    for enterprise in enterprises:
        introducer = enterprise.introducing_unit
        if enterprise.counterpart_unit_id != introducer.pk:
            continue  # not the former rule's verdict: set by hand, kept
        counterpart = _counterpart(Unit, IndustryAuthority, introducer, enterprise.industry)
        if counterpart.pk == introducer.pk:
            continue
        now = timezone.now()
        enterprise.counterpart_unit_id = counterpart.pk
        enterprise.version += 1
        enterprise.updated_at = now
        # An UPDATE, not save(): the history row is written here, with its reason, once.
        Enterprise.objects.filter(pk=enterprise.pk).update(
            counterpart_unit_id=counterpart.pk, version=enterprise.version, updated_at=now
        )
        HistoricalEnterprise.objects.create(
            **{name: getattr(enterprise, name) for name in fields},
            history_date=now,
            history_type="~",
            history_user=None,
            history_change_reason=(REASON % {"old": introducer.name, "new": counterpart.name})[
                :100
            ],
        )


class Migration(migrations.Migration):
    dependencies = [("enterprise", "0015_complaint_reopened_on")]

    operations = [migrations.RunPython(judge_again, migrations.RunPython.noop)]
