"""Load test: the API list, /projects/ and the dashboard under concurrent clients.

    pip install -e .[bench]
    # gunicorn as deployed, against the seed_scale database (see benchmarks/scale.py)
    BENCH_SESSIONS=drc:<session key>,staff:<session key> \\
      locust -f benchmarks/locustfile.py --headless -u 8 -r 8 -t 60s --host http://127.0.0.1:8612

`benchmarks/scale.py --locust 60` starts gunicorn, logs both users in and runs this file with 8
users for 60 s from a second process. Half the users are the DRC (city-wide), half unit staff.
"""

import itertools
import os

from locust import HttpUser, between, task

SESSIONS = dict(
    item.split(":", 1) for item in os.environ.get("BENCH_SESSIONS", "").split(",") if item
)
_roles = itertools.cycle(sorted(SESSIONS) or ["drc"])


class ProjectUser(HttpUser):
    wait_time = between(0, 0.2)

    def on_start(self):
        self.role = next(_roles)
        self.client.cookies.set("sessionid", SESSIONS.get(self.role, ""))

    @task(3)
    def api_list(self):
        self.client.get("/api/v1/projects/", name=f"API list ({self.role})")

    @task(2)
    def api_filtered(self):
        self.client.get(
            "/api/v1/projects/?stage=reserve&stage=construction&industry=C",
            name=f"API filtered ({self.role})",
        )

    @task(3)
    def projects_page(self):
        self.client.get("/projects/", name=f"/projects/ ({self.role})")

    @task(1)
    def dashboard(self):
        self.client.get("/", name=f"dashboard ({self.role})")
