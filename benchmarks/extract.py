"""Extraction throughput: the development paper, and synthetic papers 10x and 100x larger.

Prints papers/s and MB/s for each size (in-process, warm, best of N runs),
the time per MB (flat when growth is linear), the cold whole-process time of
`claimcheck extract --dry-run`, and the start-up time of `claimcheck --help`.

    python benchmarks/extract.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
_SUP_NUMBER = re.compile(r"(<sup>(?:&</sup>lt;sup>)?)(\d+)(</sup>)")


def synthetic_paper(copies: int) -> str:
    """The paper's body repeated ``copies`` times with its notes renumbered, then
    one reference list: a long paper with the same density of damage."""
    text = PAPER.read_text("utf-8")
    body, _, references = text.partition("### References")
    note_count = 47
    parts = []
    for copy in range(copies):
        shift = copy * note_count
        parts.append(_SUP_NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + shift}{m.group(3)}", body))
    return "\n\n\n\n".join(parts) + "### References" + references


def time_extract(path: Path, repeat: int) -> float:
    from claimcheck.engine import extract

    extract(path)  # warm: imports, compiled regexes
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract(path)
        timings.append(time.perf_counter() - start)
    return min(timings)


def time_command(args: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(f"{'paper':<28}{'size':>10}{'seconds':>10}{'papers/s':>10}{'MB/s':>8}{'s/MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        cases = [("development paper", PAPER)]
        for copies in (10, 100):
            path = Path(folder) / f"synthetic-{copies}x.md"
            path.write_text(synthetic_paper(copies), "utf-8")
            cases.append((f"synthetic {copies}x", path))
        for name, path in cases:
            size_mb = path.stat().st_size / 1e6
            seconds = time_extract(path, args.repeat if size_mb < 1 else max(1, args.repeat // 2))
            print(f"{name:<28}{size_mb * 1000:>8.0f}kB{seconds:>10.3f}{1 / seconds:>10.2f}"
                  f"{size_mb / seconds:>8.2f}{seconds / size_mb:>8.2f}")
    command = [sys.executable, "-m", "claimcheck"]
    help_seconds = time_command([*command, "--help"], args.repeat)
    cold = time_command([*command, "extract", str(PAPER), "--dry-run"], args.repeat)
    print(f"\n`claimcheck --help` start-up: {help_seconds:.3f} s (median of {args.repeat})")
    print(f"`claimcheck extract --dry-run` whole process, cold: {cold:.3f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
