"""N: footnotes and their markers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.works import describe, names_a_work, same_work
from claimcheck.finding import Finding, Severity
from claimcheck.model import Citation, CrossRef, Footnote, Marker, WorkFields


@rule("N001", "footnote-number-missing", Severity.WARNING)
def footnote_number_missing(ctx: RuleContext) -> Iterator[Finding]:
    """A footnote whose number was lost and had to be inferred from its neighbours.

    What it checks
        Footnotes printed without their number (PDF conversion dropped it);
        claimcheck inferred the number from the sequence around the note.

    Why it matters
        A reader, an indexer or a citation manager cannot tie an unnumbered note
        to its marker; the inference may be wrong if notes were also reordered.

    Example
        ``Tayyab Baloch, "NATO Challenges SCO ...," (2016), https://...`` printed
        between notes 24 and 26 with no number.

    Instead
        Restore the number (here 25) in front of the note.
    """
    for note in ctx.paper.footnotes:
        if not note.number_printed:
            yield ctx.finding(
                f"footnote {note.n} has no printed number (inferred from the notes around it)",
                note.span, footnote=note.n,
                evidence={"inferred_number": note.n, "text": note.text[:120]},
                fix=f"print the number {note.n} in front of the note",
            )


@rule("N002", "footnote-marker-missing", Severity.WARNING)
def footnote_marker_missing(ctx: RuleContext) -> Iterator[Finding]:
    """A footnote whose marker is missing from the body text.

    What it checks
        Every footnote must have its number printed as a marker in the body.
        When conversion lost the marker, claimcheck infers the sentence the
        note belongs to (from the notes around it and from what the note
        cites); the finding gives that sentence, its line and the confidence
        of the guess, or says that no sentence could be inferred.

    Why it matters
        A note without a marker is attached to no claim: a reader cannot tell
        which statement the source supports, and claim checks lose the source.

    Example
        ``... the "Foreign Policy Concept" states that ...`` with no ``<sup>3</sup>``
        while note 3 cites the Foreign Policy Concept.

    Instead
        Put the marker back at the end of the sentence the note supports.
    """
    for note in ctx.paper.footnotes:
        marker = note.marker
        if marker is None or marker.form not in {"inferred", "none"}:
            continue
        recovery = list(marker.evidence)
        if marker.form == "inferred" and marker.span is not None and marker.sentence is not None:
            sentence = ctx.paper.sentences[marker.sentence]
            start = _sentence_start(sentence.text)
            yield ctx.finding(
                f'footnote {note.n} has no marker in the body; it probably belongs to the sentence '
                f'"{start}" (line {sentence.span.line}), confidence {marker.confidence:.2f}',
                note.span, footnote=note.n,
                related=[ctx.location(marker.span, footnote=note.n)],
                evidence={"confidence": marker.confidence, "inferred_line": marker.span.line,
                          "sentence": sentence.text, "recovery": recovery},
                fix=f"insert the marker {note.n} at the end of that sentence (line {marker.span.line})",
            )
        else:
            yield ctx.finding(
                f"footnote {note.n} has no marker in the body, and no sentence could be inferred for it",
                note.span, footnote=note.n,
                evidence={"confidence": None, "inferred_line": None, "sentence": None,
                          "recovery": recovery},
                fix=f"insert the marker {note.n} after the statement the note supports",
            )


def _sentence_start(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _out_of_order(numbers: list[int]) -> set[int]:
    """Positions not on a longest increasing run: the few that moved, not those they pushed."""
    if not numbers:
        return set()
    best = [1] * len(numbers)
    before = [-1] * len(numbers)
    for i, n in enumerate(numbers):
        for j in range(i):
            if numbers[j] < n and best[j] + 1 > best[i]:
                best[i], before[i] = best[j] + 1, j
    keep, i = set(), max(range(len(numbers)), key=lambda k: (best[k], -k))
    while i >= 0:
        keep.add(i)
        i = before[i]
    return set(range(len(numbers))) - keep


@rule("N003", "footnote-numbering", Severity.WARNING)
def footnote_numbering(ctx: RuleContext) -> Iterator[Finding]:
    """Footnote numbers that skip, repeat or run out of order, in the notes or in the body.

    What it checks
        The notes must be numbered 1, 2, 3 ... in reading order: no number
        skipped (unless the body has a marker for it, which N004 reports), none
        used twice, none out of order. The same for the body's markers: no
        marker number used twice, and the markers in increasing order. Of a
        run out of order, only the numbers that moved are reported.

    Why it matters
        A skipped, repeated or misplaced number ties markers to the wrong
        notes: a claim then appears to rest on another source.

    Example
        Notes numbered ``4, 5, 5, 7``: note 5 twice and note 6 missing.

    Instead
        Renumber the notes (and their markers) consecutively in reading order.
    """
    notes = list(ctx.paper.footnotes)
    numbers = [note.n for note in notes]
    marked = {m.n for m in _body_markers(ctx)}
    first_note: dict[int, Footnote] = {}
    unique: list[int] = []
    for index, note in enumerate(notes):
        if note.n in first_note:
            earlier = first_note[note.n]
            yield ctx.finding(
                f"footnote number {note.n} is used twice (lines {earlier.span.line} and {note.span.line})",
                note.span, footnote=note.n, related=[ctx.location(earlier.span, footnote=note.n)],
                evidence={"kind": "duplicate", "number": note.n,
                          "lines": [earlier.span.line, note.span.line]},
                fix="renumber the notes consecutively",
            )
            continue
        first_note[note.n] = note
        unique.append(index)
    moved = {unique[i] for i in _out_of_order([numbers[i] for i in unique])}
    for index in sorted(moved):
        note = notes[index]
        previous = notes[index - 1].n if index else None
        yield ctx.finding(
            f"footnote {note.n} is out of order (it follows footnote {previous})",
            note.span, footnote=note.n,
            evidence={"kind": "out_of_order", "number": note.n, "follows": previous},
            fix="move the note to its place or renumber the notes in reading order",
        )
    present = set(numbers)
    if present:
        missing = [n for n in range(1, max(present)) if n not in present and n not in marked]
        for run in _runs(missing):
            after = min((note for note in notes if note.n > run[-1]), key=lambda note: note.n)
            printed = str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"
            yield ctx.finding(
                f"footnote numbering skips {printed} (no note and no marker; next is {after.n})",
                after.span, footnote=after.n,
                evidence={"kind": "gap", "missing": run, "next": after.n},
                fix="renumber the notes consecutively",
            )
    yield from _marker_numbering(ctx)


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _marker_numbering(ctx: RuleContext) -> Iterator[Finding]:
    markers = _body_markers(ctx)
    first: dict[int, Marker] = {}
    unique: list[Marker] = []
    for marker in markers:
        if marker.n in first:
            earlier = first[marker.n]
            yield ctx.finding(
                f"marker {marker.n} appears twice in the body (lines {earlier.span.line} and "
                f"{marker.span.line})",
                marker.span, footnote=marker.n, related=[ctx.location(earlier.span, footnote=marker.n)],
                evidence={"kind": "duplicate_marker", "number": marker.n,
                          "lines": [earlier.span.line, marker.span.line]},
                fix="give each marker its own note, or cite the note's source again in a new note",
            )
            continue
        first[marker.n] = marker
        unique.append(marker)
    for index in sorted(_out_of_order([m.n for m in unique])):
        marker = unique[index]
        previous = unique[index - 1].n if index else None
        yield ctx.finding(
            f"marker {marker.n} is out of order in the body (it follows marker {previous})",
            marker.span, footnote=marker.n,
            evidence={"kind": "marker_out_of_order", "number": marker.n, "follows": previous},
            fix="renumber the markers (and their notes) in reading order",
        )


@rule("N004", "marker-without-footnote", Severity.ERROR)
def marker_without_footnote(ctx: RuleContext) -> Iterator[Finding]:
    """A marker in the body whose footnote does not exist.

    What it checks
        Every footnote marker in the body (``<sup>9</sup>``, ``[^9]``, a number
        left by conversion) must have a note with that number. A superscript
        right after a digit (``10<sup>6</sup>``) is an exponent, not a marker.

    Why it matters
        The claim the marker stands on has lost its source; often a note was
        deleted or merged without renumbering.

    Example
        ``... the border was closed.<sup>9</sup>`` and the notes go from 8 to 10.

    Instead
        Restore the missing note, or remove the marker and renumber.
    """
    numbers = {note.n for note in ctx.paper.footnotes}
    for marker in _body_markers(ctx):
        if marker.n in numbers:
            continue
        yield ctx.finding(
            f"marker {marker.n} has no footnote"
            + ("" if numbers else " (the paper has no footnotes at all)"),
            marker.span, footnote=marker.n,
            evidence={"number": marker.n, "form": marker.form,
                      "notes": [min(numbers), max(numbers)] if numbers else []},
            fix=f"add footnote {marker.n}, or remove the marker and renumber",
        )


def _body_markers(ctx: RuleContext) -> list[Marker]:
    """The body's markers, without exponents the marker finder took for markers (10<sup>6</sup>)."""
    document = ctx.paper.document
    markers = []
    for marker in ctx.paper.markers:
        if marker.span is None:
            continue
        offset = document.line_starts[marker.span.line - 1] + marker.span.column - 1
        before = document.source[max(0, offset - 8):offset]
        before = before[:-5] if before.endswith("<sup>") else before.rstrip("^{$")
        if not before[-1:].isdigit():
            markers.append(marker)
    return markers


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


_DOUBLE_QUOTES = "\"“”„"


@rule("N006", "unbalanced-quotation-marks", Severity.INFO)
def unbalanced_quotation_marks(ctx: RuleContext) -> Iterator[Finding]:
    """A footnote whose double quotation marks do not pair up.

    What it checks
        The double quotation marks of each note (straight or curly) must come
        in pairs. When a cited title has its closing mark but not its opening
        one, or a stray mark sits inside the title, the finding says where the
        mark belongs.

    Why it matters
        An unpaired mark usually means a title lost its opening quote in
        conversion (or a subtitle colon became a quote), so the title's extent
        is unclear to readers and to citation parsers alike.

    Example
        ``Vladislav Inozemtsev, Integrating the Eurasian Union and China's Belt
        and Road: A Bridge Too Far?" (Ref. 9).``

    Instead
        ``Vladislav Inozemtsev, "Integrating the Eurasian Union and China's Belt
        and Road: A Bridge Too Far?" (Ref. 9).``
    """
    for note in ctx.paper.footnotes:
        text = _without_urls(note)
        straight = text.count('"')
        opening, closing = text.count("“") + text.count("„"), text.count("”")
        if (straight + opening + closing) % 2 == 0 and (straight or opening == closing):
            continue
        where, fix = _where_quote_belongs(note)
        yield ctx.finding(
            f"footnote {note.n} has unpaired quotation marks: {where}",
            note.span, footnote=note.n,
            evidence={"straight": straight, "opening": opening, "closing": closing, "suggestion": where},
            fix=fix,
        )


def _without_urls(note: Footnote) -> str:
    text = note.text
    for url in note.urls:
        text = text.replace(url.printed, " ")
    return text


def _where_quote_belongs(note: Footnote) -> tuple[str, str | None]:
    for citation in note.citations:
        title = citation.fields.title
        if not title:
            continue
        inner = next((i for i, c in enumerate(title) if c in _DOUBLE_QUOTES), None)
        if inner is not None:
            head, tail = title[:inner].rstrip(), title[inner + 1:].strip()
            return (f'the mark after "{head}" inside the title closes nothing (the title runs on to '
                    f'"{tail}"; a subtitle colon may have been lost)',
                    f'print the title as "{head}: {tail}"')
        where = note.text.find(title)
        if where < 0:
            continue
        before = note.text[:where].rstrip()
        after = note.text[where + len(title):].lstrip(",.?!;: ")
        opened = bool(before) and before[-1] in _DOUBLE_QUOTES
        closed = bool(after) and after[0] in _DOUBLE_QUOTES
        if closed and not opened:
            return (f'the opening mark of the title "{_head(title)}" is missing',
                    f'insert " before "{_head(title)}"')
        if opened and not closed:
            return (f'the closing mark of the title "{_head(title)}" is missing',
                    f'insert " after "{title}"')
    return "a mark has no partner", None


def _head(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
