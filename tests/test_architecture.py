"""Where decisions live (docs/architecture.md "Access", "Rules and errors"): who may act is asked
of `<app>/permissions.py`, a rule is broken only in `<app>/rules.py`. These scans fail when a view
or template decides by role, or a rule code is raised anywhere else."""

import ast
import re
from pathlib import Path

import pytest

from yingkou.choices import Role

ROOT = Path(__file__).resolve().parent.parent
APPS = ["yingkou", "reserve", "negotiation", "assistance", "enterprise"]


def _python_files(*parts):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            if not parts or any(part in path.parts or path.stem == part for part in parts):
                yield path


def _views():
    """Every module answering requests: `views.py`, `views/` and the API views."""
    for path in _python_files():
        relative = path.relative_to(ROOT).parts
        if path.stem == "views" or "views" in relative[:-1]:
            yield path


ROLE_VALUES = sorted(role.value for role in Role)
ROLE_IN_TEMPLATE = re.compile(
    r"\brole\s*(==|!=|\bin\b)|[\"'](" + "|".join(map(re.escape, ROLE_VALUES)) + r")[\"']"
)


def test_no_template_decides_by_role():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_IN_TEMPLATE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "ask a view's flag or the navigation's predicate instead:\n" + "\n".join(
        offenders
    )


def _role_literals(tree: ast.AST):
    """`Role.X`, `user.role`, `has_role(...)` and a role value compared as a string (a string
    alone may be a field name: `unit_reviewer`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for part in ast.walk(node):
                if isinstance(part, ast.Constant) and part.value in ROLE_VALUES:
                    yield part.lineno, repr(part.value)
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Role":
            yield node.lineno, f"Role.{node.attr}"
        elif isinstance(node, ast.Attribute) and node.attr in ("role", "has_role"):
            yield node.lineno, f".{node.attr}"


@pytest.mark.parametrize("path", list(_views()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_view_decides_by_role(path):
    found = [f"{line}: {what}" for line, what in _role_literals(ast.parse(path.read_text()))]
    assert not found, f"{path.relative_to(ROOT)} decides by role; ask permissions.can_*: {found}"


def test_the_scan_sees_role_literals():
    """The scans above can fail: each kind of role literal is found."""
    source = 'if user.role == Role.DRC_REVIEWER or user.has_role(x) or r == "supervisor": pass'
    assert sorted(what for _, what in _role_literals(ast.parse(source))) == [
        "'supervisor'",
        ".has_role",
        ".role",
        "Role.DRC_REVIEWER",
    ]
    assert not list(_role_literals(ast.parse('qs.select_related("unit_reviewer")')))
    assert ROLE_IN_TEMPLATE.search('{% if user.role == "city_leader" %}')
    assert ROLE_IN_TEMPLATE.search("{% if x == 'drc_reviewer' %}")
    assert not ROLE_IN_TEMPLATE.search("{% if can_handle %}")


def _rule_violations(tree: ast.AST):
    """Where a `RuleViolation` is made (raised, or kept to raise later)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "RuleViolation":
                yield node.lineno


@pytest.mark.parametrize(
    "path",
    [p for p in _python_files() if p.name != "rules.py" and p.name != "errors.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_rules_are_broken_only_in_rules_modules(path):
    lines = list(_rule_violations(ast.parse(path.read_text())))
    assert not lines, (
        f"{path.relative_to(ROOT)} raises a rule itself (lines {lines}); "
        "move it into a rule function in its app's rules.py"
    )


def test_the_scan_sees_a_rule_raised():
    source = 'raise RuleViolation("E-3", "x")\nduplicate = errors.RuleViolation("R-2", "y")'
    assert list(_rule_violations(ast.parse(source))) == [1, 2]


def test_one_require_for_every_app():
    """Permission checks go through the one `yingkou.permissions.require`; an app's own
    `permissions.py` holds predicates only."""
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.FunctionDef)
                and node.name == "require"
                and path.relative_to(ROOT).as_posix() != "yingkou/permissions.py"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} defines require")
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "require"
                and getattr(node.func.value, "id", None)
                in ("perm", "perms", "permissions", "access")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} calls an app's require")
    assert offenders == []
