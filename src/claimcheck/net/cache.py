"""A persistent cache of probe results, so CI re-runs do not hammer sites.

One SQLite file (default ``<user cache dir>/claimcheck/links.sqlite``; the
directory can be moved with ``CLAIMCHECK_CACHE_DIR``, the file with
``ProbeOptions.cache_path``). Schema, version 1::

    links(key TEXT, profile TEXT, url TEXT, result TEXT, checked_at REAL,
          expires_at REAL, PRIMARY KEY (key, profile))

``key`` is ``normalize_url(url)`` plus ``#fragment`` when there is one (the
fragment changes the verdict; ``normalize_url`` drops it). ``profile`` is a
short hash of the options that change a verdict (``insecure``, ``accept``,
fragments and soft-404 detection, the archive lookup), so a run with
``--insecure`` does not read an ``ssl_error`` cached without it. ``result`` is
the ``LinkResult`` as JSON. Good answers live ``cache_ttl`` seconds, failures
(broken, timeout, ssl_error, blocked) ``failure_ttl``; ``skipped`` is never
cached (it says nothing about the link).

A file that is not a readable database is moved aside and recreated, with a
warning; any later database error turns the cache off for the run, with a
warning. The cache never fails a run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from claimcheck.net import Hop, LinkResult, ProbeOptions
from claimcheck.parse.urls import normalize_url

__all__ = ["LinkCache", "cache_key", "default_cache_path", "options_profile"]

SCHEMA_VERSION = 1
FAILURES = frozenset({"broken", "timeout", "ssl_error", "blocked"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS links (
    key TEXT NOT NULL, profile TEXT NOT NULL, url TEXT NOT NULL, result TEXT NOT NULL,
    checked_at REAL NOT NULL, expires_at REAL NOT NULL, PRIMARY KEY (key, profile));
CREATE INDEX IF NOT EXISTS links_expiry ON links (expires_at);
"""


def default_cache_path() -> Path:
    """``$CLAIMCHECK_CACHE_DIR/links.sqlite``, else the platform's user cache dir."""
    directory = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if not directory:
        import platformdirs

        directory = platformdirs.user_cache_dir("claimcheck", appauthor=False)
    return Path(directory) / "links.sqlite"


def cache_key(url: str) -> str:
    fragment = urlsplit(url).fragment
    return normalize_url(url) + (f"#{fragment}" if fragment else "")


def options_profile(options: ProbeOptions) -> str:
    parts = (options.insecure, sorted(options.accept), options.check_fragments,
             options.detect_soft_404, options.archive_lookup, options.archive_date,
             options.max_redirects)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


class LinkCache:
    """Thread-safe get/put of ``LinkResult`` by URL; every method swallows
    database errors (after one warning) rather than fail the run."""

    def __init__(self, path: str | os.PathLike | None, options: ProbeOptions) -> None:
        self.path = Path(path) if path else default_cache_path()
        self._profile = options_profile(options)
        self._ttl = options.cache_ttl
        self._failure_ttl = options.failure_ttl
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            warnings.warn(f"link cache disabled: cannot create {self.path.parent}: {exc}",
                          RuntimeWarning, stacklevel=3)
            return None
        for attempt in range(2):  # the second attempt is on a fresh file
            db: sqlite3.Connection | None = None
            try:
                db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False,
                                     isolation_level=None)
                db.executescript(_SCHEMA)
                row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif row[0] != str(SCHEMA_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {row[0]}")
                db.execute("DELETE FROM links WHERE expires_at < ?", (time.time(),))
                return db
            except sqlite3.DatabaseError as exc:
                if db is not None:
                    db.close()
                if attempt:
                    break
                warnings.warn(f"link cache {self.path} is unreadable ({exc}); recreating it",
                              RuntimeWarning, stacklevel=3)
                self._move_aside()
        warnings.warn(f"link cache disabled: {self.path} cannot be used", RuntimeWarning,
                      stacklevel=3)
        return None

    def _move_aside(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            path = Path(f"{self.path}{suffix}")
            try:
                if path.exists():
                    path.replace(f"{path}.corrupt")
            except OSError:
                try:
                    path.unlink()
                except OSError:
                    pass

    def _failed(self, exc: Exception) -> None:
        warnings.warn(f"link cache disabled for this run: {exc}", RuntimeWarning, stacklevel=3)
        try:
            if self._db is not None:
                self._db.close()
        finally:
            self._db = None

    def get(self, url: str) -> LinkResult | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute(
                    "SELECT result FROM links WHERE key = ? AND profile = ? AND expires_at > ?",
                    (cache_key(url), self._profile, time.time())).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc)
                return None
        if row is None:
            return None
        try:
            data = json.loads(row[0])
            data["redirects"] = tuple(Hop(**hop) for hop in data.get("redirects", ()))
            data["url"] = url
            data["from_cache"] = True
            return LinkResult(**data)
        except (TypeError, ValueError, KeyError):
            return None  # a row from another version: probe again

    def put(self, result: LinkResult) -> None:
        if result.verdict == "skipped":
            return
        ttl = self._failure_ttl if result.verdict in FAILURES else self._ttl
        if ttl <= 0:
            return
        data = dataclasses.asdict(result)
        data.pop("from_cache", None)
        now = time.time()
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?)",
                                 (cache_key(result.url), self._profile, result.url,
                                  json.dumps(data), now, now + ttl))
            except sqlite3.Error as exc:
                self._failed(exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
