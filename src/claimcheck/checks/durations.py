"""Stated durations ("after a seven-year break", "two years later", "for a
decade") and the years printed around them.

Split from ``prose`` (C003) because reading a duration takes its own grammar
(modifiers such as "almost" or "more than" that widen it, the marks of a gap
or a "later", terms that run on rather than join two dates) and reading the
years beside it takes citation-stripping and paragraph walking; C003 only
compares the two.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from claimcheck import rx
from claimcheck.checks.quantities import NUMBER_WORDS
from claimcheck.model import Paper, Sentence

_MODIFIER = (r"almost|nearly|about|around|roughly|approximately|some|over|more\s+than|less\s+than|"
             r"under|at\s+least|just\s+over|just\s+under|barely|exactly|precisely|only")
# groups: mod1/mod2 (a modifier), prep (after, following, for, within), n, unit
# (years or decades), tail (a gap noun such as "break", or "later")
DURATION = rx.compile(
    rf"(?:(?P<mod1>{_MODIFIER})\s+)?(?P<prep>after|following|for|within)?\s*"
    rf"(?:(?:a|an)\s+(?=\S+[\s-]+(?:years?|decades?)))?"
    rf"(?:(?P<mod2>{_MODIFIER})\s+)?(?P<n>\d{{1,3}}|(?:twenty|thirty|forty|fifty)-\w+|"
    rf"{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})[\s-]+(?P<unit>years?|decades?)\b"
    r"(?P<tail>[\s-]+(?:long\s+)?(?:break|gap|hiatus|pause|interval|lull|absence|suspension|"
    r"interruption|freeze|delay|dormancy|wait)\b|\s+(?:later|afterwards?)\b(?!\s+than))?",
    re.IGNORECASE)
# a duration bound to the span it measures: "a seven-year period from 2012 to
# 2016", "the five-year programme (2015-2019)"; groups: mod, n, unit, start, end
BOUND_SPAN = rx.compile(
    rf"(?:(?P<mod>{_MODIFIER})\s+)?(?P<n>\d{{1,3}}|(?:twenty|thirty|forty|fifty)-\w+|"
    rf"{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})[\s-]+(?P<unit>years?|decades?)(?:[\s-]long)?"
    r"(?:\s+[a-z]+){0,2}?\s+(?:(?:from|between)\s+(?P<start>(?:1[89]|20)\d\d)\s*(?:to|and|until|through|[-–])\s*"
    r"|\(\s*(?P<start2>(?:1[89]|20)\d\d)\s*[-–]\s*)(?P<end>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE)
# words before a "for" duration that make it a term running on ("extended for five
# years"), not the gap between two stated years
TERM = rx.compile(r"\b(?:extend|renew|prolong|elect|appoint|lease|sign|grant|agree|plan|schedul|valid|"
                  r"term|mandate|sentenc|ban|suspend|postpon)\w*\b[^.;]*$", re.IGNORECASE)
_YEAR = rx.compile(r"(?<![\w/.,])(1[89]\d\d|20\d\d)(?![\w/])")
_CITATION = rx.compile(r"\([^()]*?[A-Z][\w'’-]+[^()]*?\b(?:1[89]|20)\d\d[a-z]?\b[^()]*\)")


def tolerance(modifier: str | None, n: int) -> tuple[int, float, str]:
    """(lowest, highest) difference between two years that fits "<modifier> n years",
    and the reading of the modifier."""
    mod = " ".join((modifier or "").lower().split())
    if mod in {"almost", "nearly", "just under", "barely"}:
        return n - 1, n, mod
    if mod in {"about", "around", "roughly", "approximately", "some"}:
        return n - 1, n + 1, mod
    if mod in {"over", "more than", "at least", "just over"}:
        return n, float("inf"), mod
    if mod in {"less than", "under"}:
        return 0, n, mod
    return n, n, "exact"


def stated_years(text: str, paper: Paper) -> list[int]:
    """The years ``text`` states, not those inside its citations ("(Rauf 2018)")."""
    for citation in paper.in_text:
        text = text.replace(citation.printed, " ")
    text = _CITATION.sub(" ", text)
    return [int(y) for y in _YEAR.findall(text)]


def _block_index_of_line(paper: Paper):
    starts = [block.span.line for block in paper.document.blocks]
    return lambda line: max(bisect_right(starts, line) - 1, 0)


def paragraph_before(paper: Paper, sentence: Sentence, depth: int = 2) -> list[Sentence]:
    """Up to ``depth`` sentences before ``sentence`` in its paragraph (a
    paragraph may run across a page break, so blocks are followed by lines)."""
    block_of = _block_index_of_line(paper)
    found = []
    current = sentence
    while len(found) < depth and current.index > 0:
        previous = paper.sentences[current.index - 1]
        if block_of(previous.span.end_line or previous.span.line) != current.block:
            break
        found.insert(0, previous)
        current = previous
    return found
