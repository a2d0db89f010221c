"""The token endpoint (POST username and password)."""

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .authentication import token_expired


class ObtainExpiringToken(ObtainAuthToken):
    """The token endpoint: a token past its lifetime is replaced by a new one."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "expires": token.created + settings.API_TOKEN_LIFETIME}
        )
