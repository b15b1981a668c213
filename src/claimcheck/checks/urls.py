"""U: URLs, offline part (how they are printed, and whether note and entry agree).

The network rules (U003-U007: broken, redirected, soft-404, blocked, archived)
read probe results and live elsewhere; these two need only the paper.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity
from claimcheck.model import Span, UrlRef
from claimcheck.parse.urls import hyphen_lost_at as _hyphen_lost_at
from claimcheck.parse.urls import normalize_url

# Repairs that are not damage: a sentence-final "." or a closing ")" after a
# URL is ordinary punctuation, and a bare "www." or "doi:" is a house style.
_PUNCTUATION = set(".,;:!?'\"’”»)]")
_HARMLESS_PREFIXES = ("added scheme", "wrote 'doi:'")
# Characters that, standing right against a URL in the file, are conversion
# residue rather than punctuation (LaTeX math delimiters and groups). The
# reader drops them from the cleaned text, so only the file shows them.
_GLUED_AFTER = "$}"
_GLUED_BEFORE = "${"


@dataclass
class _Occurrence:
    """One URL as printed in one note or entry, and what is wrong with it."""

    url: UrlRef
    span: Span | None
    records: dict
    problems: list[str] = field(default_factory=list)
    fix: str = ""


@rule("U001", "malformed-url", Severity.WARNING)
def malformed_url(ctx: RuleContext) -> Iterator[Finding]:
    """A URL printed with conversion damage that had to be repaired to be followed.

    What it checks
        Every URL in the notes and the reference list, as it stands in the
        file: a space left by a PDF line wrap, a percent-escape split by such
        a space or invalid (``%2`` with no second digit), a Markdown escape
        (``\\_``) inside the URL, non-URL characters glued to it (a LaTeX
        ``$``, a ``*``), and a hyphen lost at a line wrap (seen by comparing a
        note's URL with its reference entry's: the two differ by exactly one
        ``-``, and the hyphenated one is taken as the original). A
        sentence-final ``.`` or a closing ``)`` after a URL is ordinary
        punctuation and not reported.

    Why it matters
        A reader who copies or clicks the printed URL lands on an error page or
        on the wrong document; a link checker reports the site as broken when
        only the printing is.

    Example
        ``https://www.clingendael.org/.../NATO%20and%2 0the%20 (Far) %20East.pdf``
        (line-wrap spaces, one of them splitting ``%20``), or
        ``https://www.mid.ru/en/foreign\\_policy/...``.

    Instead
        Print the repaired URL given as the fix, in one piece:
        ``https://www.clingendael.org/.../NATO%20and%20the%20(Far)%20East.pdf``.
    """
    occurrences = _occurrences(ctx)
    _mark_lost_hyphens(ctx, occurrences)
    for occurrence in occurrences:
        if not occurrence.problems:
            continue
        url = occurrence.url
        fix = occurrence.fix or url.url
        can_fix = not any(p.startswith("invalid percent-escape") for p in occurrence.problems)
        described = "; ".join(_describe_problem(p, url.printed) for p in occurrence.problems)
        message = f"URL printed as {_without_punctuation(url):s} is malformed: {described}"
        message += f"; it should read {fix}" if can_fix else "; the escape cannot be repaired"
        yield ctx.finding(
            message, occurrence.span, **occurrence.records,
            evidence={"printed": url.printed, "url": fix, "repairs": list(occurrence.problems)},
            fix=fix if can_fix else None,
        )


@rule("U002", "url-differs-from-reference", Severity.WARNING)
def url_differs_from_reference(ctx: RuleContext) -> Iterator[Finding]:
    """A note gives a different URL for a work than the reference list does.

    What it checks
        For every note that cites an entry of the reference list, the note's
        URL against the entry's URL, both repaired and normalised (scheme and
        host case, default port, trailing slash, equivalent percent-escapes).
        Notes or entries without a URL are skipped; ``http`` against
        ``https`` and ``www.`` against no ``www.`` do count as a difference.

    Why it matters
        One of the two is wrong: a typo, a lost character, or a different
        document altogether. A reader following the note and one following the
        bibliography end up in different places.

    Example
        Note: ``https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/...``;
        entry: ``https://www.mid.ru/en/foreign_policy/official_documents/-asset_publisher/...``.

    Instead
        Check which URL is right and print the same one in both places.
    """
    references = {ref.key: ref for ref in ctx.paper.references}
    for note in ctx.paper.footnotes:
        located = _locate_all(ctx, note.span, note.urls)
        for citation in note.citations:
            entry = references.get(citation.ref_key or "")
            if entry is None or not citation.fields.urls or not entry.fields.urls:
                continue
            entry_urls = {normalize_url(u.url): u for u in entry.fields.urls}
            note_urls = list(citation.fields.urls)
            if any(normalize_url(u.url) in entry_urls for u in note_urls):
                continue
            note_url, entry_url = note_urls[0].url, entry.fields.urls[0].url
            span = located.get(note_url, note.span)
            entry_span = _locate_all(ctx, entry.span, entry.fields.urls).get(entry_url, entry.span)
            yield ctx.finding(
                f"note {note.n} gives the URL {note_url} but its reference entry "
                f"{entry.key} gives {entry_url}",
                span, footnote=note.n,
                related=[ctx.location(entry_span, reference=entry.key)],
                evidence={"note_url": note_url, "reference_url": entry_url,
                          "reference": entry.key,
                          "note_normalized": normalize_url(note_url),
                          "reference_normalized": normalize_url(entry_url)},
            )


# --------------------------------------------------------------------------
# helpers


def _occurrences(ctx: RuleContext) -> list[_Occurrence]:
    found = []
    for note in ctx.paper.footnotes:
        located = _locate_all(ctx, note.span, note.urls, by="printed")
        for url in note.urls:
            found.append(_occurrence(ctx, url, located.get(url.printed), {"footnote": note.n},
                                     note.span))
    for entry in ctx.paper.references:
        located = _locate_all(ctx, entry.span, entry.fields.urls, by="printed")
        for url in entry.fields.urls:
            found.append(_occurrence(ctx, url, located.get(url.printed), {"reference": entry.key},
                                     entry.span))
    return found


def _occurrence(ctx: RuleContext, url: UrlRef, span: Span | None, records: dict,
                record_span: Span) -> _Occurrence:
    occurrence = _Occurrence(url, span or record_span, records)
    occurrence.problems.extend(p for p in url.repairs if _is_damage(p))
    if span is not None:
        occurrence.problems.extend(_glued_in_file(ctx, span, url.printed))
    return occurrence


def _is_damage(repair: str) -> bool:
    if repair.startswith(_HARMLESS_PREFIXES):
        return False
    if repair.startswith("trailing "):
        try:
            character = ast.literal_eval(repair[len("trailing "):])
        except (ValueError, SyntaxError):
            return True
        return character not in _PUNCTUATION
    return True


def _describe_problem(problem: str, printed: str) -> str:
    if problem == "removed Markdown escape backslashes":
        escapes = sorted(set(rx.findall(r"\\.", printed)))
        named = ", ".join("'" + escape + "'" for escape in escapes) or "backslash"
        return f"Markdown escape {named} left in the URL"
    if problem == "removed line-wrap space":
        return "space left by a line wrap"
    if problem.startswith("rejoined split percent-escape "):
        return "percent-escape " + problem.removeprefix("rejoined split percent-escape ") + " split by it"
    return problem


def _without_punctuation(url: UrlRef) -> str:
    """The printed URL without the ordinary punctuation that followed it."""
    trailing = sum(1 for r in url.repairs if r.startswith("trailing ") and not _is_damage(r))
    return url.printed[: len(url.printed) - trailing] if trailing else url.printed


def _glued_in_file(ctx: RuleContext, span: Span, printed: str) -> list[str]:
    document = ctx.paper.document
    start = document.line_starts[span.line - 1] + span.column - 1
    end = start + len(printed)
    problems = []
    before = document.source[start - 1] if start > 0 else ""
    after = document.source[end] if end < len(document.source) else ""
    if before and before in _GLUED_BEFORE:
        problems.append(f"glued {before!r} before the URL")
    if after and after in _GLUED_AFTER:
        problems.append(f"glued {after!r} after the URL")
    return problems


def _locate_all(ctx: RuleContext, record: Span, urls, by: str = "url") -> dict[str, Span]:
    """Where each URL of a note or entry stands in the file, keyed by ``url.url``
    or ``url.printed`` (see ``parse.urls.locate_printed``)."""
    from claimcheck.parse.urls import locate_printed

    return locate_printed(ctx.paper.document, record, urls, by=by)


def _mark_lost_hyphens(ctx: RuleContext, occurrences: list[_Occurrence]) -> None:
    """A note's URL and its entry's that differ by one hyphen: the one without it lost it."""
    by_record: dict[tuple[str, object], list[_Occurrence]] = {}
    for occurrence in occurrences:
        (kind, value), = occurrence.records.items()
        by_record.setdefault((kind, value), []).append(occurrence)
    marked: set[int] = set()
    for note in ctx.paper.footnotes:
        for citation in note.citations:
            if not citation.ref_key:
                continue
            for mine in by_record.get(("footnote", note.n), []):
                for theirs in by_record.get(("reference", citation.ref_key), []):
                    for short, long in ((mine, theirs), (theirs, mine)):
                        position = _hyphen_lost_at(short.url.url, long.url.url)
                        if position is None or id(short) in marked:
                            continue
                        marked.add(id(short))
                        short.problems.append(
                            f"hyphen lost at a line wrap ({_describe(long)} prints "
                            f"{long.url.url})")
                        short.fix = short.url.url[:position] + "-" + short.url.url[position:]


def _describe(occurrence: _Occurrence) -> str:
    (kind, value), = occurrence.records.items()
    return f"note {value}" if kind == "footnote" else f"reference entry {value}"
