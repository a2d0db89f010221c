import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(AXES_ENABLED=True)
def test_repeated_wrong_passwords_lock_the_login(client, owner):
    for _ in range(5):
        response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert "账号已被暂时锁定" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post("/login/", {"username": "alice", "password": "pw-for-tests-1"})
    assert response.status_code == 429


@override_settings(AXES_ENABLED=True)
def test_the_token_endpoint_is_protected_too(api, owner):
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"})
    response = api.post("/api/v1/auth/token/", {"username": "alice", "password": "pw-for-tests-1"})
    # Refused as locked, not as a wrong password: the right one would not help either.
    assert response.status_code == 429
    assert "token" not in response.json()
    assert "该账号已被暂时锁定" in response.json()["detail"]


@override_settings(AXES_ENABLED=True)
def test_a_wrong_token_password_before_the_limit_is_a_wrong_password(api, owner):
    response = api.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 400
    assert "锁定" not in str(response.json())


@override_settings(AXES_ENABLED=True)
def test_a_right_password_logs_in_and_shows_the_dashboard(client, owner):
    response = client.post(
        "/login/", {"username": "alice", "password": "pw-for-tests-1"}, follow=True
    )
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_a_wrong_password_gets_a_chinese_message(client, owner):
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()
