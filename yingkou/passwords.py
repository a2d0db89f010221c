"""Password rules of 网络安全等级保护 2.0 level 3 (身份鉴别): at least 8 characters from at least
3 of the 4 character classes, and a password an administrator set is changed at first login."""

import string

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    ("symbol", lambda c: c in string.punctuation or c.isspace() or not c.isascii()),
)


class CharacterClassesValidator:
    """At least `min_classes` of lower-case, upper-case, digits and other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        used = sum(any(test(c) for c in password) for _name, test in CLASSES)
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。") % {
            "n": self.min_classes
        }


class FirstLoginPasswordChangeMiddleware:
    """An account whose password an administrator set must choose its own before anything else;
    pages redirect to the change form, the API answers 403."""

    EXEMPT = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            exempt = {reverse(name) for name in self.EXEMPT}
            if request.path not in exempt and not request.path.startswith("/static/"):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"detail": _("首次登录须先在网页上修改密码。")}, status=403)
                return redirect(f"{reverse('password_change')}?first=1")
        return self.get_response(request)
