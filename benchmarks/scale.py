"""Benchmark at city scale: every list, page, export, import and periodic job beside its floor.

    createdb scale_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_scale --projects 100000
    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python benchmarks/scale.py [--repeat 30]

Pages and endpoints are requested over HTTP from a real gunicorn (2 workers, production
settings, DEBUG off) as a city-wide user (the DRC reviewer `drc`) and as unit staff (`staff`,
鲅鱼圈区), alternating with their floor: the same session lookup, filter, order, limit and columns
as one hand-written SQL query through psycopg2, dumped to JSON, twice — over HTTP from the same
kind of gunicorn (`floor_app.py`, which also serves Django's own fixed cost: a signed-in empty
answer and the site's frame) and in this process (no socket at all). Files are built in this process
(the background job does the same work) beside the fastest bare writer: the same rows through
XlsxWriter in constant-memory mode, alternating (--file-repeat runs per side, the best of each
compared); then once more under tracemalloc for the peak Python memory, with the process's peak
RSS growth beside it. The import and the periodic jobs run in a transaction that is
rolled back, so the data stays as seeded. Prints a Markdown table (p50/p95 in ms).
"""

import argparse
import datetime as dt
import http.client
import io
import json
import os
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGE_COLUMNS = (
    "p.id, p.name, p.code, p.owner_unit_id, p.landing_unit_id, p.industry, p.sector, "
    "p.is_real_estate, p.capital_origin, p.capacity_kind, p.size_class, "
    "p.total_investment::text, p.investor, p.investor_intent_clear, p.construction_content, "
    "p.start_year, p.end_year, p.stage, p.contact_name, p.contact_phone, p.version, "
    "p.created_at, p.updated_at"
)
# The projects a unit sees (SPEC §0), written as a union of id sets (index-only scans): what a
# count of the whole list reads.
TEAM_PROJECTS = """
    SELECT project_id FROM yingkou_team WHERE lead_unit_id = %(unit)s
    UNION SELECT project_id FROM yingkou_team WHERE main_negotiating_unit_id = %(unit)s
    UNION SELECT t.project_id FROM yingkou_team t
          JOIN yingkou_team_cooperating_units c ON c.team_id = t.id WHERE c.unit_id = %(unit)s
"""
VISIBLE = f"""
    SELECT id FROM yingkou_project WHERE owner_unit_id = %(unit)s
    UNION SELECT id FROM yingkou_project WHERE landing_unit_id = %(unit)s
    UNION {TEAM_PROJECTS}
"""
# The same set as a condition on a project row (the team ids computed once): a page read in
# index order stops after its rows.
VISIBLE_ROW = (
    f"(p.owner_unit_id = %(unit)s OR p.landing_unit_id = %(unit)s OR p.id IN ({TEAM_PROJECTS}))"
)
SESSION = (
    "SELECT u.id, u.role, u.unit_id, u.is_active FROM django_session s, yingkou_user u "
    "WHERE s.session_key = %(session)s AND s.expire_date > now() AND u.id = %(user)s"
)


WHO = {"drc": "DRC", "staff": "unit staff", "gxj": "industry department"}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# One key for gunicorn and this process: sessions are signed and tied to it.
SECRET_KEY = secrets.token_urlsafe(50)


def environment(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="yingkou.settings.production",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
        PYTHONPATH=str(ROOT),
    )
    return env


def start_gunicorn(application, port, workers, env, log, *extra):
    """gunicorn serving `application` on loopback, with the benchmark's settings in `env`."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            application,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / log, "w"),  # noqa: SIM115
    )


def wait_until_serving(port, what):
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{what} did not start")


def stop(*processes):
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


class Server:
    """gunicorn as deployed (the Dockerfile's command), 2 workers on loopback, and a Celery
    worker as the compose file runs it (it computes the dashboards' figures)."""

    def __init__(self, args):
        self.port = args.port
        self.env = environment(args)
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
        self.process = start_gunicorn(
            "yingkou.wsgi:application",
            self.port,
            args.workers,
            self.env,
            "bench-gunicorn.log",
            "--timeout",
            "120",
        )
        self.worker = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "yingkou",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tempfile.gettempdir()) / "bench-worker.log", "w"),  # noqa: SIM115
        )
        wait_until_serving(self.port, "gunicorn")

    def stop(self):
        stop(self.process, self.worker)


class FloorServer:
    """`floor_app.py` behind gunicorn with the app's worker count, on the next port."""

    def __init__(self, args, operations):
        self.port = args.port + 1
        spec = Path(tempfile.mkdtemp(prefix="bench-floor-")) / "operations.json"
        spec.write_text(json.dumps([(SESSION, {}), *operations]), encoding="utf-8")
        env = dict(environment(args), FLOOR_OPERATIONS=str(spec))
        self.process = start_gunicorn(
            "floor_app:application",
            self.port,
            args.workers,
            env,
            "bench-floor.log",
            "--chdir",
            str(ROOT / "benchmarks"),
        )
        wait_until_serving(self.port, "the floor's gunicorn")

    def stop(self):
        stop(self.process)


def login(user):
    """A session in the database, as the login page would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class Client:
    def __init__(self, port, session_key):
        self.port = port
        self.cookie = f"sessionid={session_key}"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def get(self, url) -> bytes:
        self.connection.request(
            "GET", url, headers={"Cookie": self.cookie, "Host": "127.0.0.1", "Accept": "*/*"}
        )
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"GET {url}: {response.status} {body[:300]!r}")
        return body


class Floor:
    """One hand-written query through psycopg2, its rows dumped to JSON."""

    def __init__(self, dsn):
        import psycopg2

        self.connection = psycopg2.connect(dsn)
        self.connection.autocommit = True

    def run(self, sql, params) -> bytes:
        with self.connection.cursor() as cursor:
            cursor.execute(SESSION, params)
            cursor.fetchone()
            cursor.execute(sql, params)
            names = [c.name for c in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return json.dumps(rows, default=str, ensure_ascii=False).encode()


def page_sql(
    where="TRUE", visible=False, count=True, order="p.total_investment DESC, p.id", offset=0
):
    """A page's rows and the list's count by hand; a page after the first as its ids (read from
    the order index alone), then its rows by id, the best SQL for it known here."""
    scope = VISIBLE_ROW if visible else "TRUE"
    if not count:
        counted = "(SELECT reltuples::bigint FROM pg_class WHERE relname = 'yingkou_project')"
    elif visible and where == "TRUE":
        counted = f"(SELECT count(*) FROM ({VISIBLE}) v)"
    else:
        counted = f"(SELECT count(*) FROM yingkou_project p WHERE {scope} AND {where})"
    if offset:
        ids = (
            f"SELECT p.id FROM yingkou_project p WHERE {scope} AND {where} "
            f"ORDER BY {order} LIMIT 50 OFFSET {offset}"
        )
        return (
            f"SELECT {counted} AS total, {PAGE_COLUMNS} FROM yingkou_project p "
            f"WHERE p.id IN ({ids}) ORDER BY {order}"
        )
    return (
        f"SELECT {counted} AS total, {PAGE_COLUMNS} FROM yingkou_project p "
        f"WHERE {scope} AND {where} ORDER BY {order} LIMIT 50"
    )


FILTER = "p.stage IN ('reserve', 'construction') AND p.industry LIKE 'C%%'"
FILTER_QUERY = "stage=reserve&stage=construction&industry=C"


def keyset_cursor(floor, visible, unit, depth):
    """The API cursor (`?cursor=`) of the page that starts `depth` rows into the default order,
    as the API's `next` link would carry it, and the floor's position parameter."""
    import base64
    import urllib.parse

    scope = f"p.id IN ({VISIBLE})" if visible else "TRUE"
    with floor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.total_investment::text FROM yingkou_project p WHERE {scope} "
            "ORDER BY p.total_investment DESC, p.id OFFSET %(depth)s LIMIT 1",
            {"unit": unit, "depth": depth - 1},
        )
        position = cursor.fetchone()[0]
    token = base64.b64encode(urllib.parse.urlencode({"p": position}).encode()).decode()
    return urllib.parse.quote(token), position


WEEKLY = "A-8 weekly list (page)"
# The weekly page's answer by hand: the week's first 50 sites in its order with their reports,
# and the figures over the whole week.
WEEKLY_FLOOR = (
    "SELECT c.id, p.name, coalesce(l.name, o.name, '') AS area, p.total_investment::text, "
    "w.reported_on, w.progress, w.investment::text, count(*) OVER () AS total, "
    "count(w.id) OVER () AS reported FROM assistance_assistancecase c "
    "JOIN yingkou_project p ON p.id = c.project_id "
    "LEFT JOIN yingkou_unit l ON l.id = p.landing_unit_id "
    "LEFT JOIN yingkou_unit o ON o.id = p.owner_unit_id "
    "LEFT JOIN assistance_weeklyprogress w ON w.case_id = c.id AND w.week = %(monday)s "
    "WHERE c.status = 'active' AND p.stage = 'construction' "
    "ORDER BY 3, p.name, c.id LIMIT 50"
)


# what a unit publishes, each case with its leaders, lead unit, cooperating units (in code
# order) and members; the public page is a page of it with the count, the feed all of it.
PUBLIC_FROM = (
    "FROM assistance_assistancecase c JOIN yingkou_team t ON t.id = c.team_id "
    "JOIN yingkou_project p ON p.id = c.project_id"
)
PUBLIC_WHERE = (
    "WHERE t.lead_unit_id = %(unit)s AND t.lead_leader_id IS NOT NULL "
    "AND c.team_status = 'approved' AND c.status <> 'closed'"
)
PUBLIC_ROWS = (
    "SELECT p.name, p.total_investment::text, c.tier, l.name AS leader, l.title, "
    "r.name AS responsible, r.title AS responsible_title, u.name AS lead_unit, "
    "(SELECT string_agg(cu.name, '、' ORDER BY cu.code) FROM yingkou_team_cooperating_units tc "
    "JOIN yingkou_unit cu ON cu.id = tc.unit_id WHERE tc.team_id = t.id) AS units, "
    "(SELECT string_agg(coalesce(nullif(mu.last_name || mu.first_name, ''), mu.username), '、' "
    "ORDER BY tm.id) FROM yingkou_team_members tm JOIN yingkou_user mu ON mu.id = tm.user_id "
    f"WHERE tm.team_id = t.id) AS members{{count}} {PUBLIC_FROM} "
    "JOIN yingkou_leader l ON l.id = t.lead_leader_id "
    "LEFT JOIN yingkou_leader r ON r.id = c.responsible_leader_id "
    f"JOIN yingkou_unit u ON u.id = t.lead_unit_id {PUBLIC_WHERE} "
    "ORDER BY p.total_investment DESC, c.id{limit}"
)
PUBLIC_PAGE_FLOOR = PUBLIC_ROWS.format(
    count=f", (SELECT count(*) {PUBLIC_FROM} {PUBLIC_WHERE}) AS n", limit=" LIMIT 50"
)
PUBLIC_FEED_FLOOR = PUBLIC_ROWS.format(count="", limit="")


def report_saved():
    """A unit corrects one of the week's reports (with its history, as the app saves it)."""
    from django.utils import timezone

    from assistance.models import WeeklyProgress
    from assistance.rules import week_monday
    from yingkou.services import save_with_history

    week = week_monday(timezone.localdate())
    report = WeeklyProgress.objects.filter(week=week).first()
    if report is None:
        # On a Monday nothing is reported yet: the unit of last week's first report reports
        # this week, as the app takes it, and later requests correct that report.
        from assistance.services import weekly_progress_report

        last = WeeklyProgress.objects.filter(week__lt=week).select_related("case__project")
        last = last.order_by("-week", "pk").first()
        weekly_progress_report(
            case=last.case, user=last.reported_by, progress=last.progress, investment=0
        )
        return
    report.investment += 1
    save_with_history(report, report.reported_by)


def pooled_investment_changed():
    """The DRC corrects the total investment of a project in a level-2 pool (as the app saves
    it, with its history): the next pool list sums that project's pools again."""
    from reserve.models import Membership
    from yingkou.choices import Role
    from yingkou.models import User
    from yingkou.services import project_update

    membership = Membership.objects.current().filter(level=2).order_by("pk").first()
    project = membership.project
    # Up and down in turn, so that repeated runs leave the data as they found it.
    step = 1 if project.version % 2 else -1
    project_update(
        project=project,
        user=User.objects.filter(role=Role.DRC_REVIEWER).order_by("pk").first(),
        expected_version=project.version,
        total_investment=project.total_investment + step,
    )


def forget_dashboards():
    """Empty the cache the dashboards keep their figures in (the same Redis as gunicorn's)."""
    from django.core.cache import cache

    cache.clear()


FIGURES_READY = "dashboard, first visit until the figures show (worker)"
COUNTING = b"data-counting"


def until_figures(client, url) -> bytes:
    """Ask for the page until it has the figures (the browser asks every second; here every
    20 ms, so the time is the worker's)."""
    while COUNTING in (body := client.get(url)):
        time.sleep(0.02)
    return body


# What Django costs before a page's own work, served beside the floor (floor_app.py); their floor
# is the session lookup alone.
DJANGO_EMPTY = "Django: a signed-in empty answer"
DJANGO_FRAME = "Django: the site's frame around nothing"
NOTHING = "SELECT 1 WHERE FALSE"


def operations(drc_unit, staff_unit, cursors):
    """(label, who, url, floor sql, params, before each request)."""
    from django.utils import timezone

    from assistance.rules import week_monday
    from yingkou.models import Unit

    drc_entries = (
        "SELECT (SELECT count(*) FROM reserve_entry WHERE level = 1 AND status = 'submitted') AS n, "
        "e.id, e.status, e.level, e.updated_at, p.name, p.code, p.total_investment::text, "
        "u.name AS unit FROM reserve_entry e JOIN yingkou_project p ON p.id = e.project_id "
        "JOIN reserve_pool o ON o.id = e.pool_id JOIN yingkou_unit u ON u.id = o.unit_id "
        "WHERE e.level = 1 AND e.status = 'submitted' ORDER BY e.updated_at, e.id LIMIT 50"
    )
    pools = (
        "SELECT o.id, o.name, count(*) AS n, sum(p.total_investment)::text AS total, "
        "sum(CASE WHEN p.is_real_estate THEN 0 ELSE p.total_investment END)::text AS non_re, "
        "sum(CASE WHEN p.total_investment >= 50000 THEN p.total_investment ELSE 0 END)::text "
        "AS large FROM reserve_pool o JOIN reserve_membership m ON m.pool_id = o.id "
        "AND m.left_at IS NULL JOIN yingkou_project p ON p.id = m.project_id "
        "GROUP BY o.id, o.name ORDER BY o.level, o.id"
    )
    dashboard = (
        "SELECT p.stage, count(*) AS n, sum(p.total_investment)::text AS total "
        "FROM yingkou_project p WHERE {scope} GROUP BY p.stage"
    )
    ops = []
    for who, visible in (("drc", False), ("staff", True)):
        token, position = cursors[who]
        keyset = (
            f"SELECT {PAGE_COLUMNS} FROM yingkou_project p "
            f"WHERE {VISIBLE_ROW if visible else 'TRUE'} "
            "AND p.total_investment < %(position)s::numeric "
            "ORDER BY p.total_investment DESC, p.id LIMIT 51"
        )
        ops += [
            (
                "API default page",
                who,
                "/api/v1/projects/",
                page_sql(visible=visible, count=visible),
            ),
            (
                "API stage + industry filter",
                who,
                f"/api/v1/projects/?{FILTER_QUERY}",
                page_sql(FILTER, visible=visible),
            ),
            (
                "API deep page by number",
                who,
                "/api/v1/projects/?page=500" if not visible else "/api/v1/projects/?page=50",
                page_sql(visible=visible, count=visible, offset=2450 if visible else 24950),
            ),
            (
                "API deep page by cursor",
                who,
                f"/api/v1/projects/?cursor={token}",
                keyset,
                {"position": position},
            ),
            ("HTML /projects/", who, "/projects/", page_sql(visible=visible, count=visible)),
            (
                "HTML /projects/ last page offered (page 100)",
                who,
                "/projects/?page=100",
                page_sql(visible=visible, count=visible, offset=4950),
            ),
            (
                "HTML /projects/ filtered",
                who,
                f"/projects/?{FILTER_QUERY}",
                page_sql(FILTER, visible=visible),
            ),
            (
                "dashboard",
                who,
                "/",
                dashboard.format(scope=f"p.id IN ({VISIBLE})" if visible else "TRUE"),
            ),
            (
                "dashboard, first visit (nothing kept: the page says it is counting)",
                who,
                "/",
                dashboard.format(scope=f"p.id IN ({VISIBLE})" if visible else "TRUE"),
                {},
                forget_dashboards,
            ),
            (
                FIGURES_READY,
                who,
                "/",
                dashboard.format(scope=f"p.id IN ({VISIBLE})" if visible else "TRUE"),
                {},
                forget_dashboards,
            ),
            ("pool list with health", who, "/reserve/pools/", pools),
            (
                "pool list with health, a pooled project's investment changed before each request",
                who,
                "/reserve/pools/",
                pools,
                {},
                pooled_investment_changed,
            ),
        ]
    ops.append(("level-1 review queue", "drc", "/reserve/review/level-1/", drc_entries))
    # the city's running week, kept between writes (yingkou.freshness); and as a request
    # finds it right after a unit saved a report, when the week is read again.
    week = {"monday": week_monday(timezone.localdate()).isoformat()}
    ops += [
        (WEEKLY, "drc", "/assistance/weekly/", WEEKLY_FLOOR, week),
        (
            f"{WEEKLY}, a report saved before each request",
            "drc",
            "/assistance/weekly/",
            WEEKLY_FLOOR,
            week,
            report_saved,
        ),
    ]
    # the staff's unit's public page and feed (anonymous pages, asked here signed in).
    public = Unit.objects.get(pk=staff_unit).code
    ops += [
        ("A-5 public page", "staff", f"/assistance/public/{public}/", PUBLIC_PAGE_FLOOR),
        (
            "A-5 public feed (every case)",
            "staff",
            f"/assistance/public/{public}/feed.json",
            PUBLIC_FEED_FLOOR,
        ),
    ]
    for who in ("drc", "staff"):
        ops += [
            (DJANGO_EMPTY, who, "/django/empty/", NOTHING),
            (DJANGO_FRAME, who, "/django/frame/", NOTHING),
        ]
    return ops


def every_page() -> list[str]:
    """Every page and API operation reachable by GET without an argument in its path: the lists,
    queues, forms and reports a user opens from the menu (downloads, schema and sign-in pages
    left out)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    left_out = (
        "<", "(?P", "admin", "auth/", "login", "logout", "password", "i18n", "export",
        "schema", "docs", ".json", "feed", "complaint/", "download", "rerun",
    )  # fmt: skip
    routes = {
        route.replace("^", "").replace("$", "") for route in walk(get_resolver().url_patterns)
    }
    return sorted("/" + r for r in routes if not any(part in r for part in left_out))


def measure_sweep(args, clients) -> list[tuple[str, str, list[float]]]:
    """Each page of `every_page()` that the user may open (200), `args.sweep` requests each."""
    results = []
    for who, client in clients.items():
        for url in every_page():
            try:
                client.get(url)
            except SystemExit:  # not this user's page (403/404/405)
                continue
            times = []
            for _ in range(args.sweep):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            results.append((url, who, times))
    return results


def measure_requests(args, clients, floor, users, units):
    """Each operation as the app answers it, beside its floor over HTTP (`floor_app.py` behind
    its own gunicorn) and its floor in this process, alternating."""
    from django.db import connection

    results = []
    cursors = {
        "drc": keyset_cursor(floor, False, units["drc"], 24950),
        "staff": keyset_cursor(floor, True, units["staff"], 2450),
    }
    measured = []
    for label, who, url, sql, *extra in operations(units["drc"], units["staff"], cursors):
        if args.only and not any(part in label for part in args.only.split(",")):
            continue
        params = {"user": users[who].pk, "unit": units[who], **(extra[0] if extra else {})}
        before = extra[1] if len(extra) > 1 else None
        measured.append((label, who, url, sql, params, before))
    served = FloorServer(args, [(sql, params) for _l, _w, _u, sql, params, _b in measured])
    try:
        for index, (label, who, url, sql, params, before) in enumerate(measured):
            session = clients[who].cookie.split("=")[1]
            params = {**params, "session": session}
            over_http = Client(served.port, session)
            app_client = over_http if url.startswith("/django/") else clients[who]
            until_figures(app_client, url)  # warm
            floor.run(sql, params)
            over_http.get(f"/{index}")
            app, bare, http_floor = [], [], []
            for _ in range(args.repeat):
                if before is not None:
                    before()
                started = time.perf_counter()
                if label == FIGURES_READY:
                    until_figures(app_client, url)
                else:
                    app_client.get(url)
                app.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                over_http.get(f"/{index}")
                http_floor.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                floor.run(sql, params)
                bare.append((time.perf_counter() - started) * 1000)
            results.append((label, who, app, http_floor, bare))
            print(
                f"  {who:<6} {label:<32} {statistics.median(app):7.1f} ms "
                f"(floor over HTTP {statistics.median(http_floor):.1f})",
                file=sys.stderr,
            )
    finally:
        served.stop()
    connection.close()
    return results


def bare_workbook(rows, columns, target):
    """The fastest bare writer: XlsxWriter in constant-memory mode, no formats, each cell by its
    type's own method (write_row's guessing of formulas and links costs a fifth more)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet()
    write, write_string = sheet.write, sheet.write_string
    sheet.write_row(0, 0, columns)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value.__class__ is str:
                write_string(index, column, value)
            elif value is not None:
                write(index, column, value)
    workbook.close()


def measure_files(args, floor):
    """Full export, the enterprise list and the monthly list, built as the background job
    builds them."""
    from django.db import transaction

    from enterprise.exports import EnterpriseExporter
    from enterprise.filters import EnterpriseFilterSet
    from enterprise.selectors import enterprise_list
    from reserve import selectors, services
    from reserve.exports import DETAIL_LIST_COLUMNS
    from reserve.models import MonthlyArchive
    from yingkou.exports import ProjectExporter
    from yingkou.models import Project, User

    def timed(function):
        tracemalloc.start()
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return elapsed, peak

    def untraced(function):
        started = time.perf_counter()
        function()
        return time.perf_counter() - started

    results = []
    queryset = Project.objects.with_related().order_by("-total_investment", "id")

    def app_export():
        ProjectExporter(queryset).write(io.BytesIO())

    def bare_export():
        with floor.connection.cursor(name="export") as cursor:
            cursor.itersize = 5000
            cursor.execute(
                "SELECT p.name, p.code, o.name, l.name, p.industry, p.sector, p.is_real_estate, "
                "p.total_investment, p.stage, p.investor, p.investor_intent_clear "
                "FROM yingkou_project p JOIN yingkou_unit o ON o.id = p.owner_unit_id "
                "LEFT JOIN yingkou_unit l ON l.id = p.landing_unit_id "
                "ORDER BY p.total_investment DESC, p.id"
            )
            bare_workbook(cursor, [c for c, _ in ProjectExporter.columns], io.BytesIO())

    def alternate(app, bare):
        apps, bares = [], []
        for _ in range(args.file_repeat):
            apps.append(untraced(app))
            bares.append(untraced(bare))
            floor.connection.rollback()
        return apps, bares

    def rss_growth():
        return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    floor.connection.autocommit = False
    results.append(("full projects export", *alternate(app_export, bare_export)))
    results[-1] += (timed(app_export)[1], rss_growth())

    # The enterprise list as the DRC exports it: its order, its last-visit figure, its leaders.
    enterprises = EnterpriseFilterSet(
        {}, queryset=enterprise_list(User.objects.get(username="drc"))
    ).qs

    def app_enterprises():
        EnterpriseExporter(enterprises).write(io.BytesIO())

    def bare_enterprises():
        with floor.connection.cursor(name="enterprises") as cursor:
            cursor.itersize = 5000
            cursor.execute(
                "SELECT e.name, a.name, i.name, r.name, c.name, e.total_investment, e.tier, "
                "rl.name, rl.title, lc.name, lc.title, e.is_key, "
                "(SELECT v.visited_on FROM enterprise_visit v WHERE v.enterprise_id = e.id "
                "ORDER BY v.visited_on DESC LIMIT 1) "
                "FROM enterprise_enterprise e LEFT JOIN yingkou_unit a ON a.id = e.area_id "
                "JOIN yingkou_unit i ON i.id = e.introducing_unit_id "
                "JOIN yingkou_unit r ON r.id = e.responsible_unit_id "
                "JOIN yingkou_unit c ON c.id = e.counterpart_unit_id "
                "LEFT JOIN yingkou_leader rl ON rl.id = e.responsible_leader_id "
                "LEFT JOIN yingkou_leader lc ON lc.id = e.leader_in_charge_id "
                "ORDER BY e.total_investment DESC, e.id"
            )
            bare_workbook(cursor, [c for c, _ in EnterpriseExporter.columns], io.BytesIO())

    label = f"enterprise list export, {enterprises.count()} rows"
    results.append((label, *alternate(app_enterprises, bare_enterprises)))
    results[-1] += (timed(app_enterprises)[1], rss_growth())

    today = dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)

    def app_monthly():
        with transaction.atomic():
            MonthlyArchive.objects.filter(kind="detail_list", period=f"{last:%Y-%m}").delete()
            services.monthly_archive_detail_list(year=last.year, month=last.month)
            transaction.set_rollback(True)

    moment = selectors.report_moment(last.year, last.month)

    def bare_monthly():
        # The same 16 values per row as the list (raw codes instead of labels, no formats).
        rows = (
            [n, *(value for key, value in r.items() if key != "project_id")]
            for n, r in enumerate(selectors.detail_list_rows(moment), start=1)
        )
        bare_workbook(rows, [c for c, _ in DETAIL_LIST_COLUMNS], io.BytesIO())

    count = sum(1 for _ in selectors.detail_list_rows(moment))
    results.append((f"monthly list, {count} rows, built", *alternate(app_monthly, bare_monthly)))
    results[-1] += (timed(app_monthly)[1], rss_growth())
    floor.connection.autocommit = True
    return results


def measure_import(floor, staff):
    """An Excel import of 2,000 rows (the template), rolled back."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import Workbook, load_workbook

    from reserve import imports

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(imports.HEADERS)
    for n in range(2000):
        row = list(imports.EXAMPLE)
        row[0] = f"基准导入项目{n:04d}"
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    def app():
        with transaction.atomic():
            result = imports.entries_import(
                file=SimpleUploadedFile("import.xlsx", content), user=staff
            )
            assert result.ok, result.errors[:3]
            transaction.set_rollback(True)

    def bare():
        rows = load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(
            min_row=2, values_only=True
        )
        values = [(r[0], r[3], str(r[4])) for r in rows]
        floor.connection.autocommit = False
        with floor.connection.cursor() as cursor:
            from psycopg2.extras import execute_values

            execute_values(
                cursor,
                "INSERT INTO yingkou_project (name, industry, total_investment, owner_unit_id, "
                "capital_origin, capacity_kind, size_class, investor, investor_intent_clear, "
                "construction_content, stage, contact_name, contact_phone, version, created_at, "
                f"updated_at) SELECT v.name, v.industry, v.amount::numeric, {staff.unit_id}, "
                "'domestic', 'new', 'medium', '', false, '', 'planning', '', '', 1, now(), now() "
                "FROM (VALUES %s) AS v(name, industry, amount)",
                values,
                page_size=2000,
            )
        floor.connection.rollback()
        floor.connection.autocommit = True

    app_times, bare_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        app()
        app_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare()
        bare_times.append(time.perf_counter() - started)
    return [("Excel import, 2,000 rows", app_times, bare_times)]


def measure_jobs():
    """Each periodic job for its latest closed period, rolled back."""
    from django.db import transaction

    from yingkou.scheduling.periods import period_bounds
    from yingkou.scheduling.registry import registered_jobs

    today = dt.date.today()
    results = []
    for job in registered_jobs():
        period = str(job.period.value if hasattr(job.period, "value") else job.period)
        start, _end = period_bounds(period, today)
        day = today - dt.timedelta(days=1) if period == "daily" else start - dt.timedelta(days=1)
        if period == "weekly":
            day = start - dt.timedelta(days=(start.weekday() - 4) % 7 or 7)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                job.function(day)
                transaction.set_rollback(True)
            outcome = "ok"
        except Exception as exc:  # a job that refuses its period still reports its time
            outcome = type(exc).__name__
        results.append((f"job {job.name} ({period})", time.perf_counter() - started, outcome))
        print(f"  {job.name:<40} {results[-1][1]:6.1f} s {outcome}", file=sys.stderr)
    return results


def run_locust(args, sessions) -> list[str]:
    """8 concurrent clients from a second process (locust), against the same gunicorn."""
    import csv

    prefix = Path(tempfile.mkdtemp(prefix="bench-locust-")) / "stats"
    env = dict(os.environ, BENCH_SESSIONS=",".join(f"{k}:{v}" for k, v in sessions.items()))
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.users),
            "-t",
            f"{args.locust}s",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--only-summary",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    lines = [
        f"| {args.users} clients, {args.locust} s | requests | failures | p50 ms | p95 ms | req/s |",
        "|---|---|---|---|---|---|",
    ]
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            lines.append(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{row['50%']} | {row['95%']} | {float(row['Requests/s']):.1f} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--file-repeat", type=int, default=3, help="runs per file and side")
    parser.add_argument("--port", type=int, default=8612)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip", default="", help="comma list of: requests,files,import,jobs")
    parser.add_argument("--locust", type=int, default=0, help="seconds of load test (0: none)")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--only", default="", help="comma list: operations whose label has one")
    parser.add_argument(
        "--sweep", type=int, default=0, help="requests per page for every page (0: none)"
    )
    parser.add_argument("--sweep-out", default="", help="file for every page's figures (CSV)")
    args = parser.parse_args()
    dsn = os.environ.get("DATABASE_URL", "")
    if not dsn.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database filled by seed_scale.")
    os.environ.update({k: v for k, v in environment(args).items() if k != "PYTHONPATH"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingkou.settings.local"
    import django

    django.setup()
    from django.conf import settings

    from yingkou.models import Project, User

    settings.SECRET_KEY = SECRET_KEY

    skip = set(args.skip.split(","))
    users = {"drc": User.objects.get(username="drc"), "staff": User.objects.get(username="staff")}
    # the city's industry and information bureau sees the key projects of its industries,
    # more than half the city's; the sweep opens every page as its staff too.
    sweepers = {**users, "gxj": User.objects.get(username="staff_gxj")}
    units = {who: user.unit_id for who, user in users.items()}
    staff_visible = Project.objects.visible_to(users["staff"]).count()
    print(
        f"{Project.objects.count()} projects; unit staff sees {staff_visible}; "
        f"gunicorn {args.workers} workers; {args.repeat} alternating requests per side",
        file=sys.stderr,
    )
    floor = Floor(dsn)
    with floor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'yingkou_project'")
        if not cursor.fetchone()[0]:
            # A copy made with createdb -T carries no statistics and autovacuum never adds them.
            print("no planner statistics: ANALYZE first", file=sys.stderr)
            from yingkou.scale import analyze

            analyze()
    lines = [
        "| operation | user | app p50/p95 ms | floor over HTTP p50/p95 ms | ratio (p50) "
        "| floor in process p50/p95 ms | ratio (p50) |",
        "|---|---|---|---|---|---|---|",
    ]
    if "requests" not in skip:
        server = Server(args)
        try:
            clients = {who: Client(args.port, login(user)) for who, user in sweepers.items()}
            requests = measure_requests(args, clients, floor, users, units)
            for label, who, app, http_floor, bare in requests:
                lines.append(
                    f"| {label} | {WHO[who]} | "
                    f"{statistics.median(app):.0f}/{percentile(app, 0.95):.0f} | "
                    f"{statistics.median(http_floor):.1f}/{percentile(http_floor, 0.95):.1f} | "
                    f"{statistics.median(app) / statistics.median(http_floor):.1f} | "
                    f"{statistics.median(bare):.1f}/{percentile(bare, 0.95):.1f} | "
                    f"{statistics.median(app) / statistics.median(bare):.1f} |"
                )
            if args.sweep:
                sweep = measure_sweep(args, clients)
                if args.sweep_out:
                    with open(args.sweep_out, "w") as out:
                        out.write("page,user,p50,p95\n")
                        for url, who, t in sweep:
                            out.write(
                                f"{url},{who},{statistics.median(t):.1f},"
                                f"{percentile(t, 0.95):.1f}\n"
                            )
                slowest = sorted(sweep, key=lambda r: -percentile(r[2], 0.95))
                over = [r for r in sweep if percentile(r[2], 0.95) > 150]
                lines += [
                    "",
                    f"Every page: {len(sweep)} pages and operations opened (three users), "
                    f"{len(over)} with p95 over 150 ms; the slowest:",
                    "",
                    "| page | user | p50/p95 ms |",
                    "|---|---|---|",
                    *(
                        f"| {url} | {WHO[who]} | "
                        f"{statistics.median(t):.0f}/{percentile(t, 0.95):.0f} |"
                        for url, who, t in slowest[:12]
                    ),
                    "",
                ]
            if args.locust:
                sessions = {who: clients[who].cookie.split("=")[1] for who in users}
                lines += ["", *run_locust(args, sessions), ""]
        finally:
            server.stop()
    if "files" not in skip:
        for label, app, bare, peak, rss in measure_files(args, floor):
            lines.append(
                f"| {label} | DRC | {min(app):.1f} s (peak Python memory {peak:.0f} MiB, "
                f"peak RSS +{rss:.0f} MiB) | {min(bare):.1f} s | {min(app) / min(bare):.2f} |"
            )
    if "import" not in skip:
        for label, app, bare in measure_import(floor, users["staff"]):
            lines.append(
                f"| {label} | unit staff | {statistics.median(app):.1f} s | "
                f"{statistics.median(bare):.2f} s | {statistics.median(app) / statistics.median(bare):.1f} |"
            )
    if "jobs" not in skip:
        for label, seconds, outcome in measure_jobs():
            lines.append(f"| {label} | — | {seconds:.1f} s ({outcome}) | — | — |")
    if not {"import", "jobs"} <= skip:
        # The rolled-back import and jobs leave dead rows (2,000 projects per import run) that a
        # server without autovacuum keeps: the next run's scans would read them too.
        from django.db import connection

        from yingkou.scale import analyze

        connection.ensure_connection()
        analyze()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
