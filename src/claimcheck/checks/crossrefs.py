"""N: cross-references between notes ("Ibid.", "op. cit.", "supra n. 7",
"REF 9") that point nowhere, or at a work other than the one their text names.

Split from ``notes`` because following a cross-reference back through the
notes (an "Ibid." after an "Ibid." after a full citation) is its own walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.works import describe, names_a_work, same_work
from claimcheck.finding import Finding, Severity
from claimcheck.model import Citation, CrossRef, Footnote, WorkFields


def _works_of(ctx: RuleContext, n: int, depth: int = 0) -> list[tuple[int, WorkFields]]:
    """The works note ``n`` cites, following its own cross-references back to full citations."""
    note = ctx.note(n)
    if note is None:
        return []
    works = []
    for citation in note.citations:
        if names_a_work(citation.fields):
            works.append((n, citation.fields))
        elif citation.crossref is not None and depth < 5:
            for target in citation.crossref.targets:
                if target < n:
                    works.extend(_works_of(ctx, target, depth + 1))
    return works


def _distinct(works: list[tuple[int, WorkFields]]) -> list[tuple[int, WorkFields]]:
    kept: list[tuple[int, WorkFields]] = []
    for n, fields in works:
        if not any(same_work(fields, other) for _, other in kept):
            kept.append((n, fields))
    return kept


@rule("N005", "cross-reference-unresolvable", Severity.ERROR)
def cross_reference_unresolvable(ctx: RuleContext) -> Iterator[Finding]:
    """A cross-reference ("Ibid.", "REF 9", "op. cit.", "supra n. 7") that points nowhere, or at another work.

    What it checks
        Error: a cross-reference that resolves to no note ("Ibid." in the first
        note, "op. cit." after an author no earlier note cites), or names a note
        that does not exist, the note itself or a later one.
        Warning: a cross-reference whose note names a work (title, authors)
        other than the work of the note it points to; one naming several notes
        ("REF 21 & 26") that cite different works; an "Ibid." after a note that
        cites several works (ambiguous); a pointer to a note that cites nothing.
        A short-form note ("Roe, *Short Title*, 4") with no earlier full note is
        not reported here: the reference list is its full citation (R001 if absent).

    Why it matters
        The reader follows the pointer to find the source; a wrong pointer
        sends them to another work, and usually means notes were renumbered or
        moved after the cross-references were written.

    Example
        Note 12: ``Roe, "Trust Metrics," REF 9.`` where note 9 cites
        ``Lee, "Reading Habits"``.

    Instead
        Point at the note that cites the work in full (or give the full
        citation again).
    """
    existing = {note.n for note in ctx.paper.footnotes}
    for note in ctx.paper.footnotes:
        for citation in note.citations:
            crossref = citation.crossref
            if crossref is None:
                continue
            printed = crossref.printed
            base = {"kind": crossref.kind, "printed": printed, "targets": list(crossref.targets)}
            if not crossref.targets and crossref.kind == "op_cit":
                crossref = _op_cit_by_name(ctx, note, citation)
            if not crossref.targets:
                if crossref.kind == "short":
                    continue
                yield ctx.finding(
                    f'"{printed}" in note {note.n} resolves to no earlier note',
                    note.span, footnote=note.n, evidence=base,
                    fix="give the full citation instead of the cross-reference")
                continue
            bad = [t for t in crossref.targets if t not in existing or t >= note.n]
            for target in bad:
                why = ("does not exist" if target not in existing else
                       "is the note itself" if target == note.n else "comes after it")
                yield ctx.finding(
                    f'"{printed}" in note {note.n} points at note {target}, which {why}',
                    note.span, footnote=note.n, evidence={**base, "target": target, "problem": why},
                    fix="point at the earlier note that cites the work in full")
            yield from _wrong_work(ctx, note, citation, crossref,
                                   [t for t in crossref.targets if t not in bad])


def _op_cit_by_name(ctx: RuleContext, note: Footnote, citation: Citation) -> CrossRef:
    """"Lee, op. cit., 11": the latest earlier note by an author named before "op. cit."

    (The note parser may read the bare name as a title, so the resolver found no author.)"""
    head = rx.split(r"\bop\.?\s*cit\b", citation.text.lower())[0]
    named = set(rx.findall(r"[^\W\d_]{2,}", head))
    for earlier in reversed([n for n in ctx.paper.footnotes if n.n < note.n]):
        families = {rx.sub(r"\W", "", a.split(",")[0].lower()) for c in earlier.citations
                    for a in c.fields.authors}
        if families & named:
            return replace(citation.crossref, targets=(earlier.n,))
    return citation.crossref


def _wrong_work(ctx: RuleContext, note: Footnote, citation: Citation, crossref: CrossRef,
                targets: list[int]) -> Iterator[Finding]:
    printed = crossref.printed
    warning = Severity.WARNING
    per_target = {t: _works_of(ctx, t) for t in targets}
    for target, works in per_target.items():
        related = [ctx.location(ctx.note(target).span, footnote=target)]
        if not works:
            yield ctx.finding(
                f'"{printed}" in note {note.n} points at note {target}, which cites no work',
                note.span, footnote=note.n, severity=warning, related=related,
                evidence={"printed": printed, "target": target, "problem": "cites no work"},
                fix="point at the note that cites the work")
            continue
        if crossref.kind == "ibid" and len(_distinct(works)) > 1:
            yield ctx.finding(
                f'"{printed}" in note {note.n} is ambiguous: note {target} cites '
                f"{len(_distinct(works))} works",
                note.span, footnote=note.n, severity=warning, related=related,
                evidence={"printed": printed, "target": target,
                          "works": [describe(w) for _, w in _distinct(works)]},
                fix="name the work (short form) instead of Ibid.")
        own = citation.fields
        if crossref.kind == "op_cit" and not own.authors:
            continue  # "Lee, op. cit.": the name may have been read as a title
        if names_a_work(own) and not any(same_work(own, w) for _, w in works):
            yield ctx.finding(
                f'note {note.n} names {describe(own)} but "{printed}" points at note {target}, '
                f"which cites {describe(works[0][1])}",
                note.span, footnote=note.n, severity=warning, related=related,
                evidence={"printed": printed, "target": target, "note_work": describe(own),
                          "target_work": describe(works[0][1]),
                          "note_title": own.title, "target_title": works[0][1].title,
                          "note_authors": list(own.authors),
                          "target_authors": list(works[0][1].authors)},
                fix="point at the note that cites this work in full")
    cited = {t: _distinct(w) for t, w in per_target.items() if w}
    if len(cited) > 1 and crossref.kind != "ibid" and not names_a_work(citation.fields):
        firsts = list(cited.items())
        (t0, w0), rest = firsts[0], firsts[1:]
        for t1, w1 in rest:
            if not any(same_work(a, b) for _, a in w0 for _, b in w1):
                yield ctx.finding(
                    f'"{printed}" in note {note.n} points at notes {t0} and {t1}, which cite different '
                    f"works: {describe(w0[0][1])} and {describe(w1[0][1])}",
                    note.span, footnote=note.n, severity=warning,
                    related=[ctx.location(ctx.note(t).span, footnote=t) for t in (t0, t1)],
                    evidence={"printed": printed, "targets": [t0, t1],
                              "works": [describe(w0[0][1]), describe(w1[0][1])]},
                    fix="point only at the note(s) that cite this work")
