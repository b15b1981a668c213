"""Check-worthy sentences become claims.

A sentence is check-worthy when it carries a footnote marker (found or
inferred), quotes someone, states a figure or a date, or states who is or is
not a member of what. Its kind is the most specific of these: quote, then
membership, statistic, date_event, else other (a cited statement).

Claim ids hash the sentence's words (not its punctuation, spacing or
markers), so re-extraction gives the same id; the record merger carries an
old id over when a sentence was edited slightly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from claimcheck import rx
from claimcheck.model import Acronym, Claim, Entity, Sentence

_QUOTATION = rx.compile(r"[\"“](?P<quote>[^\"”]{3,}?)[\"”]|[\"“](?P<open>[^\"”]{20,})$")
_FIGURE = rx.compile(
    r"(?=\d)(?<![\w/])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?%|\s?per\s?cent|th|st|nd|rd)?(?![\w/])"
    r"(?:-(?:head|strong|year|member|fold))?")
_YEAR = rx.compile(r"(?=[12])(?<![\w/.,-])(1[89]\d\d|20\d\d)(?![\w/])")
_DATE_WORDS = rx.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|\b\d{1,2}/\d{1,2}\b|\b(?:since|until|after|before|during|in) the (?:mid-)?\d{4}s\b")
_SPELLED = rx.compile(  # the lookahead (the words' first letters) halves the scan
    r"(?=[otfesnhmbd])\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|billion)(?:-(?:year|month|day|fold|times))?|half|"
    r"twice|thrice|dozens?)\b(?:\s+(?:times|years|months|decades))?", re.IGNORECASE)
# A statement of who is, was or is not a member of what: a form of "to be"
# (or "become", "remain", "no more") before member/observer/partner, a verb of
# joining or leaving, or membership being given, granted or extended. An
# acronym stays case-sensitive: "left the CSTO", not "left the summit".
_MEMBERSHIP = rx.compile(
    r"\b(?:is|are|was|were|be|been|being|become|became|becomes|remains?|remained|no more|"
    r"no longer|not)\s+(?:\w+\s+){0,2}?(?:members?|observers?|dialogue partners?|"
    r"associate members?)\b"
    r"|\b(?:joined|has left|have left|had left|left (?:the )?(?-i:[A-Z]{2,})|withdr(?:ew|awn|aws?|awal) from|"
    r"expelled|admitted|acceded|accession)\b"
    r"|\bmembership\b[^.]{0,40}\b(?:given|granted|extended|suspended|offered)\b"
    r"|\b(?:granting|granted|given|extended|offered)\b[^.]{0,30}\bmembership\b"
    r"|\bmembers of (?-i:[A-Z]{2,})\w* (?:are|were) (?:also )?members\b", re.IGNORECASE)
_LETTERS = rx.compile(r"[A-Za-z]+")
# function words only English uses; dense technical prose ("Metal halide
# perovskites have reached ... above 25%") has few of the commonest ones
_ENGLISH_STOP = set("the of and to in a is that for it as was with be by on not are this "
                    "which have from or an its has been their were than at but can these those "
                    "above below between into after before also such both other there may had "
                    "would will they we our who when where while about over under more less".split())


@lru_cache(maxsize=8192)  # asked of the same sentence by the extractor and by several rules
def is_english(text: str) -> bool:
    words = _LETTERS.findall(text.lower())
    if len(words) < 6:
        return True
    return sum(1 for w in words if w in _ENGLISH_STOP) / len(words) >= 0.12


@lru_cache(maxsize=8192)
def quotes_in(text: str) -> tuple[str, ...]:
    """Quoted passages of three words or more (shorter ones are scare quotes)."""
    found = []
    for match in _QUOTATION.finditer(text):
        quote = (match.group("quote") or match.group("open") or "").strip()
        if len(quote.split()) >= 3:
            found.append(quote)
    return tuple(found)


@lru_cache(maxsize=8192)
def numbers_in(text: str) -> tuple[str, ...]:
    years = {m.start() for m in _YEAR.finditer(text)}
    figures = [m.group() for m in _FIGURE.finditer(text) if m.start() not in years
               and not _is_range_year(text, m)]
    spelled = [m.group() for m in _SPELLED.finditer(text)]
    return tuple(figures + spelled)


def _is_range_year(text: str, match: re.Match[str]) -> bool:
    # the second half of "2019-2021" or "1994-1999"
    return bool(rx.fullmatch(r"\d{4}", match.group())) and text[max(0, match.start() - 5): match.start()].rstrip("-–").isdigit()


@lru_cache(maxsize=8192)
def years_in(text: str) -> tuple[int, ...]:
    return tuple(int(y) for y in _YEAR.findall(text))


def claim_kind(text: str, quotes: tuple[str, ...]) -> str:
    if quotes:
        return "quote"
    if _MEMBERSHIP.search(text):
        return "membership"
    if any(not rx.fullmatch(r"\d{4}", n) for n in numbers_in(text) if n[0].isdigit()):
        return "statistic"
    if years_in(text) or _DATE_WORDS.search(text):
        return "date_event"
    return "other"


def is_check_worthy(sentence: Sentence, footnotes: Iterable[int]) -> bool:
    text = sentence.text
    return bool(list(footnotes) or quotes_in(text) or years_in(text) or _DATE_WORDS.search(text)
                or any(n[0].isdigit() for n in numbers_in(text)) or _MEMBERSHIP.search(text))


def claim_id(text: str) -> str:
    words = " ".join(rx.findall(r"\w+", text.lower()))
    return "c" + hashlib.blake2b(words.encode("utf-8"), digest_size=4).hexdigest()


@lru_cache(maxsize=1)
def country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every country name (longest first), and alias -> canonical.

    Public because the consistency checks match countries with the same list."""
    import pkgutil  # reads package data as importlib.resources does, at a sixth of its import cost

    listing = pkgutil.get_data("claimcheck", "data/countries.txt").decode("utf-8")
    canonical: dict[str, str] = {}
    for line in listing.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, target = (part.strip() for part in line.partition("="))
            canonical[name] = target or name
    names = sorted(canonical, key=len, reverse=True)
    # Proper nouns, matched as capitalised ("Turkey", not the bird; "US", not "us"):
    # case-sensitive literals behind a capital-letter lookahead are ten times faster
    # than a case-folding alternation.
    # (fixed data, so its compiled program is kept across runs like the other fixed patterns)
    pattern = rx.compile(r"(?=[A-ZÀ-Þ])(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    folded = {n.lower(): c for n, c in canonical.items() if len(n) > 4}
    return pattern, {**folded, **canonical}


def entities_in(text: str, acronyms: dict[str, Acronym]) -> tuple[Entity, ...]:
    pattern, canonical = country_pattern()
    entities: list[Entity] = []
    seen: set[tuple[str, str]] = set()
    for match in pattern.finditer(text):
        name = canonical.get(match.group()) or canonical.get(match.group().lower(), match.group())
        if ("country", name) not in seen:
            seen.add(("country", name))
            entities.append(Entity(name, "country"))
    lowered = text.lower()
    for short, acronym in acronyms.items():
        if short in text and re.search(rf"\b{re.escape(short)}\b", text) or acronym.expansion.lower() in lowered:
            if ("organisation", acronym.expansion) not in seen:
                seen.add(("organisation", acronym.expansion))
                entities.append(Entity(acronym.expansion, "organisation", short))
    return tuple(entities)


def build_claims(sentences: list[Sentence], footnotes_of: dict[int, tuple[int, ...]],
                 refs_of_note: dict[int, tuple[str, ...]], acronyms: dict[str, Acronym],
                 cited_in_text: dict[int, list[str | None]] | None = None) -> list[Claim]:
    """Claims for the check-worthy sentences; ``footnotes_of`` maps a sentence
    index to the notes whose marker (found or inferred) it carries, and
    ``cited_in_text`` to the entries its in-text citations name."""
    cited_in_text = cited_in_text or {}
    # quotes_in / numbers_in / years_in are memoised because one sentence is read
    # several times (check-worthiness, kind, record); start each paper afresh
    for memo in (quotes_in, numbers_in, years_in):
        memo.cache_clear()
    claims: list[Claim] = []
    used_ids: dict[str, int] = {}
    for sentence in sentences:
        notes = footnotes_of.get(sentence.index, ())
        in_text = cited_in_text.get(sentence.index, [])
        if not is_english(sentence.text) or not (in_text or is_check_worthy(sentence, notes)):
            continue
        quotes = quotes_in(sentence.text)
        identifier = claim_id(sentence.text)
        used_ids[identifier] = used_ids.get(identifier, 0) + 1
        if used_ids[identifier] > 1:
            identifier = f"{identifier}-{used_ids[identifier]}"
        refs = tuple(dict.fromkeys([*(key for n in notes for key in refs_of_note.get(n, ())),
                                    *(key for key in in_text if key)]))
        claims.append(Claim(
            id=identifier, sentence=sentence.index, section=sentence.section,
            text=sentence.text, span=sentence.span, kind=claim_kind(sentence.text, quotes),
            footnotes=tuple(notes), refs=refs, quotes=quotes,
            numbers=numbers_in(sentence.text), years=years_in(sentence.text),
            entities=entities_in(sentence.text, acronyms)))
    return claims


def carry_ids(claims: list[Claim], previous: list[tuple[str, str]],
              threshold: float = 90.0) -> list[Claim]:
    """Keep the ids of a previous extraction for sentences that were edited slightly.

    ``previous`` holds (id, text) of the claims as last extracted. A new claim
    whose id is new takes the id of the most similar unused previous claim
    (rapidfuzz ratio >= ``threshold`` on the words), so annotations, footnote
    links and outside references to the claim keep working.
    """
    from dataclasses import replace

    from rapidfuzz import fuzz

    current = {c.id for c in claims}
    free = [(old_id, _words(text)) for old_id, text in previous if old_id not in current]
    pairs = sorted(
        ((fuzz.ratio(_words(claim.text), old_text), index, old_id)
         for index, claim in enumerate(claims) if claim.id not in dict(previous)
         for old_id, old_text in free),
        reverse=True)
    taken_claims: set[int] = set()
    taken_ids: set[str] = set()
    result = list(claims)
    for score, index, old_id in pairs:
        if score < threshold or index in taken_claims or old_id in taken_ids:
            continue
        result[index] = replace(result[index], id=old_id)
        taken_claims.add(index)
        taken_ids.add(old_id)
    return result


def _words(text: str) -> str:
    return " ".join(rx.findall(r"\w+", text.lower()))
