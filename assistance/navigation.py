from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [
    (_("精准帮扶"), "assistance:list", None),
]
