"""N: footnotes and their markers."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity


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
