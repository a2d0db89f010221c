"""`{% subnav "<app>" ["<key>"] %}`: the app's sub-navigation (`yingkou.navigation`); the key
marks the item a page belongs to when its address does not say it (a record's page)."""

from django import template

from yingkou.navigation import app_items, resolve

register = template.Library()


@register.inclusion_tag("includes/subnav.html", takes_context=True)
def subnav(context, app: str, active: str = ""):
    request = context["request"]
    return {"items": resolve(app_items(app), request, active)}
