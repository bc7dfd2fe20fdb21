"""Seed the demo: reference data, five pilot centres, staff of every role, citizens, a year of applications.

Safe to run again (nothing is duplicated); `--if-empty` does nothing once any application exists.
`--scale N` then adds N applications in bulk, for benchmarks (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from darcha.applications.models import Application
from darcha.seed import bulk, demo
from darcha.seed.checks import problems_in


class Command(BaseCommand):
    help = "Create demo data for the pilot districts (idempotent; deterministic for a seed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (same seed, same data).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any application exists.")
        parser.add_argument("--citizens", type=int, default=demo.DEFAULT_CITIZENS, help="Citizens to create.")
        parser.add_argument("--months", type=int, default=demo.DEFAULT_MONTHS, help="Months of history up to now.")
        parser.add_argument(
            "--applications",
            type=int,
            default=None,
            help="Applications to draw (default: ten a year per citizen).",
        )
        parser.add_argument("--small", action="store_true", help="A small world for tests: 150 citizens, 2 months.")
        parser.add_argument("--scale", type=int, default=0, help="Then add this many applications in bulk.")
        parser.add_argument(
            "--workers", type=int, default=2, help="Processes that generate and write with --scale (PostgreSQL)."
        )
        parser.add_argument(
            "--distinct",
            type=float,
            default=bulk.DEFAULT_DISTINCT,
            help="Share of --scale applications simulated case by case; the others repeat one of their histories.",
        )
        parser.add_argument("--check", action="store_true", help="Replay every demo application against the rules.")
        parser.add_argument("--now", default="", help="Reference moment (ISO 8601) instead of the current time.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Application.objects.exists():
            self.stdout.write("Applications exist already: demo data not added (--if-empty).")
            return
        now = self._now(options["now"])
        citizens, months = options["citizens"], options["months"]
        if options["small"]:
            citizens, months = 150, 2
        call_command("load_reference_data", stdout=self.stdout if options["verbosity"] > 1 else _Quiet())
        result_demo = demo.seed_demo(
            seed=options["seed"],
            citizens=citizens,
            months=months,
            applications=options["applications"],
            now=now,
            log=self.stdout.write,
        )
        self.stdout.write(
            f"Demo seeded in {result_demo.seconds:.1f} s: {result_demo.centres} centres, {result_demo.staff} staff, "
            f"{result_demo.citizens} citizens, {result_demo.applications_created} applications "
            f"({result_demo.events_created} events) added."
        )
        if options["scale"]:
            if not 0 < options["distinct"] <= 1:
                raise CommandError("--distinct: a share between 0 (excluded) and 1.")
            try:
                result = demo.add_scale(
                    options["scale"],
                    seed=options["seed"],
                    months=months,
                    workers=options["workers"],
                    distinct=options["distinct"],
                    now=now,
                    log=self.stdout.write,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"Scale: {result.applications:,} applications, {result.events:,} events and "
                f"{result.payments:,} payments in {result.seconds:.1f} s "
                f"({result.applications / max(result.seconds, 1e-9):,.0f} applications/s)."
            )
        if options["scale"]:
            bulk.after_bulk_load(log=self.stdout.write)
        if options["check"]:
            self._check()

    def _now(self, raw: str) -> dt.datetime:
        if not raw:
            return timezone.now()
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError as error:
            raise CommandError(f"--now: {error}") from error
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def _check(self) -> None:
        applications = Application.objects.filter(center__in=demo.demo_centres()).select_related(
            "center", "service_version", "applicant"
        )
        found = problems_in(applications)
        for number, problems in list(found.items())[:20]:
            self.stdout.write(f"{number}: {'; '.join(problems)}")
        if found:
            raise CommandError(f"{len(found)} demo applications are inconsistent.")
        self.stdout.write("Check: every demo application replays cleanly.")


class _Quiet:
    def write(self, *args: Any, **kwargs: Any) -> None:
        return None

    def flush(self) -> None:
        return None
