"""Benchmark of application intake and public tracking through the REST API, beside a bare Django view.

    .venv/bin/python bench/intake.py [--clients 8] [--seconds 20] [--requests 4000] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/darcha_bench .venv/bin/python bench/intake.py

What it does, on 127.0.0.1 only:
1. a fresh database: SQLite in var/bench/bench.sqlite3 (the demo database is never touched), or the
   PostgreSQL database of DATABASE_URL, which is dropped and recreated, so its name must contain
   "bench"; then migrate, `seed_demo --small` (plus `--scale N` if asked) and an API token for the
   demo operator;
2. gunicorn with N sync workers, rate limits off (RATE_LIMITS_ENABLED=false, for this bench only);
3. for each workload, first the baseline (GET /bench/baseline, a view returning a constant through
   the whole middleware stack), then the workload, with the same concurrent clients (threads with
   keep-alive http.client connections), each phase bounded by a request count and a time limit:
   (a) POST /api/v1/applications with a unique Idempotency-Key and a valid body each time,
   (b) POST /api/v1/public/track with the number and last four PINFL digits of a seeded application;
4. before the server phases, in one Django process (the test client through the whole middleware
   stack): the time of each intake (p50/p99) beside the bare view, and the queries one intake makes;
5. a table of requests/s, p50 and p99 latency, and the ratio to the baseline; a JSON copy goes to
   var/bench/. Record runs in docs/performance.md.

`--reuse` measures an existing database as it is (no drop, no seed): a PostgreSQL database seeded
with `seed_demo --scale`, or a SQLite file named by BENCH_SQLITE_PATH.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

# (method, path, body, headers) for the i-th request of a phase.
Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Phase:
    name: str
    path: str
    requests: int = 0
    ok: int = 0
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    baseline_per_second: float = 0.0
    baseline_p50_ms: float = 0.0
    baseline_p99_ms: float = 0.0
    warm_up_ok: int = 0


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def _environment(args: argparse.Namespace) -> tuple[dict[str, str], str]:
    env = dict(os.environ)
    env.update(
        {
            "RATE_LIMITS_ENABLED": "false",  # the bench only: every request comes from 127.0.0.1
            "DARCHA_BENCH": "1",  # a throwaway instance: the settings accept the line above and the dev keys
            "DARCHA_PLAIN_STATIC": "1",
            "DARCHA_VAR_DIR": str(BENCH_DIR),  # the local SMS log and static files stay out of var/
            "DEBUG": "false",
            "DARCHA_DEMO": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    (BENCH_DIR / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT under DARCHA_VAR_DIR
    url = env.get("DATABASE_URL", "")
    if url:
        name = urllib.parse.urlparse(url).path.lstrip("/")
        if "bench" not in name and not args.reuse:
            raise SystemExit(
                f"DATABASE_URL names {name!r}: the bench drops its database, so the name must contain 'bench'."
            )
        if not args.reuse:
            _recreate_postgres(url)
        return env, f"PostgreSQL ({name})"
    sqlite = Path(env.get("BENCH_SQLITE_PATH", BENCH_DIR / "bench.sqlite3"))
    env["SQLITE_PATH"] = str(sqlite)
    if args.reuse:
        return env, f"SQLite ({sqlite})"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    return env, f"SQLite ({sqlite})"


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


FIXTURES = """
import json
from django.utils import timezone
from darcha.applications.models import Application
from darcha.catalog.selectors import version_in_force
from darcha.catalog.models import Service
from darcha.people.models import Citizen
from darcha.accounts.models import User
operator = User.objects.get(username="operator")
today = timezone.localdate()
services = []
for service in Service.objects.filter(is_active=True).order_by("code"):
    if service.channels and "front_desk" not in service.channels:
        continue
    version = version_in_force(service)
    services.append([service.code, [l.document.code for l in version.documents.all() if l.mandatory]])
citizens = [c.pinfl for c in Citizen.objects.order_by("pinfl") if c.age_on(today) >= 18]
tracking = [[a.number, a.applicant.pinfl[-4:]] for a in Application.objects.select_related("applicant").order_by("number")[:5000]]
print(json.dumps({"center": operator.center.code, "services": services, "citizens": citizens,
                  "tracking": tracking, "applications": Application.objects.count()}))
"""


# In one Django process, through the whole middleware stack (the test client, no network, no gunicorn):
# the time of each intake and of the bare view, and the queries one intake makes.
IN_PROCESS = """
import json, os, random, statistics, time, uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
params = json.loads(os.environ["BENCH_IN_PROCESS"])
rng = random.Random(2027)
client = Client(SERVER_NAME="127.0.0.1")
auth = {"Authorization": "Bearer " + params["token"], "Accept-Language": "en"}
def intake():
    code, documents = rng.choice(params["services"])
    body = {"service_code": code, "center_code": params["center"], "channel": "front_desk",
            "applicant": {"pinfl": rng.choice(params["citizens"])}, "documents_presented": documents}
    return client.post("/api/v1/applications", json.dumps(body), content_type="application/json",
                       headers={**auth, "Idempotency-Key": str(uuid.uuid4())})
def timed(call, count, deadline):
    times = []
    while len(times) < count and time.monotonic() < deadline:
        began = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - began)
        assert response.status_code in (200, 201), (response.status_code, response.content[:300])
    return times
for _ in range(10):
    intake(); client.get("/bench/baseline")
queries = []
for _ in range(10):
    with CaptureQueriesContext(connection) as captured:
        intake()
    queries.append(len(captured.captured_queries))
end = time.monotonic() + params["seconds"]
bare = timed(lambda: client.get("/bench/baseline"), params["requests"], time.monotonic() + params["seconds"] / 4)
intakes = timed(intake, params["requests"], end)
def pct(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000
print(json.dumps({"intakes": len(intakes), "intake_p50_ms": pct(intakes, 0.5), "intake_p99_ms": pct(intakes, 0.99),
                  "baseline_p50_ms": pct(bare, 0.5), "baseline_p99_ms": pct(bare, 0.99),
                  "queries_per_intake": statistics.median(queries), "queries_min": min(queries), "queries_max": max(queries)}))
"""


def _in_process(env: dict[str, str], token: str, fixtures: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    params = {
        "token": token,
        "center": fixtures["center"],
        "services": fixtures["services"],
        "citizens": fixtures["citizens"][:2000],
        "requests": args.requests,
        "seconds": args.seconds,
    }
    out = _manage({**env, "BENCH_IN_PROCESS": json.dumps(params)}, "shell", "-v", "0", "-c", IN_PROCESS)
    return dict(json.loads(out.strip().splitlines()[-1]))


def _database_version(env: dict[str, str]) -> str:
    code = "from django.db import connection; connection.ensure_connection(); print(connection.vendor, connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version)"
    return _manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1]


def _prepare(env: dict[str, str], args: argparse.Namespace) -> tuple[str, dict[str, Any], float]:
    started = time.monotonic()
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    if not args.reuse:
        seed_args = ["seed_demo", "--small"] + (["--scale", str(args.scale)] if args.scale else [])
        print(_manage(env, *seed_args).strip().splitlines()[-1])
    token = _manage(env, "issue_token", "operator", "--label", "bench").strip().splitlines()[-1]
    fixtures = json.loads(_manage(env, "shell", "-v", "0", "-c", FIXTURES).strip().splitlines()[-1])
    return token, fixtures, time.monotonic() - started


def _start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "gunicorn"),
        "darcha.wsgi",
        "-b",
        f"{HOST}:{port}",
        "-w",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def _load(
    port: int, make: Callable[[int], Request], *, clients: int, limit: int, seconds: float
) -> tuple[int, Counter[str], list[float], float]:
    """Run `make(i)` requests from `clients` threads until `limit` requests or `seconds` have passed."""
    lock = threading.Lock()
    issued = 0
    statuses: Counter[str] = Counter()
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal issued
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine: list[float] = []
        seen: Counter[str] = Counter()
        while True:
            with lock:
                if issued >= limit or time.monotonic() >= deadline:
                    break
                issued += 1
                index = issued
            method, path, body, headers = make(index)
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                seen[str(response.status)] += 1
                mine.append(time.perf_counter() - began)
            except (OSError, http.client.HTTPException) as error:
                seen[type(error).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return issued, statuses, latencies, time.perf_counter() - began


def _measure(
    phase: Phase, port: int, make: Callable[[int], Request], ok: set[int], args: argparse.Namespace, *, baseline: bool
) -> None:
    # Warm both workers up (imports, connections, caches); not timed, but counted for the cross-check.
    _issued, warm, _latencies, _seconds = _load(port, make, clients=args.clients, limit=args.clients * 5, seconds=10)
    if not baseline:
        phase.warm_up_ok = sum(n for status, n in warm.items() if status.isdigit() and int(status) in ok)
    limit = args.requests if not baseline else max(args.requests, 2000)
    issued, statuses, latencies, seconds = _load(port, make, clients=args.clients, limit=limit, seconds=args.seconds)
    good = sum(n for status, n in statuses.items() if status.isdigit() and int(status) in ok)
    rate, p50, p99 = good / seconds, _percentile(latencies, 0.50) * 1000, _percentile(latencies, 0.99) * 1000
    if baseline:
        phase.baseline_per_second, phase.baseline_p50_ms, phase.baseline_p99_ms = rate, p50, p99
        return
    phase.requests, phase.ok, phase.errors, phase.statuses = issued, good, issued - good, dict(statuses)
    phase.seconds, phase.per_second, phase.p50_ms, phase.p99_ms = seconds, rate, p50, p99


def _machine() -> dict[str, str]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        # Other work on the machine skews every figure: the load average is kept with them.
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (threads).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--requests", type=int, default=4000, help="At most this many requests per phase.")
    parser.add_argument("--seconds", type=float, default=20.0, help="At most this long per phase.")
    parser.add_argument("--scale", type=int, default=0, help="Also add this many applications before measuring.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Measure the database as it is (a seeded PostgreSQL one, say of a million applications): no drop, no seed.",
    )
    args = parser.parse_args()
    if shutil.which(str(BIN / "gunicorn")) is None:
        raise SystemExit(f"{BIN / 'gunicorn'} not found: run `make setup` first.")

    env, database = _environment(args)
    print(f"Preparing {database} …")
    token, fixtures, prepared = _prepare(env, args)
    version = _database_version(env)
    print(
        f"Prepared in {prepared:.0f} s: {fixtures['applications']} applications, {len(fixtures['citizens'])} adult citizens."
    )

    rng = random.Random(2026)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "en"}

    def baseline_request(_index: int) -> Request:
        return "GET", "/bench/baseline", None, {}

    def intake_request(_index: int) -> Request:
        code, documents = rng.choice(fixtures["services"])
        body = {
            "service_code": code,
            "center_code": fixtures["center"],
            "channel": "front_desk",
            "applicant": {"pinfl": rng.choice(fixtures["citizens"])},
            "documents_presented": documents,
        }
        return "POST", "/api/v1/applications", json.dumps(body).encode(), {**auth, "Idempotency-Key": str(uuid.uuid4())}

    def track_request(_index: int) -> Request:
        number, last4 = rng.choice(fixtures["tracking"])
        body = json.dumps({"number": number, "pinfl_last4": last4}).encode()
        return "POST", "/api/v1/public/track", body, {"Accept-Language": "en", "Content-Type": "application/json"}

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print("Measuring intake in-process …")
    in_process = _in_process(env, token, fixtures, args)
    port = _free_port()
    server = _start_server(env, port, args.workers)
    phases = [
        (Phase("intake", "POST /api/v1/applications"), intake_request, {201}),
        (Phase("tracking", "POST /api/v1/public/track"), track_request, {200}),
    ]
    try:
        for phase, make, ok in phases:
            print(f"Measuring {phase.name} …")
            _measure(phase, port, baseline_request, {200}, args, baseline=True)
            _measure(phase, port, make, ok, args, baseline=False)
    finally:
        server.terminate()
        server.wait(timeout=30)

    after = json.loads(_manage(env, "shell", "-v", "0", "-c", FIXTURES).strip().splitlines()[-1])["applications"]
    created = after - fixtures["applications"]
    run = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": database,
        "database_version": version,
        "command": _command_line(),
        "gunicorn_workers": args.workers,
        "clients": args.clients,
        "machine": {**_machine(), "load_average_before": load_before},
        "applications_before": fixtures["applications"],
        "applications_created": created,
        "phases": [asdict(p) for p, _make, _ok in phases],
        "in_process": in_process,
    }
    _report(run)
    intake = phases[0][0]
    expected = intake.ok + intake.warm_up_ok + in_process["intakes"] + 20  # 10 warm-up and 10 counted
    if created != expected:
        raise SystemExit(f"{expected} intake requests answered 201 but {created} were created.")
    out = BENCH_DIR / f"result-{'postgresql' if 'PostgreSQL' in database else 'sqlite'}-{dt.date.today()}.json"
    out.write_text(json.dumps(run, indent=2))
    print(f"Saved {out.relative_to(ROOT)}")


def _command_line() -> str:
    prefix = [f"DATABASE_URL={os.environ['DATABASE_URL']}"] if os.environ.get("DATABASE_URL") else []
    return " ".join([*prefix, ".venv/bin/python", "bench/intake.py", *sys.argv[1:]])


def _report(run: dict[str, Any]) -> None:
    machine = run["machine"]
    print()
    print(
        f"{run['date']}  {run['database']} {run['database_version']}  gunicorn -w {run['gunicorn_workers']}, "
        f"{run['clients']} clients, {machine['cpus']} CPUs ({machine['cpu']}), Python {machine['python']}, "
        f"load average before {machine['load_average_before']}, after {machine['load_average']}"
    )
    header = f"{'endpoint':<28} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   baseline req/s  p50 ms  p99 ms   ratio"
    print(header)
    print("-" * len(header))
    for phase in run["phases"]:
        ratio = phase["per_second"] / phase["baseline_per_second"] if phase["baseline_per_second"] else 0.0
        print(
            f"{phase['path']:<28} {phase['requests']:>8} {phase['errors']:>6} {phase['per_second']:>8.1f} "
            f"{phase['p50_ms']:>7.1f} {phase['p99_ms']:>7.1f}   {phase['baseline_per_second']:>14.1f} "
            f"{phase['baseline_p50_ms']:>7.1f} {phase['baseline_p99_ms']:>7.1f}   {ratio:>5.2f}"
        )
        if phase["errors"]:
            print(f"    statuses: {phase['statuses']}")
    print(f"Applications created by the intake phases: {run['applications_created']}")
    inside = run["in_process"]
    print(
        f"In-process (test client, one process): intake p50 {inside['intake_p50_ms']:.1f} ms, "
        f"p99 {inside['intake_p99_ms']:.1f} ms over {inside['intakes']} intakes; bare view p50 "
        f"{inside['baseline_p50_ms']:.2f} ms, p99 {inside['baseline_p99_ms']:.2f} ms; "
        f"queries per intake {inside['queries_per_intake']:g} (min {inside['queries_min']}, max {inside['queries_max']})"
    )


if __name__ == "__main__":
    main()
