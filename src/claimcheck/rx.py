"""``re.compile`` for the program's own patterns, compiled once per installation.

Python compiles a pattern again in every process (``re`` caches only in
memory), and its compiler is pure Python: the three hundred fixed patterns of
the parsers and rules cost about 0.1 s of every cold ``claimcheck verify``, a
quarter of the run. ``compile`` keeps what the compiler produces (the opcode
list that the C matcher runs, and the group names) in one file beside the
package's bytecode, keyed by pattern, flags and interpreter, and builds the
pattern objects of later processes straight from it (300 patterns in 3 ms).

It behaves like bytecode caching: the file is written only when
``sys.dont_write_bytecode`` is false (PYTHONDONTWRITEBYTECODE), an unwritable
installation simply compiles every time, and an entry is stored only after the
pattern it rebuilds compared equal to ``re.compile``'s. Anything unexpected (a
damaged file, another Python's internals) falls back to ``re.compile``.

Only fixed patterns belong here: ``rx.compile`` for a module's constants, and
``rx.search``, ``rx.sub`` and the other module functions of ``re`` for one
written at its call. A pattern built from a paper (its acronyms, its table's
organisations) goes to ``re``, so nothing about a paper is ever stored.
"""

from __future__ import annotations

import marshal
import os
import re
import sys

import _sre

_VERSION = (sys.version, getattr(_sre, "MAGIC", None))
_LIMIT = 4096  # entries; past it, the file keeps only what the last run used

_store: dict | None = None  # (pattern, flags) -> compiled program; loaded on first use
_used: set = set()
_added = False
_broken = False  # the interpreter's internals are not what this expects: plain re.compile
_registered = False


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the stored program when there is one."""
    global _added, _broken
    if _broken:
        return re.compile(pattern, flags)
    store = _load()
    key = (pattern, int(flags))
    _used.add(key)
    entry = store.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - a damaged entry: compile it afresh
            del store[key]
    compiled = re.compile(pattern, flags)
    if sys.dont_write_bytecode:
        return compiled  # nothing will be saved: spare the second compilation
    try:
        entry = _program(pattern, int(flags))
        if _sre.compile(pattern, *entry) == compiled:
            store[key] = entry
            _added = True
    except Exception:  # noqa: BLE001 - another Python's internals
        _broken = True
    return compiled


def _program(pattern: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, in marshal-able types."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _path() -> str:
    from importlib.util import cache_from_source

    # beside this module's bytecode, so PYTHONPYCACHEPREFIX is honoured too
    return cache_from_source(__file__).removesuffix(".pyc") + ".regex"


def _load() -> dict:
    global _store
    if _store is None:
        _store = {}
        try:
            with open(_path(), "rb") as file:
                data = file.read()  # marshal.load on a file reads item by item: 20x slower
            version, entries = marshal.loads(data)
            if version == _VERSION and isinstance(entries, dict):
                _store = entries
        except Exception:  # noqa: BLE001 - no file yet, or not one of ours: start empty
            pass
        global _registered
        if not _registered:
            import atexit

            atexit.register(_save)
            _registered = True
    return _store


def _save() -> None:
    if not _added or sys.dont_write_bytecode or _store is None:
        return
    entries = _store if len(_store) <= _LIMIT else {k: v for k, v in _store.items() if k in _used}
    temporary = None
    try:
        path = _path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as file:
            marshal.dump((_VERSION, entries), file)
        os.replace(temporary, path)  # whole or not at all, whichever process writes last
    except (OSError, ValueError, NotImplementedError):
        # a read-only installation: every run compiles, as without this module
        if temporary is not None and os.path.exists(temporary):
            os.remove(temporary)


# re's module functions, for a fixed pattern written at the call (``rx.sub(r"\s+", " ", text)``)
_fixed: dict = {}


def _pattern(pattern: str, flags: int | re.RegexFlag) -> re.Pattern[str]:
    compiled = _fixed.get((pattern, flags))
    if compiled is None:
        compiled = _fixed[(pattern, flags)] = compile(pattern, flags)
    return compiled


def search(pattern: str, string: str, flags: int | re.RegexFlag = 0) -> re.Match[str] | None:
    return _pattern(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int | re.RegexFlag = 0) -> re.Match[str] | None:
    return _pattern(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int | re.RegexFlag = 0) -> re.Match[str] | None:
    return _pattern(pattern, flags).fullmatch(string)


def findall(pattern: str, string: str, flags: int | re.RegexFlag = 0) -> list:
    return _pattern(pattern, flags).findall(string)


def finditer(pattern: str, string: str, flags: int | re.RegexFlag = 0):
    return _pattern(pattern, flags).finditer(string)


def sub(pattern: str, repl, string: str, count: int = 0, flags: int | re.RegexFlag = 0) -> str:
    return _pattern(pattern, flags).sub(repl, string, count)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int | re.RegexFlag = 0) -> list:
    return _pattern(pattern, flags).split(string, maxsplit)
