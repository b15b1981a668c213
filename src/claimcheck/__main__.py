"""The ``claimcheck`` command (``python -m claimcheck`` too): the command line,
then a quick exit.

A normal interpreter exit frees every module and object one by one. After a
``claimcheck links`` run that took 50-100 ms here, longer than writing the
report (docs/BENCHMARKS.md). ``run`` does what that exit would do that
matters (the ``atexit`` handlers, such as the regex store's, and flushing
stdout and stderr) and then ends the process with ``os._exit``.

It falls back to the normal exit whenever that could lose something: an
exception other than ``SystemExit`` propagates with its traceback, and a
non-daemon thread still running is waited for. ``claimcheck.cli.main`` itself
is unchanged, so tests and embedders that call it get ordinary behaviour.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    from claimcheck.cli import main

    try:
        main()
        status = 0
    except SystemExit as stop:
        status = exit_status(stop.code)
    if _threads_running():
        sys.exit(status)  # the normal exit waits for them
    import atexit

    atexit._run_exitfuncs()  # noqa: SLF001 - what the normal exit would run, in the same order
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), or a closed stream
            pass
    os._exit(status)


def exit_status(code: object) -> int:
    """The exit status ``SystemExit(code)`` gives: None is 0, an int is itself, and
    anything else is printed to stderr and gives 1, as the interpreter does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _threads_running() -> bool:
    threading = sys.modules.get("threading")  # never imported: no thread was started
    if threading is None:
        return False
    main_thread = threading.main_thread()
    return any(thread is not main_thread and not thread.daemon and thread.is_alive()
               for thread in threading.enumerate())


if __name__ == "__main__":
    run()
