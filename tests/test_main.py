"""The ``claimcheck`` entry point: the quick exit keeps every exit status, runs the
atexit handlers, delivers all output, and falls back to the normal exit when
that could lose something."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import claimcheck.__main__ as entry
import claimcheck.cli


class _Exited(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


@pytest.fixture
def quick_exit(monkeypatch):
    """Stand-ins for os._exit and atexit._run_exitfuncs (the real ones would end
    pytest or run its own exit handlers); returns the calls seen, in order."""
    import atexit

    calls: list[str] = []

    def fake_exit(status: int) -> None:
        calls.append(f"exit {status}")
        raise _Exited(status)

    monkeypatch.setattr(entry.os, "_exit", fake_exit)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("atexit"))
    return calls


def _main_raising(monkeypatch, error: BaseException | None) -> None:
    def main() -> None:
        if error is not None:
            raise error

    monkeypatch.setattr(claimcheck.cli, "main", main)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), (256 + 2, 2)])
def test_exit_status_of_system_exit_codes(code, status):
    assert entry.exit_status(code) == status


def test_exit_status_of_a_message_prints_it_and_is_1(capsys):
    assert entry.exit_status("claimcheck: broken") == 1
    assert capsys.readouterr().err == "claimcheck: broken\n"


@pytest.mark.parametrize(("error", "status"), [(None, 0), (SystemExit(1), 1), (SystemExit(2), 2)])
def test_run_runs_atexit_handlers_then_exits_with_the_status(monkeypatch, quick_exit, error, status):
    _main_raising(monkeypatch, error)
    with pytest.raises(_Exited):
        entry.run()
    assert quick_exit == ["atexit", f"exit {status}"]


def test_an_unexpected_exception_keeps_its_traceback(monkeypatch, quick_exit):
    _main_raising(monkeypatch, RuntimeError("a bug"))
    with pytest.raises(RuntimeError, match="a bug"):
        entry.run()
    assert quick_exit == []  # the normal exit, which prints the traceback


def test_a_running_thread_gets_the_normal_exit(monkeypatch, quick_exit):
    _main_raising(monkeypatch, SystemExit(1))
    release = threading.Event()
    worker = threading.Thread(target=release.wait, args=(10,))
    worker.start()
    try:
        with pytest.raises(SystemExit) as stop:
            entry.run()
    finally:
        release.set()
        worker.join()
    assert stop.value.code == 1
    assert quick_exit == []


def _environment(**env: str) -> dict[str, str]:
    """As a user's shell has it: bytecode may be written, and output to a pipe is
    buffered (PYTHONUNBUFFERED would hide a missing flush)."""
    skipped = {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}
    return {**{k: v for k, v in os.environ.items() if k not in skipped}, **env}


def _run_module(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = _environment(**env)
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env=environment, check=False)


def test_buffered_output_is_flushed_before_the_exit(tmp_path):
    # print() to a pipe is block-buffered and this main never flushes: run() must
    script = ("import sys, claimcheck.cli\n"
              "def main():\n"
              "    print('out', end='')\n"
              "    print('err', end='', file=sys.stderr)\n"
              "    raise SystemExit(1)\n"
              "claimcheck.cli.main = main\n"
              "import claimcheck.__main__\n"
              "claimcheck.__main__.run()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          check=False, env=_environment())
    assert (done.stdout, done.stderr, done.returncode) == ("out", "err", 1)


def test_the_regex_store_is_written_at_exit(tmp_path):
    # rx saves its compiled patterns from an atexit handler, beside the bytecode
    prefix = tmp_path / "pycache"
    (tmp_path / "links.md").write_text("<https://example.org/>\n")
    done = _run_module(["links", "links.md", "--offline"], tmp_path, PYTHONPYCACHEPREFIX=str(prefix))
    assert done.returncode == 0, done.stderr
    assert list(prefix.rglob("rx.*.regex"))


def test_exit_codes_pass_through_the_quick_exit(tmp_path):
    done = _run_module(["verify", "missing.md"], tmp_path)
    assert done.returncode == 2
    assert "missing.md" in done.stderr
    assert "Traceback" not in done.stderr
