"""On PostgreSQL the database refuses UPDATE, DELETE and TRUNCATE of audit entries (raw SQL included).

SQLite has no such trigger (the model's guard and the keyed seals work there); CI runs these on PostgreSQL.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from darcha.accounts.tests import factories as staff
from darcha.audit.models import AuditEntry
from darcha.audit.services import record, verify_chain

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the audit trigger exists on PostgreSQL only"),
]


def refused(sql: str, params: list[object] | None = None) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    return str(error.value)


def test_update_is_refused(world):
    entry = record(actor=world.admin, action="x", object_type="t", object_id=1)
    assert "append-only: UPDATE" in refused("UPDATE audit_auditentry SET object_id = '2' WHERE id = %s", [entry.pk])
    assert "append-only" in refused(
        "UPDATE audit_auditentry SET actor_id = NULL, purpose = 'x' WHERE id = %s", [entry.pk]
    )
    assert AuditEntry.objects.get().object_id == "1"


def test_queryset_update_is_refused(world):
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.update(purpose="rewritten")


def test_delete_is_refused(world):
    entry = record(actor=world.admin, action="x", object_type="t", object_id=1)
    assert "append-only: DELETE" in refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.count() == 1


def test_truncate_is_refused(world):
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    with transaction.atomic(), connection.cursor() as cursor:
        # The test database allows TRUNCATE for Django's flush (conftest.py); a production database does not.
        cursor.execute("SET LOCAL darcha.audit_truncate = ''")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL truncates no table with checks pending
        assert "append-only: TRUNCATE" in refused("TRUNCATE audit_auditentry CASCADE")
    assert AuditEntry.objects.count() == 1


def test_deleting_a_staff_user_keeps_their_entries(world):
    """The one UPDATE allowed: on_delete=SET_NULL clears actor_id; the hashed actor_username stays."""
    user = staff.analyst(username="leaver")
    record(actor=user, action="x", object_type="t", object_id=1)
    user.delete()
    entry = AuditEntry.objects.get()
    assert (entry.actor_id, entry.actor_username) == (None, "leaver")
    assert verify_chain().intact


def test_the_trigger_goes_with_its_migration_reversed(world):
    from importlib import import_module

    migration = import_module("darcha.audit.migrations.0003_append_only_trigger")
    entry = record(actor=world.admin, action="x", object_type="t", object_id=1)
    with transaction.atomic():
        with connection.schema_editor(atomic=False) as editor:
            migration.drop_trigger(None, editor)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET purpose = 'allowed now' WHERE id = %s", [entry.pk])
        with connection.schema_editor(atomic=False) as editor:
            migration.create_trigger(None, editor)
        assert "append-only" in refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        transaction.set_rollback(True)
