"""What someone with write access to the database (but not the audit key) can do to the chain.

Each helper works below the ORM, with the PostgreSQL trigger switched off for the current transaction
(as a superuser could); the test's transaction rolls it all back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from darcha.audit.models import AuditEntry
from darcha.audit.services import GENESIS, _digest, _fields


@contextmanager
def trigger_disabled() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    # A superuser (or the replication role) can stop ordinary triggers for its own session.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def execute(sql: str, params: list[object] | None = None) -> None:
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def delete_entry(entry_id: int) -> None:
    execute("DELETE FROM audit_auditentry WHERE id = %s", [entry_id])


def rehash_chain(*, copy_seals: bool = True) -> None:
    """Recompute every link and hash from the first entry, and point the head at the new last hash.

    The seals cannot be recomputed without the key; the best a forger can do is leave them (or copy
    the previous head's seal onto the new head), which is what `copy_seals` keeps.
    """
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        digest = _digest(prev, _fields(entry))
        execute("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, entry.pk])
        prev = digest
    execute("UPDATE audit_audithead SET last_hash = %s WHERE id = 1", [prev])
    if not copy_seals:
        execute("UPDATE audit_audithead SET mac = '' WHERE id = 1")
