"""One definition per number: a dashboard count is the number of rows of the list it links to.

A row names the list (its URL, its FilterSet, its queryset) and the filter parameters of the link;
the count runs that same FilterSet over that same queryset with those same parameters, so the
number on the dashboard and the rows the link opens cannot drift apart."""

from types import SimpleNamespace

from django.http import QueryDict
from django.urls import reverse


def list_params(params: dict | None) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in (params or {}).items():
        if isinstance(value, list | tuple):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = str(value)
    return query


def linked_count(
    label, *, url_name: str, filterset, queryset, user, params: dict | None = None
) -> tuple:
    """(label, count, url) of a dashboard row counting the rows of a list page. The list view must
    build its rows as `filterset(request.GET, queryset=queryset, request=request).qs` (or show
    `queryset` itself when the list has no filters, `filterset=None`)."""
    query = list_params(params)
    if filterset is not None:
        queryset = filterset(query, queryset=queryset, request=SimpleNamespace(user=user)).qs
    count = queryset.count()
    url = reverse(url_name)
    if query:
        url = f"{url}?{query.urlencode()}"
    return (label, count, url)
