"""rx.py: fixed patterns compiled once per installation, rebuilt equal to re.compile's."""

from __future__ import annotations

import re
import sys

import pytest

from claimcheck import rx

PATTERNS = [
    (r"(?P<year>1[89]\d\d|20\d\d)(?![\w/])", 0),
    (r"\b(?:member|observer)s?\b", re.IGNORECASE),
    ("(?x) (?P<a>a) | (?P<b>b+) # verbose", 0),
    (r"(?<![\w.])(?=[A-ZÀ-Þ])(?:Saint Vincent|Niger|Nigeria)(?!\w)", 0),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """rx with no loaded store, writing to a temporary file instead of __pycache__."""
    path = tmp_path / "patterns.regex"
    monkeypatch.setattr(rx, "_path", lambda: str(path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)

    def reset() -> None:
        for name, value in (("_store", None), ("_used", set()), ("_added", False),
                            ("_broken", False), ("_registered", True)):
            monkeypatch.setattr(rx, name, value)

    reset()
    return path, reset


def test_compiled_patterns_equal_re_compile_and_survive_a_restart(fresh):
    path, reset = fresh
    first = [rx.compile(p, f) for p, f in PATTERNS]
    rx._save()
    assert path.exists()
    reset()
    again = [rx.compile(p, f) for p, f in PATTERNS]
    assert not rx._added  # every one came from the file
    for (pattern, flags), one, other in zip(PATTERNS, first, again):
        expected = re.compile(pattern, flags)
        assert one == expected and other == expected
        assert (other.groupindex, other.groups, other.flags) == \
            (expected.groupindex, expected.groups, expected.flags)
    text = "In 2017 the Members of Nigeria, not Niger; Saint Vincent bb"
    assert [m.groupdict() for m in again[0].finditer(text)] == [{"year": "2017"}]
    assert again[1].findall(text) == ["Members"]
    assert [m.group() for m in again[3].finditer(text)] == ["Nigeria", "Niger", "Saint Vincent"]


def test_nothing_is_written_when_bytecode_writing_is_off(fresh, monkeypatch):
    path, _ = fresh
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    rx.compile(r"x+y", 0)
    rx._save()
    assert not path.exists()


def test_a_damaged_or_foreign_file_falls_back_to_compiling(fresh):
    path, reset = fresh
    path.write_bytes(b"not marshal data")
    assert rx.compile(r"a(b)c", 0) == re.compile(r"a(b)c")
    rx._save()  # replaced by a good file
    reset()
    assert rx.compile(r"a(b)c", 0) == re.compile(r"a(b)c") and not rx._added
