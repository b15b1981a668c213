"""Find a Wayback Machine snapshot of a dead link, near the date it was cited.

The availability API (``/wayback/available?url=...&timestamp=YYYYMMDD``)
answers with the single snapshot *closest* to the timestamp, before or after.
A snapshot from before the citation date shows what the author saw, so it is
preferred: when the closest one is *after* the date by Δ, no snapshot lies
within Δ of the date, so a second question at ``date - Δ`` returns the latest
snapshot before the date whenever one exists within 3Δ of it. At most two
requests; the later snapshot is the fallback. Only snapshots of a 200 answer
count. Requests go through the probe's ``Client`` (address check, host
limits, timeouts, retries).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from urllib.parse import urlencode

from claimcheck.net import ProbeOptions
from claimcheck.net.client import Client
from claimcheck.net.safety import AddressGuard, Resolver
from claimcheck.net.transport import read_body

__all__ = ["DEFAULT_API", "ArchiveUnavailable", "find_snapshot", "lookup_snapshot"]

DEFAULT_API = "https://archive.org/wayback/available"
_MAX_JSON = 256_000


class ArchiveUnavailable(Exception):
    """The availability API could not be asked (network error, 5xx, rate limit)."""


def find_snapshot(client: Client, url: str, archive_date: str | None, *,
                  api: str = DEFAULT_API) -> str | None:
    """The snapshot URL to show for ``url`` (https), or None when there is none.
    Raises ``ArchiveUnavailable`` when the API cannot be asked."""
    target = _parse_stamp(archive_date) if archive_date else None
    first = _closest(client, api, url, archive_date)
    if first is None or target is None:
        return first[0] if first else None
    snapshot_url, when = first
    if when <= target:
        return snapshot_url
    earlier = target - (when - target)
    second = _closest(client, api, url, earlier.strftime("%Y%m%d%H%M%S"))
    if second is not None and second[1] <= target:
        return second[0]
    return snapshot_url


def lookup_snapshot(url: str, options: ProbeOptions, *, resolver: Resolver | None = None,
                    api: str | None = None) -> str | None:
    """``find_snapshot`` with a client of its own, for use outside ``check_links``."""
    guard = AddressGuard(resolver, allow_private=options.allow_private,
                         allowed_hosts=options.allowed_hosts)
    client = Client(options, guard)
    try:
        return find_snapshot(client, url, options.archive_date, api=api or options.archive_api)
    except ArchiveUnavailable:
        return None
    finally:
        client.close()


def _closest(client: Client, api: str, url: str, stamp: str | None) -> tuple[str, datetime] | None:
    query = {"url": url}
    if stamp:
        query["timestamp"] = stamp
    sep = "&" if "?" in api else "?"
    outcome = client.send("GET", f"{api}{sep}{urlencode(query)}",
                          _read_json, retries=min(1, client.options.retries))
    if outcome.error_kind is not None or outcome.status is None or outcome.status == 429 \
            or outcome.status >= 500:
        raise ArchiveUnavailable(outcome.error or f"HTTP {outcome.status}")
    if outcome.status != 200 or not outcome.body:
        return None
    try:
        closest = json.loads(outcome.body)["archived_snapshots"]["closest"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or not closest.get("available", True):
        return None
    if str(closest.get("status", "200")) != "200" or not closest.get("url"):
        return None
    when = _parse_stamp(str(closest.get("timestamp", "")))
    if when is None:
        return None
    snapshot = str(closest["url"])
    if snapshot.startswith("http://"):
        snapshot = "https://" + snapshot[len("http://"):]
    return snapshot, when


def _read_json(response) -> tuple[bytes, bool]:
    return read_body(response, _MAX_JSON, time.monotonic() + 10.0)


def _parse_stamp(stamp: str) -> datetime | None:
    digits = "".join(ch for ch in stamp if ch.isdigit())[:14]
    if len(digits) < 4:
        return None
    digits = digits.ljust(14, "0")
    # a partial stamp (YYYY, YYYYMM) means its first day
    if digits[4:6] == "00":
        digits = digits[:4] + "01" + digits[6:]
    if digits[6:8] == "00":
        digits = digits[:6] + "01" + digits[8:]
    try:
        return datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None

