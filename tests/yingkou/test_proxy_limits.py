"""Behind the TLS proxy every client keeps its own lockout and rate-limit bucket, counted in the
shared cache; API tokens expire and stop while their account is locked out (issue 15)."""

import datetime as dt

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from enterprise.models import Complaint
from tests.factories import UnitFactory
from yingkou.choices import UnitKind
from yingkou.client_ip import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_proxy_a_forged_header_changes_nothing():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_forwarded_address():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request()) == "10.0.0.2"
    # More hops than proxies configured: the header is not trusted.
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "10.0.0.2"


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_a_lockout_behind_the_proxy_locks_only_the_guessing_client(client, owner):
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        client.post("/login/", {"username": "alice", "password": "wrong"}, **attacker)
    locked = client.post("/login/", {"username": "alice", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    alice = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    response = client.post("/login/", {"username": "alice", "password": PASSWORD}, **alice)
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_public_form_limit_is_per_client_behind_the_proxy(client):
    from enterprise.views import PUBLIC_SUBMISSIONS_PER_HOUR

    UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    body = {
        "complainant_name": "甲",
        "complainant_phone": "13800000000",
        "subject": "s",
        "content": "c",
    }
    url = reverse("enterprise:complaint_public")
    flood = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(PUBLIC_SUBMISSIONS_PER_HOUR):
        client.post(url, body, **flood)
    refused = client.post(url, body, **flood)
    assert "提交过于频繁" in refused.content.decode()
    assert Complaint.objects.count() == PUBLIC_SUBMISSIONS_PER_HOUR
    client.post(url, body, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Complaint.objects.count() == PUBLIC_SUBMISSIONS_PER_HOUR + 1


def _token_client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@override_settings(API_TOKEN_LIFETIME=dt.timedelta(hours=12))
def test_a_token_expires_and_the_endpoint_issues_a_new_one(owner):
    key = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    key = key.json()["token"]
    assert _token_client(key).get("/api/v1/projects/").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(hours=13))
    expired = _token_client(key).get("/api/v1/projects/")
    assert expired.status_code == 401 and "过期" in expired.json()["detail"]
    fresh = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    assert fresh.json()["token"] != key
    assert _token_client(fresh.json()["token"]).get("/api/v1/projects/").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_a_token_is_refused_while_its_account_is_locked_out(owner):
    key = Token.objects.create(user=owner).key
    for _ in range(5):
        APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"})
    refused = _token_client(key).get("/api/v1/projects/")
    assert refused.status_code == 401 and "锁定" in refused.json()["detail"]
