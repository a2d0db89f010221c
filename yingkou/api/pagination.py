from rest_framework.pagination import PageNumberPagination

from yingkou.paging import EstimatingPaginator


class StandardPagination(PageNumberPagination):
    """Page numbers with `count`, `next`, `previous`, `results` (the API's stable shape); the count
    of a whole large table is PostgreSQL's estimate (yingkou.paging)."""

    django_paginator_class = EstimatingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
