"""The keyed seals: a chain re-hashed by someone with database access but without the audit key is caught.

The hash chain alone cannot tell a rewritten chain from a genuine one: delete a row, recompute every
later hash, point the head at the new end, and every link holds. Each entry's hash and the head are
sealed with HMAC-SHA256 under DARCHA_AUDIT_KEY, which never is in the database.
"""

import pytest

from darcha.audit.keys import ENTRY_LABEL, HEAD_LABEL, current_key, seal
from darcha.audit.models import AuditEntry, AuditHead
from darcha.audit.services import record, verify_chain
from darcha.audit.tests.tampering import delete_entry, execute, rehash_chain

KEY_A = "a" * 8 + "-first-audit-key-of-at-least-32-characters"
KEY_B = "b" * 8 + "-second-audit-key-of-at-least-32-characters"


@pytest.fixture
def five_entries(world):
    return [record(actor=world.admin, action="view_citizen", object_type="citizen", object_id=i) for i in range(5)]


def test_every_entry_and_the_head_are_sealed(five_entries):
    key = current_key()
    for entry in AuditEntry.objects.all():
        assert (entry.key_id, entry.mac) == (key.id, seal(key, ENTRY_LABEL, entry.hash))
    head = AuditHead.objects.get()
    assert (head.key_id, head.mac) == (key.id, seal(key, HEAD_LABEL, five_entries[-1].hash))


def test_chain_rehashed_after_deleting_a_row_is_detected(five_entries):
    delete_entry(five_entries[2].pk)
    rehash_chain()
    report = verify_chain()
    assert not report.intact
    assert report.checked == 2  # the two entries before the deleted one are still genuine
    assert "seal does not match" in report.problem


def test_entries_removed_at_the_end_with_the_head_moved_back_are_detected(five_entries):
    delete_entry(five_entries[-1].pk)
    rehash_chain()  # links unchanged; only the head is pointed at the new last entry
    report = verify_chain()
    assert not report.intact and report.problem.startswith("the head:")


def test_an_entry_seal_cannot_stand_in_for_the_head_seal(five_entries):
    delete_entry(five_entries[-1].pk)
    fourth = five_entries[-2]
    execute(
        "UPDATE audit_audithead SET last_hash = %s, mac = %s, key_id = %s WHERE id = 1",
        [fourth.hash, fourth.mac, fourth.key_id],
    )
    assert not verify_chain().intact


def test_a_forged_seal_under_a_made_up_key_is_detected(five_entries, settings):
    # A forger who invents a key of their own can compute seals, but its id names no configured key.
    settings.AUDIT_KEY = KEY_A
    forged = current_key()
    delete_entry(five_entries[2].pk)
    rehash_chain()
    for entry in AuditEntry.objects.all():
        execute(
            "UPDATE audit_auditentry SET mac = %s, key_id = %s WHERE id = %s",
            [seal(forged, ENTRY_LABEL, entry.hash), forged.id, entry.pk],
        )
    settings.AUDIT_KEY = KEY_B
    report = verify_chain()
    assert not report.intact and "neither DARCHA_AUDIT_KEY nor one of DARCHA_AUDIT_KEYS_OLD" in report.problem


def test_a_wrong_key_is_detected(world, settings):
    settings.AUDIT_KEY = KEY_A
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    settings.AUDIT_KEY = KEY_B
    report = verify_chain()
    assert not report.intact and "DARCHA_AUDIT_KEY" in report.problem


def test_a_seal_with_the_right_key_id_but_the_wrong_secret_is_detected(world, settings):
    settings.AUDIT_KEY = KEY_A
    entry = record(actor=world.admin, action="x", object_type="t", object_id=1)
    execute("UPDATE audit_auditentry SET mac = %s WHERE id = %s", ["0" * 64, entry.pk])
    report = verify_chain()
    assert not report.intact and "seal does not match" in report.problem


def test_entries_sealed_before_a_key_rotation_verify_with_the_old_key(world, settings):
    settings.AUDIT_KEY = KEY_A
    record(actor=world.admin, action="x", object_type="t", object_id=1)
    settings.AUDIT_KEY, settings.AUDIT_KEYS_OLD = KEY_B, [KEY_A]
    record(actor=world.admin, action="y", object_type="t", object_id=2)
    assert verify_chain()[:3] == (True, 2, "")
    assert len({e.key_id for e in AuditEntry.objects.all()}) == 2
    settings.AUDIT_KEYS_OLD = []  # the old key dropped too early: its entries no longer verify
    assert not verify_chain().intact


def test_a_chain_rolled_back_past_an_anchor_is_detected(five_entries):
    anchor = verify_chain().head
    assert verify_chain(anchor=anchor).intact
    for entry in five_entries[3:]:
        delete_entry(entry.pk)
    # A whole earlier state put back, head and seals included (as from an old backup):
    execute(
        "UPDATE audit_audithead SET last_hash = %s, mac = %s WHERE id = 1",
        [five_entries[2].hash, seal(current_key(), HEAD_LABEL, five_entries[2].hash)],
    )
    assert verify_chain().intact  # nothing inside the database can tell
    report = verify_chain(anchor=anchor)
    assert not report.intact and "anchor" in report.problem
