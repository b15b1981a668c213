"""Link-check settings: the command line merged over ``[tool.claimcheck.links]``.

Every parser raises ``OptionError`` (a ValueError) with a message that names
the option and the bad value; the CLI prints it as a usage error (exit 2).

Merging: a scalar given on the command line wins over the settings file;
list options (``--exclude``, ``--include``, ``--remap``, ``--header``) add to
the file's lists. Settings-file keys are the long option names without the
dashes (``max-concurrency``, ``cache-ttl``...), plus ``headers`` as a table,
``retries``, ``cache-path``, ``archive`` (false: no Wayback lookups),
``archive-api`` and ``allowed-hosts`` (private hosts or networks to allow).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck import rx
from claimcheck.net import ProbeOptions

FAIL_ON = ("error", "warning", "never")
CONFIG_KEYS = frozenset({
    "exclude", "include", "accept", "remap", "user-agent", "headers", "header", "max-concurrency",
    "per-host", "timeout", "max-redirects", "retries", "cache", "cache-path", "cache-ttl",
    "allow-private", "allowed-hosts", "insecure", "ca-bundle", "fail-on", "archive", "archive-api",
})
_DURATION = rx.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[dhms]?)")
_UNITS = {"d": 86_400.0, "h": 3_600.0, "m": 60.0, "s": 1.0, "": 1.0}
_HEADER_NAME = rx.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an RFC 9110 token


class OptionError(ValueError):
    """A bad link-check option or setting; the message names it."""


@dataclass
class LinkSettings:
    """Everything a links run needs besides the URLs."""

    probe: ProbeOptions = field(default_factory=ProbeOptions)
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    remap: tuple[tuple[re.Pattern[str], str], ...] = ()
    fail_on: str = "error"

    def excluded(self, url: str) -> str | None:
        """Why ``url`` is not checked, or None to check it.

        An ``--include`` match always checks (it wins over excludes); an
        ``--exclude`` match skips; with includes but no excludes, a URL that
        matches no include is skipped.
        """
        if any(pattern.search(url) for pattern in self.include):
            return None
        for pattern in self.exclude:
            if pattern.search(url):
                return f"excluded by --exclude {pattern.pattern!r}"
        if self.include and not self.exclude:
            return "matches no --include"
        return None

    def remapped(self, url: str) -> str:
        """``url`` after the first ``--remap`` whose pattern matches it."""
        for pattern, replacement in self.remap:
            if pattern.search(url):
                return pattern.sub(replacement, url, count=1)
        return url


# --------------------------------------------------------------------------
# single values


def parse_accept(text: str | Iterable[int | str]) -> frozenset[int]:
    """``200..299,403`` -> the set of codes. Ranges are inclusive (``200..=299`` too)."""
    items: Iterable[Any] = text.split(",") if isinstance(text, str) else text
    codes: set[int] = set()
    for item in items:
        piece = str(item).strip()
        if not piece:
            continue
        match = re.fullmatch(r"(\d{3})\s*(?:\.\.=?|-)\s*(\d{3})|(\d{3})", piece)
        if match is None:
            raise OptionError(f"--accept: {piece!r} is not a status code or a range like 200..299")
        low, high = (int(match.group(1)), int(match.group(2))) if match.group(1) else (
            int(match.group(3)),) * 2
        if not (100 <= low <= high <= 999):
            raise OptionError(f"--accept: {piece!r} is not a range of status codes (100-999)")
        codes.update(range(low, high + 1))
    if not codes:
        raise OptionError("--accept: no status codes given")
    return frozenset(codes)


def parse_duration(text: str | int | float, option: str = "--cache-ttl") -> float:
    """``1d``, ``6h``, ``30m``, ``45s`` or plain seconds -> seconds."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        seconds = float(text)
    else:
        match = _DURATION.fullmatch(str(text).strip().lower())
        if match is None:
            raise OptionError(f"{option}: {text!r} is not a duration (like 1d, 6h, 30m, 45s or 3600)")
        seconds = float(match.group("number")) * _UNITS[match.group("unit")]
    if seconds < 0:
        raise OptionError(f"{option}: {text!r} is negative")
    return seconds


def parse_header(text: str) -> tuple[str, str]:
    """``'Name: value'`` -> (name, value)."""
    name, colon, value = str(text).partition(":")
    name = name.strip()
    if not colon or not _HEADER_NAME.fullmatch(name):
        raise OptionError(f"--header: {text!r} is not 'Name: value'")
    if "\n" in value or "\r" in value:
        raise OptionError(f"--header: {name} holds a line break")
    return name, value.strip()


def parse_remap(text: str) -> tuple[re.Pattern[str], str]:
    """``'PATTERN REPLACEMENT'`` -> (compiled pattern, replacement).

    Split at the last run of whitespace, so a pattern may hold spaces; the
    replacement uses Python's ``\\1`` / ``\\g<name>`` group references.
    """
    parts = str(text).strip().rsplit(None, 1)
    if len(parts) != 2:
        raise OptionError(f"--remap: {text!r} is not 'PATTERN REPLACEMENT'")
    pattern = compile_pattern(parts[0], "--remap")
    try:
        pattern.sub(parts[1], "")  # a bad group reference fails here, not mid-run
    except (re.error, IndexError) as error:
        raise OptionError(f"--remap: bad replacement {parts[1]!r}: {error}") from None
    return pattern, parts[1]


def compile_pattern(text: str, option: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise OptionError(f"{option}: invalid regular expression {text!r}: {error}") from None


# --------------------------------------------------------------------------
# merging


def build_settings(cli: Mapping[str, Any], config: Mapping[str, Any] | None = None,
                   config_source: str | None = None) -> LinkSettings:
    """Settings from command-line values (None = not given) over the file's table.

    ``cli`` keys are the click parameter names: exclude, include, remap,
    header (tuples), accept, user_agent, max_concurrency, per_host, timeout,
    max_redirects, cache, cache_ttl, allow_private, insecure, ca_bundle, offline,
    fail_on.
    """
    table = dict(config or {})
    where = f"{config_source}: [tool.claimcheck.links]" if config_source else "[tool.claimcheck.links]"
    unknown = set(table) - CONFIG_KEYS
    if unknown:
        raise OptionError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")

    def pick(key: str, cli_key: str | None = None) -> Any:
        value = cli.get(cli_key or key.replace("-", "_"))
        return value if value is not None else table.get(key)

    def listed(key: str, cli_key: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OptionError(f"{where}: {key} must be a string or a list of strings")
        return [*value, *(cli.get(cli_key) or ())]

    probe = ProbeOptions()
    accept = pick("accept")
    if accept is not None:
        probe.accept = parse_accept(accept)
    headers = dict(_config_headers(table, where))
    headers.update(parse_header(h) for h in cli.get("header") or ())
    probe.headers = headers
    if pick("user-agent") is not None:
        probe.user_agent = str(pick("user-agent"))
    for key, attribute, low in (("max-concurrency", "max_concurrency", 1), ("per-host", "per_host", 1),
                                ("max-redirects", "max_redirects", 0), ("retries", "retries", 0)):
        value = pick(key)
        if value is not None:
            setattr(probe, attribute, _integer(value, key, low))
    if pick("timeout") is not None:
        probe.timeout = parse_duration(pick("timeout"), "--timeout")
        if probe.timeout <= 0:
            raise OptionError("--timeout: must be more than 0 seconds")
    if pick("cache-ttl") is not None:
        probe.cache_ttl = parse_duration(pick("cache-ttl"))
    if pick("cache") is not None:
        probe.use_cache = _boolean(pick("cache"), "cache")
    if table.get("cache-path") is not None:
        probe.cache_path = str(table["cache-path"])
    if table.get("archive") is not None:
        probe.archive_lookup = _boolean(table["archive"], "archive")
    if table.get("archive-api") is not None:
        probe.archive_api = str(table["archive-api"])
    if table.get("allowed-hosts") is not None:
        probe.allowed_hosts = frozenset(listed("allowed-hosts", "allowed_hosts"))
    probe.allow_private = bool(cli.get("allow_private")) or _boolean(table.get("allow-private", False),
                                                                     "allow-private")
    probe.insecure = bool(cli.get("insecure")) or _boolean(table.get("insecure", False), "insecure")
    if pick("ca-bundle") is not None:
        bundle = Path(str(pick("ca-bundle"))).expanduser()
        if not bundle.is_file():
            raise OptionError(f"--ca-bundle: no such file: {bundle}")
        probe.ca_bundle = str(bundle)
    probe.offline = bool(cli.get("offline"))
    fail_on = str(pick("fail-on") or "error")
    if fail_on not in FAIL_ON:
        raise OptionError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    return LinkSettings(
        probe=probe,
        include=tuple(compile_pattern(p, "--include") for p in listed("include", "include")),
        exclude=tuple(compile_pattern(p, "--exclude") for p in listed("exclude", "exclude")),
        remap=tuple(parse_remap(p) for p in listed("remap", "remap")),
        fail_on=fail_on,
    )


def _config_headers(table: Mapping[str, Any], where: str) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    value = table.get("headers", {})
    if isinstance(value, dict):
        headers += [parse_header(f"{name}: {text}") for name, text in value.items()]
    elif isinstance(value, list):
        headers += [parse_header(str(item)) for item in value]
    else:
        raise OptionError(f"{where}: headers must be a table or a list of 'Name: value'")
    extra = table.get("header", [])
    headers += [parse_header(str(item)) for item in ([extra] if isinstance(extra, str) else extra)]
    return headers


def _integer(value: Any, key: str, low: int) -> int:
    if isinstance(value, bool):
        raise OptionError(f"--{key}: {value!r} is not a whole number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise OptionError(f"--{key}: {value!r} is not a whole number") from None
    if number < low:
        raise OptionError(f"--{key}: must be at least {low}, not {number}")
    return number


def _boolean(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    raise OptionError(f"{key} must be true or false, not {value!r}")
