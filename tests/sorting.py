"""Checking that one ordering drives a list's page, its API endpoint and its export."""

import io

from openpyxl import load_workbook

from yingkou.exports import HEADER_ROW


def page_order(client, url: str, ordering: str, key) -> list:
    response = client.get(url, {"ordering": ordering, "per_page": 200})
    assert response.status_code == 200
    return [key(row) for row in response.context["page"].object_list]


def api_order(api, url: str, ordering: str, key) -> list:
    response = api.get(url, {"ordering": ordering, "page_size": 500})
    assert response.status_code == 200, response.content
    return [key(row) for row in response.json()["results"]]


def export_order(client, url: str, ordering: str, column: int) -> list:
    response = client.get(url, {"ordering": ordering, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return [row[column] for row in rows if row[column] is not None]
