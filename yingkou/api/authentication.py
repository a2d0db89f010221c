"""API tokens that expire and that stop working while their account is locked out."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expired(token: Token) -> bool:
    return token.created < timezone.now() - settings.API_TOKEN_LIFETIME


def account_locked_out(request, user) -> bool:
    """The django-axes lockout of this account for this client, the same one the login page and
    the token endpoint apply: a stolen token does not outlive a password-guessing lockout."""
    from axes.handlers.proxy import AxesProxyHandler

    if not settings.AXES_ENABLED:
        return False
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, valid for API_TOKEN_LIFETIME after it was issued."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and account_locked_out(request._request, result[0]):
            raise exceptions.AuthenticationFailed(_("账号已被暂时锁定，请稍后再试。"))
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token
