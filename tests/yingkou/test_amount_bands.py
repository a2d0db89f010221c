"""Every amount band people read (a tier's label, a rule's message, a column header) says which
side its boundary amount falls on, and says what the rule function decides there: "以上（含X）"
includes X, "X（含）至Y（不含）" runs from X up to but not including Y, "不足Y" stops short of Y."""

import ast
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistance import rules as assistance_rules
from assistance.choices import Tier as AssistanceTier
from enterprise.choices import ResponsibilityTier
from enterprise.rules import RESPONSIBILITY_BANDS, responsibility_tier
from negotiation.choices import Tier
from negotiation.rules import negotiation_tier, tier_investment_range
from reserve import rules as reserve_rules
from yingkou.errors import RuleViolation

ROOT = Path(__file__).resolve().parents[2]

CENT = Decimal("0.01")
UNITS = {"万元": Decimal(1), "亿元": Decimal(10000)}


def amount(text: str) -> Decimal:
    number, unit = re.fullmatch(r"(\d+)(万元|亿元)", text).groups()
    return Decimal(number) * UNITS[unit]


def band(label: str) -> tuple[Decimal | None, Decimal | None]:
    """The amounts a label covers, as [low, high) in 万元; a label in any other form fails."""
    label = str(label)
    if match := re.fullmatch(r"(\d+(?:万元|亿元))以上（含\1）", label):
        return amount(match[1]), None
    if match := re.fullmatch(r"(\d+(?:万元|亿元))（含）至(\d+(?:万元|亿元))（不含）", label):
        return amount(match[1]), amount(match[2])
    if match := re.fullmatch(r"不足(\d+(?:万元|亿元))", label):
        return None, amount(match[1])
    raise AssertionError(f"{label!r} does not say which side of its boundary is in")


def agrees(label, within) -> None:
    """`within(amount)` says whether the rule puts `amount` in the labelled band."""
    low, high = band(label)
    if low is not None:
        assert within(low), f"{label}: {low} is in the band"
        assert not within(low - CENT), f"{label}: {low - CENT} is not"
    if high is not None:
        assert not within(high), f"{label}: {high} is not in the band"
        assert within(high - CENT), f"{label}: {high - CENT} is"


def test_the_parser_reads_the_three_forms_and_nothing_else():
    assert band("10亿元以上（含10亿元）") == (Decimal(100000), None)
    assert band("1亿元（含）至10亿元（不含）") == (Decimal(10000), Decimal(100000))
    assert band("不足1亿元") == (None, Decimal(10000))
    for unclear in ("1亿元以上10亿元以下", "1亿元以下", "5亿元以上", "1亿元以上（5亿元以内）"):
        with pytest.raises(AssertionError):
            band(unclear)


@pytest.mark.parametrize("tier", list(Tier))
def test_n2_tier_labels(tier):
    agrees(tier.label, lambda value: negotiation_tier(value) == tier)
    assert band(tier.label) == tier_investment_range(tier)


@pytest.mark.parametrize("tier", list(ResponsibilityTier))
def test_e1_responsibility_bands(tier):
    agrees(RESPONSIBILITY_BANDS[tier], lambda value: responsibility_tier(value) == tier)


@pytest.mark.parametrize(
    ("label", "tier"),
    [
        (assistance_rules.CITY_TIER_BAND, AssistanceTier.CITY),
        (assistance_rules.LOCAL_TIER_BAND, AssistanceTier.LOCAL),
    ],
)
def test_a2_tier_bands_for_a_project_not_real_estate(label, tier):
    def within(value):
        project = SimpleNamespace(total_investment=value, is_real_estate=False)
        return assistance_rules.assistance_tier_rule(project) == tier

    agrees(label, within)


def _accepted(check) -> bool:
    try:
        check()
    except RuleViolation:
        return False
    return True


def test_a1_scope_band():
    def within(value):
        project = SimpleNamespace(stage="construction", total_investment=value)
        return _accepted(lambda: assistance_rules.assistance_scope_rule(project))

    agrees(assistance_rules.SCOPE_BAND, within)


def test_r1_scope_band():
    def within(value):
        return _accepted(
            lambda: reserve_rules.reserve_scope_rule(total_investment=value, stage="planning")
        )

    agrees(reserve_rules.SCOPE_BAND, within)


def test_r4_large_project_band():
    agrees(reserve_rules.LARGE_PROJECT_BAND, reserve_rules.is_large_project)


UNCLEAR = re.compile(r"\d+(?:千万|万元|万|亿元|亿)(?:以下|以内|以上(?!（含))")
APPS = ("yingkou", "reserve", "negotiation", "assistance", "enterprise")


def _docstrings(tree: ast.AST) -> set[int]:
    """The docstrings' nodes: they quote the norms' own wording, which people do not read."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _shown_texts():
    """Every string of the apps' code but docstrings and demo data, and every template."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "demo.py":
                continue
            tree = ast.parse(path.read_text())
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                shown = isinstance(node, ast.Constant) and isinstance(node.value, str)
                if shown and id(node) not in skip:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value
    for path in (ROOT / "templates").rglob("*.html"):
        yield str(path.relative_to(ROOT)), path.read_text()


def test_no_shown_amount_band_leaves_its_boundary_unclear():
    unclear = [
        f"{where}: {match}" for where, text in _shown_texts() for match in UNCLEAR.findall(text)
    ]
    assert not unclear, unclear


def test_the_scan_sees_an_unclear_band():
    assert UNCLEAR.findall("1亿元以上10亿元以下、5亿元以上、1亿元以上（5亿元以内）") == [
        "1亿元以上",
        "10亿元以下",
        "5亿元以上",
        "1亿元以上",
        "5亿元以内",
    ]
    assert not UNCLEAR.findall("5亿元以上（含5亿元）、1亿元（含）至10亿元（不含）、不足1亿元")
