from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from yingkou.choice_sources import SOURCES
from yingkou.permissions import require


@login_required
@require_GET
def choices(request, source: str):
    """The first choices of a form's remote picker that contain the typed text (`q`): exactly the
    rows the form's field accepts from this user (yingkou.choice_sources). For a source following
    another field, all the rows of that field's choice (`?<field>=<id>`), which must be one the
    user has in that field and may use."""
    found = SOURCES.get(source)
    if found is None:
        raise Http404
    user = request.user
    require(found.may_use(user))
    if found.follows:
        chosen = found.followed(user, request.GET.get(found.follows))
        require(chosen is not None and found.may_use(user, chosen))
        options = found.options(found(user, chosen))
    else:
        options = found.matching(user, request.GET.get("q", ""))
    return JsonResponse({"results": [{"value": str(pk), "text": text} for pk, text in options]})
