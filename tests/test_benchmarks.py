"""The benchmark scripts still run: each on a tiny workload, its figures not judged
(speed is measured by running them, not asserted in tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_links_benchmark_runs_claimcheck_and_the_trivial_client(tmp_path):
    figures = tmp_path / "links.json"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "links.py"), "--urls", "20", "--hosts", "2", "--latency", "0.02",
         "--concurrency", "4", "--per-host", "2", "--repeat", "1", "--tools", "claimcheck",
         "--json", str(figures)],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {row["name"]: row for row in json.loads(figures.read_text())["rows"]}
    # every run checked all 20 URLs with one GET each, within the limits given
    for name in ("claimcheck links", "check_links, sorted (as claimcheck links passes them)",
                 "trivial client, whole process"):
        assert rows[name]["requests_per_url"] == 1.0, name
        assert rows[name]["peak"] <= 4 and rows[name]["host_peak"] <= 2, name
    assert "ok 20" in done.stdout
    assert "20 URLs, all 200" in done.stdout
    assert "first request" in done.stdout  # the start-up / exit split of a whole-process run


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "benchmarks"


def run_references_benchmark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCHMARKS / "references.py"), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_reference_benchmark_scores_each_field():
    done = run_references_benchmark(str(FIXTURES / "anystyle_two.xml"))
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines() if line[:1].islower()}
    assert rows["author"] == ["1.000", "1.000", "1.000", "6"]  # 3 + 3 family names, all found
    assert rows["container"][3] == "2" and rows["container"][1] == "0.500"  # ApJ missed
    # a doi.org address labelled url is scored as the DOI, not as a URL
    assert rows["doi"] == ["1.000", "1.000", "1.000", "1"] and rows["url"][3] == "0"
    assert "2 strings" in done.stdout and "slowest" in done.stdout


def test_reference_benchmark_lists_the_errors_of_a_field():
    done = run_references_benchmark(str(FIXTURES / "anystyle_two.xml"), "--errors", "container")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "gold:   ['apj']" in done.stdout and "parsed: []" in done.stdout
    assert "Vates" not in done.stdout  # right, so not listed


def test_reference_benchmark_refuses_a_missing_file(tmp_path):
    done = run_references_benchmark(str(tmp_path / "nowhere.xml"))
    assert done.returncode == 2 and "no such file" in done.stderr and "Traceback" not in done.stderr
