"""Concurrent ``POST /match/default`` against a real server on loopback: throughput and latency.

    .venv/bin/python benchmarks/api/load.py [--backends sqlite,postgresql] [--requests 2000] [--seconds 60]
                                            [--clients 8] [--queries 1] [--workers 1] [--lists un|demo]
                                            [--database-url URL]

For each backend: a fresh data home, the lists loaded (``un``: the real UN consolidated list of
2026-02-27 from the shared data folder plus the shipped 1718-vessels and OFAC samples; ``demo``: the
shipped samples only), one ``screen`` key, then ``uvicorn`` started as a subprocess on a free loopback
port (``sanctionwatch.api.app:create_app``, the command ``sanctionwatch serve`` runs). After a warm-up
request (index build), ``--clients`` threads each keep one HTTP connection and post ``/match`` requests
of ``--queries`` names (Latin, Hangul, Cyrillic, McCune-Reischauer spellings and a vessel with its IMO
number) until ``--requests`` are done or ``--seconds`` have passed. Every query is screened and
written to the audit trail, as in production.

PostgreSQL: ``--database-url`` names a server (the benchmark creates and drops a database of its own
there); without it, a throwaway cluster is started in a temporary folder on a free port as
``scripts/test.sh`` does (initdb/pg_ctl through ``su postgres`` when run as root) and stopped at the end.

Printed per backend: requests and queries per second, latency p50/p95/p99/max, errors by status, the
load average. The per-key rate limit is lifted for the run. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

NAMES = [
    ("Person", {"name": ["Kim Jong Un"]}), ("Person", {"name": ["김정은"]}),
    ("Person", {"name": ["Ким Чен Ын"]}),
    ("Person", {"name": ["Ra Kyung-su"], "birthDate": ["1954-06-04"]}), ("Person", {"name": ["라경수"]}),
    ("Person", {"name": ["Ri Je-son"]}), ("Person", {"name": ["Pak To Chun"], "nationality": ["kp"]}),
    ("Organization", {"name": ["Korea Mining Development Trading Corporation"]}),
    ("Organization", {"name": ["Tanchon Commercial Bank"]}), ("Person", {"name": ["John Smith"]}),
    ("Vessel", {"name": ["EVER BRIGHT 88"], "imoNumber": ["8914934"]}), ("Person", {"name": ["Chang Myong-Ho"]}),
]


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(cmd: str) -> str:
    return cmd if os.geteuid() != 0 else f"su postgres -c {subprocess.list2cmdline([f'cd / && {cmd}'])}"


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, stopped and removed on exit."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bins:
        raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql: give --database-url")
    pgbin, port = bins[-1], _free_port()
    data = Path(tempfile.mkdtemp(prefix="sw-bench-pg."))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off -c max_connections=200"
    try:
        subprocess.run(_as_postgres(f"{pgbin}/initdb -D {data} -U postgres -A trust -E UTF8 --locale=C.UTF-8"),
                       shell=True, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(_as_postgres(f"{pgbin}/pg_ctl -D {data} -l {data}/server.log -w -o '{opts}' start"),
                       shell=True, check=True, stdout=subprocess.DEVNULL)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres(f"{pgbin}/pg_ctl -D {data} -m fast -w stop"), shell=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def own_database(server_url: str) -> Iterator[str]:
    import psycopg

    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    name = "swbench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(home: Path, database_url: str, lists: str) -> tuple[str, str]:
    """Load the lists into a fresh store; return (key, what was loaded)."""
    os.environ["SANCTIONWATCH_HOME"] = str(home)
    os.environ["SANCTIONWATCH_DATABASE_URL"] = database_url
    from sanctionwatch import settings
    from sanctionwatch.api.keys import create_key
    from sanctionwatch.demo import demo_files
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.store import open_store

    store = open_store()
    try:
        files = demo_files()
        if lists == "un":
            un = settings.shared_data() / "lists" / "un" / "consolidated_2026-02-27.xml"
            if not un.exists():
                raise SystemExit(f"{un} not found: set SANCTIONWATCH_SHARED_DATA or use --lists demo")
            files = [un] + [f for f in files if "un_sc" not in f.name]
        loaded = []
        for path in files:
            for result in load_lists([path], force=path.parent.name == "demo", store=store):
                loaded.append(f"{result.source} {result.designations} designations")
        key, _ = create_key("load benchmark", "screen", expires_days=1, store=store, created_by="benchmark")
    finally:
        store.dispose()
    return key, "; ".join(loaded)


@contextlib.contextmanager
def server(home: Path, database_url: str, workers: int) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, SANCTIONWATCH_HOME=str(home), SANCTIONWATCH_DATABASE_URL=database_url,
               SANCTIONWATCH_API_RATE_PER_MINUTE=str(10 ** 9))
    log = open(home / "uvicorn.log", "wb")  # noqa: SIM115 -- closed when the server stops
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "sanctionwatch.api.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--no-access-log"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"uvicorn did not start; see {home / 'uvicorn.log'}:\n"
                                 + (home / "uvicorn.log").read_text()[-2000:])
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        errors = [line for line in (home / "uvicorn.log").read_text(errors="replace").splitlines()
                  if "Error" in line or "error" in line]
        if errors:
            print(f"  server log: {len(errors)} error lines; last: {errors[-1][:300]}")
            if os.environ.get("SW_BENCH_KEEP_LOG"):
                shutil.copy(home / "uvicorn.log", os.environ["SW_BENCH_KEEP_LOG"])


def run_clients(base: str, key: str, *, requests: int, seconds: float, clients: int, queries: int) -> dict:
    headers = {"Authorization": f"Bearer {key}"}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    issued = [0]
    stop_at = time.monotonic() + seconds

    def body(n: int) -> dict:
        picks = [NAMES[(n * queries + i) % len(NAMES)] for i in range(queries)]
        return {"queries": {f"q{i}": {"schema": s, "properties": p} for i, (s, p) in enumerate(picks)}}

    def worker() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            while time.monotonic() < stop_at:
                with lock:
                    if issued[0] >= requests:
                        return
                    n = issued[0]
                    issued[0] += 1
                started = time.perf_counter()
                try:
                    status = str(client.post("/match/default", json=body(n)).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"wall": time.perf_counter() - started, "latencies": latencies, "statuses": statuses}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def bench(backend: str, database_url: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="sw-bench-api.") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        key, loaded = prepare(home, database_url, args.lists)
        with server(home, database_url, args.workers) as base:
            warm = time.perf_counter()
            httpx.post(base + "/match/default", headers={"Authorization": f"Bearer {key}"}, timeout=300,
                       json={"queries": {"w": {"schema": "Person", "properties": {"name": ["warm up"]}}}})
            warm = time.perf_counter() - warm
            out = run_clients(base, key, requests=args.requests, seconds=args.seconds, clients=args.clients,
                              queries=args.queries)
    lat = [x * 1000 for x in out["latencies"]]
    done = len(lat)
    ok = out["statuses"].get("200", 0)
    errors = {k: v for k, v in out["statuses"].items() if k != "200"}
    print(f"\n== {backend}: {loaded}")
    per = "query" if args.queries == 1 else "queries"
    print(f"  uvicorn workers {args.workers}, {args.clients} clients, {args.queries} {per} per request; "
          f"first request (index build) {warm:.2f} s")
    print(f"  {done} requests in {out['wall']:.1f} s{' (time bound reached)' if done < args.requests else ''}: "
          f"{done / out['wall']:.1f} req/s, {done * args.queries / out['wall']:.1f} queries/s")
    if lat:
        print(f"  latency ms: p50 {_pct(lat, 0.5):.1f} | p95 {_pct(lat, 0.95):.1f} | p99 {_pct(lat, 0.99):.1f} | "
              f"max {max(lat):.1f} | mean {statistics.fmean(lat):.1f}")
    print(f"  200: {ok}; errors: {errors or 'none'}")
    print(f"  {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=2000, help="Requests in all (bound).")
    parser.add_argument("--seconds", type=float, default=60.0, help="Time bound per backend.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--queries", type=int, default=1, help="Queries per /match request (1..100).")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument("--lists", choices=("un", "demo"), default="un")
    parser.add_argument("--database-url", default="", help="PostgreSQL server (a database is created on it).")
    args = parser.parse_args()
    print(f"/match load on loopback; {_load()}")
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "sqlite":
            bench("sqlite", "", args)
        elif backend == "postgresql":
            server_cm = contextlib.nullcontext(args.database_url) if args.database_url else throwaway_postgres()
            with server_cm as server_url, own_database(server_url) as url:
                bench("postgresql", url.replace("postgresql://", "postgresql+psycopg://"), args)
        else:
            raise SystemExit(f"unknown backend {backend!r} (sqlite, postgresql)")


if __name__ == "__main__":
    main()
