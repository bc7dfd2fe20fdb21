"""`manage.py revoke_token USERNAME [--prefix P | --all]`: list or revoke a staff user's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from darcha.accounts.models import ApiToken
from darcha.accounts.services import revoke_token


class Command(BaseCommand):
    help = "Revoke a user's API tokens by prefix (or all of them); without options, list the live ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--prefix", default="", help="The first characters of the token, as listed.")
        parser.add_argument("--all", action="store_true", help="Revoke every live token of the user.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        live = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("created_at")
        if not options["prefix"] and not options["all"]:
            for token in live:
                self.stdout.write(
                    f"{token.prefix}  {token.created_at:%Y-%m-%d %H:%M}  expires {token.expires_at:%Y-%m-%d}  {token.label}"
                )
            return
        chosen = list(live if options["all"] else live.filter(prefix=options["prefix"]))
        if not chosen:
            raise CommandError("No live token matches.")
        for token in chosen:
            revoke_token(token=token)
        self.stdout.write(f"revoked {len(chosen)} token(s)")
