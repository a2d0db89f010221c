"""Developer machine: the embedded default (SQLite, in-process Celery)."""

from .base import *  # noqa: F403
from .env import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# Demo values for the published complaint channels (E-4); a deployment sets its own.
COMPLAINT_PHONE = env("YINGKOU_COMPLAINT_PHONE", "0417-12345")
COMPLAINT_MAILBOX = env("YINGKOU_COMPLAINT_MAILBOX", "tousu@yshj.yingkou.example")
