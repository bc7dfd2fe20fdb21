"""Append to the audit chain (inside the caller's transaction) and verify it.

Verification checks three things for every entry: the link to the previous entry, the entry's own
hash, and its seal under the audit key (darcha.audit.keys); then the head's seal, so entries removed
from the end are found too. What no check inside one database can find is the whole table put back
to an earlier state, head included: `verify_audit --anchor` takes a head printed by an earlier run
(kept outside the database) and checks the chain still contains it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from darcha.accounts.models import User
from darcha.accounts.roles import role_of
from darcha.audit.keys import ENTRY_LABEL, HEAD_LABEL, AuditKey, current_key, seal, seal_matches, verification_keys
from darcha.audit.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

GENESIS = "0" * 64


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "uuid": str(entry.uuid),
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "actor": entry.actor_username,
        "role": entry.actor_role,
        "action": entry.action,
        "object": f"{entry.object_type}:{entry.object_id}",
        "purpose": entry.purpose,
    }


def record(*, actor: Viewer, action: str, object_type: str, object_id: Any, purpose: str = "") -> AuditEntry:
    """Append one entry. Personal data never goes into the log: objects are named by id only."""
    key = current_key()
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = _sealed_entry(key, head.last_hash, actor, action, object_type, object_id, purpose)
        entry.save()
        _move_head(head, key, entry.hash)
        return entry


def record_many(*, actor: Viewer, action: str, object_type: str, object_ids: Iterable[Any], purpose: str = "") -> int:
    """Append one entry per object, under one lock of the head (a list or an export of many rows).

    The same chain as `record`, entry by entry; only the head is locked and saved once, and the
    entries are inserted in batches. Returns the number of entries written.
    """
    key = current_key()
    written = 0
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        prev = head.last_hash
        batch: list[AuditEntry] = []
        for object_id in object_ids:
            entry = _sealed_entry(key, prev, actor, action, object_type, object_id, purpose)
            prev = entry.hash
            batch.append(entry)
            if len(batch) >= 1000:
                AuditEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        if batch:
            AuditEntry.objects.bulk_create(batch)
            written += len(batch)
        if written:
            _move_head(head, key, prev)
    return written


def _sealed_entry(
    key: AuditKey, prev_hash: str, actor: Viewer, action: str, object_type: str, object_id: Any, purpose: str
) -> AuditEntry:
    """The next entry of the chain after `prev_hash`, hashed and sealed (not saved)."""
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if isinstance(actor, User) and actor.pk else None,
        actor_username=getattr(actor, "username", "") or "",
        actor_role=role_of(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose[:200],
        prev_hash=prev_hash,
    )
    entry.hash = _digest(entry.prev_hash, _fields(entry))
    entry.mac, entry.key_id = seal(key, ENTRY_LABEL, entry.hash), key.id
    return entry


def _move_head(head: AuditHead, key: AuditKey, last_hash: str) -> None:
    head.last_hash = last_hash
    head.mac, head.key_id = seal(key, HEAD_LABEL, head.last_hash), key.id
    head.save(update_fields=["last_hash", "mac", "key_id"])


def record_citizen_views(*, actor: Viewer, citizen_ids: Iterable[int], purpose: str) -> int:
    """`record_citizen_view` for many citizens at once (a list or an export naming them)."""
    return record_many(
        actor=actor, action="view_citizen", object_type="citizen", object_ids=citizen_ids, purpose=purpose
    )


def record_citizen_view(*, actor: Viewer, citizen_id: int, purpose: str) -> AuditEntry:
    return record(actor=actor, action="view_citizen", object_type="citizen", object_id=citizen_id, purpose=purpose)


class ChainReport(NamedTuple):
    intact: bool
    checked: int
    problem: str
    head: str = GENESIS


_UNKNOWN_KEY = (
    "sealed with key {key_id!r}, which is neither DARCHA_AUDIT_KEY nor one of DARCHA_AUDIT_KEYS_OLD "
    "(a wrong key is configured, or the seal was forged)"
)
_BAD_SEAL = "its seal does not match: the chain was rewritten without the audit key, or the key is wrong"


def verify_chain(*, anchor: str = "") -> ChainReport:
    """Walk the chain from the first entry; stop at the first break and say where it is.

    `anchor`: a head hash printed by an earlier run; the chain must still contain it.
    """
    keys = verification_keys()
    prev = GENESIS
    count = 0
    anchored = not anchor or anchor == GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        where = f"entry {entry.uuid}"
        if entry.prev_hash != prev:
            return ChainReport(False, count, f"{where}: link to the previous entry is broken", prev)
        if _digest(entry.prev_hash, _fields(entry)) != entry.hash:
            return ChainReport(False, count, f"{where}: content does not match its hash", prev)
        key = keys.get(entry.key_id)
        if key is None:
            return ChainReport(False, count, f"{where}: {_UNKNOWN_KEY.format(key_id=entry.key_id)}", prev)
        if not seal_matches(key, ENTRY_LABEL, entry.hash, entry.mac):
            return ChainReport(False, count, f"{where}: {_BAD_SEAL}", prev)
        prev = entry.hash
        anchored = anchored or prev == anchor
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if count:
            return ChainReport(False, count, "the chain's head is missing", prev)
    else:
        if head.last_hash != prev:
            return ChainReport(
                False, count, "the chain's head does not match its last entry (entries removed at the end)", prev
            )
        if count or head.mac:
            key = keys.get(head.key_id)
            if key is None:
                return ChainReport(False, count, f"the head: {_UNKNOWN_KEY.format(key_id=head.key_id)}", prev)
            if not seal_matches(key, HEAD_LABEL, head.last_hash, head.mac):
                return ChainReport(False, count, f"the head: {_BAD_SEAL} (entries removed at the end?)", prev)
    if not anchored:
        return ChainReport(
            False, count, f"the anchor {anchor} is not in the chain (rolled back to an earlier state?)", prev
        )
    return ChainReport(True, count, "", prev)
