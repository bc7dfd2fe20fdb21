"""The client's address as rate limits and sign-in lock-outs must see it, behind proxies we trust.

Anyone can send an `X-Forwarded-For` header, so it means something only when the request came
straight from a proxy we run (TRUSTED_PROXIES: addresses or CIDR networks). Each trusted proxy
appends the address it received the request from, so the header is read from the right: the
right-most entry that is not one of our proxies is the client. Entries left of it were written by
the client or by proxies we do not control and are never read, so garbage there changes nothing.
An entry we cannot parse among our own proxies' entries makes the whole header untrusted: the
direct peer (REMOTE_ADDR) is used, as if there were no header.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse TRUSTED_PROXIES once per value; a typo stops the server instead of trusting nobody silently."""
    networks = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {text!r} is not an address or network") from error
    return tuple(networks)


def parse_address(text: str) -> Address | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For entry, or None.

    Accepts what proxies write: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`, and either with a
    port (`203.0.113.7:5123`, `[2001:db8::1]:443`). An IPv4 address mapped into IPv6 counts as the
    IPv4 address, so one client is never counted under two names.
    """
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has two or more colons
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request` (see the module docstring for the rules)."""
    peer_text = str(request.META.get("REMOTE_ADDR") or "")
    peer = parse_address(peer_text)
    if peer is None:
        return peer_text or UNKNOWN
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not is_trusted(peer, networks):
        return str(peer)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if not forwarded.strip():
        return str(peer)
    hops = forwarded.split(",")
    for entry in reversed(hops):
        address = parse_address(entry)
        if address is None:
            # Only our own proxies' entries are read, and one of them is garbled: trust none of it.
            return str(peer)
        if not is_trusted(address, networks):
            return str(address)
    # Every hop is one of ours (a request from inside): the farthest one is the best we know.
    return str(parse_address(hops[0]))
