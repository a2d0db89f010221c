"""Scheduled work (SPEC §6): one registry of jobs, one run record per job and period."""

from .periods import Period, period_key
from .registry import PeriodNotOver, job, registered_jobs
from .runner import run_period

__all__ = ["Period", "PeriodNotOver", "job", "period_key", "registered_jobs", "run_period"]
