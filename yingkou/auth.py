"""Downloads another system fetches: a browser session or an API token, like the REST API."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


def token_or_login_required(view):
    """`Authorization: Token <key>` (the key from /api/v1/auth/token/) authenticates the request;
    without that header the page behaves as any signed-in page (a redirect to the login)."""
    session_view = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if get_authorization_header(request).split()[:1] != [b"Token"]:
            return session_view(request, *args, **kwargs)
        message = "认证失败。"
        try:
            authenticated = TokenAuthentication().authenticate(request)
        except AuthenticationFailed as exc:
            authenticated = None
            message = str(exc.detail)
        if authenticated is None:
            response = HttpResponse(message, status=401, content_type="text/plain; charset=utf-8")
            response["WWW-Authenticate"] = "Token"
            return response
        request.user = authenticated[0]
        return view(request, *args, **kwargs)

    return wrapper
