from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yingkou.dashboard import figures_age, figures_kept
from yingkou.home_figures import home_figures


@login_required
def home(request):
    """A dashboard per role: the user's visible projects by stage, plus each app's panels."""
    figures, taken_at = figures_kept(request.user, home_figures)
    if figures is None:
        return render(request, "home_counting.html")
    age = figures_age(taken_at) if taken_at else None
    return render(request, "home.html", {**figures, "taken_at": taken_at, "taken": age})
