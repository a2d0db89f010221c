"""What the home page shows a user: the visible projects by stage and month, and each app's
panels. Computed by the worker at city scale (yingkou.dashboard names this function to it), by
the request otherwise."""

from importlib import import_module

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import Stage
from yingkou.context_processors import APPS
from yingkou.models import Project


def home_figures(user) -> dict:
    visible = Project.objects.visible_to(user)
    months = charts.last_months()
    # One pass over the visible projects gives the stages and the monthly new projects.
    rows = list(
        visible.order_by()
        .values("stage")
        .annotate(
            count=Count("id"),
            investment=Sum("total_investment"),
            **charts.per_month("new", Project, "created_at", months),
        )
    )
    by_stage = {row["stage"]: row for row in rows}
    stages = []
    for value, label in Stage.choices:
        row = by_stage.get(value, {"count": 0, "investment": 0})
        stages.append(
            {
                "value": value,
                "label": label,
                "count": row["count"],
                "investment": row["investment"] or 0,
            }
        )
    totals = {
        "count": sum(s["count"] for s in stages),
        "investment": sum(s["investment"] for s in stages) if by_stage else None,
    }
    by_month = [charts.per_month_values(row, "new", months) for row in rows]
    new_projects = [sum(column) for column in zip(*by_month, strict=True)] or [0] * len(months)
    foundation_charts = [
        charts.chart(
            "stages",
            _("各阶段项目数与总投资"),
            kind="bar",
            categories=[s["label"] for s in stages],
            series=[
                {"name": _("项目数"), "values": [s["count"] for s in stages]},
                {
                    "name": _("总投资（万元）"),
                    "values": [s["investment"] for s in stages],
                    "axis": 1,
                    "kind": "line",
                },
            ],
            axes=[_("个"), _("万元")],
        ),
        charts.chart(
            "new-projects",
            _("每月新增项目"),
            kind="bar",
            categories=charts.month_labels(months),
            series=[
                {
                    "name": _("新增项目"),
                    "values": new_projects,
                }
            ],
            axes=[_("个")],
            every_label=True,
        ),
    ]
    return {
        "stages": stages,
        "totals": totals,
        "charts": foundation_charts,
        "panels": dashboard_panels(user),
    }


#: What a panel may hold. None of them is the name of a dict method: the template reads a panel
#: as `panel.<key>`, and for a key the panel lacks Django falls back to the dict's attribute of
#: that name (a missing "items" drew the bound `dict.items`, truthy, as an empty list).
PANEL_KEYS = frozenset({"title", "rows", "charts", "records", "first"})


def dashboard_panels(user) -> list[dict]:
    """Each app may offer `<app>/dashboard.py: panels(user) -> [{"title", "rows": [(label, value,
    url)], "charts": [...], "records": {"title", "rows": [(label, url, note)]} or None}]` for the
    home page; each must run a fixed number of queries. A panel with another key is refused.
    A panel of the user's unit's own work, where the projects are not (`"first": True`), is
    drawn first, before the figures of the projects."""
    panels = []
    for app in APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
            continue
        for panel in module.panels(user):
            unknown = set(panel) - PANEL_KEYS
            if unknown:
                raise ValueError(f"{app}.dashboard panel has unknown keys {sorted(unknown)}")
            panels.append(panel)
    return panels
