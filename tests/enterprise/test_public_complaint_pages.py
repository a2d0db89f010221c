"""The public complaint pages (E-4): whom and where, unmistakable labels, the published channels,
and the reply on the tracking page once it is given."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from enterprise import services
from enterprise.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_flood_memory():
    cache.clear()
    yield
    cache.clear()


def test_the_form_asks_whom_and_where_and_names_the_complainants_own_company(client, settings):
    settings.COMPLAINT_PHONE = "0417-12345"
    settings.COMPLAINT_MAILBOX = "tousu@yshj.yingkou.example"
    page = client.get(reverse("enterprise:complaint_public")).content.decode()
    assert "被投诉单位或个人" in page and "事情发生地点" in page
    assert "投诉人所在企业（单位）" in page and "不是被投诉的一方" in page
    assert "投诉企业（单位）" not in page
    assert "0417-12345" in page and "tousu@yshj.yingkou.example" in page


def test_the_clerks_form_speaks_of_the_complainant_not_to_them(client, supervisor):
    # A complaint taken by phone or letter is written down by the supervision bureau's clerk:
    # "您本人所在的企业" would be the clerk's own.
    client.force_login(supervisor)
    page = client.get(reverse("enterprise:complaint_create")).content.decode()
    assert "投诉人本人所在的企业或单位，不是被投诉的一方" in page
    assert "投诉人所投诉的部门、单位或工作人员" in page
    assert "您" not in page.split("<main", 1)[1]
    public = client.get(reverse("enterprise:complaint_public")).content.decode()
    assert "您本人所在的企业或单位" in public


def test_without_configured_channels_the_page_says_nothing_about_them(client, settings):
    settings.COMPLAINT_PHONE = ""
    settings.COMPLAINT_MAILBOX = ""
    page = client.get(reverse("enterprise:complaint_public")).content.decode()
    assert "投诉举报电话" not in page and "投诉举报信箱" not in page


def test_the_tracking_page_shows_the_reply_once_given(client, supervisor):
    client.post(
        reverse("enterprise:complaint_public"),
        {
            "accused_party": "某区行政审批局窗口",
            "incident_place": "某区政务服务中心",
            "complainant_name": "投诉人",
            "complainant_phone": "13712345678",
            "subject": "办事拖延",
            "content": "材料齐全仍不予受理。",
        },
    )
    complaint = Complaint.objects.get()
    assert complaint.accused_party == "某区行政审批局窗口"
    assert complaint.incident_place == "某区政务服务中心"
    track_url = reverse("enterprise:complaint_track")
    before = client.get(track_url, {"number": complaint.tracking_number}).content.decode()
    assert "答复内容" not in before
    services.complaint_reply(
        complaint=complaint, user=supervisor, outcome="经核查，已责成窗口当日受理。"
    )
    after = client.get(track_url, {"number": complaint.tracking_number}).content.decode()
    assert "答复内容" in after and "经核查，已责成窗口当日受理。" in after
