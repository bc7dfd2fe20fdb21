"""The real worker process rides out a database outage and delivers SMS afterwards.

The worker (`manage.py run_worker`) reaches the test database through a TCP relay that the test cuts
for several seconds: every connection is closed and new ones are refused, as when PostgreSQL stops.
The shared server itself is never touched. Needs PostgreSQL; skipped on SQLite.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from darcha.core.tests.tcp_proxy import TcpProxy
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import enqueue

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker outage test runs on PostgreSQL"),
]

OUTAGE_SECONDS = 6


def wait_for(condition, *, within: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `within` seconds (a bound, not a timing assertion)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {within:.0f} s")
        time.sleep(0.2)


def delivered_ids(sms_log: Path) -> set[str]:
    if not sms_log.exists():
        return set()
    return {json.loads(line)["id"] for line in sms_log.read_text(encoding="utf-8").splitlines() if line.strip()}


@pytest.fixture
def proxy():
    db = connection.settings_dict
    relay = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    yield relay
    relay.close()


@pytest.fixture
def worker(proxy, tmp_path):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DARCHA_VAR_DIR": str(tmp_path),
        "SMS_GATEWAY": "darcha.notifications.gateways.LocalSmsGateway",
        "WORKER_MAX_BACKOFF": "2",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process, log_path
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def test_the_worker_survives_a_database_outage_and_delivers_afterwards(proxy, worker, tmp_path):
    process, log_path = worker

    # It runs: the first periodic outbox delivery has gone through the relay.
    wait_for(
        lambda: DBTaskResult.objects.filter(task_path__endswith="deliver_outbox", status="SUCCESSFUL").exists(),
        within=40,
        what="the worker's first outbox delivery",
    )

    proxy.cut()
    time.sleep(OUTAGE_SECONDS)  # the outage itself, not a wait for a result
    assert process.poll() is None, log_path.read_text()
    assert proxy.refused > 0  # the worker kept trying while the database was gone
    proxy.restore()

    with transaction.atomic():
        queued = enqueue(
            recipient="+998901234567",
            language="uz",
            template="applications.status",
            context={"number": "DXM-1733-101-000001", "status": "approved", "due_date": "2026-12-12"},
        )
    sms_log = tmp_path / "sms.jsonl"
    wait_for(lambda: str(queued.uuid) in delivered_ids(sms_log), within=45, what="the SMS after the outage")

    assert process.poll() is None, log_path.read_text()
    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.SENT
    log = log_path.read_text()
    # Logged once per outage and thread (the scheduler and the task loop), not once per retry.
    assert 1 <= log.count("database unavailable") <= 2, log
    assert "database reachable again" in log, log

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0, log_path.read_text()
