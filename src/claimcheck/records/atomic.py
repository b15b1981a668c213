"""Atomic writes of record files, and the error for a record file that cannot be read.

A record file (claims.yaml, references.bib) holds a person's annotations, so a
crash or a full disk must never leave it half written: the new text goes to a
temporary file in the same directory, is flushed to disk, and then replaces
the old file in one ``os.replace``.
"""

from __future__ import annotations

import os
import secrets
import stat

__all__ = ["RecordFileError", "write_text_atomic", "read_record_text"]


class RecordFileError(Exception):
    """A record file that is malformed (or unreadable); ``str()`` is ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        # One line: the CLI prints it as is, and editors jump to ``path:line``.
        self.message = " ".join(str(message).split())
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

    def __reduce__(self):  # keep the three fields through pickling (multiprocessing)
        return (type(self), (self.path, self.line, self.message))


def _target(path: str) -> str:
    # Replacing a symlink would turn it into a regular file; write through it instead.
    return os.path.realpath(path) if os.path.islink(path) else path


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically.

    The file mode of an existing file is kept; a new file gets the usual
    ``0o666 & ~umask``. On any error the temporary file is removed and the
    old file is left as it was.
    """
    target = _target(os.fspath(path))
    directory, name = os.path.split(os.path.abspath(target))
    data = text.encode("utf-8")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, flags, 0o666)  # umask applies, as for any new file
            break
        except FileExistsError:
            continue

    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (best effort: not every OS allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_record_text(path: str | os.PathLike[str], kind: str) -> str:
    """Read a record file as UTF-8 text, or raise RecordFileError saying why not.

    ``kind`` names the file in messages ("claims file", "BibTeX file").
    An empty file is returned as "" (the caller decides whether that is valid).
    """
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise RecordFileError(path, None, f"{kind} not found") from None
    except IsADirectoryError:
        raise RecordFileError(path, None, f"{kind} is a directory") from None
    except OSError as err:
        raise RecordFileError(path, None, f"cannot read {kind}: {err.strerror or err}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RecordFileError(path, line, f"{kind} is binary (NUL byte), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise RecordFileError(path, line, f"{kind} is not UTF-8 (byte 0x{data[err.start]:02x})") from None
    return text.removeprefix("\ufeff")
