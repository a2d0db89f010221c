"""The one domain error for a broken rule. The API turns it into HTTP 400, forms into a form error."""

from collections.abc import Iterable

from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404


class RuleViolation(ValidationError):
    """A request breaks a numbered rule of the norms (R-x, N-x, A-x, E-x) or of the shared model.

    `about`: the records, among several a request names (the plans ticked for a merge), that the
    refusal is about, so a form drawing them as rows shows the reason in the row of the one it
    concerns (yingkou.views.kit.form_error). The API's answer does not change with it."""

    def __init__(self, code: str, message: str, *, field: str | None = None, about: Iterable = ()):
        self.rule = code
        self.field = field
        self.about = tuple(about)
        text = f"{message}（{code}）" if code and code not in message else message
        super().__init__({field: [text]} if field else text, code=code)
        self.text = text

    def __str__(self) -> str:
        return self.text


class PeriodBeforeService(RuleViolation):
    """A period earlier than the service's first (yingkou.scheduling.periods.SERVICE_BEGAN): a
    request that cannot be answered (400), unlike a period not begun yet, which does not exist
    yet (404)."""


class RefusedBecause(BadRequest):
    """A 400 whose message is written for the user (in Chinese) and shown on the error page."""


class NotFoundBecause(Http404):
    """A 404 whose message is written for the user (in Chinese) and shown on the error page: why
    what was asked for does not exist (a period not begun, one that cannot be read). A plain
    Http404 keeps the generic text: its message may be Django's, in English, about the query."""


class StaleVersion(Exception):
    """The record changed since the editor loaded it; saving would overwrite someone's work.

    `record`: the record the edit was refused on (`yingkou.services.stale`), so a page's form
    can be shown again on its current version with what changed (yingkou.views.kit.form_error);
    None when there is none to show (it was deleted meanwhile)."""

    def __init__(self, message: str = "", *, record=None):
        super().__init__(message)
        self.record = record


class RecordExists(StaleVersion):
    """An edit made on no record yet (version 0, `yingkou.services.claimed_or_new`) of a record
    that is there: refused as any stale edit, in the edit's own words (a page's form error, the
    API's 409). A caller that only creates, and so read no version (an API's POST), may word it
    as the record existing instead."""
