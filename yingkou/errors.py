"""The one domain error for a broken rule. The API turns it into HTTP 400, forms into a form error."""

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A request breaks a numbered rule of the norms (R-x, N-x, A-x, E-x) or of the shared model."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        self.rule = code
        self.field = field
        text = f"{message}（{code}）" if code and code not in message else message
        super().__init__({field: [text]} if field else text, code=code)
        self.text = text

    def __str__(self) -> str:
        return self.text


class StaleVersion(Exception):
    """The record changed since the editor loaded it; saving would overwrite someone's work."""
