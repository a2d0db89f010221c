"""A short reference for every request, shown on the 500 page and written on the log lines of
that request's failure, so what a user reports can be found in the log."""

import logging
import secrets


class RequestReferenceMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reference = secrets.token_hex(6)
        response = self.get_response(request)
        response[self.header] = request.reference
        return response


class RequestReferenceFilter(logging.Filter):
    """Adds `reference` to log records that carry a request (django.request does), '-' otherwise."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.reference = getattr(request, "reference", "-")
        return True
