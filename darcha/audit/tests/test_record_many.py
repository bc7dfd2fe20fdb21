"""Many entries at once (a list page, an export): the same chain as one by one, one lock of the head."""

from __future__ import annotations

from typing import Any

from darcha.audit.models import AuditEntry, AuditHead
from darcha.audit.services import record, record_citizen_views, record_many, verify_chain


def test_entries_written_in_bulk_keep_the_chain_intact(world: Any) -> None:
    record(actor=world.admin, action="view_citizen", object_type="citizen", object_id=1, purpose="before")
    written = record_many(
        actor=world.officer_x, action="view_citizen", object_type="citizen", object_ids=range(2, 2503), purpose="bulk"
    )
    record(actor=world.admin, action="view_citizen", object_type="citizen", object_id=9999, purpose="after")
    assert written == 2501
    assert AuditEntry.objects.count() == 2503
    report = verify_chain()
    assert report.intact, report.problem
    assert AuditHead.objects.get(pk=1).last_hash == AuditEntry.objects.order_by("-id").first().hash  # type: ignore[union-attr]
    assert list(AuditEntry.objects.filter(purpose="bulk").order_by("id").values_list("object_id", flat=True)[:3]) == [
        "2",
        "3",
        "4",
    ]


def test_nothing_to_record_changes_nothing(world: Any) -> None:
    assert record_citizen_views(actor=world.admin, citizen_ids=[], purpose="empty page") == 0
    assert AuditEntry.objects.count() == 0
    assert verify_chain().intact
