"""The WSGI entry point serves with the loaded code out of the collector's full collections."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_application_freezes_what_it_loaded():
    probe = (
        "import gc, sys; import yingkou.wsgi; "
        "print(gc.get_freeze_count() > 10000, 'assistance.views' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "yingkou.settings.local"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True"]
