"""The admin's pages for a negotiation case's records are only read there (N-3, N-5, N-6: their
services apply the rules), and name the case rather than offering a select of every case (some
23,000 at city scale)."""

import datetime as dt

import pytest

from negotiation.models import ProgressReport, TeamMeeting, TeamTask
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import open_case
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def _record(model, case, user):
    if model is TeamTask:
        return TeamTask.objects.create(
            case=case,
            title="落实用地指标",
            owner_unit=case.negotiating_unit,
            due_on=dt.date(2026, 11, 30),
            assigned_by=user,
            assigned_on=dt.date(2026, 11, 2),
        )
    if model is TeamMeeting:
        return TeamMeeting.objects.create(
            case=case,
            held_on=dt.date(2026, 11, 2),
            attendees="各单位",
            minutes="纪要",
            recorded_by=user,
        )
    return ProgressReport.objects.create(
        case=case,
        period="2026-11",
        reported_on=dt.date(2026, 11, 2),
        progress="推进中",
        reported_by=user,
    )


@pytest.mark.parametrize("model", [TeamTask, TeamMeeting, ProgressReport])
def test_a_case_record_s_admin_page_lists_no_case(client, area, owner, model):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    client.force_login(admin)

    def open_cases(count):
        for _ in range(count):
            open_case(negotiating_unit=area, project=ProjectFactory(owner_unit=area), user=owner)

    case = open_case(negotiating_unit=area, project=ProjectFactory(owner_unit=area), user=owner)
    record = _record(model, case, owner)
    url = f"/admin/negotiation/{model._meta.model_name}/{record.pk}/change/"
    open_cases(2)
    client.get(url)  # the first visit also reads what the admin keeps (content types)
    few = count_queries(lambda: client.get(url))
    open_cases(10)
    assert count_queries(lambda: client.get(url)) == few
    page = client.get(url).content.decode()
    assert '<select name="case"' not in page
    assert str(case) in page
