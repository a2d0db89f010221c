"""The project's translation catalogues (locale/): the compiled .mo files are committed, so a
fresh checkout, the image and CI need no gettext tools; these tests fail when a .po and its .mo
disagree, or when a .po holds an untranslated, fuzzy or malformed entry."""

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

SOURCES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"))


def _read(po: Path):
    with po.open("rb") as file:
        return read_po(file)


def _translations(mo: bytes) -> dict:
    """What gettext (and so Django) reads from a compiled catalogue, its header aside: the
    compiler writes a header of its own."""
    catalogue = gettext.GNUTranslations(io.BytesIO(mo))._catalog
    return {key: value for key, value in catalogue.items() if key != ""}


def test_there_are_catalogues():
    assert {po.stem for po in SOURCES} == {"django", "djangojs"}


@pytest.mark.parametrize("po", SOURCES, ids=lambda po: po.stem)
def test_the_compiled_catalogue_matches_its_source(po):
    compiled = io.BytesIO()
    write_mo(compiled, _read(po))
    assert po.with_suffix(".mo").exists(), f"compile it: pybabel compile -d locale -D {po.stem}"
    committed = _translations(po.with_suffix(".mo").read_bytes())
    assert committed == _translations(compiled.getvalue()), (
        f"{po.with_suffix('.mo').name} is out of date: pybabel compile -d locale -D {po.stem}"
    )


@pytest.mark.parametrize("po", SOURCES, ids=lambda po: po.stem)
def test_every_entry_is_translated_and_well_formed(po):
    catalogue = _read(po)
    messages = [message for message in catalogue if message.id]
    assert [
        m.id
        for m in messages
        if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])
    ] == []
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()] == []
