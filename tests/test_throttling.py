"""Throttling: admin login (django-axes), password reset e-mails, 申请入驻 — counted per real client
address, also behind a trusted reverse proxy."""

import pytest

from django.core import mail
from django.test import RequestFactory, override_settings

from core.net import client_address

pytestmark = pytest.mark.django_db


def login(client, username, password, address="203.0.113.7"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_ENABLED=True)
def test_repeated_wrong_passwords_lock_the_account_for_that_address(client, django_user_model, settings):
    django_user_model.objects.create_user("shenheyuan", "s@example.com", "right-password-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "shenheyuan", "wrong").status_code == 200  # the form again, with its error
    locked = login(client, "shenheyuan", "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # Now even the right password is refused from this address …
    assert login(client, "shenheyuan", "right-password-2026").status_code == 429
    assert "_auth_user_id" not in client.session
    # … while the account can still log in from elsewhere, and others from here.
    assert login(client, "shenheyuan", "right-password-2026", address="198.51.100.9").status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_success_before_the_limit_resets_the_count(client, django_user_model, settings):
    django_user_model.objects.create_user("lingbanren", "l@example.com", "right-password-2026")
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, "lingbanren", "wrong")
        assert login(client, "lingbanren", "right-password-2026").status_code == 302
        client.logout()


def test_password_reset_mails_are_limited_per_address_asked_for(client, django_user_model):
    django_user_model.objects.create_user("chongzhi", "reset-me@example.com", "pw")
    answers = [client.post("/admin/password_reset/", {"email": "reset-me@example.com"}).status_code for _ in range(6)]
    assert answers[:3] == [302, 302, 302]
    assert set(answers[3:]) == {429}
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}, "203.0.113.7"),
        (2, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7, 10.0.0.2"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies_ignores_what_the_client_claims(proxies, meta, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(RequestFactory().get("/", **meta)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_limit(client, django_user_model):
    django_user_model.objects.create_user("daili", "proxy-user@example.com", "pw")
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(12):  # many clients, one proxy: none is limited by the others
        response = client.post(
            "/admin/password_reset/",
            {"email": f"someone-{number}@example.com"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
            **via_proxy,
        )
        assert response.status_code == 302, number
    for _ in range(10):
        client.post(
            "/admin/password_reset/", {"email": "x@example.com"}, HTTP_X_FORWARDED_FOR="198.51.100.1", **via_proxy
        )
    limited = client.post(
        "/admin/password_reset/", {"email": "y@example.com"}, HTTP_X_FORWARDED_FOR="198.51.100.1", **via_proxy
    )
    assert limited.status_code == 429


def test_applications_are_limited_per_client_address(client):
    for _ in range(5):
        assert "提交过于频繁" not in client.post("/apply/", {"studio_name": "某工作室"}).content.decode()
    assert "提交过于频繁" in client.post("/apply/", {"studio_name": "某工作室"}).content.decode()
    other = client.post("/apply/", {"studio_name": "某工作室"}, REMOTE_ADDR="198.51.100.20").content.decode()
    assert "提交过于频繁" not in other
