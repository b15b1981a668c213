"""The trivial asyncio HTTP client of the links benchmark: the least any Python
client must do, for a floor to compare the tools with.

``concurrency`` workers; each takes the next URL whose host has a free slot
(so no worker waits on a busy host), on an idle kept-alive connection to that
host, or a new one. No parsing beyond the status line and Content-Length.

Imported by ``links.py`` (run in its process) and run on its own as a whole
process, so the cost of starting CPython and importing asyncio shows:

    python benchmarks/trivial_client.py FILE --concurrency 64 --per-host 4

FILE holds one ``http://host:port/path`` URL per line (Markdown list items
``- <URL>`` are fine). Exits 1 if any answer is not 200.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time

CHILD_TIMEOUT = 600.0  # seconds: no run may take longer


async def _trivial(urls: list[tuple[str, int, str]], concurrency: int, per_host: int,
                   keep_alive: bool) -> None:
    """``concurrency`` workers; each takes the next URL whose host has a free slot
    (so no worker waits on a busy host), on an idle kept-alive connection to that
    host when ``keep_alive``, else on a new connection."""
    queues: dict[str, list[tuple[str, int, str]]] = {}
    for url in urls:
        queues.setdefault(url[0], []).append(url)
    for queue in queues.values():
        queue.reverse()  # pop() from the end
    busy: dict[str, int] = dict.fromkeys(queues, 0)
    idle: dict[str, list] = {host: [] for host in queues}
    order = list(queues)
    changed = asyncio.Condition()
    cursor = [0]

    def take() -> tuple[str, int, str] | None:
        for step in range(len(order)):
            host = order[(cursor[0] + step) % len(order)]
            if queues[host] and busy[host] < per_host:
                cursor[0] = (cursor[0] + step + 1) % len(order)
                busy[host] += 1
                return queues[host].pop()
        return None

    async def fetch(host: str, port: int, path: str) -> None:
        if keep_alive and idle[host]:
            reader, writer = idle[host].pop()
        else:
            reader, writer = await asyncio.open_connection(host, port)
        connection = "keep-alive" if keep_alive else "close"
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: {connection}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        await reader.readexactly(length)
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"trivial client: {host}{path}: {head[:40]!r}")
        if keep_alive:
            idle[host].append((reader, writer))
        else:
            writer.close()

    async def worker() -> None:
        while True:
            async with changed:
                while (job := take()) is None:
                    if not any(queues.values()):
                        return
                    await changed.wait()
            try:
                await fetch(*job)
            finally:
                async with changed:
                    busy[job[0]] -= 1
                    changed.notify_all()

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))),
                           timeout=CHILD_TIMEOUT)
    for connections in idle.values():
        for _, writer in connections:
            writer.close()


def trivial_client(targets: list[tuple[str, int, str]], concurrency: int, per_host: int, *,
                   keep_alive: bool = True) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    asyncio.run(_trivial(targets, concurrency, per_host, keep_alive))
    return time.perf_counter() - start, time.process_time() - cpu


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    args = parser.parse_args(argv)
    targets = []
    with open(args.file, encoding="utf-8") as lines:
        for line in lines:
            found = re.search(r"http://([^/:\s>]+):(\d+)(/[^\s>]*)", line)
            if found:
                targets.append((found.group(1), int(found.group(2)), found.group(3)))
    try:
        trivial_client(targets, args.concurrency, args.per_host)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(targets)} URLs, all 200")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
