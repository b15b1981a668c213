"""Record a probe session to a vcrpy cassette, or replay one without the network.

    with recording("cassettes/run.yaml", note="recorded against ..."):
        check_links(urls, options)
    with replaying("cassettes/run.yaml"):
        check_links(urls, options)   # same results, no traffic

A CI failure or a bug report is reproduced exactly by replaying its cassette.
Matching is on method and URI only; ``Date`` and ``Set-Cookie`` response
headers are not stored (they change every run and may identify a session).

While a cassette is active, ``check_links``:

* probes one URL at a time (vcrpy's recording is not thread-safe: with a
  thread pool, interactions go missing -- kevin1024/vcrpy#295, #849);
* does not read or write the persistent cache (the cassette must see every
  request, and a replay must not be masked by an old answer);
* sends through the synchronous client with urllib3's ordinary connection
  classes (the ones vcrpy patches; the asyncio client is not used), so
  when *recording* the connection goes to the host's own DNS answer; the
  address check is still made before every hop;
* in *replay*, accepts exactly the hosts the cassette recorded without any DNS
  lookup, and treats every other host as unresolvable: a replay never touches
  the network (record mode ``none`` refuses unrecorded requests too);
* names the soft-404 sibling probe deterministically (``/<uuid5 of the host>``)
  instead of randomly, so its request replays.

Recording reads whole response bodies (vcrpy does), so record small sessions.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["CassetteMode", "active", "recording", "replaying"]

_DROPPED_RESPONSE_HEADERS = {"date", "set-cookie"}


@dataclass(frozen=True)
class CassetteMode:
    mode: str  # "record" or "replay"
    path: Path
    hosts: frozenset[str] = frozenset()


_state_lock = threading.Lock()
_active: CassetteMode | None = None


def active() -> CassetteMode | None:
    """The cassette in use, if any (vcrpy patches process-wide, so this is global)."""
    return _active


def _drop_headers(response: dict) -> dict:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in _DROPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


def _vcr(mode: str):
    import vcr

    return vcr.VCR(record_mode=mode, match_on=("method", "uri"),
                   before_record_response=_drop_headers, decode_compressed_response=False)


@contextmanager
def _activate(state: CassetteMode) -> Iterator[None]:
    global _active
    with _state_lock:
        if _active is not None:
            raise RuntimeError(f"a cassette is already active: {_active.path}")
        _active = state
    try:
        yield
    finally:
        with _state_lock:
            _active = None


@contextmanager
def recording(path: str | Path, *, note: str | None = None) -> Iterator[CassetteMode]:
    """Record every request made inside the block to ``path`` (overwritten).
    ``note`` is written as a ``#`` comment at the top of the file (vcrpy's YAML
    loader skips it): say what the cassette was recorded against."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    state = CassetteMode("record", path)
    with _activate(state), _vcr("all").use_cassette(str(path)):
        yield state
    if note and path.exists():
        comment = "".join(f"# {line}".rstrip() + "\n" for line in note.splitlines())
        path.write_text(comment + path.read_text(encoding="utf-8"), encoding="utf-8")


@contextmanager
def replaying(path: str | Path) -> Iterator[CassetteMode]:
    """Answer every request inside the block from ``path``; nothing is sent."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no cassette at {path}")
    state = CassetteMode("replay", path, recorded_hosts(path))
    with _activate(state), _vcr("none").use_cassette(str(path), allow_playback_repeats=False):
        yield state


def recorded_hosts(path: str | Path) -> frozenset[str]:
    """The host names of every request the cassette holds."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    hosts = set()
    for interaction in data.get("interactions") or []:
        uri = (interaction.get("request") or {}).get("uri") or ""
        host = urlsplit(uri).hostname
        if host:
            hosts.add(host.lower())
    return frozenset(hosts)
