"""`manage.py issue_token` prints a token that works against the API."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

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


def test_issue_token_takes_a_lifetime_in_days(world):
    before = timezone.now()
    call_command("issue_token", world.officer_x.username, "--days", "7", stdout=StringIO())
    row = ApiToken.objects.get()
    assert before + dt.timedelta(days=7) <= row.expires_at <= timezone.now() + dt.timedelta(days=7)


def test_issue_token_refuses_a_lifetime_out_of_range(world):
    with pytest.raises(CommandError, match="1 to 366 days"):
        call_command("issue_token", world.officer_x.username, "--days", "0", stdout=StringIO())
