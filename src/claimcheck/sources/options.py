"""How sources and registries are consulted: sizes, addresses, contacts.

Everything has a default fit for the command line; tests point the base URLs
at loopback servers or at replayed cassettes. ``from_env`` reads the
contact address and the OpenAlex key from the environment
(``CLAIMCHECK_MAILTO``, ``CLAIMCHECK_OPENALEX_KEY``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = ["SourceOptions"]

CROSSREF_BASE = "https://api.crossref.org"
OPENALEX_BASE = "https://api.openalex.org"
WAYBACK_BASE = "https://archive.org"  # availability API; snapshots come from web.archive.org


@dataclass(frozen=True)
class SourceOptions:
    # fetching cited sources
    max_source_bytes: int = 25_000_000  # a larger source is refused, never downloaded whole
    timeout: float = 20.0  # seconds, per request (connect and each read)
    fetch_deadline: float = 60.0  # seconds for a whole body
    max_redirects: int = 10
    fetch_concurrency: int = 8
    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()  # e.g. ("127.0.0.1",) for a loopback test server
    resolver: Callable[[str, int], list[str]] | None = None  # DNS, replaceable in tests
    user_agent: str | None = None
    remap: Callable[[str], str] | None = None  # every URL requested goes through it (--remap)
    check_titles: bool = True  # S005: does each cited page still carry the cited title
    # registries
    mailto: str | None = None
    crossref_base: str = CROSSREF_BASE
    crossref_concurrency: int = 3
    crossref_rows: int = 3
    crossref_min_score: float = 60.0  # Crossref relevance score for a bibliographic match
    title_similarity: float = 90.0  # 0-100, for a match to be certain
    retries: int = 3
    backoff: float = 1.0  # first retry delay (doubles)
    retry_after_cap: float = 60.0
    sleep: Callable[[float], None] | None = None  # time.sleep; replaceable in tests
    openalex_base: str = OPENALEX_BASE
    openalex_key: str | None = None
    # archive
    archive_lookup: bool = True
    wayback_base: str = WAYBACK_BASE
    # what to run
    quotes: bool = True
    registry: bool = True
    extra_headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> SourceOptions:
        environ = os.environ if environ is None else environ
        options = cls(mailto=environ.get("CLAIMCHECK_MAILTO") or None,
                      openalex_key=environ.get("CLAIMCHECK_OPENALEX_KEY") or None)
        return replace(options, **overrides)

    @classmethod
    def coerce(cls, value: SourceOptions | Mapping[str, Any] | None) -> SourceOptions:
        """Options from an instance, a mapping of field names (unknown keys are
        ignored, so a whole CLI options dict can be passed), or the environment."""
        if isinstance(value, SourceOptions):
            return value
        known = {f.name for f in fields(cls)}
        given = {k.replace("-", "_"): v for k, v in dict(value or {}).items()}
        if isinstance(given.get("sources"), SourceOptions):
            return given["sources"]
        return cls.from_env(**{k: v for k, v in given.items() if k in known})

    def agent(self) -> str:
        """The User-Agent: names the tool and, when given, who to contact."""
        from claimcheck import __version__

        if self.user_agent:
            return self.user_agent
        base = f"claimcheck/{__version__} (citation checker; https://github.com/claimcheck/claimcheck"
        return f"{base}; mailto:{self.mailto})" if self.mailto else f"{base})"
