"""The token endpoint (POST username and password)."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .authentication import token_expired


class ObtainExpiringToken(ObtainAuthToken):
    """The token endpoint: a token past its lifetime is replaced by a new one."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes refused the credentials (AXES_FAILURE_LIMIT) and marked the request:
            # say so, as the sign-in page does, instead of "wrong username or password", which
            # would send the user on guessing while every try is refused anyway.
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {
                        "detail": _(
                            "连续多次输入错误的密码，为保护账号安全，该账号已被暂时锁定 30 分钟。"
                            "请稍后再试，或联系系统管理员解锁。"
                        )
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "expires": token.created + settings.API_TOKEN_LIFETIME}
        )
