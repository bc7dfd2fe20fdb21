"""The audit key: an HMAC key kept outside the database that seals every entry of the chain.

The hash chain alone shows that rows were changed, but someone with write access to the database
can delete a row and recompute every later hash. Each entry therefore also carries a MAC of its hash
under a key that only the application's environment holds (`DARCHA_AUDIT_KEY`); the chain's head
carries one too, so removing entries at the end is caught as well (docs/architecture.md, "Audit").

Keys are named by an id derived from the key itself (a short, one-way fingerprint), stored beside
each MAC. Rotation is: put the old key into `DARCHA_AUDIT_KEYS_OLD`, set a new `DARCHA_AUDIT_KEY`;
new entries are sealed with the new key and old ones still verify with theirs. Entries are never
re-sealed (they are append-only), so an old key is kept for as long as its entries are.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Derived ids and MACs are domain-separated, so a value computed for one purpose is useless for another.
_ID_LABEL = b"darcha-audit-key-id\x00"
ENTRY_LABEL = "entry"
HEAD_LABEL = "head"


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes


@lru_cache(maxsize=16)
def _key(secret: str) -> AuditKey:
    raw = secret.encode()
    return AuditKey(id=hashlib.sha256(_ID_LABEL + raw).hexdigest()[:12], secret=raw)


def current_key() -> AuditKey:
    """The key new entries are sealed with (settings.AUDIT_KEY, from DARCHA_AUDIT_KEY)."""
    secret = getattr(settings, "AUDIT_KEY", "")
    if not secret:
        raise ImproperlyConfigured("DARCHA_AUDIT_KEY is not set (see README.md, 'The audit key').")
    return _key(secret)


def verification_keys() -> dict[str, AuditKey]:
    """Every key an entry may have been sealed with: the current one and DARCHA_AUDIT_KEYS_OLD."""
    keys = [_key(secret) for secret in getattr(settings, "AUDIT_KEYS_OLD", [])]
    keys.append(current_key())
    return {key.id: key for key in keys}


def seal(key: AuditKey, label: str, chain_hash: str) -> str:
    """HMAC-SHA256 of one chain hash, labelled so an entry's seal can never stand in for the head's."""
    return hmac.new(key.secret, f"{label}:{chain_hash}".encode(), hashlib.sha256).hexdigest()


def seal_matches(key: AuditKey, label: str, chain_hash: str, mac: str) -> bool:
    return hmac.compare_digest(seal(key, label, chain_hash), mac)
