"""The admin's token list: read-only, except the "Revoke selected tokens" action."""

from __future__ import annotations

from typing import Any

from django.test import Client

from darcha.accounts.models import ApiToken
from darcha.accounts.services import issue_token, user_for_token

CHANGELIST = "/admin/accounts/apitoken/"


def test_an_administrator_revokes_selected_tokens(client: Client, world: Any) -> None:
    kept, revoked = issue_token(user=world.officer_x), issue_token(user=world.operator_a)
    chosen = ApiToken.objects.get(digest=ApiToken.digest_of(revoked))
    client.force_login(world.admin)
    response = client.post(CHANGELIST, {"action": "revoke_selected", "_selected_action": [chosen.pk]}, follow=True)
    assert response.status_code == 200
    assert "1 token revoked." in response.content.decode()
    assert user_for_token(revoked) is None
    assert user_for_token(kept) == world.officer_x


def test_the_token_list_shows_when_each_expires(client: Client, world: Any) -> None:
    issue_token(user=world.officer_x)
    client.force_login(world.admin)
    page = client.get(CHANGELIST).content.decode()
    assert "Revoke selected tokens" in page
    assert "Expires" in page


def test_tokens_still_cannot_be_added_or_edited(client: Client, world: Any) -> None:
    issue_token(user=world.officer_x)
    token = ApiToken.objects.get()
    client.force_login(world.admin)
    assert client.get(CHANGELIST + "add/").status_code == 403
    client.post(CHANGELIST + f"{token.pk}/change/", {"label": "changed"})
    token.refresh_from_db()
    assert token.label == ""
