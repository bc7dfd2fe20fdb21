"""Sign-in lock-outs (django-axes): per address and username, per account, per address; site and admin."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from darcha.accounts.lockout import lift_lockout, normalise_username
from darcha.accounts.tests.factories import PASSWORD


@pytest.fixture
def limits(settings: Any) -> Any:
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    return settings


def sign_in(client: Client, username: str, password: str = PASSWORD, *, ip: str = "198.51.100.9", **extra: Any) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_the_limit_locks_out_even_the_right_password(client: Client, world: Any, limits: Any) -> None:
    assert [sign_in(client, "op_a", "nope").status_code for _ in range(3)] == [400, 400, 429]
    response = sign_in(client, "op_a")
    assert response.status_code == 429
    assert "Too many sign-in attempts." in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another username from the same address is still served.
    assert sign_in(client, "off_x").status_code == 302


def test_the_locked_out_page_tells_nothing_about_the_password(client: Client, world: Any, limits: Any) -> None:
    for _ in range(3):
        sign_in(client, "op_a", "nope")
    page = sign_in(client, "op_a").content.decode()
    assert "The username or password is not right." not in page
    assert "15 minutes" in page


def test_a_fullwidth_username_is_counted_with_the_ascii_one(client: Client, world: Any, limits: Any) -> None:
    # Django's sign-in form applies NFKC, so "ｏｐ＿ａ" signs in as "op_a": it must be counted as op_a.
    assert normalise_username("ｏｐ＿ａ") == normalise_username("OP_A") == "op_a"
    sign_in(client, "op_a", "nope")
    sign_in(client, "ｏｐ＿ａ", "nope")
    assert sign_in(client, "Op_A", "nope").status_code == 429
    assert sign_in(client, "ｏｐ＿ａ").status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"op_a"}


def test_an_unknown_account_is_locked_exactly_like_a_real_one(client: Client, world: Any, limits: Any) -> None:
    real = [sign_in(client, "op_a", "nope", ip="198.51.100.1") for _ in range(4)]
    unknown = [sign_in(client, "nobody_here", "nope", ip="198.51.100.2") for _ in range(4)]
    assert [r.status_code for r in real] == [r.status_code for r in unknown] == [400, 400, 429, 429]
    assert page_without_tokens(real[-1], "op_a") == page_without_tokens(unknown[-1], "nobody_here")


def page_without_tokens(response: Any, username: str) -> str:
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode()).replace(username, "")


def test_one_account_is_locked_across_many_addresses(client: Client, world: Any, limits: Any) -> None:
    # Two tries from each of many addresses: under the per-address limit, over the per-account one.
    statuses = [sign_in(client, "op_a", "nope", ip=f"203.0.113.{i // 2}").status_code for i in range(6)]
    assert statuses == [400, 400, 400, 400, 429, 429]
    assert sign_in(client, "op_a", ip="203.0.113.200").status_code == 429
    # The lock is the account's: another account from a fresh address signs in.
    assert sign_in(client, "off_x", ip="203.0.113.201").status_code == 302


def test_one_address_trying_many_usernames_is_limited(client: Client, world: Any, limits: Any) -> None:
    statuses = [sign_in(client, f"guess{i}", "nope").status_code for i in range(9)]
    assert statuses == [400] * 7 + [429, 429]
    assert sign_in(client, "op_a").status_code == 429
    assert sign_in(client, "op_a", ip="198.51.100.10").status_code == 302


def test_a_right_password_does_not_count(client: Client, world: Any, limits: Any) -> None:
    for _ in range(5):
        assert sign_in(client, "op_a").status_code == 302
        client.post("/accounts/logout/")
    assert sign_in(client, "op_a", "nope").status_code == 400


def test_the_admin_sign_in_is_locked_after_the_limit(client: Client, world: Any, limits: Any) -> None:
    def admin_sign_in(password: str) -> Any:
        data = {"username": "root", "password": password, "next": "/admin/"}
        return client.post("/admin/login/", data, REMOTE_ADDR="198.51.100.9")

    assert [admin_sign_in("nope").status_code for _ in range(2)] == [200, 200]  # the admin's own form errors
    locked = admin_sign_in("nope")
    assert locked.status_code == 429
    assert "Too many sign-in attempts." in locked.content.decode()
    assert admin_sign_in(PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_site_and_the_admin_share_one_count(client: Client, world: Any, limits: Any) -> None:
    assert [sign_in(client, "root", "nope").status_code for _ in range(3)] == [400, 400, 429]
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429


def test_clients_behind_our_proxy_are_counted_apart(client: Client, world: Any, limits: Any) -> None:
    limits.TRUSTED_PROXIES = ["127.0.0.1"]

    def via_proxy(client_address: str, password: str) -> int:
        extra = {"HTTP_X_FORWARDED_FOR": client_address}
        return sign_in(client, "op_a", password, ip="127.0.0.1", **extra).status_code

    assert [via_proxy("198.51.100.1", "nope") for _ in range(3)] == [400, 400, 429]
    assert via_proxy("198.51.100.2", PASSWORD) == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_lifting_a_lockout_lets_the_account_in_at_once(client: Client, world: Any, limits: Any) -> None:
    for i in range(5):
        sign_in(client, "op_a", "nope", ip=f"203.0.113.{i}")
    assert sign_in(client, "op_a", ip="203.0.113.0").status_code == 429
    lift_lockout(username="OP_A")
    assert sign_in(client, "op_a", ip="203.0.113.0").status_code == 302


@pytest.mark.parametrize(
    ("prefix", "text"),
    [
        ("", "kirish 15 daqiqaga toʻxtatildi"),
        ("/uz-cyrl", "кириш 15 дақиқага тўхтатилди"),
        ("/ru", "вход приостановлен на 15 минут."),
        ("/en", "sign-in is paused for 15 minutes."),
    ],
)
def test_the_lockout_is_explained_in_every_language(
    client: Client, world: Any, limits: Any, uzbek_default: None, prefix: str, text: str
) -> None:
    for _ in range(3):
        client.post(f"{prefix}/accounts/login/", {"username": "op_a", "password": "nope"})
    response = client.post(f"{prefix}/accounts/login/", {"username": "op_a", "password": "nope"})
    assert response.status_code == 429
    assert text in response.content.decode()
    admin = client.post(f"{prefix}/admin/login/", {"username": "op_a", "password": "nope"})
    assert admin.status_code == 429
    assert text in admin.content.decode()


def test_axes_reset_commands_lift_our_counts_too(client: Client, world: Any, limits: Any) -> None:
    for _ in range(3):
        sign_in(client, "op_a", "nope")
    call_command("axes_reset_username", "op_a", stdout=StringIO())
    assert sign_in(client, "op_a").status_code == 302
    client.post("/accounts/logout/")
    for i in range(8):
        sign_in(client, f"guess{i}", "nope", ip="203.0.113.50")
    assert sign_in(client, "off_x", ip="203.0.113.50").status_code == 429
    call_command("axes_reset_ip", "203.0.113.50", stdout=StringIO())
    assert sign_in(client, "off_x", ip="203.0.113.50").status_code == 302
