"""The hash chain: every entry links to the one before; any change below the ORM breaks a link."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from darcha.audit.models import AuditEntry
from darcha.audit.services import record, record_citizen_view, verify_chain
from darcha.audit.tests.tampering import delete_entry, execute


def test_chain_of_entries_verifies(world):
    entries = [
        record_citizen_view(actor=world.operator_a, citizen_id=world.citizen.pk, purpose="intake") for _ in range(3)
    ]
    assert verify_chain()[:3] == (True, 3, "")
    assert verify_chain().head == entries[-1].hash
    call_command("verify_audit")


def test_entries_hold_no_personal_data(world):
    entry = record_citizen_view(actor=world.operator_a, citizen_id=world.citizen.pk, purpose="intake")
    text = " ".join(str(getattr(entry, f.name)) for f in AuditEntry._meta.fields)
    assert world.citizen.pinfl not in text and world.citizen.last_name not in text


def test_changed_entry_breaks_the_chain(world):
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    record(actor=world.admin, action="y", object_type="t", object_id=2)
    execute("UPDATE audit_auditentry SET object_id = '999' WHERE action = 'x'")  # tampering below the ORM's guard
    intact, _count, problem, _head = verify_chain()
    assert not intact and "does not match" in problem
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_deleted_last_entry_is_detected(world):
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    last = record(actor=world.admin, action="y", object_type="t", object_id=2)
    delete_entry(last.pk)
    report = verify_chain()
    assert not report.intact and "removed at the end" in report.problem


def test_entries_cannot_be_edited_through_the_orm(world):
    entry = record(actor=world.admin, action="x", object_type="t", object_id=1)
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_front_desk_lookup_of_a_citizen_is_audited(world):
    from darcha.people.selectors import citizen_for_intake

    citizen_for_intake(world.operator_a, world.citizen.pinfl)
    entry = AuditEntry.objects.get()
    assert (entry.actor_username, entry.action, entry.object_id) == ("op_a", "view_citizen", str(world.citizen.pk))
