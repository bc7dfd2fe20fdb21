from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from darcha.accounts.models import ApiToken
from darcha.accounts.services import issue_token, user_for_token


def run(*args):
    out = StringIO()
    call_command("revoke_token", *args, stdout=out)
    return out.getvalue()


def test_a_revoked_token_no_longer_authenticates(world):
    raw = issue_token(user=world.operator_a, label="kiosk")
    prefix = ApiToken.objects.get(user=world.operator_a).prefix
    assert prefix in run("op_a")
    assert "revoked 1" in run("op_a", "--prefix", prefix)
    assert user_for_token(raw) is None
    assert run("op_a") == ""


def test_revoke_all_and_errors(world):
    issue_token(user=world.operator_a)
    issue_token(user=world.operator_a)
    assert "revoked 2" in run("op_a", "--all")
    with pytest.raises(CommandError):
        run("op_a", "--all")
    with pytest.raises(CommandError):
        run("nobody")
