"""Developer machine: the embedded default (SQLite, in-process Celery)."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
