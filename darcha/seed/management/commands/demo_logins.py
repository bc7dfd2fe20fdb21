"""Print the demo logins (username, role, where they work). Only in demo mode (DARCHA_DEMO=1)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from darcha.accounts.models import User
from darcha.seed.staff import DEMO_PASSWORD, demo_usernames


class Command(BaseCommand):
    help = "Print the demo logins, their roles and centres. Refuses unless DARCHA_DEMO is on."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="", help="Address of the running site, printed above the table.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            self.stdout.write("Demo logins are shown only in demo mode (DARCHA_DEMO=1).")
            return
        order = demo_usernames()
        found = User.objects.filter(username__in=order).select_related("center", "agency", "region")
        users = {u.username: u for u in found}
        if not users:
            self.stdout.write("No demo users yet: run `python manage.py seed_demo` first.")
            return
        if options["url"]:
            self.stdout.write(f"Darcha demo: {options['url']}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        listed = [users[name] for name in order if name in users and not name.startswith("officer_")]
        width = max(len(u.username) for u in listed)
        role_width = max(len(u.role) for u in listed)
        for user in listed:
            self.stdout.write(f"  {user.username:<{width}}  {user.role:<{role_width}}  {self._place(user)}")
        # One back-office login per agency: listed on one line to keep `make run` readable.
        others = [name for name in order if name.startswith("officer_") and name in users]
        if others:
            self.stdout.write(f"  other back offices (officer, all pilot centres): {', '.join(others)}")

    @staticmethod
    def _place(user: User) -> str:
        if user.center is not None:
            return f"{user.center.code} ({user.center.name_en})"
        if user.agency is not None:
            return f"{user.agency.code} back office, all pilot centres"
        if user.region is not None:
            return f"region {user.region.soato} ({user.region.name_en})"
        return "whole country, administrator" if user.is_superuser else "whole country"
