"""A Redis that stops answering fails a request after a few seconds instead of holding it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_with(**env):
    probe = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default'].get('OPTIONS', {}), "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + probe],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "yingkou.settings.local", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_the_shared_cache_and_the_broker_bound_their_waits():
    cache, broker = settings_with(REDIS_URL="redis://127.0.0.1:6379/9")
    assert cache == {"socket_connect_timeout": 3, "socket_timeout": 3}
    assert broker["socket_connect_timeout"] == 3
    cache, broker = settings_with(REDIS_URL="redis://127.0.0.1:6379/9", REDIS_SOCKET_TIMEOUT="1")
    assert cache["socket_timeout"] == 1 and broker["socket_connect_timeout"] == 1
