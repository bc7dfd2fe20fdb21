"""Append to the audit chain (inside the caller's transaction) and verify it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from darcha.audit.models import AuditEntry, AuditHead

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


def record(*, actor: Any, action: str, object_type: str, object_id: Any, purpose: str = "") -> AuditEntry:
    """Append one entry. Personal data never goes into the log: objects are named by id only."""
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") or "",
            actor_role=getattr(actor, "role", "") or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            purpose=purpose[:200],
            prev_hash=head.last_hash,
        )
        entry.hash = _digest(entry.prev_hash, _fields(entry))
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
        return entry


def record_citizen_view(*, actor: Any, citizen_id: int, purpose: str) -> AuditEntry:
    return record(actor=actor, action="view_citizen", object_type="citizen", object_id=citizen_id, purpose=purpose)


def verify_chain() -> tuple[bool, int, str]:
    """(intact, entries checked, description of the first break)."""
    prev = GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return False, count, f"entry {entry.uuid}: link to the previous entry is broken"
        if _digest(entry.prev_hash, _fields(entry)) != entry.hash:
            return False, count, f"entry {entry.uuid}: content does not match its hash"
        prev = entry.hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        return False, count, "the chain's head does not match its last entry (entries removed at the end)"
    return True, count, ""
