"""The OpenAPI schema documents, for every POST, the body the view really reads and the success
codes it answers with: a client built from the schema sends what the action validates, not the
fields of the record it answers with, and expects the status it gets.

What a view reads is found in its source: a serializer given `data=request.data` (directly or
through one of the view's own helpers, such as `_input(s.SomeInput)`), or the view's serializer
class where DRF's own create reads it. Its success codes are the `status.HTTP_2xx` it names, else
DRF's (201 for its create, 200 otherwise)."""

import ast
import inspect
import json
import textwrap

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.renderers import JSONRenderer
from rest_framework.serializers import BaseSerializer

PROJECT_APPS = ("yingkou", "reserve", "negotiation", "assistance", "enterprise")


def _reads_request_data(node: ast.Call) -> bool:
    return any(
        keyword.arg == "data" and ast.unparse(keyword.value).endswith("request.data")
        for keyword in node.keywords
    )


def _evaluate(node: ast.expr, function, bindings: dict):
    try:
        return eval(ast.unparse(node), dict(function.__globals__), bindings)  # noqa: S307
    except Exception:  # noqa: BLE001  not a value known before the request
        return None


def view_serializer(view):
    # An APIView such as DRF's token view has a serializer class but no getter for it.
    getter = getattr(view, "get_serializer_class", None)
    return getter() if getter else view.serializer_class


def read_serializers(view, function, bindings=None, depth=0) -> set:
    """The serializer classes `function` (a method of `view`) validates the request body with."""
    if not function.__module__.startswith(PROJECT_APPS):
        # DRF's own create and update read the view's serializer.
        return {view_serializer(view)} if function.__name__ in {"create", "update"} else set()
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    bindings = bindings or {}
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        is_self_call = (
            isinstance(callee, ast.Attribute)
            and isinstance(callee.value, ast.Name)
            and callee.value.id == "self"
        )
        if _reads_request_data(node):
            if is_self_call and callee.attr == "get_serializer":
                found.add(view_serializer(view))
            else:
                value = _evaluate(callee, function, bindings)
                if isinstance(value, type) and issubclass(value, BaseSerializer):
                    found.add(value)
        elif is_self_call and depth < 3:
            helper = getattr(type(view), callee.attr, None)
            if inspect.isfunction(helper):
                parameters = list(inspect.signature(helper).parameters)[1:]
                arguments = {
                    name: _evaluate(arg, function, bindings)
                    for name, arg in zip(parameters, node.args, strict=False)
                }
                found |= read_serializers(view, helper, arguments, depth + 1)
        elif (
            isinstance(callee, ast.Attribute)
            and isinstance(callee.value, ast.Call)
            and ast.unparse(callee.value.func) == "super"
            and depth < 3
        ):
            for base in type(view).__mro__[1:]:
                inherited = base.__dict__.get(callee.attr)
                if inspect.isfunction(inherited):
                    found |= read_serializers(view, inherited, {}, depth + 1)
                    break
    return found


@pytest.fixture(scope="module")
def schema() -> dict:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(JSONRenderer().render(document))


def success_codes(view, function, depth=0) -> set[int]:
    """The 2xx codes `function` answers with."""
    if not function.__module__.startswith(PROJECT_APPS):
        return {201} if function.__name__ == "create" else {200}
    codes = set()
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(function)))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "status"
            and node.attr.startswith("HTTP_2")
        ):
            codes.add(int(node.attr.split("_")[1]))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call)
            and ast.unparse(node.func.value.func) == "super"
            and depth < 3
        ):
            for base in type(view).__mro__[1:]:
                inherited = base.__dict__.get(node.func.attr)
                if inspect.isfunction(inherited):
                    codes |= success_codes(view, inherited, depth + 1)
                    break
    return codes or {200}


def component_name(serializer_class) -> str:
    """drf-spectacular's name for a request body (COMPONENT_SPLIT_REQUEST)."""
    name = serializer_class.__name__
    return name.removesuffix("Serializer") + "Request"


def post_operations():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, _regex, method, callback in generator.endpoints:
        if method != "POST" or not callback.__module__.startswith(PROJECT_APPS):
            continue
        view = generator.create_view(callback, method)
        handler = getattr(view, getattr(view, "action", None) or "post")
        # The schema names a record's key `id`, as the API's fields do.
        yield path.replace("{pk}", "{id}"), view, handler


def test_every_post_documents_the_body_it_reads_and_its_answer(schema):
    paths = schema["paths"]
    wrong = []
    checked = 0
    for path, view, handler in post_operations():
        reads = read_serializers(view, handler)
        assert len(reads) <= 1, f"{path} reads {reads}"
        body = paths[path]["post"].get("requestBody")
        documented = body and body["content"]["application/json"]["schema"].get("$ref")
        expected = f"#/components/schemas/{component_name(next(iter(reads)))}" if reads else None
        if (documented or None) != (expected or None):
            wrong.append(f"{path}: documented {documented}, reads {expected}")
        answered = {int(code) for code in paths[path]["post"]["responses"] if code.startswith("2")}
        if answered != success_codes(view, handler):
            wrong.append(f"{path}: documents {answered}, answers {success_codes(view, handler)}")
        checked += 1
    assert checked > 40  # every app's POST endpoints were found
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(
    ("path", "body", "answer"),
    [
        ("/api/v1/enterprise/inspections/{id}/withdraw/", "WithdrawInputRequest", "Inspection"),
        ("/api/v1/enterprise/inspections/{id}/redate/", "RedateInputRequest", "Inspection"),
        ("/api/v1/enterprise/inspections/{id}/carry-out/", "CarryOutInputRequest", "Inspection"),
        ("/api/v1/enterprise/inspections/merge/", "InspectionMergeInputRequest", "Inspection"),
        ("/api/v1/enterprise/inspections/{id}/approve/", None, "Inspection"),
        ("/api/v1/enterprise/inspections/{id}/reject/", None, "Inspection"),
    ],
)
def test_inspection_actions_document_their_own_body(schema, path, body, answer):
    operation = schema["paths"][path]["post"]
    documented = operation.get("requestBody")
    if body is None:
        assert documented is None
    else:
        ref = documented["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{body}"
    answered = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answered == f"#/components/schemas/{answer}"
