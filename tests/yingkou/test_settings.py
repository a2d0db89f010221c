"""Production settings start only with their documented variables, and then pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SETTINGS_MODULE": "yingkou.settings.production",
    "DJANGO_SECRET_KEY": "k3Q9-zv2_Lr8wPm4Xy7Tn1Bc6Hd0Jf5Gs9Ka2Ue8Wq3Zo7Vi4Rl1Np6Mb0Yc5Tx",
    "DJANGO_ALLOWED_HOSTS": "xm.yingkou.gov.cn",
    "DATABASE_URL": "postgres://yingkou@127.0.0.1:5432/yingkou",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "YINGKOU_COMPLAINT_PHONE": "0417-12345",
    "YINGKOU_COMPLAINT_MAILBOX": "tousu@yshj.yingkou.example",
}
# Variables of a deployment that the environment of the test run must not lend these runs.
DEPLOYMENT = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "YINGKOU_COMPLAINT_")


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(DEPLOYMENT)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("REDIS_URL", "REDIS_URL"),
    ],
)
def test_a_missing_required_value_fails_at_start_with_a_clear_message(missing, message):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr and "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize("missing", ["YINGKOU_COMPLAINT_PHONE", "YINGKOU_COMPLAINT_MAILBOX"])
def test_production_without_a_published_complaint_channel_fails_the_check(missing):
    """E-4: the complaint telephone and mailbox are published on the complaint form; a
    production deployment without one fails the check, and so its migration, instead of
    leaving it off the form."""
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "enterprise.E001" in result.stderr and missing in result.stderr


def test_the_development_settings_pass_the_check_with_their_demo_channels():
    result = manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", "short", "DJANGO_SECRET_KEY"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL"),
        ("DJANGO_SECURE_SSL_REDIRECT", "maybe", "DJANGO_SECURE_SSL_REDIRECT"),
    ],
)
def test_a_bad_value_fails_at_start_with_a_clear_message(name, value, message):
    result = manage("check", **{**GOOD, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_embedded_default_is_sqlite_with_in_process_celery():
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not os.environ.get("REDIS_URL"):
        assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.USE_TZ is True


def python(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(DEPLOYMENT)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["-c", "import yingkou.wsgi"],
        ["-c", "import yingkou.asgi"],
        ["-m", "celery", "-A", "yingkou", "report"],
    ],
    ids=["wsgi", "asgi", "celery"],
)
def test_a_production_entry_point_without_a_settings_module_refuses_to_start(command):
    result = python(*command)
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_the_wsgi_entry_point_runs_the_settings_it_is_given():
    result = python(
        "-c",
        "import yingkou.wsgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)",
        **GOOD,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["yingkou.settings.production", "False"]


def test_static_files_collect_under_the_production_storage(tmp_path, settings):
    """The image build runs collectstatic with the manifest storage, which follows every url()
    and source-map reference in the CSS and JavaScript: a vendored file pointing at a file that
    is not shipped would break the build."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/tom-select/tom-select.complete.min.*.js"))


def test_postgresql_connections_run_without_jit():
    """A list page's query must not be JIT-compiled on each request (see settings.base)."""
    from yingkou.settings.base import _database

    config = _database("postgres://yingkou@127.0.0.1:5432/yingkou")
    assert "-c jit=off" in config["OPTIONS"]["options"]
    assert "options" not in _database("sqlite:///db.sqlite3").get("OPTIONS", {})
