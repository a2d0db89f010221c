"""Reading a form shown again after a refusal as its user sees it: what each field still holds,
and the reasons drawn beside that field (in the box that holds the field, not elsewhere on the
page)."""

from django.test.html import Element, parse_html

# The last line of a stale edit drawn again on the current version (yingkou.views.kit).
OVERWRITE = "再次保存将以您填写的内容覆盖上述修改；如要保留对方的修改，请刷新页面后重新填写。"


def refused_as_stale(client, url: str, saved_by, saved: dict, typed_by, typed: dict):
    """`saved_by` saves `saved` at `url`; then `typed_by` sends `typed`, typed on the version
    before: the page drawn again after the refusal, the record still as `saved_by` left it."""
    client.force_login(saved_by)
    assert client.post(url, saved).status_code == 302
    client.force_login(typed_by)
    refused = client.post(url, typed)
    assert refused.status_code == 200
    return refused


def stale_reasons(reasons: list[str], said: str, saved_by) -> list[str]:
    """`reasons`, of a stale edit drawn again, checked to open on what was changed meanwhile
    (`said`) and by whom, and to end on how to overwrite it knowingly."""
    assert any(said in reason for reason in reasons), reasons
    assert f"最近一次由{saved_by.display_name}于" in reasons[0]
    assert reasons[-1] == OVERWRITE
    return reasons


def version_form(page: str) -> Element:
    """The page's one form that edits its record: it posts to the page's own address, with the
    version the record was drawn at."""
    (form,) = [form for form in forms_of(page) if 'name="version"' in str(form)]
    return form


def shown_form(page: str, action: str) -> Element:
    """The form of `page` that posts to `action` (its address, a fragment aside), or one of
    whose buttons does."""
    for form in _elements(parse_html(page)):
        if form.name == "form" and action in {
            _attr(element, attribute).split("#")[0]
            for element in _elements(form)
            for attribute in ("action", "formaction")
        }:
            return form
    raise AssertionError(f"no form posts to {action}")


def forms_of(page: str) -> list[Element]:
    """Every form of `page`, in order."""
    return [element for element in _elements(parse_html(page)) if element.name == "form"]


def field_value(form: Element, name: str) -> str:
    """What the field `name` holds: an input's value, a textarea's text, a select's choice."""
    control = _control(form, name)
    if control.name == "textarea":
        return "".join(str(child) for child in control.children)
    if control.name == "select":
        for option in _elements(control):
            if option.name == "option" and _has(option, "selected"):
                return _attr(option, "value")
        return ""
    return _attr(control, "value")


def field_reasons(form: Element, name: str) -> list[str]:
    """The reasons shown in the box of the field `name` (its error list beside it)."""
    box = _parent(form, _control(form, name))
    return [
        _text(item)
        for errors in box.children
        if isinstance(errors, Element) and "errorlist" in _attr(errors, "class").split()
        for item in errors.children
        if isinstance(item, Element) and item.name == "li"
    ]


def field_notes(form: Element, name: str) -> list[str]:
    """The notes drawn in the box of the field `name` under it (`helptext`), reasons aside."""
    box = _parent(form, _control(form, name))
    return [
        _text(note)
        for note in box.children
        if isinstance(note, Element) and "helptext" in _attr(note, "class").split()
    ]


def field_box_classes(form: Element, name: str) -> set[str]:
    """The classes of the box that holds the field `name` (`form-row` in a page's own form)."""
    return set(_attr(_parent(form, _control(form, name)), "class").split())


def form_reasons(form: Element) -> list[str]:
    """The reasons about the whole form, not one of its fields: drawn first in the form, or in
    its summary of errors without a link to a field."""
    reasons = []
    for element in _elements(form):
        classes = _attr(element, "class").split()
        if element.name == "ul" and "nonfield" in classes:
            reasons += [_text(item) for item in _children(element, "li")]
        elif "error-summary" in classes:
            reasons += [
                _text(item)
                for errors in _children(element, "ul")
                for item in _children(errors, "li")
                if not _children(item, "a")
            ]
    return reasons


def refused_form(page: str) -> Element:
    """The form drawn again in a list after it was refused (`id="refused"`, which the browser
    is sent back to), where several forms of the page post to the same address."""
    for form in forms_of(page):
        if _attr(form, "id") == "refused":
            return form
    raise AssertionError("no refused form on the page")


def ticked(form: Element, name: str) -> set[str]:
    """The values of the boxes (checkboxes, radio buttons) `name` of `form` that are ticked."""
    return {
        _attr(element, "value")
        for element in _elements(form)
        if element.name == "input" and _attr(element, "name") == name and _has(element, "checked")
    }


def reasons_in(form: Element) -> list[str]:
    """Every reason drawn in `form`, about a field or the whole form, in order: for a form whose
    fields are a table of boxes, whose reasons are drawn above it."""
    return [
        _text(item)
        for element in _elements(form)
        if element.name == "ul" and "errorlist" in _attr(element, "class").split()
        for item in _children(element, "li")
    ]


def row_reasons(form: Element, name: str, value) -> list[str]:
    """The reasons drawn for the table row of `form` that holds the box `name` of `value`, in
    order: for a form whose fields are a table of records, each reason about one of them, in
    that row or in what its boxes name as describing them (a row of reasons under it)."""
    for row in _elements(form):
        boxes = [element for element in _elements(row) if element.name == "input"]
        if row.name == "tr" and any(
            _attr(box, "name") == name and _attr(box, "value") == str(value) for box in boxes
        ):
            described = {ref for box in boxes for ref in _attr(box, "aria-describedby").split()}
            return reasons_in(row) + [
                reason
                for element in _elements(form)
                if _attr(element, "id") in described
                for reason in reasons_in(element)
            ]
    raise AssertionError(f"no row holds {name}={value}")


def batch_reason(reason: str) -> tuple[set[str], str]:
    """A reason of a batch bar refused whole: the names of the items it refused (in the
    queue's order, read here as a set) and why."""
    names, why = reason.split("：", 1)
    return set(names.split("、")), why


def _control(form: Element, name: str) -> Element:
    for element in _elements(form):
        if element.name in ("input", "textarea", "select") and _attr(element, "name") == name:
            return element
    raise AssertionError(f"the form has no field {name}")


def _parent(root: Element, target: Element) -> Element:
    for element in _elements(root):
        if any(child is target for child in element.children):
            return element
    raise AssertionError("the field is not in the form")


def _children(element: Element, name: str) -> list[Element]:
    return [
        child for child in element.children if isinstance(child, Element) and child.name == name
    ]


def _elements(root: Element):
    yield root
    for child in root.children:
        if isinstance(child, Element):
            yield from _elements(child)


def _attr(element: Element, name: str) -> str:
    for key, value in element.attributes:
        if key == name:
            return value or ""
    return ""


def _has(element: Element, name: str) -> bool:
    return any(key == name for key, _value in element.attributes)


def _text(element: Element) -> str:
    return "".join(
        child if isinstance(child, str) else _text(child) for child in element.children
    ).strip()
