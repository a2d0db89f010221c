"""E-4: a complaint transferred on from another tab (or by a colleague) meanwhile: the reply,
transfer or limit sent from the page read before is refused on that page with where the
complaint went, and the reply typed in it stays; not a 403 page saying the user may not see it."""

import pytest
from django.urls import reverse

from enterprise import services
from tests.enterprise.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_complaint_transferred_meanwhile_says_where_it_went(client, supervisor, area):
    complaint = ComplaintFactory(receiving_unit=supervisor.unit)
    client.force_login(supervisor)
    # Another tab transfers it to the district while this one has the reply typed.
    services.complaint_transfer(complaint=complaint, user=supervisor, to_unit=area)
    reply = "已责成相关部门整改，情况属实。"
    response = client.post(
        reverse("enterprise:complaint_reply", args=[complaint.pk]),
        {"done_on": "2026-11-05", "outcome": reply},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "该投诉已转办给鲅鱼圈区，由其办理" in page
    assert reply in page
    complaint.refresh_from_db()
    assert complaint.done_on is None and complaint.handling_unit == area
    response = client.post(
        reverse("enterprise:complaint_transfer", args=[complaint.pk]),
        {"to_unit": area.pk},
    )
    assert response.status_code == 200
    assert "该投诉已转办给鲅鱼圈区" in response.content.decode()


def test_a_unit_it_never_passed_through_is_still_refused(client, outsider):
    complaint = ComplaintFactory()
    client.force_login(outsider)
    response = client.post(
        reverse("enterprise:complaint_reply", args=[complaint.pk]),
        {"done_on": "2026-11-05", "outcome": "答复"},
    )
    assert response.status_code in (403, 404)


def test_the_supervision_bureau_is_not_told_of_a_transfer_of_a_complaint_it_never_had(
    client, supervisor, area
):
    """Only a unit the complaint passed through is told where it went; the bureau, which sees
    every complaint, is refused a reply to one a district received itself."""
    complaint = ComplaintFactory(receiving_unit=area)
    client.force_login(supervisor)
    response = client.post(
        reverse("enterprise:complaint_reply", args=[complaint.pk]),
        {"done_on": "2026-11-05", "outcome": "已办结。"},
    )
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.done_on is None
