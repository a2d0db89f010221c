"""The runs page: per job its last success and every period owed (SPEC §6), and a re-run."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingkou.models import ScheduledRun
from yingkou.permissions import can_see_scheduled_runs, require
from yingkou.scheduling.periods import is_due, period_key, period_name
from yingkou.scheduling.reconcile import schedule_start, standings
from yingkou.scheduling.registry import registered_jobs


@login_required
def scheduled_runs(request):
    require(can_see_scheduled_runs(request.user))
    # A run is shown by its job's Chinese description; the job's code is only a tooltip.
    runs = list(ScheduledRun.objects.all()[:200])
    for run in runs:
        run.description = run.job_description
    return render(
        request,
        "scheduled_runs.html",
        {"standings": standings(), "start": schedule_start(), "runs": runs},
    )


@login_required
@require_POST
def scheduled_run_rerun(request):
    """Queue one job for one period (a missing, failed or stale one) as a person's re-run: it
    overrides the retry backoff and limit, never the rule that an open period is not run."""
    from django.utils import timezone

    from yingkou.tasks import run_scheduled_period

    require(can_see_scheduled_runs(request.user))
    jobs = {job.name: job for job in registered_jobs()}
    job = jobs.get(request.POST.get("job", ""))
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        day = None
    if job is None or day is None:
        messages.error(request, _("无法识别要补跑的任务或周期。"))
    elif not is_due(job.period, day, timezone.localdate()):
        messages.error(request, _("该周期尚未结束，不能归档。"))
    else:
        run_scheduled_period.delay(job.period, day=day.isoformat(), jobs=[job.name], manual=True)
        messages.success(
            request,
            _("已提交补跑：%(job)s %(period)s")
            % {"job": job.description, "period": period_name(period_key(job.period, day))},
        )
    return redirect("scheduled_runs")
