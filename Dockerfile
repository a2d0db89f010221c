FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=yingkou.settings.production

WORKDIR /app
# pg_dump/pg_restore for manage.py backup and restore (same major version as the database, 15)
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY yingkou/__init__.py yingkou/__init__.py
RUN pip install --no-cache-dir --upgrade pip \
 && pip install --no-cache-dir .
COPY . .
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-xxxxxxxxxxxx \
    DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 yingkou
USER yingkou
EXPOSE 8000
# --timeout: a request may take up to 60 s before the worker is restarted (gunicorn's default is
# 30). Nothing should come near it: big files are built by the Celery worker (README, Benchmarks).
CMD ["gunicorn", "yingkou.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--graceful-timeout", "30", "--access-logfile", "-"]
