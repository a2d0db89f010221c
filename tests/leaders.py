"""Saving a leader as an administrator does, in the admin (§1: what rests on him is judged again)."""

from django.forms.models import model_to_dict
from django.urls import reverse


def save_leader(client, leader, **changes):
    """POST the leader's admin form with his current values, some of them changed."""
    data = {name: value for name, value in model_to_dict(leader).items() if value is not None}
    data["portfolio_units"] = [unit.pk for unit in leader.portfolio_units.all()]
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not False}
    url = reverse("admin:yingkou_leader_change", args=[leader.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
