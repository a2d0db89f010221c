import pytest
from django.urls import reverse

from tests.conftest import api_as


@pytest.mark.django_db
def test_pages_and_api_answer(client, owner, project):
    client.force_login(owner)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("projects:list")).status_code == 200
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 200
    response = api_as(owner).get("/api/v1/projects/")
    assert response.status_code == 200
    assert response.json()["results"][0]["sector"] == "secondary"
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
