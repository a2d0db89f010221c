"""The small view kit every app's pages are written with.

- `form_error` / `attempt`: a broken rule (`RuleViolation`) or a stale edit (`StaleVersion`)
  becomes a form error, on the rule's field when the form has it; a stale edit's form is drawn
  again on the record's current version, with what changed meanwhile beside what was typed;
- `act`: the same for a form-less action (a button): the reason becomes a message;
- `list_page`: a list page — its FilterSet (filters and sorting), `?export=xlsx` through the
  list's `Exporter`, then a page of rows with `includes/pagination.html`;
- `export_response`: a list's file, built in the background when it is large (`list_page` and
  the pages that answer `?export=xlsx` themselves);
- `child_create`: a page that records something on a parent record through a service;
- `record_step` / `record_steps`: the actions of a record page, one URL each; a refused one
  shows the page again with the form as it was sent (`links_lead_to` where that page is a
  list, whose links are its query alone; `refused_row`, `row_action_tail` and
  `done_at_message` where the form sits in one of its rows or cards);
- `asked_period`: the period a page is asked for (`?week=`, `?month=`, `?period=`, `?year=` or
  in the path), as its rule reads it: one before the service is 400, one not begun 404, each
  page showing the rule's reason;
- `may_open`: whether a record a page or row names is one the reader may open, so that its name
  links there;
- `batch`: one action applied to several records, each through the same service as the single
  action (permissions and rules per record), with one summary of what was done and refused; a
  batch of which nothing was done keeps its bar's comment, with the reasons."""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingkou import export_jobs
from yingkou.errors import (
    NotFoundBecause,
    PeriodBeforeService,
    RefusedBecause,
    RuleViolation,
    StaleVersion,
)
from yingkou.history import show_in_sentence
from yingkou.paging import cheap_count, paginate, same_rows, shown_query, with_page_figures
from yingkou.permissions import require

REFUSED = (RuleViolation, StaleVersion)


def may_open(user, records, pk):
    """Whether `user` may open the record of `records` (a model or a queryset of one) that `pk`
    names, so that a page or row naming it links there. A unit answers for matters of records it
    does not see — a case's problems, tasks and coordination lines (A-4, A-5), an enterprise's
    problems, inspections and promises (E-3, E-5, E-6) — and sees those without the record.

    On a record's page `pk` is the id (None: it names none), answered True or False; on a list it
    is the rows' field, `OuterRef("case_id")`, naming a record on every row, answered with an expression to annotate the rows
    with: one subquery for the page, not a query per row, and none for a city-wide reader."""
    if isinstance(pk, OuterRef):
        if user.is_city_wide:
            return Value(True, output_field=BooleanField())
        return Exists(_visible(user, records).filter(pk=pk))
    return pk is not None and (user.is_city_wide or _visible(user, records).filter(pk=pk).exists())


def _visible(user, records) -> QuerySet:
    queryset = records if isinstance(records, QuerySet) else records._default_manager.all()
    return queryset.visible_to(user)


def next_path(request) -> str | None:
    """The page a form was opened from (`next`, posted or in the address), to go back to once
    done. Only a path on this site is followed: anything with a scheme or host, however it is
    spelt, would make the form a redirector to elsewhere."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not parts.scheme
        and not parts.netloc
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return None


@contextmanager
def asked_period():
    """Wrap the rule that reads the period a page is asked for. A period before the service is
    a request that cannot be answered (400); a period not begun, or unreadable, does not exist
    (yet): 404. Either page says why, in the rule's words."""
    try:
        yield
    except PeriodBeforeService as refused:
        raise RefusedBecause(refused.text) from refused
    except RuleViolation as refused:
        raise NotFoundBecause(refused.text) from refused


def form_error(form, exc: RuleViolation | StaleVersion) -> None:
    """Show why the service refused on the form: on the rule's field if the form has it (a
    form whose field is named otherwise than the rule's says which in `rule_fields`). A form
    whose fields are a table of records (`add_row_error`) is told a reason about one of them
    (`RuleViolation.about`) for that record's row. A stale edit's form is then carried onto the
    record's current version (`_on_current_version`)."""
    about = getattr(exc, "about", ())
    if len(about) == 1 and hasattr(form, "add_row_error"):
        form.add_row_error(about[0].pk, _reason(exc))
        return
    form.add_error(_field_of(form, exc), _reason(exc))
    if isinstance(exc, StaleVersion):
        _on_current_version(form, exc.record)


def _on_current_version(form, record) -> None:
    """A stale edit shown again on the record's current version, with what the person typed:
    each field whose saved value now differs from it is named with both, so saving again
    overwrites the other's change knowingly, through the same service (its history names
    both saves). The form says which of its hidden fields carry the version it was drawn on
    (`seen_fields`: field -> the record's attribute, or a function of the record), `version`
    by default; a form with none, or a refusal naming no record (it was deleted meanwhile),
    is left as it is. A form whose edit the record may no longer take at all, whatever is
    typed (a promise closed meanwhile), checks it in `current_rule(record)`: its reason is
    said instead of the offer to save again."""
    seen = getattr(form, "seen_fields", None) or (
        {"version": "version"} if "version" in form.fields else {}
    )
    if record is None or record.pk is None or not seen:
        return
    # Reloaded: the refused edit may have set its values on the record in memory.
    current = type(record)._default_manager.filter(pk=record.pk).first()
    if current is None:
        return
    data = form.data.copy()
    for name, source in seen.items():
        value = source(current) if callable(source) else getattr(current, source)
        data[form.add_prefix(name)] = "" if value is None else str(value)
    form.data = data
    lines = changed_meanwhile(form, current)
    for line in lines:
        form.add_error(None, line)
    try:
        getattr(form, "current_rule", lambda record: None)(current)
    except RuleViolation as closed:
        form.add_error(None, _reason(closed))
        return
    form.add_error(
        None,
        _("再次保存将以您填写的内容覆盖上述修改；如要保留对方的修改，请刷新页面后重新填写。")
        if lines
        else _("您填写的各项与现在保存的内容一致，再次保存即可。"),
    )


def changed_meanwhile(form, current) -> list[str]:
    """For each field a person typed (not hidden, not disabled) that the record `current` holds
    too (under the same name, or the one the form's `record_fields` maps it to), a line naming
    its saved value and the one typed, where they differ, as the record's history names them.
    A form that edits a record held by `current` (a case's team) maps its fields through it:
    `"team.members"`."""
    mapped = getattr(form, "record_fields", {})
    lines = []
    for name, field in form.fields.items():
        if field.disabled or field.widget.is_hidden or name not in form.cleaned_data:
            continue
        *through, attribute = mapped.get(name, name).split(".")
        holder = current
        for step in through:
            holder = getattr(holder, step, None)
        if holder is None:
            continue
        try:
            model_field = holder._meta.get_field(attribute)
        except FieldDoesNotExist:
            continue
        if not (model_field.concrete or model_field.many_to_many) or model_field.auto_created:
            continue
        now = getattr(holder, model_field.name)
        if model_field.many_to_many:
            now = list(now.all())
        typed = form.cleaned_data[name]
        if _comparable(model_field, now) == _comparable(model_field, typed):
            continue
        lines.append(
            _("「%(label)s」现为 %(now)s，您填写的是 %(typed)s")
            % {
                "label": field.label or model_field.verbose_name,
                "now": show_in_sentence(model_field, now),
                "typed": show_in_sentence(model_field, typed),
            }
        )
    return lines


def _comparable(field, value):
    if field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in value or ())
    if field.is_relation:
        return getattr(value, "pk", value)
    if value in (None, ""):
        return None
    try:
        return field.to_python(value)
    except ValidationError:
        return value


def _field_of(form, exc) -> str | None:
    field = getattr(exc, "field", None)
    field = getattr(form, "rule_fields", {}).get(field, field)
    return field if field in form.fields else None


def attempt(form, service: Callable, /, *args, **kwargs) -> Any:
    """Run a service; a refusal becomes a form error and the answer is None. A service that
    returns nothing answers True, so `if attempt(...)` reads "if it was done"."""
    try:
        result = service(*args, **kwargs)
    except REFUSED as exc:
        form_error(form, exc)
        return None
    return True if result is None else result


def act(request, service: Callable, /, *args, success: str = "", **kwargs) -> Any:
    """Run a form-less action (a button); a refusal becomes an error message and the answer is
    None, otherwise `success` is shown and the service's result (or True) returned."""
    try:
        result = service(*args, **kwargs)
    except REFUSED as exc:
        messages.error(request, _reason(exc))
        return None
    if success:
        messages.success(request, success)
    return True if result is None else result


def record_step(
    request,
    record,
    form,
    service: Callable,
    *,
    as_name: str,
    success: str | Callable[[Any], str],
    done: str,
    page,
    values: Callable[[dict], dict] | None = None,
):
    """One action of a record page (one URL per action): the posted form goes through the
    action's service as `<as_name>=record, user=`, with the form's data (or `values(data)` where
    the service names it otherwise); done, to `done` with a message (`success`, or
    `success(result)` where the message depends on what the service did); refused (invalid
    input or a rule), `page(form)` shows the record's page again with it."""
    if form.is_valid():
        data = form.cleaned_data if values is None else values(form.cleaned_data)
        if result := attempt(form, service, **{as_name: record}, user=request.user, **data):
            messages.success(request, success(result) if callable(success) else success)
            return redirect(done)
    return page(form)


def record_steps(
    load: Callable,
    page: Callable,
    forms: dict,
    *,
    as_name: str,
    url_name: str,
    allowed: Callable,
    success: str = "",
):
    """The actions of one kind of record page, one URL each: `step(name, service)` is the POST
    view of the action whose form is `forms[name]`. It loads the record (`load(request, pk)`,
    404 outside the user's records), asks `allowed(user, record)` (403) and runs `record_step`:
    done, back to the record's page (`url_name`); refused, `page(request, record, {name: form})`
    shows the page again with the form. A step may ask another predicate or say another success
    message (`step(name, service, allowed=..., success=...)`)."""

    def step(name: str, service: Callable, *, allowed: Callable = allowed, success: str = success):
        @login_required
        @require_POST
        def view(request, pk: int):
            record = load(request, pk)
            require(allowed(request.user, record))
            return record_step(
                request,
                record,
                forms[name](request.POST),
                service,
                as_name=as_name,
                success=success or _("已保存。"),
                done=reverse(url_name, args=[record.pk]),
                page=lambda form: page(request, record, {name: form}),
            )

        view.__name__ = view.__qualname__ = f"{as_name}_{name}"
        view.__doc__ = service.__doc__
        return view

    return step


def page_forms(forms: dict, bound: dict | None = None, initial: dict | None = None) -> dict:
    """A record page's action forms by name (`forms.<name>` in its template): the refused one
    bound with its errors (`bound`, from `record_steps`), the others empty or with `initial`."""
    bound, initial = bound or {}, initial or {}
    return {name: bound.get(name) or cls(initial=initial.get(name)) for name, cls in forms.items()}


def links_lead_to(url_name: str):
    """For a POST view whose refused form shows a list page again (`record_step`'s `page`): the
    links of that page are its query alone (filters, sorting, pages) and lead to the view's own
    address, so a GET of it is sent on to the list (`url_name`) with that query."""

    def decorate(view):
        @wraps(view)
        def answer(request, *args, **kwargs):
            if request.method == "GET":
                query = request.GET.urlencode()
                return redirect(reverse(url_name) + (f"?{query}" if query else ""))
            return view(request, *args, **kwargs)

        return require_http_methods(["GET", "POST"])(answer)

    return decorate


def row_action_tail(request, page) -> str:
    """What the action of a form in a row of a list ends with: the list's whole query, its page
    too (`page`, the one shown: the last page for one asked past the end), so a refusal shows
    the same rows again with that one among them, and the fragment the refused form is drawn
    under (`id="refused"`), so the browser comes back to it. One string for every row: a list
    of fifty draws no key twice more per row for it."""
    query = shown_query(request, page)
    return (f"?{query}" if query else "") + "#refused"


def done_at_message(url: str) -> str:
    """Where a form posted to a place on its page (a row of a list, `row_action_tail`; a card of
    a record page, `#decision`) leads once done: `url` at the message saying what was done
    (`id="messages"`). A redirect without a fragment of its own keeps the one its request was
    sent to (RFC 7231 §7.1.2): the address would go on naming a place the page may no longer
    have."""
    return f"{url}#messages"


def refused_row(refused: tuple | None, rows) -> dict | None:
    """A list page shown again after the form in one of its rows was refused (`refused`: the
    row's record and the form as it was sent, with its reasons): what its template reads as
    `refused` — the row's key (`pk`) that draws `form` in that row instead of an empty one, and
    `apart` when the record is not among `rows` (it left the list meanwhile, as the reason
    says, or the page it was on is gone and the list's last page, shown instead, does not hold
    it): the template then draws the record and its form above the list, so what was typed
    is not lost either. The rows draw their empty forms themselves and the refused one from a
    template of its own, included once: an include per row costs the list more than its
    rows' forms."""
    if refused is None:
        return None
    record, form = refused
    return {
        "pk": record.pk,
        "record": record,
        "form": form,
        "apart": all(row.pk != record.pk for row in rows),
    }


def _reason(exc) -> str:
    if isinstance(exc, RuleViolation):
        return exc.text
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("您没有权限处理此项。")
    return str(exc)


def list_query(request) -> str:
    """The list's query string without the page and the export switch, for links that keep the
    user's filters and order (the export button, the page-size links)."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def no_filter_chosen(filterset) -> bool:
    """Whether the list's filters narrowed nothing: the rows are the FilterSet's queryset as the
    view gave it (sorting aside). A summary of such a list may be a kept whole-city one."""
    return same_rows(filterset.qs, filterset.queryset)


def list_page(
    request,
    filterset,
    template: str,
    context: dict | Callable[[Any], dict] | None = None,
    *,
    exporter: Callable | None = None,
    export_name: str = "",
    rows: Callable | None = None,
    annotate: Callable | None = None,
    background: str | None = None,
    count: int | Callable[[], int] | None = None,
    keys: Callable[[], list] | None = None,
    refused: tuple | None = None,
):
    """Render a list: the FilterSet's rows (filtered and sorted), exported whole with
    `?export=xlsx` when the list has an exporter, otherwise one page of them.

    `annotate(queryset)` adds figures to the filtered, sorted rows (for the page and the export);
    `exporter(queryset)` returns an `Exporter`; `rows(page)` turns a page into what the template
    iterates as `rows`; `context` (or `context(filterset)`) adds to the template's context.
    `background` names the export's builder (yingkou.export_jobs): a large export is then built
    by the worker, and the user is sent to its progress page. `count` (or `count()`, asked
    only for a page, not for an export) is the number of rows when the page already knows it
    from figures it shows (not counted again). `keys()` is every row's key in the list's order
    when the page has read them anyway for such figures: the page is then cut from them instead
    of read again (a unit's list costs one read of what it may see, not one per figure).
    `refused` (a record and its form) shows the list again after that row's form was refused
    (`refused_row`)."""
    queryset = filterset.qs
    if exporter is not None and request.GET.get("export") == "xlsx":
        if annotate is not None:
            queryset = annotate(queryset)
        return export_response(request, queryset, exporter, export_name, background)
    if keys is not None:
        page = paginate(request, keys())
        page.object_list = with_page_figures(
            queryset, list(page.object_list), annotate or (lambda rows: rows)
        )
    else:
        page = paginate(request, queryset, count=count() if callable(count) else count)
    if annotate is not None and keys is None:
        keys = list(page.object_list.values_list("pk", flat=True))
        page.object_list = with_page_figures(queryset, keys, annotate)
    data = {
        "filter": filterset,
        "page": page,
        "query": list_query(request),
        "row_tail": row_action_tail(request, page),
    }
    if refused is not None:
        data["refused"] = refused_row(refused, page)
    if rows is not None:
        data["rows"] = rows(page)
    if callable(context):
        context = context(filterset)
    return render(request, template, {**data, **(context or {})})


def export_response(
    request, queryset, exporter: Callable, export_name: str, background: str | None = None
):
    """A list's Excel file: `exporter(queryset)` as a direct download, or, with a `background`
    builder (yingkou.export_jobs) and more than EXPORT_DIRECT_MAX_ROWS rows, a job the worker
    builds from the request's query while the user is sent to its progress page."""
    if background and export_jobs.is_large(cheap_count(queryset)):
        # Never inside a request that can hit gunicorn's timeout.
        query = request.GET.copy()
        query.pop("export", None)
        job = export_jobs.export_start(
            user=request.user,
            kind=background,
            title=export_name,
            params={"query": query.urlencode()},
            list_url=f"{request.path}?{query.urlencode()}" if query else request.path,
        )
        return redirect(export_jobs.export_url(job))
    return exporter(queryset).response(export_name)


def child_create(
    request,
    parent,
    form_class,
    service: Callable,
    *,
    parent_name: str,
    template: str,
    title: str,
    success: str,
    next_url: Callable[[Any, Any], str],
    form_kwargs: dict | None = None,
    context: dict | None = None,
):
    """A page that records something on `parent` through `service(<parent_name>=parent,
    user=..., **cleaned_data)`; a refusal becomes a form error. After success the user goes
    to `next_url(parent, created)`."""
    form = form_class(request.POST or None, request.FILES or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        created = attempt(
            form, service, **{parent_name: parent}, user=request.user, **form.cleaned_data
        )
        if created:
            messages.success(request, success)
            return redirect(next_url(parent, created))
    return render(
        request,
        template,
        {"form": form, parent_name: parent, "title": title, **(context or {})},
    )


def batch(
    request,
    items: Iterable,
    step: Callable[[Any], Any],
    *,
    done_message: str,
    name: Callable[[Any], str] = str,
    form=None,
) -> tuple[int, list[str]]:
    """Apply `step(item)` to each item; one refused item does not stop the others. Tells the
    user how many were done (`done_message` with %(count)s) and, one message each, which were
    refused and why (a broken rule, a stale record or no permission for that one record).
    Returns (done, refusals).

    With the batch bar's `form`, a batch of which nothing was done tells it on that form
    instead, each reason once after the names of the items it refused, beside the field it is
    about (the comment a return needs) or above the form; the caller shows the page again with
    what was typed, since a redirect would lose it and nothing was done to show instead."""
    done, refused = 0, []
    for item in items:
        try:
            step(item)
        except (*REFUSED, PermissionDenied) as exc:
            refused.append((item, exc))
        else:
            done += 1
    reasons = [f"{name(item)}：{_reason(exc)}" for item, exc in refused]
    if form is not None and refused and not done:
        named: dict[tuple, list[str]] = {}
        for item, exc in refused:
            named.setdefault((_field_of(form, exc), _reason(exc)), []).append(name(item))
        for (field, reason), names in named.items():
            form.add_error(field, f"{'、'.join(names)}：{reason}")
        return done, reasons
    if done:
        messages.success(request, done_message % {"count": done})
    for reason in reasons:
        messages.error(request, reason)
    return done, reasons


def checked_ids(request, name: str) -> list[int]:
    """The ids ticked in a batch form (anything not a number is ignored)."""
    return [int(pk) for pk in request.POST.getlist(name) if pk.isdigit()]
