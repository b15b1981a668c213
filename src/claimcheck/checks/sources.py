"""S: sources, offline part (quotations without a source, statements that date).

S001 quote-not-in-source and S003 metadata-differs-from-registry need the
network and come with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity
from claimcheck.model import Paper, Sentence

# How far a quotation opened in one sentence may run on before we stop
# looking for the sentence that closes it (and carries its note).
_QUOTE_RUN_ON = 4


@rule("S002", "quote-without-source", Severity.WARNING)
def quote_without_source(ctx: RuleContext) -> Iterator[Finding]:
    """A quotation with no footnote and no in-text citation to say where it comes from.

    What it checks
        Every sentence that quotes three words or more (shorter quotes are
        scare quotes) and carries no footnote marker (printed, or inferred
        where conversion lost it) and no in-text citation. A quotation that
        runs over several sentences counts as sourced when the sentence that
        closes it carries the note.

    Why it matters
        A reader cannot check a quotation that names no source, and a
        reviewer cannot tell a quotation from a paraphrase of the author's
        own. When the paper once had a note here, PDF conversion lost its
        marker.

    Example
        ``However, the same document also maintains "Russia seeks to
        facilitate the development of the CSTO into a prominent
        multifunctional international organization."`` with no note.

    Instead
        Add the note (an "Ibid." with the page is enough when the previous note
        cites the same work), or restore the lost marker.
    """
    paper = ctx.paper
    notes_of = _notes_by_sentence(paper)
    cited_in_text = {citation.sentence for citation in paper.in_text}
    for claim in paper.claims:
        if not claim.quotes or claim.footnotes or claim.refs:
            continue
        closing = _closing_sentence(paper, claim.sentence)
        if closing != claim.sentence and (notes_of.get(closing) or closing in cited_in_text):
            continue
        quote = claim.quotes[0]
        shown = quote if len(quote) <= 80 else quote[:77].rstrip() + "..."
        yield ctx.finding(
            f"quotation \"{shown}\" has no footnote or citation naming its source",
            claim.span, claim=claim.id,
            evidence={"quotes": list(claim.quotes), "sentence": claim.text,
                      "section": claim.section},
            fix="add a note citing the source of the quotation",
        )


def _notes_by_sentence(paper: Paper) -> dict[int, set[int]]:
    notes: dict[int, set[int]] = {}
    for sentence in paper.sentences:
        if sentence.markers:
            notes.setdefault(sentence.index, set()).update(sentence.markers)
    for claim in paper.claims:
        if claim.footnotes:
            notes.setdefault(claim.sentence, set()).update(claim.footnotes)
    for note in paper.footnotes:
        if note.marker is not None and note.marker.sentence is not None:
            notes.setdefault(note.marker.sentence, set()).add(note.n)
    return notes


def _closing_sentence(paper: Paper, index: int) -> int:
    """The sentence where a quotation opened in sentence ``index`` closes.

    ``index`` itself when its quotation marks are balanced; otherwise the next
    sentence of the same section whose quotation marks close it.
    """
    sentences = paper.sentences
    if index >= len(sentences) or not _leaves_quote_open(sentences[index].text):
        return index
    section = sentences[index].section
    for following in sentences[index + 1: index + 1 + _QUOTE_RUN_ON]:
        if following.section != section:
            break
        if _closes_quote(following.text):
            return following.index
    return index


def _leaves_quote_open(text: str) -> bool:
    if "“" in text or "”" in text:
        return text.count("“") > text.count("”")
    return text.count('"') % 2 == 1


def _closes_quote(text: str) -> bool:
    if "“" in text or "”" in text:
        return text.count("”") > text.count("“")
    return text.count('"') % 2 == 1


# --------------------------------------------------------------------------
# S004


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December)")
_TIME_WORDS = re.compile(
    r"\b(?:currently|presently|nowadays|at present|at the time of writing|as things stand|"
    r"these days|thus far|up to now|until now|so far(?! as\b)|as yet|"
    r"in (?:the )?recent (?:past|years|months|times)|"
    r"(?:in|over|during) the (?:last|past) (?:(?:few|several|\w+) )?(?:years|decades|months)|"
    r"(?<!up )to date(?![-\w])|"
    r"as of (?:now|today|yet|this (?:writing|year|month)|the time of writing|writing|"
    rf"(?:\d{{1,2}} )?{_MONTH}(?: \d{{1,2}},?)? \d{{4}}|\d{{4}}))\b"
    r"|\bno (?:new|further|more|other) (?:\w+ ){0,4}?(?:\w+ )?(?:after|since) \d{4}\b",
    re.IGNORECASE,
)
# "X is (not/no longer) a member of Y", "members of X are members of Y",
# "X has become an observer": membership stated in the present.
_FILLER = r"(?:not|no|longer|more|still|now|also|only|both|all|a|an|the|its|their|full|" \
          r"founding|permanent|new|current|currently)"
_PRESENT_MEMBERSHIP = re.compile(
    rf"\b(?:is|are|remains?|has become|have become|becomes?)\s+(?:{_FILLER}\s+){{0,3}}"
    r"(?:members?|observers?|(?:dialogue )?partners?|associate members?|member states?|"
    r"observer states?)\b(?!\s+(?:was|were|had)\b)"
    r"|\b(?:has|have|comprises?|includes?|counts?)\s+(?:\d+|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)\s+(?:\w+\s+)?"
    r"(?:member states|members?|observers?|partners)\b",
    re.IGNORECASE,
)


@rule("S004", "time-sensitive-claim", Severity.INFO)
def time_sensitive_claim(ctx: RuleContext) -> Iterator[Finding]:
    """A statement true at the time of writing that may no longer be true.

    What it checks
        Sentences that state the present: words such as "currently",
        "presently", "nowadays", "at present", "to date", "as of 2020", "no new
        member ... after 2017", and present-tense statements of membership or
        status ("Uzbekistan is not a member of the CSTO", "members of the CSTO
        are members of the SCO"). The finding gives the paper's year so the
        reader knows how old the statement is.

    Why it matters
        Memberships, counts and policies change: a reader of a 2020 paper in
        a later year takes "currently" to mean their own present. A
        fact-checker needs the list of what to recheck.

    Example
        ``Currently, many states have shown their interests to become either
        members or observers, however, no new membership is given after
        2017.`` (in a paper of 2020).

    Instead
        Date the statement ("as of July 2020, ...") or recheck it and update
        it before republishing.
    """
    paper = ctx.paper
    year = paper.meta.year
    claim_of = {claim.sentence: claim for claim in paper.claims}
    for sentence in paper.sentences:
        triggers = _time_triggers(sentence)
        if not triggers:
            continue
        dated = f"the paper is from {year}" if year else "the paper's date is unknown"
        message = (f"time-sensitive statement ({', '.join(repr(t) for t in triggers)}): "
                   f"{dated}; recheck it against the present")
        evidence = {"triggers": triggers, "paper_year": year, "sentence": sentence.text}
        claim = claim_of.get(sentence.index)
        if claim is not None:
            yield ctx.finding(message, claim.span, claim=claim.id, evidence=evidence)
        else:
            yield ctx.finding(message, sentence.span, evidence=evidence)


def _time_triggers(sentence: Sentence) -> list[str]:
    found = [m.group() for m in _TIME_WORDS.finditer(sentence.text)]
    found += [m.group() for m in _PRESENT_MEMBERSHIP.finditer(sentence.text)]
    return list(dict.fromkeys(" ".join(t.split()) for t in found))
