from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import Stage
from yingkou.context_processors import APPS
from yingkou.dashboard import figures_kept
from yingkou.models import Project


@login_required
def home(request):
    """A dashboard per role: the user's visible projects by stage, plus each app's panels."""
    figures, taken_at = figures_kept(request.user, _figures)
    return render(request, "home.html", {**figures, "taken_at": taken_at})


def _figures(user) -> dict:
    visible = Project.objects.visible_to(user)
    by_stage = {
        row["stage"]: row
        for row in visible.values("stage").annotate(
            count=Count("id"), investment=Sum("total_investment")
        )
    }
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
    # The totals are the stages' sums: one pass over the visible projects, not two.
    totals = {
        "count": sum(s["count"] for s in stages),
        "investment": sum(s["investment"] for s in stages) if by_stage else None,
    }
    months = charts.last_months()
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
                    "values": charts.monthly(visible, "created_at", months),
                }
            ],
            axes=[_("个")],
        ),
    ]
    return {
        "stages": stages,
        "totals": totals,
        "charts": foundation_charts,
        "panels": dashboard_panels(user),
    }


def dashboard_panels(user) -> list[dict]:
    """Each app may offer `<app>/dashboard.py: panels(user) -> [{"title", "rows": [(label, value,
    url)]}]` for the home page; each must run a fixed number of queries."""
    panels = []
    for app in APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
            continue
        panels.extend(module.panels(user))
    return panels
