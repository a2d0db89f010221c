"""Days in the sentences of notices, titles and pages are written one way ("11月9日",
"2026年11月9日"), by `yingkou.dates.month_day` and `long_date` (templates: the date filter with
"n月j日", MONTH_DAY_FORMAT); no module or template formats its own."""

import datetime as dt
import re
from pathlib import Path

import pytest

from yingkou.dates import long_date, month_day, year_month

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["yingkou", "reserve", "negotiation", "assistance", "enterprise"]
# A strftime of a day or month (zero-padded: "11月09日", "2026年01月") or a day assembled from
# its parts.
OWN_FORMAT = re.compile(r"%d日|%m月|\.day\}日")


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [
        (dt.date(2026, 11, 9), "11月9日", "2026年11月9日"),
        (dt.date(2026, 1, 1), "1月1日", "2026年1月1日"),
        (dt.date(2026, 12, 31), "12月31日", "2026年12月31日"),
        (dt.date(2026, 10, 10), "10月10日", "2026年10月10日"),
    ],
)
def test_days_have_no_leading_zero(day, short, long):
    assert (month_day(day), long_date(day)) == (short, long)


def test_a_month_has_no_leading_zero():
    assert year_month(dt.date(2026, 1, 31)) == "2026年1月"


def test_no_module_writes_a_day_its_own_way():
    own = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "yingkou" / "dates.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OWN_FORMAT.search(line) and "INPUT_FORMATS" not in line
    ]
    assert own == []


# The same in templates: the date filter with a zero-padded month or day ("m月", "d日").
PADDED_IN_TEMPLATE = re.compile(r"""date:["'][^"']*(m月|d日)""")


def test_no_template_pads_a_day():
    padded = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PADDED_IN_TEMPLATE.search(line)
    ]
    assert padded == []


def test_the_scans_see_a_day_written_its_own_way():
    assert OWN_FORMAT.search('f"{first:%Y年%m月}"')
    assert OWN_FORMAT.search('f"{day:%m月%d日}"') and OWN_FORMAT.search('f"{d.month}月{d.day}日"')
    assert PADDED_IN_TEMPLATE.search('{{ due_on|date:"m月d日" }}')
    assert not PADDED_IN_TEMPLATE.search('{{ due_on|date:"n月j日" }}')
