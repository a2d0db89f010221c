"""Backup and restore of the whole database and the uploaded files, as one archive.

`dumpdata`/`loaddata` cannot do it: loading fixtures makes django-simple-history write history
for many-to-many changes, so the history would not come back as it was. The database's own tools
do it exactly: pg_dump/pg_restore for PostgreSQL, SQLite's online backup for the embedded default.

The archive (.tar.gz) holds manifest.json (engine, time, every table's row count), the database
(database.pgdump or database.sqlite3) and media/ (MEDIA_ROOT). A restore checks the row counts
against the manifest, so a restore that did not bring everything back says so.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
FORMAT = 1


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    tables: int
    rows: int
    media_files: int
    mismatches: dict[str, tuple[int, int]]


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backup supports PostgreSQL and SQLite, not {vendor}")
    return vendor


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    args = [program, "--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _row_counts(connection) -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def _dump_postgres(alias: str, target: Path) -> dict[str, int]:
    """pg_dump from the very snapshot the row counts are taken in, so they agree under writes."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _row_counts(connection)
        args, env = _pg_command("pg_dump", settings_dict)
        _run(
            [
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                settings_dict["NAME"],
            ],
            env,
        )
    return counts


def _copy_sqlite(alias: str, target: Path) -> dict[str, int]:
    """SQLite's online backup: a consistent copy even while the site writes."""
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return _row_counts(connection)


def backup(path: Path, alias: str = "default") -> dict:
    """Write the archive; returns its manifest."""
    engine = _engine(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / (POSTGRES_DUMP if engine == "postgresql" else SQLITE_COPY)
        counts = (_dump_postgres if engine == "postgresql" else _copy_sqlite)(alias, database)
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "row_counts": counts,
            "media_files": len(media_files),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for file in media_files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
        partial.replace(path)  # never a half-written archive under the real name
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a backup archive: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown archive format {manifest.get('format')!r}")
    return manifest


def restore(path: Path, alias: str = "default") -> RestoreReport:
    """Replace the database and the uploaded files with the archive's."""
    manifest = read_manifest(path)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"the archive holds a {manifest['engine']} database; this site runs {engine}"
        )
    connection = connections[alias]
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, links or devices
        if engine == "postgresql":
            _restore_postgres(connection, Path(work) / POSTGRES_DUMP)
        else:
            _restore_sqlite(connection, Path(work) / SQLITE_COPY)
        media_files = _restore_media(Path(work) / MEDIA)
    restored = _row_counts(connection)
    expected = manifest["row_counts"]
    mismatches = {
        table: (count, restored.get(table, -1))
        for table, count in expected.items()
        if restored.get(table) != count
    }
    return RestoreReport(
        tables=len(expected),
        rows=sum(restored.get(t, 0) for t in expected),
        media_files=media_files,
        mismatches=mismatches,
    )


def _restore_postgres(connection, dump: Path) -> None:
    """One transaction: a restore that fails leaves the database as it was."""
    connection.close()
    args, env = _pg_command("pg_restore", connection.settings_dict)
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
    )


def _restore_sqlite(connection, copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_media(source: Path) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        for child in media_root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    if source.is_dir():
        for file in source.rglob("*"):
            if file.is_file():
                target = media_root / file.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
                count += 1
    return count
