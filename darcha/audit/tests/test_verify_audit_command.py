"""`manage.py verify_audit`: what it prints and its exit status, as a cron job or a monitor sees them."""

from io import StringIO

import pytest
from django.core.management import call_command

from darcha.audit.management.commands.verify_audit import Command
from darcha.audit.services import record
from darcha.audit.tests.tampering import delete_entry, rehash_chain


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """run_from_argv closes every connection when it ends, which would end the test's transaction."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run(*args: str) -> tuple[int, str, str]:
    """Run the command as manage.py does: exit status, standard output, standard error."""
    out, err = StringIO(), StringIO()
    command = Command(stdout=out, stderr=err)
    try:
        command.run_from_argv(["manage.py", "verify_audit", *args])
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def three_entries(world):
    return [record(actor=world.admin, action="x", object_type="t", object_id=i) for i in range(3)]


def test_an_intact_chain_exits_0_and_prints_its_head(three_entries):
    status, out, _err = run()
    assert status == 0
    assert out.strip() == f"audit chain intact: 3 entries, every seal valid; head {three_entries[-1].hash}"


def test_a_rewritten_chain_exits_1_and_says_where(three_entries):
    delete_entry(three_entries[1].pk)
    rehash_chain()
    status, out, err = run()
    assert status == 1 and out == ""
    assert "audit chain broken after 1 intact entries" in err and "seal does not match" in err


def test_an_anchor_from_an_earlier_run_must_still_be_in_the_chain(three_entries):
    assert run("--anchor", three_entries[-1].hash)[0] == 0
    assert run("--anchor", "f" * 64)[0] == 1


def test_a_derived_key_is_pointed_out(three_entries, settings):
    settings.AUDIT_KEY_DERIVED = True
    status, _out, err = run()
    assert status == 0 and "DARCHA_AUDIT_KEY is not set" in err


def test_an_empty_log_is_intact(db):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 0 entries" in out.getvalue()
