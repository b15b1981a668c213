"""records/atomic.py: atomic writes and the record-file error."""

from __future__ import annotations

import os
import stat

import pytest

from claimcheck.records import atomic
from claimcheck.records.atomic import RecordFileError, read_record_text, write_text_atomic


def test_write_creates_file_with_exact_text(tmp_path):
    target = tmp_path / "claims.yaml"
    write_text_atomic(target, "a: 1\r\nb: é\n")
    assert target.read_bytes() == "a: 1\r\nb: é\n".encode("utf-8")
    assert os.listdir(tmp_path) == ["claims.yaml"]


def test_write_replaces_and_keeps_mode_of_existing_file(tmp_path):
    target = tmp_path / "references.bib"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    write_text_atomic(str(target), "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["references.bib"]


def test_failed_replace_leaves_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "claims.yaml"
    target.write_text("schema: 1\nhuman: work\n")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        write_text_atomic(target, "schema: 1\n" + "x" * 100_000)
    assert target.read_text() == "schema: 1\nhuman: work\n"
    assert os.listdir(tmp_path) == ["claims.yaml"]


def test_failed_write_of_new_file_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        write_text_atomic(tmp_path / "new.yaml", "text\n")
    assert os.listdir(tmp_path) == []


def test_write_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.bib"
    real.write_text("old\n")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    write_text_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_error_renders_path_line_message_on_one_line():
    err = RecordFileError("claims.yaml", 12, "YAML error:\n  mapping values are not allowed")
    assert str(err) == "claims.yaml:12: YAML error: mapping values are not allowed"
    assert (err.path, err.line) == ("claims.yaml", 12)
    assert str(RecordFileError("x.bib", None, "not found")) == "x.bib: not found"


def test_read_record_text_rejects_binary_and_non_utf8(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"schema: 1\nx: \x00\x01\n")
    with pytest.raises(RecordFileError) as err:
        read_record_text(binary, "claims file")
    assert err.value.line == 2 and "binary" in err.value.message

    latin = tmp_path / "l.yaml"
    latin.write_bytes(b"schema: 1\n\nnote: caf\xe9\n")
    with pytest.raises(RecordFileError) as err:
        read_record_text(latin, "claims file")
    assert err.value.line == 3 and "UTF-8" in err.value.message

    with pytest.raises(RecordFileError) as err:
        read_record_text(tmp_path / "missing.yaml", "claims file")
    assert err.value.line is None
