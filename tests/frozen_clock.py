"""Start Celery (worker or beat) with the clock set to a given moment and ticking from there:

    python -m tests.frozen_clock 2026-12-01T05:59:55+08:00 -A yingkou beat ...

so that a real beat sends, and a real worker runs, as they would on that day."""

import datetime as dt
import sys

import time_machine
from celery.__main__ import main

if __name__ == "__main__":
    moment = dt.datetime.fromisoformat(sys.argv[1])
    sys.argv = ["celery", *sys.argv[2:]]
    with time_machine.travel(moment, tick=True):
        sys.exit(main())
