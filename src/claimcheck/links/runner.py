"""Hand URLs to the probe engine: filter, remap, group by archive date, map back.

Pure apart from the one call into ``claimcheck.net.probe.check_links`` (and
the cassette it records to or replays from). ``NetworkUnavailable`` from the
engine goes through to the caller, which says so once and exits 2; it is
never turned into "every link is broken".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.links.options import LinkSettings, OptionError

if TYPE_CHECKING:
    from claimcheck.model import Paper
    from claimcheck.net import LinkResult


def probe_urls(urls: Iterable[str] | Mapping[str, str | None], settings: LinkSettings, *,
               record: str | Path | None = None, cassette: str | Path | None = None,
               on_result: Callable[..., None] | None = None, resolver=None) -> dict[str, LinkResult]:
    """URL -> LinkResult for every URL given (keys are the URLs as given).

    ``urls`` may map each URL to the archive date (YYYYMMDD) to look for a
    Wayback snapshot near; URLs are probed in one engine call per date.
    Excluded URLs, and every URL when offline, come back ``skipped`` without
    a request. A URL is probed at its ``--remap``-ped address and reported
    under the address the paper prints.
    """
    from claimcheck.net import LinkResult

    dates = dict(urls) if isinstance(urls, Mapping) else dict.fromkeys(urls)
    results: dict[str, LinkResult] = {}
    targets: dict[str | None, dict[str, list[str]]] = {}  # date -> probed url -> original urls
    for url in sorted(dates):
        reason = "offline" if settings.probe.offline else settings.excluded(url)
        if reason is not None:
            results[url] = LinkResult(url, "skipped", error=reason)
            continue
        targets.setdefault(dates[url], {}).setdefault(settings.remapped(url), []).append(url)
    if not targets:
        return results
    if record is not None and cassette is not None:
        raise OptionError("--record and --cassette cannot be used together")
    probe = settings.probe
    if record is not None or cassette is not None:
        probe = replace(probe, use_cache=False)  # a cached answer would bypass the cassette
    from claimcheck.net.probe import check_links

    with _cassette(record, cassette):
        for archive_date in sorted(targets, key=lambda d: d or ""):
            group = targets[archive_date]
            options = replace(probe, archive_date=archive_date) if archive_date else probe
            renamed = {target: originals[0] for target, originals in group.items() if target != originals[0]}
            if renamed:
                options = replace(options, archive_names=renamed)
            probed = check_links(list(group), options, on_result=on_result, resolver=resolver)
            for target, originals in group.items():
                answer = probed.get(target) or LinkResult(target, "skipped", error="not probed")
                for url in originals:
                    results[url] = answer if answer.url == url else replace(answer, url=url)
    return dict(sorted(results.items()))


def _cassette(record: str | Path | None, cassette: str | Path | None):
    if record is None and cassette is None:
        return nullcontext()
    from claimcheck.net import cassette as cassettes

    if record is not None:
        Path(record).parent.mkdir(parents=True, exist_ok=True)
        return cassettes.recording(str(record))
    if not Path(cassette).is_file():
        raise OptionError(f"--cassette: {cassette}: no such file")
    return cassettes.replaying(str(cassette))


def paper_probe_dates(paper: Paper) -> dict[str, str | None]:
    """Each URL the paper cites -> the date to look for an archived copy near.

    The date is the access date its note or entry gives ("accessed May 3,
    2020"), the earliest if several printings give one, else the last day of
    the paper's year, else None (the engine's default: the latest snapshot).
    """
    from claimcheck.links.collect import paper_urls

    fallback = f"{paper.meta.year}1231" if (paper.meta.year or "").isdigit() and len(
        paper.meta.year or "") == 4 else None
    accessed: dict[str, str | None] = {}
    for item in paper_urls(paper):
        if item.accessed is not None:
            stamp = item.accessed.strftime("%Y%m%d")
            current = accessed.get(item.url)
            accessed[item.url] = min(stamp, current) if current else stamp
        else:
            accessed.setdefault(item.url, None)
    return {url: stamp or fallback for url, stamp in sorted(accessed.items())}


def probe_paper(paper: Paper, settings: LinkSettings, **kwargs) -> dict[str, LinkResult]:
    """Probe every URL the paper's notes and reference list cite (see ``probe_urls``)."""
    return probe_urls(paper_probe_dates(paper), settings, **kwargs)


def run_links(paths: Iterable[str | Path], settings: LinkSettings, *,
              on_total: Callable[[int], None] | None = None, **kwargs):
    """`claimcheck links`: collect the files' URLs and probe them (see ``probe_urls``).

    ``on_total(n)`` is told how many URLs were found before any is probed (a
    progress bar's length). Raises ``CollectError`` for a file that cannot be
    read, ``OptionError`` for a bad cassette option, and lets
    ``NetworkUnavailable`` through.
    """
    from claimcheck.links import LinksRun
    from claimcheck.links.collect import collect_files

    sources = collect_files(paths)
    if on_total is not None:
        on_total(len(sources))
    results = probe_urls(list(sources), settings, **kwargs)
    return LinksRun(results, sources, fail_on=settings.fail_on)


class _EngineMissing(Exception):
    """Raised by nothing: stands in for NetworkUnavailable while the engine cannot load."""


def network_unavailable() -> type[Exception]:
    """The probe engine's ``NetworkUnavailable``, for ``except`` clauses that must not
    import the engine when the run never reaches it (``--offline``)."""
    try:
        from claimcheck.net.probe import NetworkUnavailable
    except ImportError:
        return _EngineMissing
    return NetworkUnavailable


def gather_paper(paper: Paper, settings: LinkSettings, *, record: str | Path | None = None,
                 cassette: str | Path | None = None, sources: bool = False) -> dict:
    """Everything the network rules of ``verify`` read, in one recording or replay:
    the probes of the paper's URLs and, when ``sources`` is set, the source
    verdicts (quotes found in their sources, registry metadata, page drift)."""
    if record is not None and cassette is not None:
        raise OptionError("--record and --cassette cannot be used together")
    if record is not None or cassette is not None:
        settings = replace(settings, probe=replace(settings.probe, use_cache=False))
    with _cassette(record, cassette):
        probes: dict = dict(probe_urls(paper_probe_dates(paper), settings))
        if sources:
            from claimcheck.sources import gather

            probes.update(gather(paper, {
                "allow_private": settings.probe.allow_private,
                "allowed_hosts": tuple(settings.probe.allowed_hosts),
                "user_agent": settings.probe.user_agent,
                "remap": settings.remapped if settings.remap else None,
                **_wayback_base(settings.probe.archive_api),
            }))
    return probes


def _wayback_base(archive_api: str | None) -> dict:
    """The sources layer asks the same archive the link probes ask."""
    if not archive_api:
        return {}
    return {"wayback_base": archive_api.rsplit("/wayback/available", 1)[0]}
