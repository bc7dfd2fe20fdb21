"""`manage.py issue_token USERNAME [--label X] [--days N]`: print a new API token for a staff user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from darcha.accounts.services import issue_token
from darcha.core.errors import DomainError


class Command(BaseCommand):
    help = "Issue a REST API bearer token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="What the token is for, e.g. the client system's name.")
        parser.add_argument(
            "--days", type=int, default=None, help="Days until the token expires (default: API_TOKEN_DAYS, 90)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        try:
            token = issue_token(user=user, label=options["label"], days=options["days"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
