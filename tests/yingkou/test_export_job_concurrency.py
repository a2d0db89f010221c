"""Two clicks on one large export at the same moment make one job, which both are sent to."""

from tests.concurrency import postgres_only, together
from yingkou import export_jobs
from yingkou.models import ExportJob

pytestmark = postgres_only


def test_the_same_export_asked_twice_at_once_is_one_job(owner, monkeypatch):
    from yingkou.tasks import build_export

    # No worker: both requests find the job waiting, as they would behind a busy queue.
    monkeypatch.setattr(build_export, "delay", lambda job_id: None)

    def ask():
        return export_jobs.export_start(
            user=owner, kind=export_jobs.PROJECTS, title="项目库", params={"query": "q=1"}
        ).pk

    first, second = together(ask, ask)
    assert first == second == ExportJob.objects.get().pk
