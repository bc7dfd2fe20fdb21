"""The client's address behind proxies: X-Forwarded-For counts only when our own proxy sent it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from darcha.core import ratelimit
from darcha.core.net import client_ip

NGINX = "10.0.0.5"
BALANCER = "10.0.1.7"


def request(peer: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def proxies(settings: Any) -> Any:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", BALANCER]
    return settings


def test_without_trusted_proxies_the_peer_is_the_client(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.9", "203.0.113.1")) == "198.51.100.9"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(proxies: Any) -> None:
    assert client_ip(request("198.51.100.9", "203.0.113.1, 10.0.0.5")) == "198.51.100.9"


def test_the_client_behind_one_trusted_proxy(proxies: Any) -> None:
    assert client_ip(request(NGINX, "198.51.100.9")) == "198.51.100.9"


def test_a_chain_through_two_trusted_proxies(proxies: Any) -> None:
    # client -> load balancer -> nginx -> gunicorn; the client also sent a header of its own.
    assert client_ip(request(NGINX, "1.2.3.4, 198.51.100.9, 10.0.1.7")) == "198.51.100.9"


def test_what_the_client_wrote_left_of_our_proxies_is_never_read(proxies: Any) -> None:
    assert client_ip(request(NGINX, "not-an-address, 198.51.100.9")) == "198.51.100.9"


@pytest.mark.parametrize("forwarded", ["198.51.100.9, garbage", "198.51.100.9, , 10.0.1.7", "999.1.1.1", "1.2.3.4\x00"])
def test_a_garbled_entry_among_our_proxies_falls_back_to_the_peer(proxies: Any, forwarded: str) -> None:
    assert client_ip(request(NGINX, forwarded)) == NGINX


def test_a_trusted_peer_without_the_header_is_the_client(proxies: Any) -> None:
    assert client_ip(request(NGINX)) == NGINX
    assert client_ip(request(NGINX, "  ")) == NGINX


def test_when_every_hop_is_ours_the_farthest_is_taken(proxies: Any) -> None:
    assert client_ip(request(NGINX, "10.0.0.9, 10.0.1.7")) == "10.0.0.9"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("198.51.100.9:5123", "198.51.100.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:198.51.100.9", "198.51.100.9"),
    ],
)
def test_the_forms_proxies_write_are_understood(proxies: Any, entry: str, expected: str) -> None:
    assert client_ip(request(NGINX, entry)) == expected


def test_an_ipv6_proxy_network(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["fd00::/8"]
    assert client_ip(request("fd00::1", "198.51.100.9")) == "198.51.100.9"


def test_a_typo_in_the_setting_is_refused(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.300"]
    with pytest.raises(ImproperlyConfigured):
        client_ip(request("10.0.0.5", "198.51.100.9"))


def test_rate_limits_see_the_same_address(proxies: Any) -> None:
    # Callers elsewhere import ratelimit.client_ip; it is the same function.
    assert ratelimit.client_ip(request(NGINX, "198.51.100.9")) == "198.51.100.9"
