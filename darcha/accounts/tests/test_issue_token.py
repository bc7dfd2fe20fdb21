"""`manage.py issue_token` prints a token that works against the API."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from darcha.accounts.models import ApiToken


def test_issue_token_prints_a_working_token(world, client):
    out = StringIO()
    call_command("issue_token", world.officer_x.username, "--label", "agency webhook", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("dx_")
    assert ApiToken.objects.get(digest=ApiToken.digest_of(token)).label == "agency webhook"
    response = client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_issue_token_for_an_unknown_user_fails_clearly(world):
    with pytest.raises(CommandError, match="No user named"):
        call_command("issue_token", "nobody", stdout=StringIO())


def test_issue_token_refuses_an_inactive_user(world):
    world.operator_a.is_active = False
    world.operator_a.save()
    with pytest.raises(CommandError):
        call_command("issue_token", world.operator_a.username, stdout=StringIO())
    assert not ApiToken.objects.exists()
