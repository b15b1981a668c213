"""C: where the paper's prose contradicts itself: a duration against the
years stated around it, an acronym against its own definition, an entity
named twice in one coordination.

Like ``consistency`` (the text against its tables), every rule reads only the
body sentences of the extracted paper and speaks only when no plausible
reading makes the paper consistent. Their reading lives beside them:
``durations`` (stated durations and the years around them) and
``entity_names`` (countries, acronyms, expansions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.consistency import body_sentences, claim_of
from claimcheck.checks.durations import BOUND_SPAN, DURATION, TERM, paragraph_before, stated_years, tolerance
from claimcheck.checks.entity_names import (
    ACRONYM_TOKEN, acronym_key, entity_mentions, expansion_pattern, normal_expansion,
    same_expansion,
)
from claimcheck.checks.quantities import number_from_word, spell_number
from claimcheck.finding import Finding, Severity
from claimcheck.model import Sentence, Span
from claimcheck.parse.claims import country_pattern


# --------------------------------------------------------------------------
# C003


@rule("C003", "duration-contradicts-years", Severity.WARNING)
def duration_contradicts_years(ctx: RuleContext) -> Iterator[Finding]:
    """A stated duration ("after a seven-year break") that the years stated around it do not give.

    What it checks
        Durations that join two moments ("after a seven-year break", "two
        years later", "after a decade", "for eight years") against the years
        printed in the same sentence and the sentence or two before it in the
        paragraph. "Almost", "nearly", "about", "over", "more than", "less
        than", "within" widen the check; a sentence with fewer than two years
        around it is not checked. It fires when no pair of those years gives
        the duration and the nearest pair misses by a little (an off-by-one
        count); a gross miss means the years are about something else. A
        duration bound to its own span ("a seven-year period from 2012 to
        2016", "the five-year programme (2015–2019)") is checked against that
        span alone, and any miss counts; the span may be counted inclusively.

    Why it matters
        A duration that disagrees with the dates beside it makes the reader
        doubt both, and usually hides a miscount or a wrong year.

    Example
        "... established in 2005 but it became dormant in 2009. ... became
        operative in 2017 and after a seven-year break ..." (2009 to 2017 is
        eight years).

    Instead
        Make the duration follow from the years ("after an eight-year
        break"), or correct the year.
    """
    claims = claim_of(ctx.paper)
    for sentence in body_sentences(ctx.paper):
        if not rx.search(r"years?\b|decades?\b", sentence.text, re.IGNORECASE):
            continue
        yield from _bound_spans(ctx, sentence, claims)
        for match in DURATION.finditer(sentence.text):
            if not (match.group("prep") or match.group("tail")):
                continue
            if rx.match(r"\s+of\b", sentence.text[match.end():]):
                continue  # "after two years of talks": an activity, not an interval
            forward = match.group("prep") and match.group("prep").lower() == "for"
            if forward and TERM.search(sentence.text[max(0, match.start() - 40):match.start()]):
                continue  # "extended in 2016 for five years": a term that runs on, not a gap
            n = _stated_years(match)
            if not n:
                continue
            modifier = match.group("mod1") or match.group("mod2")
            if match.group("prep") and match.group("prep").lower() == "within" and not modifier:
                modifier = "less than"
            low, high, reading = tolerance(modifier, n)
            # a "for" duration spans years of its own sentence ("opened in 2003 ... for a
            # decade until 2013"); a gap or a "later" may reach back to the sentences before
            window = [sentence] if forward else [*paragraph_before(ctx.paper, sentence), sentence]
            stated = [(year, s) for s in window for year in stated_years(s.text, ctx.paper)]
            pairs = list(combinations(sorted({year for year, _ in stated}), 2))
            if not pairs or any(low <= b - a <= high for a, b in pairs):
                continue
            nearest = min(pairs, key=lambda p: (min(abs(p[1] - p[0] - low), abs(p[1] - p[0] - high)),
                                                -p[0]))
            difference = nearest[1] - nearest[0]
            miss = min(abs(difference - low), abs(difference - high))
            if miss > max(2, n // 4):
                continue
            sources = [s for year, s in stated if year in nearest]
            yield ctx.finding(
                f"'{match.group().strip()}' does not fit the years stated: "
                f"{nearest[0]} → {nearest[1]} is {difference} year{'s' if difference != 1 else ''}",
                sentence.span, claim=claims.get(sentence.index),
                related=[ctx.location(s.span) for s in dict.fromkeys(sources) if s is not sentence],
                evidence={"sentence": sentence.text, "duration": match.group().strip(),
                          "stated_years": n, "reading": reading, "allowed": [low, high],
                          "years": [year for year, _ in stated], "nearest": list(nearest),
                          "difference": difference,
                          "context": [s.text for s in window if s is not sentence]},
                fix=f"say {spell_number(difference)}-year (from {nearest[0]} to {nearest[1]}) or correct the year",
            )


def _stated_years(match: re.Match) -> int | None:
    """The years a duration states: "seven-year" 7, "two decades" 20."""
    n = number_from_word(match.group("n"))
    return n * 10 if n and match.group("unit").lower().startswith("decade") else n


def _bound_spans(ctx: RuleContext, sentence: Sentence, claims: dict[int, str]) -> Iterator[Finding]:
    """"A seven-year period from 2012 to 2016": the duration names its own years,
    so any miss counts; the span may be counted inclusively (2015-2019, five years)."""
    for match in BOUND_SPAN.finditer(sentence.text):
        n = _stated_years(match)
        if not n:
            continue
        start, end = int(match.group("start") or match.group("start2")), int(match.group("end"))
        difference = end - start
        low, high, reading = tolerance(match.group("mod"), n)
        if difference <= 0 or low <= difference <= high or low <= difference + 1 <= high:
            continue
        yield ctx.finding(
            f"'{match.group().strip()}' does not fit its own years: {start} → {end} is "
            f"{difference} year{'s' if difference != 1 else ''} ({difference + 1} counting both)",
            sentence.span, claim=claims.get(sentence.index),
            evidence={"sentence": sentence.text, "duration": match.group().strip(), "stated_years": n,
                      "reading": reading, "allowed": [low, high], "nearest": [start, end],
                      "difference": difference},
            fix=f"say {spell_number(difference)}-year or {spell_number(difference + 1)}-year, or correct the years",
        )


# --------------------------------------------------------------------------
# C004


_KNOWN_ACRONYMS = {"US", "USA", "UK", "UN", "EU", "USSR", "NATO", "GDP"}
_ROMAN = rx.compile(r"[IVXLCDM]+")


def _position(span: Span) -> tuple[int, int]:
    return span.line, span.column


def _before(a: Span, b: Span) -> bool:
    return _position(a) < _position(b)


@rule("C004", "acronym-inconsistent", Severity.WARNING)
def acronym_inconsistent(ctx: RuleContext) -> Iterator[Finding]:
    """An acronym defined two ways, two acronyms for one name, or a use before (or without) a definition.

    What it checks
        Acronym definitions ("Collective Security Treaty Organization (CSTO)")
        and uses in the body (the abstract included; title, headings, front
        matter, notes and references excluded): one acronym given two
        different expansions; two acronyms defined for the same expansion;
        an acronym used before its first definition; and, as info, an
        acronym never defined at all (universally known ones such as US, UK,
        UN, EU, NATO, GDP, country abbreviations and the option
        ``known_acronyms`` are exempt).

    Why it matters
        Readers (and indexers) resolve an acronym by its first definition; a
        second expansion, a use before it or no definition at all leaves
        them guessing what is meant.

    Example
        "... leaders of CARs ..." in the abstract, while "Central Asian
        Republics (CARs)" is first defined in the introduction; "ISIS" used
        throughout and never spelled out.

    Instead
        Define each acronym once, at its first use (again in the abstract if
        the abstract uses it), always with the same expansion.
    """
    paper = ctx.paper
    claims = claim_of(paper)
    definitions: dict[str, list] = {}
    for acronym in sorted(paper.acronyms, key=lambda a: _position(a.span)):
        definitions.setdefault(acronym_key(acronym.acronym), []).append(acronym)
    yield from _two_expansions(ctx, definitions)
    yield from _two_acronyms(ctx, definitions)

    known = set(_KNOWN_ACRONYMS) | set(ctx.options.get("known_acronyms") or ())
    _, countries = country_pattern()
    known |= {name for name in countries if name.isupper()}
    reported: set[str] = set()
    for sentence in body_sentences(paper):
        for match in ACRONYM_TOKEN.finditer(sentence.text):
            token = match.group()
            key = acronym_key(token)
            if key in reported or sum(c.isupper() for c in key) < 2 or _ROMAN.fullmatch(key):
                continue
            if key in definitions:
                first = definitions[key][0]
                if _used_before(sentence, match.start(), first.span, key):
                    reported.add(key)
                    yield ctx.finding(
                        f"{token} is used before its definition ('{first.expansion}', line {first.span.line})",
                        sentence.span, claim=claims.get(sentence.index),
                        related=[ctx.location(first.span)],
                        evidence={"acronym": first.acronym, "sentence": sentence.text,
                                  "definition": first.expansion, "defined_at": first.span.line},
                        fix=f"spell it out here: {first.expansion} ({first.acronym})",
                    )
                else:
                    reported.add(key)
            elif key not in known and token not in known:
                reported.add(key)
                yield ctx.finding(
                    f"{token} is never defined", sentence.span, severity=Severity.INFO,
                    claim=claims.get(sentence.index),
                    evidence={"acronym": key, "sentence": sentence.text},
                    fix=f"spell out {token} at its first use",
                )


def _used_before(sentence: Sentence, position: int, definition: Span, key: str) -> bool:
    end = Span(sentence.span.end_line or sentence.span.line, sentence.span.end_column or 10**6)
    if _before(end, definition):
        return True
    if _before(definition, sentence.span) or definition == sentence.span:
        return False
    # the definition is inside this sentence: is this use before "(KEY)"?
    inside = re.search(rf"\(\s*{re.escape(key)}s?\s*\)", sentence.text)
    return inside is not None and position < inside.start() and sentence.text[position - 1: position] != "("


def _two_expansions(ctx: RuleContext, definitions: dict[str, list]) -> Iterator[Finding]:
    for key, found in definitions.items():
        first = found[0]
        for other in found[1:]:
            if not same_expansion(first.expansion, other.expansion):
                yield ctx.finding(
                    f"{key} is defined as '{other.expansion}' here and as '{first.expansion}' "
                    f"at line {first.span.line}",
                    other.span, related=[ctx.location(first.span)],
                    evidence={"acronym": key, "expansions": [first.expansion, other.expansion],
                              "lines": [first.span.line, other.span.line]},
                    fix=f"use one expansion of {key} throughout",
                )
                break


def _two_acronyms(ctx: RuleContext, definitions: dict[str, list]) -> Iterator[Finding]:
    seen: list = []
    for key, found in sorted(definitions.items(), key=lambda item: _position(item[1][0].span)):
        for earlier in seen:
            if acronym_key(earlier.acronym) != key and normal_expansion(earlier.expansion) == \
                    normal_expansion(found[0].expansion):
                yield ctx.finding(
                    f"'{found[0].expansion}' is abbreviated {key} here and "
                    f"{acronym_key(earlier.acronym)} at line {earlier.span.line}",
                    found[0].span, related=[ctx.location(earlier.span)],
                    evidence={"expansion": found[0].expansion,
                              "acronyms": [acronym_key(earlier.acronym), key],
                              "lines": [earlier.span.line, found[0].span.line]},
                    fix="use one acronym throughout",
                )
                break
        seen.append(found[0])


# --------------------------------------------------------------------------
# C005


_COORDINATOR = rx.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or|&)\s+)(?:the\s+)?")


@rule("C005", "doubled-entity", Severity.WARNING)
def doubled_entity(ctx: RuleContext) -> Iterator[Finding]:
    """The same country or organisation twice in one coordination ("CSTO and CSTO").

    What it checks
        Lists joined by "and", "or" or commas ("A and B", "between A and B",
        "A, B and C") of countries, acronyms and defined organisation names
        in which one entity stands twice (an acronym and its own expansion
        count as the same). A compound ("Russia and Russia-China ties") or a
        possessive ("Russia and Russia's allies") is not a repetition.

    Why it matters
        A doubled name is almost always a slip for another one (here "CSTO
        and SCO"); the sentence then says something the author did not mean.

    Example
        "... leaders of CSTO and CSTO need to manage relations ..."

    Instead
        Name the entity that was meant: "leaders of CSTO and SCO".
    """
    claims = claim_of(ctx.paper)
    expansions_found, expansions = expansion_pattern(ctx.paper)
    for sentence in body_sentences(ctx.paper):
        if not rx.search(r"\b(?:and|or)\b|&", sentence.text):
            continue
        mentions = entity_mentions(sentence.text, expansions_found, expansions)
        run = mentions[:1]
        closed = False  # "A, B and C" ends at C: "A and B, and A and C" is two lists
        for previous, mention in zip(mentions, mentions[1:]):
            gap = sentence.text[previous.end:mention.start]
            if _COORDINATOR.fullmatch(gap) and not closed:
                closed = bool(rx.search(r"\b(?:and|or)\b|&", gap))
                twin = next((m for m in run if m.name == mention.name), None)
                if twin is not None:
                    phrase = sentence.text[twin.start:mention.end]
                    yield ctx.finding(
                        f"'{phrase}' names {mention.name} twice", sentence.span,
                        claim=claims.get(sentence.index),
                        evidence={"sentence": sentence.text, "phrase": phrase, "entity": mention.name},
                        fix=f"replace the second {sentence.text[mention.start:mention.end]} "
                            f"with the entity meant",
                    )
                run.append(mention)
            else:
                run, closed = [mention], False
