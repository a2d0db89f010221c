"""The README's table of scheduled jobs names every job the scheduler knows, with its period, and
no job it does not know: an operator reads there what `run_scheduled --job` takes."""

import re
from pathlib import Path

from yingkou.scheduling import registered_jobs

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `(?P<name>\w+)` \| (?P<period>\w+) \|", re.MULTILINE)


def readme_jobs() -> dict[str, str]:
    section = README.read_text().split("## Scheduled work", 1)[1].split("\n## ", 1)[0]
    table = section.split("**The jobs.**", 1)[1]
    return {row["name"]: row["period"] for row in ROW.finditer(table)}


def test_the_readme_lists_every_scheduled_job_with_its_period():
    known = {job.name: job.period.value for job in registered_jobs() if job.name != "test_blocking"}
    assert readme_jobs() == known
