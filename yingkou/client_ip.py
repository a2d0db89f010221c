"""The client's address as the trusted reverse proxies report it (django-ipware).

`DJANGO_PROXY_COUNT` says how many reverse proxies the operator runs in front of the app. With
none, only the socket address counts, so a forged X-Forwarded-For changes nothing. With one (the
TLS proxy, which must set `X-Forwarded-For $remote_addr`), the header names the client; a header
with more hops than the proxies configured is not trusted and the socket address is used, so a
client cannot pick its own bucket in the lockout or the rate limits.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    else:
        # python-ipware counts the proxies listed in the header, i.e. those before the last one.
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        )
    return address or request.META.get("REMOTE_ADDR", "")
