"""Load benchmark of the team platform (``panmun serve``): page reads, API reads, what-ifs.

What it measures. The script starts its own server (``panmun serve`` on 127.0.0.1, a free
port, a fresh SQLite database in a temporary folder, ``--workers N``), creates an analyst
account and an API token with the CLI, and warms the server's analysis cache with one
request of every analysed page and API section (and a what-if baseline per preset), as a
team server that has been running a while would have it. Each worker has its own cache, so
with several workers the warm-up is repeated on fresh connections until each worker was
seen cold once. The warm-up is not measured.

Then ``--users`` simulated users act at once for ``--seconds``. Each signs in through the
login form once, then loops: pick an action, do it, sleep 1 to 3 s (uniform). An action
is a page read with the session cookie (``/``, a preset's page, its forecast and proposals,
the knowledge base and a search in it), an API read with the Bearer token (the presets, a
preset, its forecast, the knowledge-base timeline and search) or, about one action in ten, a
what-if (``--whatif-share``): ``POST /api/v1/presets/<preset>/whatif`` moving North Korea's
position on exchanges to a random value, so every what-if is a fresh computation (the honest
case: a repeated value would be answered from the cache).

A request fails when it answers a status other than 2xx (a page read sent to ``/login`` is
a failure too), raises, or takes over 30 s. Per category the script reports the count, the
failures, p50/p95/max latency and the throughput, and checks the targets: p95 under 300 ms
for page and API reads, under 1000 ms for what-ifs, no failure. It exits 1, naming the
missed target, if any is missed. It also prints the CPU time the client itself used, to
tell a saturated server from a saturated client.

``--ramp`` (a separate run) looks for the highest what-if rate the server sustains: what-ifs
sent open-loop at fixed rates (1, 2, 3, 4, 6, 8 per second, 20 s each), stopping at the first
rate whose p95 reaches 1 s or that has a failure; it reports the last rate that passed.

Both phases are bounded: at most ``users * seconds * 2`` requests and ``seconds + 60`` s of
load (the ramp: its steps plus 60 s); requests still running at the limit count as failures.
The server is stopped at the end, also on Ctrl+C or an error. Figures depend on the machine
and on what else it runs: the script prints the load average before and after.

    python benchmarks/bench_serve.py                           # 50 users for 60 s
    python benchmarks/bench_serve.py --users 10 --seconds 15   # a quick check
    python benchmarks/bench_serve.py --workers 2 --json serve.json
    python benchmarks/bench_serve.py --whatif-share 0          # reads only
    python benchmarks/bench_serve.py --ramp --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

NAME = "bench"
PASSWORD = "a long benchmark passphrase"
PRESETS = ("korea-2026-05", "korea-2018-04", "korea-2022-09")
PAGES = (
    "/",
    "/s/presets/korea-2026-05",
    "/s/presets/korea-2026-05/forecast",
    "/s/presets/korea-2026-05/proposals",
    "/kb",
    "/kb?q=kaesong",
)
API_READS = (
    "/api/v1/presets",
    "/api/v1/presets/korea-2026-05",
    "/api/v1/presets/korea-2026-05/forecast",
    "/api/v1/kb/timeline?kind=agreement",
    "/api/v1/kb/search?q=armistice",
)
CATEGORIES = ("page read", "API read", "what-if")
#: p95 targets in ms, by category.
TARGETS = {"page read": 300.0, "API read": 300.0, "what-if": 1000.0}
WHATIF_SHARE = 0.1
TIMEOUT = 30.0
#: A cold section (the first forecast of a preset) may take a few seconds on a busy machine.
WARMUP_TIMEOUT = 120.0
START_TIMEOUT = 90.0
RAMP_RATES = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
_LOGIN_TOKEN = re.compile(r'name="login_token"\s+value="([^"]+)"')


@dataclass
class Sample:
    """One request's outcome."""

    category: str
    path: str
    ms: float
    ok: bool
    problem: str = ""


@dataclass
class Figures:
    """Latency figures of one category."""

    count: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_s: float

    def to_dict(self) -> dict[str, float]:
        """The figures, rounded for a JSON file."""
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in vars(self).items()}

    def row(self, name: str) -> str:
        return (
            f"{name:<12} {self.count:>7} {self.errors:>7} {self.p50_ms:>9.0f} "
            f"{self.p95_ms:>9.0f} {self.max_ms:>9.0f} {self.per_s:>8.2f}"
        )


@dataclass
class Recorder:
    """The samples of a phase, with its bounds."""

    limit: int
    samples: list[Sample] = field(default_factory=list)
    started: int = 0

    def take(self) -> bool:
        """Reserve one request under the cap; ``False`` once it is reached."""
        if self.started >= self.limit:
            return False
        self.started += 1
        return True


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def figures(samples: Sequence[Sample], seconds: float) -> Figures:
    """Count, failures, latency percentiles (all requests) and completed requests per s."""
    ms = [s.ms for s in samples]
    return Figures(
        count=len(samples),
        errors=sum(not s.ok for s in samples),
        p50_ms=percentile(ms, 50),
        p95_ms=percentile(ms, 95),
        max_ms=max(ms, default=0.0),
        per_s=len(samples) / seconds if seconds > 0 else 0.0,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def machine_load() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages."""
    return os.getloadavg()


# -- the server ----------------------------------------------------------------------------
@dataclass
class Server:
    """A running ``panmun serve`` of this benchmark."""

    url: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path


def _cli(args: list[str], env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "panmun", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"panmun {' '.join(args[:2])} failed ({done.returncode}): "
            f"{(done.stderr or done.stdout).strip()}"
        )
    return done.stdout.strip()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the server and its worker processes (its own process group)."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@contextlib.contextmanager
def running_server(workers: int, port: int | None) -> Iterator[Server]:
    """Start ``panmun serve`` over a fresh database with an analyst and a token; stop it
    on leaving (also on an exception or Ctrl+C)."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        db = f"sqlite:///{folder / 'bench.sqlite3'}"
        env = {**os.environ, "PANMUN_DATA_DIR": str(folder)}
        env.pop("PANMUN_DB", None)
        _cli(["users", "add", NAME, "--role", "analyst", "--db", db], env, PASSWORD + "\n")
        token = _cli(["users", "token", NAME, "--label", "bench", "--db", db], env).splitlines()[-1]
        port = port or free_port()
        log = folder / "server.log"
        command = [sys.executable, "-m", "panmun", "serve", "--host", "127.0.0.1",
                   "--port", str(port), "--db", db, "--workers", str(workers)]  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, log)
            yield Server(url, token, process, log)
        finally:
            _stop(process)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{_tail(log)}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                time.sleep(0.5)  # a port taken by another server shows as our exit here
                if process.poll() is None:
                    return
                continue
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"the server did not answer /healthz in {START_TIMEOUT:.0f} s:\n{_tail(log)}"
    )


# -- requests ------------------------------------------------------------------------------
def whatif_body(rng: random.Random) -> dict[str, Any]:
    """A what-if moving North Korea's position on exchanges to a random value."""
    value = round(rng.uniform(0, 100), 1)
    return {"changes": [{"actor": "dprk", "issue": "exchanges", "field": "position",
                         "value": value}]}  # fmt: skip


async def timed(
    client: httpx.AsyncClient, category: str, method: str, path: str, **kwargs: Any
) -> Sample:
    """Do one request; its latency and whether it succeeded."""
    start = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
        ms = (time.perf_counter() - start) * 1000
        ok = 200 <= response.status_code < 300
        problem = "" if ok else f"{method} {path}: {response.status_code} {response.text[:200]!r}"
    except httpx.HTTPError as exc:
        ms = (time.perf_counter() - start) * 1000
        ok, problem = False, f"{method} {path}: {type(exc).__name__} {exc}"
    return Sample(category, path, ms, ok, problem)


async def sign_in(client: httpx.AsyncClient) -> None:
    """Sign in through the form; the client keeps the session cookie."""
    form = await client.get("/login")
    found = _LOGIN_TOKEN.search(form.text)
    if form.status_code != 200 or found is None:
        raise RuntimeError(f"GET /login: {form.status_code}, no login_token in the form")
    data = {"name": NAME, "password": PASSWORD, "login_token": found.group(1), "next": "/"}
    done = await client.post("/login", data=data)
    if done.status_code != 303 or "panmun_session" not in client.cookies:
        raise RuntimeError(f"POST /login: {done.status_code} {done.text[:200]!r}")


def _client(server: Server, timeout: float = TIMEOUT, connections: int = 10) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.url,
        timeout=timeout,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
    )


async def warm_up(server: Server, workers: int) -> tuple[list[Sample], int]:
    """One request of every analysed section, so the caches are filled; the samples and
    how many workers were seen cold.

    Each pass runs on a fresh connection, so it is served by one worker. A worker has its
    own cache, and which worker accepts a connection is up to the kernel, so with several
    workers passes are repeated until as many passes found the forecast cold (over a third
    of the first, cold, pass's time: a cached one takes a few percent of it) as there are
    workers, or ``12 * workers`` passes were made.
    """
    auth = {"Authorization": f"Bearer {server.token}"}
    async with _client(server, WARMUP_TIMEOUT) as client:
        await sign_in(client)
        cookies = httpx.Cookies(client.cookies)
    probe = PAGES.index("/s/presets/korea-2026-05/forecast")

    async def one_pass() -> list[Sample]:
        out = []
        async with _client(server, WARMUP_TIMEOUT, connections=1) as client:
            client.cookies = cookies
            for path in PAGES:
                out.append(await timed(client, "page read", "GET", path))
            for path in API_READS:
                out.append(await timed(client, "API read", "GET", path, headers=auth))
            for preset in PRESETS:
                path = f"/api/v1/presets/{preset}/whatif"
                body: dict[str, list[Any]] = {"changes": []}
                out.append(await timed(client, "what-if", "POST", path, headers=auth, json=body))
        return out

    samples = await one_pass()
    first_cold = samples[probe].ms
    cold = 1
    for _ in range(12 * workers - 1):
        if cold >= workers or not all(s.ok for s in samples):
            break
        batch = await one_pass()
        samples += batch
        cold += batch[probe].ms > first_cold / 3
    return samples, cold


# -- phase 1: users ------------------------------------------------------------------------
async def user(
    server: Server,
    rng: random.Random,
    rec: Recorder,
    stop_at: float,
    client: httpx.AsyncClient,
    share: float = WHATIF_SHARE,
) -> None:
    """One simulated user until ``stop_at`` (monotonic) or the request cap; ``share`` of
    the actions are what-ifs, the rest page and API reads in equal parts."""
    auth = {"Authorization": f"Bearer {server.token}"}
    await asyncio.sleep(rng.uniform(0, 2))  # users do not all click in the same instant
    while time.monotonic() < stop_at and rec.take():
        roll = rng.random()
        if roll < share:
            path = f"/api/v1/presets/{rng.choice(PRESETS)}/whatif"
            sample = await timed(
                client, "what-if", "POST", path, headers=auth, json=whatif_body(rng)
            )
        elif roll < share + (1 - share) / 2:
            sample = await timed(client, "page read", "GET", rng.choice(PAGES))
        else:
            sample = await timed(client, "API read", "GET", rng.choice(API_READS), headers=auth)
        rec.samples.append(sample)
        pause = rng.uniform(1, 3)
        if time.monotonic() + pause >= stop_at:
            return
        await asyncio.sleep(pause)


async def load(
    server: Server, users: int, seconds: float, seed: int, share: float = WHATIF_SHARE
) -> tuple[list[Sample], float, int, float]:
    """Run the users; the samples, the load's wall time, the unfinished requests and the
    CPU seconds this client spent (to tell a saturated client from a saturated server)."""
    rng = random.Random(seed)
    clients = [_client(server, connections=2) for _ in range(users)]
    try:
        sem = asyncio.Semaphore(4)  # argon2 makes a sign-in cost ~0.1 s of CPU

        async def signed(c: httpx.AsyncClient) -> None:
            async with sem:
                await sign_in(c)

        await asyncio.gather(*(signed(c) for c in clients))
        rec = Recorder(limit=int(users * seconds * 2))
        start, cpu = time.monotonic(), time.process_time()
        stop_at = start + seconds
        tasks = [
            asyncio.create_task(user(server, random.Random(rng.random()), rec, stop_at, c, share))
            for c in clients
        ]
        _done, pending = await asyncio.wait(tasks, timeout=seconds + 60)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        elapsed = time.monotonic() - start
        unfinished = rec.started - len(rec.samples)
        return rec.samples, elapsed, unfinished, time.process_time() - cpu
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


# -- phase 2: ramp -------------------------------------------------------------------------
async def ramp_step(
    server: Server, client: httpx.AsyncClient, rate: float, seconds: float, rng: random.Random
) -> tuple[list[Sample], int]:
    """What-ifs sent open-loop at ``rate`` per second for ``seconds``; the samples and the
    requests still unfinished ``TIMEOUT + 5`` s after the last was sent."""
    auth = {"Authorization": f"Bearer {server.token}"}
    count = max(1, round(rate * seconds))
    start = time.monotonic()
    tasks = []
    for k in range(count):
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        path = f"/api/v1/presets/{rng.choice(PRESETS)}/whatif"
        tasks.append(
            asyncio.create_task(
                timed(client, "what-if", "POST", path, headers=auth, json=whatif_body(rng))
            )
        )
    done, pending = await asyncio.wait(tasks, timeout=TIMEOUT + 5)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [t.result() for t in done], len(pending)


async def ramp(
    server: Server, rates: Sequence[float], seconds: float, seed: int
) -> tuple[list[dict[str, Any]], float | None]:
    """Each rate's figures, and the last rate that passed (p95 < 1 s, no failure)."""
    rng = random.Random(seed)
    steps: list[dict[str, Any]] = []
    best: float | None = None
    deadline = time.monotonic() + len(rates) * seconds + 60
    async with _client(server, connections=200) as client:
        for rate in rates:
            if time.monotonic() + seconds > deadline:
                print(f"ramp: stopped before {rate:g}/s, over the time limit")
                break
            samples, unfinished = await ramp_step(server, client, rate, seconds, rng)
            fig = figures(samples, seconds)
            errors = fig.errors + unfinished
            passed = errors == 0 and fig.p95_ms < TARGETS["what-if"]
            steps.append({"rate_per_s": rate, **fig.to_dict(), "errors": errors, "passed": passed,
                          "problems": _problems(samples)})  # fmt: skip
            print(f"ramp {rate:>4g}/s: {fig.count:>4} what-ifs, {errors} failed, "
                  f"p50 {fig.p50_ms:.0f} ms, p95 {fig.p95_ms:.0f} ms, max {fig.max_ms:.0f} ms "
                  f"-> {'pass' if passed else 'FAIL'}", flush=True)  # fmt: skip
            if not passed:
                break
            best = rate
    return steps, best


# -- reporting -----------------------------------------------------------------------------
def _problems(samples: Sequence[Sample], most: int = 10) -> list[str]:
    return [s.problem for s in samples if not s.ok][:most]


def table(by_category: dict[str, Figures], total: Figures) -> str:
    head = (
        f"{'category':<12} {'count':>7} {'errors':>7} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'max ms':>9} {'req/s':>8}"
    )
    rows = [fig.row(name) for name, fig in by_category.items()]
    return "\n".join([head, *rows, total.row("all")])


def missed_targets(by_category: dict[str, Figures], unfinished: int) -> list[str]:
    """The targets the run missed, in words."""
    missed = []
    for name, limit in TARGETS.items():
        fig = by_category[name]
        if fig.count and fig.p95_ms >= limit:
            missed.append(f"{name}: p95 {fig.p95_ms:.0f} ms, target < {limit:.0f} ms")
        if fig.errors:
            missed.append(f"{name}: {fig.errors} failed requests, target 0")
    if unfinished:
        missed.append(f"{unfinished} requests unfinished at the time limit, target 0")
    return missed


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    ap.add_argument("--seconds", type=float, default=60.0, help="load duration (default 60)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    ap.add_argument("--port", type=int, default=None, help="server port (default: a free one)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    ap.add_argument("--seed", type=int, default=0, help="seed of the users' choices")
    ap.add_argument("--whatif-share", type=float, default=WHATIF_SHARE,
                    help="share of the users' actions that are what-ifs (default 0.1)")  # fmt: skip
    ap.add_argument("--ramp", action="store_true", help="find the sustained what-if rate")
    ap.add_argument("--ramp-rates", default=",".join(f"{r:g}" for r in RAMP_RATES),
                    help="what-ifs per second to try, in order (default 1,2,3,4,6,8)")  # fmt: skip
    ap.add_argument("--ramp-seconds", type=float, default=20.0, help="seconds per rate")
    args = ap.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.workers < 1 or args.ramp_seconds <= 0:
        ap.error("--users, --seconds, --workers and --ramp-seconds must be positive")
    if not 0 <= args.whatif_share <= 1:
        ap.error("--whatif-share: give a number from 0 to 1")
    try:
        args.rates = [float(x) for x in args.ramp_rates.split(",") if x.strip()]
    except ValueError:
        ap.error(f"--ramp-rates: {args.ramp_rates!r} is not a list of numbers")
    if not args.rates or min(args.rates) <= 0:
        ap.error("--ramp-rates: give positive rates")
    return args


def run(args: argparse.Namespace) -> int:
    load_before = machine_load()
    report: dict[str, Any] = {
        "benchmark": "bench_serve",
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
    }
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)} "
          f"({os.cpu_count()} CPUs)", flush=True)  # fmt: skip
    with running_server(args.workers, args.port) as server:
        print(f"server: {server.url}, {args.workers} worker(s); warming up", flush=True)
        warm, cold_workers = asyncio.run(warm_up(server, args.workers))
        bad = [s for s in warm if not s.ok]
        report["warmup"] = [{"path": s.path, "ms": round(s.ms, 1), "ok": s.ok} for s in warm]
        if bad:
            print("warm-up failed:\n  " + "\n  ".join(s.problem for s in bad[:10]))
            print(f"server log:\n{_tail(server.log)}")
            return 1
        slowest = max(warm, key=lambda s: s.ms)
        print(f"warm-up: {len(warm)} requests, slowest {slowest.ms:.0f} ms ({slowest.path}); "
              f"{cold_workers} of {args.workers} worker(s) seen cold and warmed")  # fmt: skip
        report["warmed_workers"] = cold_workers
        if cold_workers < args.workers:
            print("warning: not every worker was seen warming up; some may compute "
                  "their first sections during the measured load")  # fmt: skip
        if args.ramp:
            report.update(phase="ramp", step_seconds=args.ramp_seconds)
            steps, best = asyncio.run(ramp(server, args.rates, args.ramp_seconds, args.seed))
            report.update(steps=steps, sustained_rate_per_s=best)
            code = 0 if best is not None else 1
            print(f"sustained what-if rate (p95 < 1 s, no failure): "
                  f"{'none' if best is None else f'{best:g}/s'}")  # fmt: skip
        else:
            report.update(
                phase="users",
                users=args.users,
                seconds=args.seconds,
                whatif_share=args.whatif_share,
            )
            print(f"load: {args.users} users for {args.seconds:g} s, "
                  f"{args.whatif_share:.0%} what-ifs", flush=True)  # fmt: skip
            samples, elapsed, unfinished, client_cpu = asyncio.run(
                load(server, args.users, args.seconds, args.seed, args.whatif_share)
            )
            by_category = {c: figures([s for s in samples if s.category == c], elapsed)
                           for c in CATEGORIES}  # fmt: skip
            total = figures(samples, elapsed)
            print(table(by_category, total))
            print(f"wall time {elapsed:.1f} s; this client used {client_cpu:.1f} s of CPU "
                  f"({100 * client_cpu / elapsed:.0f} % of a core)")  # fmt: skip
            print("targets: p95 < 300 ms for page and API reads, < 1000 ms for what-ifs, "
                  "no failure")  # fmt: skip
            by_path = {p: figures([s for s in samples if s.path == p], elapsed).to_dict()
                       for p in sorted({s.path for s in samples})}  # fmt: skip
            missed = missed_targets(by_category, unfinished)
            report.update(
                wall_s=elapsed,
                client_cpu_s=client_cpu,
                unfinished=unfinished,
                categories={c: f.to_dict() for c, f in by_category.items()},
                total=total.to_dict(),
                paths=by_path,
                problems=_problems(samples),
                missed_targets=missed,
            )
            for line in _problems(samples, 5):
                print(f"  failed: {line}")
            for line in missed:
                print(f"target missed: {line}")
            code = 1 if missed else 0
    load_after = machine_load()
    report["load_average_after"] = load_after
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)

    def terminated(_sig: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)  # stop the server on kill, as on Ctrl+C
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted; the server is stopped", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        print(f"bench_serve: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
