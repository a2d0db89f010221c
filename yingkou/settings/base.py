"""Settings shared by every environment. Values that differ come from the environment."""

import datetime as _dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from .env import env, env_bool, env_int_default, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "yingkou.apps.AxesConfig",
    "django_celery_beat",
    "yingkou.apps.YingkouConfig",
    "reserve.apps.ReserveConfig",
    "negotiation.apps.NegotiationConfig",
    "assistance.apps.AssistanceConfig",
    "enterprise.apps.EnterpriseConfig",
]

MIDDLEWARE = [
    "yingkou.middleware.RequestReferenceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yingkou.idle_sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yingkou.audit.DownloadAuditMiddleware",
    "yingkou.passwords.FirstLoginPasswordChangeMiddleware",
    # A list's page past its end: the last page's address instead of a 404.
    "yingkou.paging.LastPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: 5 failures for a username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of the app (0: clients connect directly); yingkou.client_ip reads the
# client's address through them for the lockout, the public form's limit and the audit log.
TRUSTED_PROXY_COUNT = env_int_default("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "yingkou.client_ip.client_ip"
# Failures are counted in the shared cache (Redis in production), so every worker sees them.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# The cache handler writes no attempts, logs or failure logs to the database, so axes' admin lists
# would always be empty; lockouts are in the security log (安全审计记录) instead.
AXES_ENABLE_ADMIN = False

ROOT_URLCONF = "yingkou.urls"
WSGI_APPLICATION = "yingkou.wsgi.application"
AUTH_USER_MODEL = "yingkou.User"
LOGIN_URL = "login"
# A refused form (expired CSRF token) gets the Chinese 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "yingkou.views.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yingkou.context_processors.navigation",
                "yingkou.context_processors.unread_notifications",
            ],
        },
    },
]

# Select boxes (the unit pickers of every filter form) drawn without a template per option.
FORM_RENDERER = "yingkou.form_rendering.FastSelectRenderer"


def _database(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL names an unsupported database.")
    if config["ENGINE"].endswith("postgresql"):
        # JIT compilation pays off for long analytic queries, not for a page of 50 rows: at
        # 100,000 projects the planner's cost estimates crossed jit_above_cost on list and
        # dashboard queries, and compiling took 200-450 ms of a 300-700 ms request on each one.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASES = {"default": _database(env("DATABASE_URL"))}
SILENCED_SYSTEM_CHECKS: list[str] = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # models.W040: SQLite has no INCLUDE columns, so the project order index is a plain one
    # there; the columns it carries serve PostgreSQL's index-only reads (yingkou/0017).
    SILENCED_SYSTEM_CHECKS.append("models.W040")

# One cache for every worker: lockouts and rate limits must be counted once, not per process.
# The embedded default (one process) keeps them in memory.
# A Redis that stops answering (a host gone, packets dropped) fails each request after
# REDIS_SOCKET_TIMEOUT seconds instead of holding the worker until the system's TCP timeout, two
# minutes or more; its commands here take a millisecond.
REDIS_SOCKET_TIMEOUT = env_int_default("REDIS_SOCKET_TIMEOUT", 3)
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_CACHE_URL", env("REDIS_URL")),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # axes.W001 warns that a per-process cache does not share lockouts between workers; without
    # REDIS_URL there is one process (the production settings require REDIS_URL).
    SILENCED_SYSTEM_CHECKS.append("axes.W001")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    # 等保2.0 level 3: three of the four character classes.
    {"NAME": "yingkou.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["yingkou.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# 等保2.0 level 3: no inline script or style anywhere; everything comes from our own static files
# (the API docs use Swagger UI's split view, whose script is a file too).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# An API token is valid this long after it is issued; the token endpoint then issues a new one.
API_TOKEN_LIFETIME = _dt.timedelta(hours=env_int_default("DJANGO_API_TOKEN_HOURS", 12))

# A filter's empty choice reads 全部 (any), as the yes/no filters do, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yingkou.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "yingkou.api.renderers.RawDataBrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "yingkou.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "yingkou.api.ordering.FilterSetAwareOrdering",
    ],
    "DEFAULT_PAGINATION_CLASS": "yingkou.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yingkou.api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "营口市重点项目信息管理系统 API",
    "DESCRIPTION": "Reserve pools, negotiation, key-project assistance and enterprise help (营政办发〔2017〕36号).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a "status", "kind", "level" or "tier"; name each enum after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "yingkou.choices.UnitKind",
        "UnitLevelEnum": "yingkou.choices.AdministrativeLevel",
        "ProjectStageEnum": "yingkou.choices.Stage",
        "PoolLevelEnum": "reserve.choices.PoolLevel",
        "EntryStatusEnum": "reserve.choices.EntryStatus",
        "ReserveArchiveKindEnum": "reserve.choices.ArchiveKind",
        "NegotiationStageEnum": "negotiation.choices.NegotiationStage",
        "NegotiationTierEnum": "negotiation.choices.Tier",
        "QuestionKindEnum": "negotiation.choices.QuestionKind",
        "NegotiationTaskStatusEnum": "negotiation.choices.TaskStatus",
        "NegotiationArchiveKindEnum": "negotiation.choices.ArchiveKind",
        "AssistanceTierEnum": "assistance.choices.Tier",
        "AssistanceCaseStatusEnum": "assistance.choices.CaseStatus",
        "AssistanceTeamStatusEnum": "assistance.choices.TeamStatus",
        "AssistanceProblemStatusEnum": "assistance.choices.ProblemStatus",
        "AssistanceActionStatusEnum": "assistance.choices.ActionStatus",
        "AssistanceReportKindEnum": "assistance.choices.ReportKind",
        "EnterpriseStatusEnum": "enterprise.choices.EnterpriseStatus",
        "EnterpriseProblemStatusEnum": "enterprise.choices.ProblemStatus",
        "ComplaintStatusEnum": "enterprise.choices.ComplaintStatus",
        "InspectionStatusEnum": "enterprise.choices.InspectionStatus",
        "PromiseKindEnum": "enterprise.choices.PromiseKind",
        "PromiseStatusEnum": "enterprise.choices.PromiseStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "enterprise.api.schema.complainant_data_is_optional",
    ],
}

# Celery: without REDIS_URL, tasks run in-process so the embedded default needs no broker.
REDIS_URL = env("REDIS_URL")
# The in-memory broker with a host named: kombu warns at every start when a URL has none.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker is lost (killed, pool child died) is delivered again, and no task runs
# unbounded; the scheduled-period tasks set their own, longer limits (SCHEDULE_* below).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
# Dashboard figures have a queue of their own: a worker started without -Q takes both queues,
# and a worker given only `dashboards` (docker-compose.yml) is never held up by a long export or
# a month-end job while a user who just signed in waits for their figures.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("dashboards"))
CELERY_TASK_ROUTES = {"yingkou.tasks.refresh_dashboard": {"queue": "dashboards"}}
# The schedule lives in the database (editable in the admin); beat stamps each period message
# with the time it was due.
CELERY_BEAT_SCHEDULER = "yingkou.scheduling.beat:DueStampingScheduler"

# Scheduled jobs (SPEC §6). A run holds a lease longer than its task's hard time limit; a run
# whose worker died is taken over once the lease has expired. A failed run is retried after
# SCHEDULE_RETRY_BACKOFF_SECONDS, doubled per failure, up to SCHEDULE_MAX_ATTEMPTS attempts.
# A file of more rows is built by the Celery worker with a progress page (yingkou.export_jobs).
EXPORT_DIRECT_MAX_ROWS = env_int_default("EXPORT_DIRECT_MAX_ROWS", 20000)
# A running worker takes a job within seconds; one still waiting after this long means no worker
# is taking jobs: its page says so and the administrators are told (yingkou.export_jobs).
EXPORT_QUEUE_ALERT_SECONDS = env_int_default("EXPORT_QUEUE_ALERT_SECONDS", 2 * 60)
# The export sweep (beat, every 2 minutes) sends a job still queued after this long again: its
# message was lost. A duplicate message does nothing, so a job merely waiting loses nothing.
EXPORT_REQUEUE_SECONDS = env_int_default("EXPORT_REQUEUE_SECONDS", 3 * 60)
# ... and fails a running job whose progress has not moved for this long: its worker died. Well
# above how often a build writes progress (every 2,000 rows: several times a second on a
# 100,000-row export) and above the task's hard time limit (CELERY_TASK_TIME_LIMIT), so no
# live build is ever failed.
EXPORT_STALLED_SECONDS = env_int_default("EXPORT_STALLED_SECONDS", 10 * 60)
SCHEDULE_SOFT_TIME_LIMIT = env_int_default("SCHEDULE_SOFT_TIME_LIMIT", 25 * 60)
SCHEDULE_TIME_LIMIT = env_int_default("SCHEDULE_TIME_LIMIT", 30 * 60)
SCHEDULE_LEASE_SECONDS = env_int_default("SCHEDULE_LEASE_SECONDS", SCHEDULE_TIME_LIMIT + 60)
SCHEDULE_RETRY_BACKOFF_SECONDS = env_int_default("SCHEDULE_RETRY_BACKOFF_SECONDS", 5 * 60)
SCHEDULE_MAX_ATTEMPTS = env_int_default("SCHEDULE_MAX_ATTEMPTS", 4)
# The day the system went live: the reconciler owes every period due since then. Unset: the day
# of the first recorded run.
SCHEDULE_START_DATE = env("SCHEDULE_START_DATE") or None
if SCHEDULE_START_DATE:
    try:
        _dt.date.fromisoformat(SCHEDULE_START_DATE)
    except ValueError as exc:
        raise ImproperlyConfigured("SCHEDULE_START_DATE must be YYYY-MM-DD.") from exc
# Redis hands an unacknowledged message to another worker after this long: longer than any task
# runs and any retry waits, so a live task is never delivered twice.
# Connecting is bounded too (a request queueing an export or a notice then leaves the job for
# the sweep instead of hanging); reads are not, as a worker waits on the queue by design.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int_default("CELERY_VISIBILITY_TIMEOUT", 3 * 60 * 60),
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
}

# Email (notices, job failures) through Django's email settings. Without EMAIL_HOST nothing is
# sent anywhere: the console backend prints each message, so the embedded default needs no server.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int_default("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int_default("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "营口市重点项目信息管理系统 <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
NOTIFICATION_EMAIL_SUBJECT_PREFIX = "【营口重点项目】"
# Links in emails are absolute: the address people open the system at.
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"reference": {"()": "yingkou.middleware.RequestReferenceFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(reference)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["reference"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# E-4: the complaint telephone and mailbox published with the online complaint form (the norms
# require publishing both). Each deployment sets its own; the page omits a missing one.
COMPLAINT_PHONE = env("YINGKOU_COMPLAINT_PHONE", "")
COMPLAINT_MAILBOX = env("YINGKOU_COMPLAINT_MAILBOX", "")

# Demo logins are created only by seed_demo; this is their shared password.
DEMO_PASSWORD = "Yingkou2017"  # 11 characters, 3 classes: passes the level-3 validators

# 等保2.0 level 3: a session ends after this many minutes without a request.
SESSION_COOKIE_AGE = 60 * env_int_default("DJANGO_SESSION_IDLE_MINUTES", 30)
# Each request restarts that period, saving the session at most once a minute
# (yingkou.idle_sessions): it ends 29 to 30 idle minutes after the last request.
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
