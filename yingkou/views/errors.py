"""Error pages on the site's own layout, in Chinese, for DEBUG off (handler400/403/404/500).

Each page keeps the menu and offers a way back; the 500 page shows the request reference that is
also written to the log line of the failure, so a user's report can be matched to it."""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from yingkou.errors import NotFoundBecause, RefusedBecause

logger = logging.getLogger(__name__)

PAGES = {
    400: (_("请求有误"), _("提交的内容无法识别，请返回上一页检查后重新提交。")),
    403: (_("没有权限"), _("您的账号无权查看或办理此项内容。如确需办理，请联系本单位管理员。")),
    404: (_("页面不存在"), _("您要找的页面不存在，或已被删除、移动，也可能不在您的查看范围内。")),
    500: (_("系统出错"), _("系统暂时无法完成您的请求，我们已记录此次错误。请稍后再试。")),
}


def _back_url(request) -> str | None:
    """The page the user came from, only if it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very cause of a 400
        return None
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return None


def _render(request, status: int, reason: str = "") -> HttpResponse:
    title, message = PAGES[status]
    message = reason or message
    context = {
        "status": status,
        "title": title,
        "message": message,
        "back_url": _back_url(request),
        "reference": getattr(request, "reference", ""),
    }
    return render(request, "errors/error.html", context, status=status)


def bad_request(request, exception=None):
    return _render(request, 400, str(exception) if isinstance(exception, RefusedBecause) else "")


def permission_denied(request, exception=None):
    return _render(request, 403)


def page_not_found(request, exception=None):
    return _render(request, 404, str(exception) if isinstance(exception, NotFoundBecause) else "")


def server_error(request):
    # The layout needs the user and the menu; if what broke is the database, they fail too, and a
    # plain page must still answer.
    try:
        return _render(request, 500)
    except Exception:
        logger.exception("The error page itself failed")
        reference = getattr(request, "reference", "")
        return HttpResponseServerError(
            '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>系统出错</title>'
            f"<h1>系统出错</h1><p>系统暂时无法完成您的请求，请稍后再试。</p>"
            f'<p>错误编号：{reference}</p><p><a href="/">回到首页</a></p></html>'
        )


def csrf_failure(request, reason=""):
    title, _message = PAGES[403]
    context = {
        "status": 403,
        "title": title,
        "message": _("页面已过期或表单来源无法确认，请返回上一页，刷新后重新提交。"),
        "back_url": _back_url(request),
        "reference": "",
    }
    return render(request, "errors/error.html", context, status=403)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; answer it instead of a 404. The
    static URL is resolved per request because the hashed name exists only after collectstatic."""
    return redirect(static("favicon.ico"), permanent=True)
