"""Offline verify speed: the development paper, and a synthetic corpus with --jobs.

Prints the whole-process, cold time of `claimcheck verify --offline` on the
development paper (median of N runs), the in-process extract+verify time, and
papers/s for a synthetic corpus (default 1,000 papers: variants of the
development paper, each with its own pages dropped so no two are alike)
verified by one process with `--jobs 1` and `--jobs 2`.

    python benchmarks/verify.py [--papers 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"


def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` papers: the development paper with a random third of its body
    pages dropped (its reference list kept), so each paper differs."""
    text = PAPER.read_text("utf-8")
    body, _, references = text.partition("### References")
    pages = body.split("\n\n\n\n")
    generator = random.Random(2020)
    paths = []
    for index in range(count):
        kept = [page for page in pages if generator.random() > 0.33] or pages[:1]
        path = folder / f"paper-{index:04d}.md"
        path.write_text("\n\n\n\n".join(kept) + "### References" + references, "utf-8")
        paths.append(path)
    return paths


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    command = [sys.executable, "-m", "claimcheck", "verify", "--offline", "--fail-on", "never",
               "--format", "json"]
    cold = statistics.median(run([*command, str(PAPER)]) for _ in range(args.repeat))
    print(f"development paper, whole process (cold start): {cold:.3f} s (median of {args.repeat})")

    sys.path.insert(0, str(ROOT / "src"))
    from claimcheck.engine import extract, verify

    verify(extract(PAPER))
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        verify(extract(PAPER))
        timings.append(time.perf_counter() - start)
    print(f"development paper, extract + verify in process: {min(timings):.3f} s (best of {args.repeat})")

    with tempfile.TemporaryDirectory() as folder:
        paths = [str(p) for p in corpus(Path(folder), args.papers)]
        size = sum(Path(p).stat().st_size for p in paths) / 1e6
        print(f"\nsynthetic corpus: {len(paths)} papers, {size:.1f} MB")
        for jobs in (1, 2):
            seconds = run([*command, "--jobs", str(jobs), *paths])
            print(f"  --jobs {jobs}: {seconds:7.1f} s  {len(paths) / seconds:6.1f} papers/s")


if __name__ == "__main__":
    main()
