"""Domain errors become HTTP errors: a broken rule 400 naming the rule, a stale edit 409."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from yingkou.errors import RuleViolation, StaleVersion


def exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        body = {"detail": exc.text, "rule": exc.rule}
        if exc.field:
            # A view whose published names differ from the model's (serializer `source=`)
            # reports the error under the name the client sent.
            names = getattr(context.get("view"), "api_field_names", {})
            body[names.get(exc.field, exc.field)] = [exc.text]
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleVersion):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ProtectedError | RestrictedError):
        # Deleting a record that others still point at (a project with its cases) would break them.
        return Response(
            {"detail": _("该记录已被其他业务记录（如储备、洽谈、帮扶案件）引用，不能删除。")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
        else:
            body = {"detail": " ".join(exc.messages)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
