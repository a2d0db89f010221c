"""System checks of the enterprise app (run by `manage.py check`, `migrate` and `runserver`)."""

from django.conf import settings
from django.core import checks

#: E-4's published complaint channels: the setting and the environment variable that sets it.
COMPLAINT_CHANNELS = (
    ("COMPLAINT_PHONE", "YINGKOU_COMPLAINT_PHONE", "complaint telephone"),
    ("COMPLAINT_MAILBOX", "YINGKOU_COMPLAINT_MAILBOX", "complaint mailbox"),
)


@checks.register()
def complaint_channels_published(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E-4: "在官方网站、民心网公布投诉、举报电话和信箱" — the norm requires both the telephone
    and the mailbox to be published, and the complaint form is where the system publishes them;
    it leaves out one that is not set. A deployment without them would silently break the rule,
    so the production settings (`IS_PRODUCTION`) refuse to pass the check without both (an
    Error stops `migrate`, hence the deploy); elsewhere it is a warning."""
    missing = [
        (variable, what)
        for setting, variable, what in COMPLAINT_CHANNELS
        if not str(getattr(settings, setting, "") or "").strip()
    ]
    if not missing:
        return []
    variables = " and ".join(variable for variable, _what in missing)
    channels = " and ".join(what for _variable, what in missing)
    verb = "are" if len(missing) > 1 else "is"
    message = (
        f"E-4: the {channels} must be published on the complaint form; {variables} {verb} not set."
    )
    hint = (
        f"Set {variables} to what the city publishes for complaints about the business "
        "environment (README, Deploy)."
    )
    if getattr(settings, "IS_PRODUCTION", False):
        return [checks.Error(message, hint=hint, id="enterprise.E001")]
    return [checks.Warning(message, hint=hint, id="enterprise.W001")]
