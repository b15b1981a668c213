"""Check what a paper attributes to its sources against the sources themselves.

Three questions, answered before the rules run and read by them:

* S001 -- is each quotation really in the page or PDF its note cites
  (``search``: normalised, fuzzy, page by page)?
* S003 -- does each reference entry agree with Crossref (and OpenAlex, with a
  key), and has the work been retracted or corrected (``registry``,
  ``compare``)?
* S005 -- is a cited page still what was cited: does it still carry the
  quotation and the cited title, or does only its archived copy
  (``claimcheck.net.wayback``)?

The contract with the engine
============================

``gather(paper, options) -> dict`` (network only; no printing, no writing).
``options`` is a ``SourceOptions``, a mapping of its field names (unknown keys
are ignored), or None (defaults, with ``CLAIMCHECK_MAILTO`` and
``CLAIMCHECK_OPENALEX_KEY`` read from the environment). Merge the result
into the probes given to ``engine.verify``::

    probes = {**link_probes, **sources.gather(paper, options)}
    verify(paper, offline=False, probes=probes, ...)

Keys of the returned dict:

``"quote:<claim id>:<n>"``  ``QuoteVerdict`` of the n-th (1-based) quotation
                            of a claim whose note gives a URL
``"page:<url>"``            ``PageCheck``: does the cited page still carry the
                            title its note cites (S005)
``"crossref:<ref key>"``    ``RegistryCheck`` of a journal article, book or
                            chapter entry (S003), whichever registry answered
``"sources"``               a summary: ``{"ran": True, "claims": {claim id:
                            [verdict dict, ...]}, "fetched": {url: {...}}, ...}``
                            -- the per-claim verdicts for JSON and the audit

Every record has ``as_dict()`` (JSON-ready); findings carry the same dicts in
their ``evidence``. The rules find nothing when ``probes`` has no
``"sources"`` key: with ``--offline`` the engine should not call ``gather``
and should list S001, S003 and S005 under ``not_run`` (it already does when
``probes`` is None; when link probes are given but sources were not
gathered, mark them not run as well).

A cassette made active with ``claimcheck.net.cassette.replaying`` answers
the registry and archive requests; a source whose address is allowed
(``allowed_hosts``, e.g. a loopback test server) is still fetched live.
"""

from __future__ import annotations

from claimcheck.sources.compare import Difference, RegistryCheck
from claimcheck.sources.fetch import Fetched, extract_text
from claimcheck.sources.gathering import (
    ArchiveCheck,
    PageCheck,
    QuoteVerdict,
    gather,
    quote_jobs,
)
from claimcheck.sources.options import SourceOptions
from claimcheck.sources.registry import RegistryRecord, Update
from claimcheck.sources.search import QuoteMatch, search_quote
from claimcheck.sources.text import SourceText, normalize

__all__ = ["ArchiveCheck", "Difference", "Fetched", "PageCheck", "QuoteMatch", "QuoteVerdict",
           "RegistryCheck", "RegistryRecord", "SourceOptions", "SourceText", "Update",
           "claim_verdicts", "extract_text", "gather", "normalize", "quote_jobs", "search_quote"]


def claim_verdicts(probes: dict) -> dict[str, list[dict]]:
    """claim id -> the verdict dict of each of its quotations (empty when not gathered)."""
    return dict((probes.get("sources") or {}).get("claims") or {})
