"""U: URLs, network part: what became of each URL the paper cites.

These rules never touch the network: they read the probe results the engine
gathered beforehand (``ctx.probes``, URL -> ``claimcheck.net.LinkResult``),
for every URL of every note and reference entry, repaired as U001 repairs
it. A URL with no probe result (excluded, not probed) gives no finding; so
does ``skipped``. One finding per printing: a dead URL cited in two notes
and an entry is reported at all three, so each can be fixed where it stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity
from claimcheck.links import DEAD, message
from claimcheck.parse.urls import normalize_url

if TYPE_CHECKING:
    from claimcheck.links.collect import PaperUrl


@rule("U003", "broken-url", Severity.ERROR, network=True)
def broken_url(ctx: RuleContext) -> Iterator[Finding]:
    """A cited URL is dead: an HTTP error, no such host, refused, or a TLS failure.

    What it checks
        Every URL of the notes and the reference list, repaired, as probed:
        a 4xx answer other than bot-blocking (404, 410...), a 5xx answer
        after retries, a DNS failure, a refused or reset connection, too many
        redirects or a redirect loop, and a certificate or TLS failure. A page
        that is there but lacks the ``#fragment`` the URL points at is
        reported as a warning.

    Why it matters
        A reader who follows the citation finds nothing; the claim it
        supports can no longer be checked against its source.

    Example
        ``https://www.example.org/reports/2019.pdf`` answers 404 Not Found.

    Instead
        Find where the document moved and cite that address, or cite an
        archived copy (U007 suggests one) with the date it was archived.
    """
    for item, result in _probed(ctx, {"broken", "ssl_error", "fragment_missing"}):
        if result.verdict == "fragment_missing":
            yield _finding(ctx, item, result, message("U003", item.url, result),
                           severity=Severity.WARNING)
        else:
            yield _finding(ctx, item, result, message("U003", item.url, result))


@rule("U004", "permanent-redirect", Severity.WARNING, network=True)
def permanent_redirect(ctx: RuleContext) -> Iterator[Finding]:
    """A cited URL permanently redirects (301/308) to another address.

    What it checks
        Every URL of the notes and the reference list whose every redirect
        was permanent (301 or 308) and whose last address answered. Temporary
        redirects (302, 303, 307: logins, load balancers, language pages) are
        not reported.

    Why it matters
        The site has said where the document lives now. The old address
        works today but is one site migration away from breaking, and it
        sends every reader through a needless hop (often from http to https).

    Example
        ``http://www.example.org/charter`` answers 301 with
        ``Location: https://www.example.org/charter/``.

    Instead
        Cite the new address given as the fix.
    """
    for item, result in _probed(ctx, {"redirected"}):
        if not result.permanent or not result.final_url:
            continue
        yield _finding(ctx, item, result, message("U004", item.url, result), fix=result.final_url)


@rule("U005", "soft-404", Severity.WARNING, network=True)
def soft_404(ctx: RuleContext) -> Iterator[Finding]:
    """A cited URL answers 200 OK with a page that says the document is missing.

    What it checks
        Every URL of the notes and the reference list whose page answered
        200 but reads as an error page ("page not found", "no longer
        available"), or which redirected to the site's home page.

    Why it matters
        The link looks alive to a simple checker, but the cited document is
        gone: the reader lands on a search box or the home page.

    Example
        ``https://www.example.org/news/2019/533099.html`` redirects to
        ``https://www.example.org/``.

    Instead
        Find the document's new address on the site, or cite an archived copy
        (U007 suggests one).
    """
    for item, result in _probed(ctx, {"soft_404"}):
        yield _finding(ctx, item, result, message("U005", item.url, result))


@rule("U006", "link-blocked-or-timeout", Severity.WARNING, network=True)
def link_blocked_or_timeout(ctx: RuleContext) -> Iterator[Finding]:
    """A cited URL could not be checked: the site refused the checker or did not answer.

    What it checks
        Every URL of the notes and the reference list that answered 403,
        429 or 999, served a bot challenge, or gave no answer within the
        timeout after retries.

    Why it matters
        The link may well work in a browser: many sites block automated
        clients. It is a warning, not an error, so CI does not fail on a
        site's bot policy; but nobody has confirmed the document is there.

    Example
        ``https://www.example.com/articles/5916`` answers 403 Forbidden to
        every automated client.

    Instead
        Open the link in a browser. If it works, leave it (or exclude the
        host with ``--exclude``); if it does not, treat it as broken.
    """
    for item, result in _probed(ctx, {"blocked", "timeout"}):
        yield _finding(ctx, item, result, message("U006", item.url, result))


@rule("U007", "archived-copy-available", Severity.INFO, network=True)
def archived_copy_available(ctx: RuleContext) -> Iterator[Finding]:
    """A dead cited URL has an archived copy in the Wayback Machine.

    What it checks
        For every URL that is broken or a soft 404, whether the Wayback
        Machine holds a snapshot: the one closest before the access date the
        note gives ("accessed May 3, 2020", "Retrieved 3 May 2020"), else
        before the end of the paper's year.

    Why it matters
        The snapshot is most likely the document the author read; citing it
        keeps the claim checkable after the site has moved on.

    Example
        ``https://www.example.org/reports/2019.pdf`` is gone (404); the
        Wayback Machine has
        ``https://web.archive.org/web/20200503000000/https://www.example.org/reports/2019.pdf``.

    Instead
        Cite the archived copy given as the fix, next to (or instead of) the
        dead address.
    """
    for item, result in _probed(ctx, set(DEAD)):
        if not result.archived_url:
            continue
        near = f" (the snapshot closest before {item.accessed.isoformat()}, the access date " \
               f"the note gives)" if item.accessed else ""
        yield _finding(ctx, item, result, message("U007", item.url, result) + near,
                       fix=result.archived_url)


# --------------------------------------------------------------------------
# helpers


def _probed(ctx: RuleContext, verdicts: set[str]):
    """(paper URL, its probe result) for every printing whose verdict is in ``verdicts``."""
    if not ctx.probes:
        return
    # imported here: verify --offline registers these rules but never runs them
    from claimcheck.links.collect import paper_urls

    by_normal = {normalize_url(url): result for url, result in ctx.probes.items()}
    for item in paper_urls(ctx.paper):
        result = ctx.probes.get(item.url) or by_normal.get(normalize_url(item.url))
        if result is not None and result.verdict in verdicts:
            yield item, result


def _finding(ctx: RuleContext, item: PaperUrl, result, message: str, *, fix: str | None = None,
             severity: Severity | None = None) -> Finding:
    records = {"footnote": item.footnote} if item.footnote is not None else {"reference": item.reference}
    evidence = {"url": item.url, "verdict": result.verdict, "http_status": result.http_status,
                "final_url": result.final_url, "error": result.error,
                "redirects": [[hop.url, hop.status] for hop in result.redirects],
                "archived_url": result.archived_url}
    if item.printed != item.url:
        evidence["printed"] = item.printed
    if item.accessed is not None:
        evidence["accessed"] = item.accessed.isoformat()
    evidence = {key: value for key, value in evidence.items() if value not in (None, [])}
    return ctx.finding(message, item.span, evidence=evidence, fix=fix, severity=severity, **records)
