"""The floor over HTTP: each benchmark operation's hand-written query behind the same gunicorn.

`benchmarks/scale.py` measures each page against its query run in its own process, which has no
socket, no HTTP parsing and no WSGI server. This application is the least a web server can do
for the same answer: gunicorn (as many workers as the app gets) calls it, it reads the session
cookie, runs the operation's session lookup and query through psycopg2 on a connection kept per
worker, and answers the rows as JSON. The difference between it and the in-process floor is the
transport; between the app and it, the framework.

`FLOOR_OPERATIONS` names a JSON file written by scale.py: a list of [sql, params], requested as
`GET /<index>`; `DATABASE_URL` the database.

Under `/django/` the same process serves the project itself (the app's settings and session key)
with two more views, to show what Django costs before a page does any work of its own: `empty/`
answers `[]` to a signed-in user (the middleware, the session and the user), `frame/` draws the
site's frame (base.html: menu, user, unread count) around nothing.
"""

import json
import os
from http.cookies import SimpleCookie

import psycopg2

with open(os.environ["FLOOR_OPERATIONS"], encoding="utf-8") as file:
    OPERATIONS = json.load(file)
SESSION = OPERATIONS.pop(0)[0]
_connection = None


def connection():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["DATABASE_URL"])
        _connection.autocommit = True
    return _connection


def _django():
    global _django_app
    if _django_app is None:
        import django
        from django.conf import settings

        django.setup()
        settings.ROOT_URLCONF = "floor_app"
        from django.core.wsgi import get_wsgi_application

        _django_app = get_wsgi_application()
    return _django_app


_django_app = None


def _urlpatterns():
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    import yingkou.urls

    @login_required
    def empty(request):
        return HttpResponse(b"[]", content_type="application/json")

    page = engines["django"].from_string("{% extends 'base.html' %}")

    @login_required
    def frame(request):
        return HttpResponse(page.render({}, request))

    return [
        path("django/empty/", empty),
        path("django/frame/", frame),
        path("", include(yingkou.urls)),
    ]


def __getattr__(name):
    # Django reads `urlpatterns` of this module (ROOT_URLCONF) after setup.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def application(environ, start_response):
    if environ["PATH_INFO"].startswith("/django/"):
        return _django()(environ, start_response)
    sql, params = OPERATIONS[int(environ["PATH_INFO"].strip("/"))]
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    params = dict(params, session=cookie["sessionid"].value)
    with connection().cursor() as cursor:
        cursor.execute(SESSION, params)
        if cursor.fetchone() is None:
            start_response("403 Forbidden", [("Content-Length", "0")])
            return [b""]
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    body = json.dumps(rows, default=str, ensure_ascii=False).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
