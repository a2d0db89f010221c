from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render

from yingkou.choices import Stage
from yingkou.context_processors import APPS
from yingkou.models import Project


@login_required
def home(request):
    """A dashboard per role: the user's visible projects by stage, plus each app's panels."""
    visible = Project.objects.visible_to(request.user)
    by_stage = {
        row["stage"]: row
        for row in visible.values("stage").annotate(
            count=Count("id"), investment=Sum("total_investment")
        )
    }
    stages = []
    largest = max((row["count"] for row in by_stage.values()), default=0) or 1
    for value, label in Stage.choices:
        row = by_stage.get(value, {"count": 0, "investment": 0})
        stages.append(
            {
                "value": value,
                "label": label,
                "count": row["count"],
                "investment": row["investment"] or 0,
                "width": round(100 * row["count"] / largest),
            }
        )
    totals = visible.aggregate(count=Count("id"), investment=Sum("total_investment"))
    return render(
        request,
        "home.html",
        {"stages": stages, "totals": totals, "panels": dashboard_panels(request.user)},
    )


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
