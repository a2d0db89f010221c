"""A job the real-worker tests load into their worker (celery --include): it blocks while a flag
file exists, so a test can kill the worker in the middle of it."""

import datetime as dt
import os
import time
from pathlib import Path

from yingkou.scheduling import job


@job("daily", "test_blocking", "测试：可阻塞的任务")
def blocking(day: dt.date) -> str:
    flag = Path(os.environ["TEST_BLOCKING_FLAG"])
    deadline = time.monotonic() + 60
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return f"done {day}"
