"""N: footnotes and their markers."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity
from claimcheck.model import Footnote, Marker


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
