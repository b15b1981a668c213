"""R: the reference list against what the notes cite: works cited but not
listed (R001), listed but never cited (R002), listed twice (R006).

The comparisons of printed works they rely on are in ``works``; the rules
that compare the fields of one note with its entry are in ``citation_fields``.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.works import also_in, cited_works, describe, family, names_a_work, year_digits
from claimcheck.finding import Finding, Severity
from claimcheck.model import Reference, WorkFields
from claimcheck.textnorm import fold

# --------------------------------------------------------------------------
# R001, R002: citations and entries that do not meet


@rule("R001", "source-not-in-reference-list", Severity.WARNING)
def source_not_in_reference_list(ctx: RuleContext) -> Iterator[Finding]:
    """A cited work that has no entry in the reference list.

    What it checks
        Every citation in a note that names a work (a title or authors) and
        every in-text citation (``(Smith 2019)``, ``[12]``) of a paper without
        notes is matched against the reference list; one that matches no entry
        is reported, once per work. Cross-references ("Ibid.", "REF 9", "op.
        cit.") are judged through the note they point to (N005 when they point
        nowhere). A paper with notes and no reference list at all (the
        notes-only style) is not checked.

    Why it matters
        A reader who looks the source up in the list finds nothing; usually
        the entry was forgotten, or the note and the entry disagree so much
        that they no longer read as one work.

    Example
        Note 12 cites ``Jane Roe, "Trust Metrics," (2019)`` and no entry of the
        reference list is by Roe or has that title.

    Instead
        Add the entry to the reference list, or correct the note so that it
        names the work as the list does.
    """
    paper = ctx.paper
    missing: dict[tuple, list] = {}  # one finding per missing work, at its first note
    for note, citation in cited_works(paper) if paper.references else ():
        crossref = citation.crossref
        pointer = crossref is not None and (crossref.kind != "short" or bool(crossref.targets))
        if citation.ref_key is None and names_a_work(citation.fields) and not pointer:
            work = (fold(citation.fields.title), tuple(family(a) for a in citation.fields.authors))
            missing.setdefault(work, []).append((note, citation))
    for (note, citation), *others in missing.values():
        yield ctx.finding(
            f"note {note.n} cites {describe(citation.fields)}, which is not in the reference list"
            + also_in([o.n for o, _ in others]),
            note.span, footnote=note.n,
            related=[ctx.location(o.span, footnote=o.n) for o, _ in others],
            evidence={"title": citation.fields.title, "authors": list(citation.fields.authors),
                      "year": citation.fields.year, "best_score": citation.score,
                      "notes": [note.n, *(o.n for o, _ in others)]},
            fix="add an entry for this work to the reference list",
        )
    for cited in paper.in_text:
        if cited.ref_key is None:
            yield ctx.finding(
                f"in-text citation {cited.printed} matches no entry of the reference list",
                cited.span, evidence={"printed": cited.printed, "kind": cited.kind},
                fix="add the entry to the reference list or correct the citation",
            )


@rule("R002", "reference-never-cited", Severity.WARNING)
def reference_nevercited_works(ctx: RuleContext) -> Iterator[Finding]:
    """A reference-list entry that no note and no in-text citation cites.

    What it checks
        Each entry of the reference list must be linked from at least one
        citation in a note (directly or through "Ibid."/"REF n") or, in a paper
        without notes, from an in-text citation. A paper in which no citation
        at all was found is not checked (nothing could be linked).

    Why it matters
        An uncited entry pads the list, or is the trace of a citation that was
        deleted or mistyped in the text, so a claim lost its source.

    Example
        ``Weitz, Richard. "Assessing the CSTO." 2018.`` in the list, and no
        note cites Weitz's report.

    Instead
        Cite the work where the text relies on it, or remove the entry.
    """
    paper = ctx.paper
    cited = {c.ref_key for _, c in cited_works(paper)} | {c.ref_key for c in paper.in_text}
    if not any(c.citations for c in paper.footnotes) and not paper.in_text:
        return
    for entry in paper.references:
        if entry.key not in cited:
            yield ctx.finding(
                f"reference entry {describe(entry.fields)} is never cited",
                entry.span, reference=entry.key,
                evidence={"reference": entry.key, "title": entry.fields.title,
                          "authors": list(entry.fields.authors)},
                fix="cite the work in the text or remove the entry",
            )


# --------------------------------------------------------------------------
# R006: duplicates


def _identity(entry: Reference) -> dict[str, str]:
    from claimcheck.parse.urls import normalize_url

    fields = entry.fields
    found = {}
    if fields.doi:
        found["doi"] = fields.doi.lower().rstrip(".")
    if fields.urls:
        url = normalize_url(fields.urls[0].url).rstrip("/")
        if rx.search(r"//[^/]+/.", url):  # a bare site address may stand for many documents
            found["url"] = url
    return found


def _same_entry(a: WorkFields, b: WorkFields) -> bool:
    from rapidfuzz import fuzz

    if not (a.title and b.title) or year_digits(a.year) != year_digits(b.year):
        return False
    if sorted(family(x) for x in a.authors) != sorted(family(y) for y in b.authors):
        return False
    return fuzz.ratio(fold(a.title), fold(b.title)) >= 95


@rule("R006", "duplicate-reference", Severity.WARNING)
def duplicate_reference(ctx: RuleContext) -> Iterator[Finding]:
    """Two entries of the reference list that are the same work.

    What it checks
        Entries with the same DOI, the same URL (a page, not a bare site
        address), or the same authors, title and year (after folding case,
        punctuation and diacritics). Two works by one author, or two editions
        with different years, are not duplicates.

    Why it matters
        A duplicated entry makes the list look padded, and notes may be linked
        to either copy, so corrections made to one are missing from the other.

    Example
        ``Weitz, Richard. "Eurasian Security Institutions." 2010.`` listed twice,
        once under its URL with a trailing slash.

    Instead
        Keep one entry and delete the other.
    """
    seen: list[tuple[Reference, dict[str, str]]] = []  # with its identity, computed once
    for entry in ctx.paper.references:
        mine = _identity(entry)
        for earlier, theirs in seen:
            shared = [k for k in ("doi", "url") if k in mine and mine.get(k) == theirs.get(k)]
            if shared or _same_entry(entry.fields, earlier.fields):
                by = shared[0] if shared else "authors, title and year"
                yield ctx.finding(
                    f"reference entry {entry.key} duplicates {earlier.key} (same {by})",
                    entry.span, reference=entry.key,
                    related=[ctx.location(earlier.span, reference=earlier.key)],
                    evidence={"duplicate": entry.key, "first": earlier.key, "by": by},
                    fix=f"delete one of the two entries (keep {earlier.key})",
                )
                break
        seen.append((entry, mine))
