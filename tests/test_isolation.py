"""The suite passes in any order: what the data migrations write (the E-1 industry authorities,
the industry divisions) is there for every test. A test database is emptied by a flush, which
does not write it again (Django, "Rollback emulation"), so:

- a transactional test (`django_db(transaction=True)`, flushed at its end) restores it with
  `serialized_rollback=True`, and so does the next one;
- data built once for a module lives in a transaction rolled back at the module's end
  (tests/yingkou/test_access_table.py `world`), never removed with `flush`.

These scans fail when a test breaks either; the order that showed it was the dashboard-links
module (which flushed) before tests/enterprise/test_responsibility.py."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TRANSACTIONAL = re.compile(r"django_db\(([^)]*\btransaction=True[^)]*)\)")
FLUSH = re.compile(r"call_command\(\s*[\"']flush[\"']")


def _sources():
    for path in sorted(TESTS.rglob("*.py")):
        if path.name != Path(__file__).name:
            yield path, path.read_text(encoding="utf-8")


def test_every_transactional_test_restores_the_migrations_data():
    bare = [
        f"{path.relative_to(TESTS)}: django_db({arguments})"
        for path, text in _sources()
        for arguments in TRANSACTIONAL.findall(text)
        if "serialized_rollback=True" not in arguments
    ]
    bare += [
        str(path.relative_to(TESTS))
        for path, text in _sources()
        if "TransactionTestCase" in text and "serialized_rollback = True" not in text
    ]
    assert bare == []


def test_no_test_flushes_the_database():
    assert [str(path.relative_to(TESTS)) for path, text in _sources() if FLUSH.search(text)] == []


def test_the_scans_see_what_they_look_for():
    assert TRANSACTIONAL.findall("pytest.mark.django_db(transaction=True)") == ["transaction=True"]
    assert FLUSH.search('call_command("flush", interactive=False)')
