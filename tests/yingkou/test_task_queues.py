"""Dashboard figures have a queue of their own (settings: CELERY_TASK_ROUTES), so that a worker
busy with exports and month-end jobs never delays a user's first dashboard."""

from yingkou.celery import app


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_dashboard_refresh_goes_to_its_own_queue():
    assert queue_of("yingkou.tasks.refresh_dashboard") == "dashboards"


def test_scheduled_jobs_and_exports_stay_on_the_default_queue():
    assert queue_of("yingkou.tasks.run_scheduled_period") == "celery"
    assert queue_of("yingkou.tasks.reconcile_schedule") == "celery"
    assert queue_of("yingkou.tasks.working_day_after") == "celery"
    assert queue_of("yingkou.tasks.send_notification_emails") == "celery"
    assert queue_of("yingkou.tasks.send_daily_digests") == "celery"
    assert queue_of("yingkou.tasks.build_export") == "celery"


def test_a_worker_started_without_queues_takes_both():
    # `celery worker` without -Q consumes every configured queue: one worker is enough.
    assert set(app.amqp.queues) == {"celery", "dashboards"}
