"""`manage.py verify_audit [--anchor HASH]`: walk the audit chain, check every seal, exit 1 on a break.

It prints the head hash; keep that line outside the database (the monitoring log, a ticket): a later
run with `--anchor` that hash proves the table was not put back to an earlier state as a whole.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from darcha.audit.services import verify_chain


class Command(BaseCommand):
    help = "Walk the hash-chained audit log, check the keyed seals, and report the first break, if any."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--anchor",
            default="",
            help="A head hash printed by an earlier run; the chain must still contain it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "AUDIT_KEY_DERIVED", False):
            self.stderr.write(
                "note: DARCHA_AUDIT_KEY is not set; the audit key is derived from SECRET_KEY "
                "(allowed only in the demo, with DEBUG and in tests: DARCHA_BENCH)."
            )
        report = verify_chain(anchor=options["anchor"].strip())
        if not report.intact:
            raise CommandError(f"audit chain broken after {report.checked} intact entries: {report.problem}")
        self.stdout.write(f"audit chain intact: {report.checked} entries, every seal valid; head {report.head}")
