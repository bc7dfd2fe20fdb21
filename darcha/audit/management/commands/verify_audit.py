from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from darcha.audit.services import verify_chain


class Command(BaseCommand):
    help = "Walk the hash-chained audit log and report the first break, if any."

    def handle(self, *args: Any, **options: Any) -> None:
        intact, count, problem = verify_chain()
        if not intact:
            raise CommandError(f"audit chain broken after {count} entries: {problem}")
        self.stdout.write(f"audit chain intact: {count} entries")
