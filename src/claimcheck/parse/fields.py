"""Low-level bibliographic field extraction shared by the note and entry parsers.

Every finder works on a plain string and returns positions as well as values,
so a caller can *blank* what it has consumed (``blank``) and search the rest
without the offsets of its italic spans going stale. Nothing here knows about
one paper: the patterns are those of Chicago, APA/Harvard and numbered styles.
Names (authors, editors) are split by ``names``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimcheck import rx
from claimcheck.model import UrlRef
# the name finders lived here; re-exported for callers that still use ``fields.split_names`` etc.
from claimcheck.parse.names import (  # noqa: F401
    NAME_SUFFIXES,
    PARTICLES,
    is_given_part,
    is_initials,
    invert_name,
    looks_like_name_list,
    rejoin_split_initial,
    split_names,
)

OPEN_QUOTES = "\"“„«‘"
CLOSE_QUOTES = "\"”»’"
DASHES = "-–—‐‑"

# A year as printed; the look-arounds keep "1527" pages or "10.1007/2014" DOIs out
# only as far as cheap patterns can.
YEAR_RE = rx.compile(r"(?<![\w/.:-])(1[5-9]\d\d|20\d\d)([a-z])?(?![\w/]|[-–]\d)")
# A parenthesised year keeps even an implausible printing like "(201)"; APA
# dates "(2006, June 29)" and "(September 1985)" count as their year.
PAREN_YEAR_RE = rx.compile(
    r"\((?:[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?)?(\d{3,4}[a-z]?|n\.\s?d\.|in press|forthcoming)"
    r"(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:[-–]\d{1,2})?)?)?\)",
    re.I,
)
ND_RE = rx.compile(r"\bn\.\s?d\.", re.I)
DOI_RE = rx.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+)", re.I)
PAGE_RANGE = rf"\d+\s*[{DASHES}]+\s*\d+|[A-Z]?\d+"
PAGES_RE = rx.compile(rf"\b(?:pp?\.|pages?)\s*({PAGE_RANGE})", re.I)
BARE_RANGE_RE = rx.compile(rf"(?<![\w.(/-])(\d+\s*[{DASHES}]+\s*\d+)(?![\w/)])")
VOLUME_RE = rx.compile(r"\b(?:vol(?:ume)?\.?)\s*(\d+[A-Z]?)", re.I)
ISSUE_RE = rx.compile(r"\b(?:no|nos|issue|iss|nr|n°)\.?\s*(\d+(?:[/-]\d+)?)", re.I)
VOL_PAREN_ISSUE_RE = rx.compile(r"(?<![\w.])(\d{1,4})\s*\(([\w/–-]{1,12})\)")
# "edited by X", "ed. X", "Eds. X" put the names after the cue; "X (Eds.)",
# "X, editors," put them before it.
EDITOR_AFTER_RE = rx.compile(r"\b(?:edited\s+by|eds?\.|editors?:?)\s+(?=[A-Z])", re.I)
EDITOR_BEFORE_RE = rx.compile(
    r"\((?:eds?|editors?)\.?\)|,\s*(?:eds?\.?|editors?)(?=\s*[,:;)]|\.?\s*$)|,\s*Eds?\.(?=\s)", re.I
)
EDITION_BEFORE_RE = rx.compile(r"(?:\d(?:st|nd|rd|th)|[Rr]ev\.|[Nn]ew|[Ss]econd|[Tt]hird)\s*$")


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in a string and where it was ([start, end) of the match)."""

    start: int
    end: int
    value: str


# --------------------------------------------------------------------------
# Buffer helpers


def blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces, keeping every other offset valid."""
    return text[:start] + " " * (end - start) + text[end:]


def strip_punct(value: str) -> str:
    """Trim the separators a field drags along (``, . : ;`` quotes, brackets)."""
    value = value.strip().strip(" ,.;:").strip(OPEN_QUOTES + CLOSE_QUOTES + " ")
    value = value.strip(" ,;:")
    if value.endswith(".") and not rx.search(r"\b[A-Z]\.$|\.\.\.$", value):
        value = value[:-1]
    if value.count("(") < value.count(")") and value.endswith(")"):
        value = value[:-1]
    if value.count("(") > value.count(")") and value.startswith("("):
        value = value[1:]
    return rx.sub(r"\s+", " ", value).strip(" ,;:")


# letters NFKD does not decompose into an ASCII base
FOLD_TABLE = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ß": "ss", "Ł": "L", "ł": "l",
                            "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "Œ": "OE", "œ": "oe", "ı": "i"})


def ascii_fold(value: str) -> str:
    """Strip diacritics ("Rytövuori" -> "Rytovuori", "Ødegård" -> "Odegard") for keys."""
    decomposed = unicodedata.normalize("NFKD", value.translate(FOLD_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------
# Titles


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted title found in a citation, and whether both its quotes were there."""

    start: int  # the opening quote (or where the title starts when it was lost)
    end: int  # just past the closing quote
    inner: str
    balanced: bool


_OPENING_QUOTE = rx.compile(r"(?:^|(?<=[\s(\[:;,.*]))([\"“„«])")
_SINGLE_QUOTED = rx.compile(r"['‘](\S(?:.*?\S)?)['’](?=[\s,.;:)]|$)")


def find_quoted(text: str, start: int = 0) -> Quoted | None:
    """First quoted title at or after ``start``: "..." or “...”.

    A straight quote preceded by a letter is an apostrophe-like mark only when
    it is a ’; straight " always counts. When the first closing quote is not
    preceded by punctuation but a later one is (``"Partners" NATO and X,"``),
    conversion lost a quote inside the title, so the title runs to the later one.
    """
    open_match = _OPENING_QUOTE.search(text, start)
    if not open_match:
        return None
    inner_start = open_match.end()
    closes = [m.start() for m in rx.finditer(r"[\"”»]", text[inner_start:])]
    if not closes:
        return None
    close = closes[0]
    if text[inner_start + close - 1 : inner_start + close] not in ",.?!" and len(closes) > 1:
        later = closes[1]
        between = text[inner_start + close + 1 : inner_start + later]
        if text[inner_start + later - 1] in ",." and not YEAR_RE.search(between) and len(between) < 80:
            close = later
    inner = text[inner_start : inner_start + close]
    return Quoted(open_match.start(), inner_start + close + 1, inner, True)


def find_single_quoted(text: str, start: int) -> Quoted | None:
    """British-style 'Title', opening exactly at ``start`` (apostrophes abound elsewhere)."""
    match = _SINGLE_QUOTED.match(text, start)
    if not match:
        return None
    return Quoted(match.start(), match.end(), match.group(1), True)


def clean_title(value: str) -> str:
    """Title as printed without wrapping quotes and trailing separators."""
    value = strip_punct(value)
    # "Title?," keeps its question mark but not the comma
    return value.rstrip(",;:").strip()


# --------------------------------------------------------------------------
# Years, volumes, pages


def find_year(text: str, start: int = 0, end: int | None = None) -> Found | None:
    """The first year in text[start:end]: "(2019)", "(201)", "2016a", "n.d."."""
    end = len(text) if end is None else end
    window = text[:end]
    candidates = []
    paren = PAREN_YEAR_RE.search(window, start)
    if paren:
        candidates.append(Found(paren.start(), paren.end(), paren.group(1)))
    plain = YEAR_RE.search(window, start)
    if plain:
        candidates.append(Found(plain.start(), plain.end(), plain.group(0)))
    nodate = ND_RE.search(window, start)
    if nodate:
        candidates.append(Found(nodate.start(), nodate.end(), "n.d."))
    return min(candidates, key=lambda f: f.start) if candidates else None


def find_volume_issue(text: str, start: int = 0) -> tuple[Found | None, Found | None]:
    """Volume and issue: ``68, no. 9``, ``vol.14, no. 2``, ``61(3)``, ``no. 152``."""
    rest = text[start:]
    paren = VOL_PAREN_ISSUE_RE.search(rest)
    vol_word = VOLUME_RE.search(rest)
    issue = ISSUE_RE.search(rest)
    volume = None
    if vol_word:
        volume = Found(start + vol_word.start(), start + vol_word.end(), vol_word.group(1))
    elif paren and not YEAR_RE.fullmatch(paren.group(1)) and not (issue and issue.start() < paren.start()):
        volume = Found(start + paren.start(), start + paren.end(), paren.group(1))
        issue_value = paren.group(2).strip()
        if YEAR_RE.fullmatch(issue_value):
            return volume, None  # "12 (2019)": a year, not an issue
        return volume, Found(start + paren.start(), start + paren.end(), issue_value)
    if issue:
        issue_found = Found(start + issue.start(), start + issue.end(), issue.group(1))
        if volume is None:
            before = rx.search(r"(?<![\w.])(\d{1,4})\s*[,:]?\s*$", rest[: issue.start()])
            if before and not rx.fullmatch(r"1[5-9]\d\d|20\d\d", before.group(1)):
                volume = Found(start + before.start(1), start + before.end(1), before.group(1))
        return volume, issue_found
    return volume, None


# "Development 127: 1607", "Rev Med Suisse 2009;5: 1882-1889": volume, colon, pages
VOLUME_COLON_PAGES_RE = rx.compile(
    rf"(?<![\w.:/-])(\d{{1,4}})\s*:\s*([A-Z]?\d{{1,6}}(?:\s*[{DASHES}]+\s*[A-Z]?\d{{1,6}})?)(?![\w:/.]\w)")


def find_volume_colon_pages(text: str, start: int = 0) -> tuple[Found | None, Found | None]:
    """(volume, pages) printed as ``127: 1607``; a year is no volume."""
    for match in VOLUME_COLON_PAGES_RE.finditer(text, start):
        if YEAR_RE.fullmatch(match.group(1)) or rx.fullmatch(r"(?:[01]?\d|2[0-3]):[0-5]\d", match.group(0)):
            continue  # a year, or a time of day ("at 10:30")
        return (Found(match.start(1), match.end(1), match.group(1)),
                Found(match.start(2), match.end(2), normalise_range(match.group(2))))
    return None, None


def find_pages(text: str, start: int = 0) -> Found | None:
    """Pages: ``pp. 30–50``, ``p. 57``, a bare range ``1526-1552``."""
    labelled = PAGES_RE.search(text, start)
    if labelled:
        return Found(labelled.start(), labelled.end(), normalise_range(labelled.group(1)))
    for bare in BARE_RANGE_RE.finditer(text, start):
        low, high = rx.split(rf"\s*[{DASHES}]+\s*", bare.group(1))
        after_colon = rx.search(r":\s*$", text[: bare.start()])
        if is_year_range(low, high) and not after_colon:
            continue  # "1994-1999" in prose is a period, not pages
        return Found(bare.start(), bare.end(), normalise_range(bare.group(1)))
    return None


def is_year_range(low: str, high: str) -> bool:
    years = [int(v) for v in (low, high) if rx.fullmatch(r"1[5-9]\d\d|20\d\d", v)]
    return len(years) == 2 and years[0] <= years[1] and years[1] - years[0] < 60


def normalise_range(value: str) -> str:
    return rx.sub(rf"\s*[{DASHES}]+\s*", "-", value.strip())


# --------------------------------------------------------------------------
# Publisher, place, editors, DOI


# a place's words: "New York", "St. Louis", "Washington, D.C."; a longer word
# ending in a period ends a sentence ("... Machine Learning. Irvine, CA: ...")
_PLACE_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][a-z]{0,2}\.|[A-Z][\w'’-]*)"
PLACE = rf"{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}(?:,\s*[A-Z][A-Za-z.]{{1,5}}(?:\s?[A-Z]\.)?)?"
# possessive spaces: a blanked field leaves a long run of them, which a lazy
# publisher and two "\s*" would otherwise split every way before failing
PLACE_PUBLISHER_RE = rx.compile(
    rf"(?<![\w])({PLACE})\s*:\s*([^:;()]+?)\s*+[,.;]?+\s*+(?=\(?(?:1[5-9]\d\d|20\d\d)\b|\.?\s*+$|\)|\.\s)")


def find_place_publisher(text: str, start: int = 0) -> tuple[Found | None, Found | None]:
    """``(Place: Publisher, 2010)`` in notes, ``Place: Publisher, 2010.`` in entries."""
    match = PLACE_PUBLISHER_RE.search(text, start)
    if not match:
        return None, None
    # "Wiley,   , pp. 12" once the year is blanked: the publisher ends at the gap
    raw = rx.split(r",\s{2,}|,\s*(?:pp?\b\.?|\d)|\s{3,}", match.group(2))[0]
    publisher = strip_punct(raw)
    if not publisher or len(publisher.split()) > 10 or rx.match(r"\d", publisher):
        return None, None
    return (
        Found(match.start(1), match.end(1), strip_punct(match.group(1))),
        Found(match.start(2), match.start(2) + len(raw), publisher),
    )


# a publisher known by its name, printed without "Place:" ("MIT Press, Cambridge,
# MA, 1990", "Springer-Verlag, 1985"), and the place that may follow it
_PUBLISHER_NAME = (r"(?:[A-Z][\w&'’-]*\.?\s+){0,5}(?:Press|Publishers|Publishing|Publications|Verlag|Books)"
                   r"|(?:Morgan[\s-])?Kaufmann|Addison[\s-]Wesley|Prentice[\s-]Hall|McGraw[\s-]Hill|Springer(?:[\s-]Verlag)?"
                   r"|(?:John\s+)?Wiley(?:\s+(?:&|and)\s+Sons)?|Elsevier|Routledge|Macmillan|Blackwell|Pergamon|Kluwer"
                   r"|North[\s-]Holland|Dover|Palgrave(?:\s+Macmillan)?|Ashgate|Brill")
NAMED_PUBLISHER_RE = rx.compile(
    rf"(?:^|(?<=[,.;:]\s)|(?<=\s\s))({_PUBLISHER_NAME})(?:,?\s+(?:Inc|Ltd|Co)\.?)?"
    rf"(?:,\s*({PLACE}))?\s*(?=[,.;(]|$)")


def find_named_publisher(text: str, start: int = 0) -> tuple[Found | None, Found | None]:
    """(place, publisher) for a publisher printed by name, place after it or none."""
    match = NAMED_PUBLISHER_RE.search(text, start)
    if not match:
        return None, None
    publisher = Found(match.start(1), match.end(1), strip_punct(match.group(1)))
    place = Found(match.start(2), match.end(2), strip_punct(match.group(2))) if match.group(2) else None
    return place, publisher


def find_editors(text: str, start: int = 0) -> Found | None:
    """Editors after ``ed.``/``edited by`` or before ``(Eds.)``; value is the name list."""
    found: list[Found] = []
    for cue in EDITOR_AFTER_RE.finditer(text, start):
        if EDITION_BEFORE_RE.search(text[: cue.start()]):
            continue  # "2nd ed. London" is an edition
        tail = EDITOR_TAIL_RE.match(text, cue.end())
        if tail and tail.group(1).strip(" ,."):
            found.append(Found(cue.start(), tail.end(), tail.group(1).strip(" ,.")))
            break
    for cue in EDITOR_BEFORE_RE.finditer(text, start):
        names = _names_before(text, start, cue.start())
        if names:
            found.append(Found(names.start, cue.end(), names.value))
            break
    return min(found, key=lambda f: f.start) if found else None


_FULL_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}"
FULL_NAMES_RE = rx.compile(rf"{_FULL_NAME}(?:\s+(?:and|&)\s+{_FULL_NAME})?")


def _names_before(text: str, start: int, cue: int) -> Found | None:
    """Names just before an "(Eds.)"/", Ed." cue: the comma parts holding initials
    (or an inverted "Family, I."), back to an "In"; a book title is not one."""
    head = text[start:cue]
    opener = list(rx.finditer(r"\b[Ii]n:?\s+", head))
    begin = opener[-1].end() if opener else 0
    parts = [(m.start(), m.group(0)) for m in rx.finditer(r"[^,]+", head[begin:])]
    chosen = None
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index][1].strip()
        if rx.fullmatch(r"et\.? al\.?", part):
            continue  # "In L. R. Bergman, R. B. Cairns, et al. (Eds.)"
        with_initial = rx.search(r"\b[A-Z]\.", part) or rx.match(r"(?:and|&)\s", part)
        following = parts[index + 1][1].split() if index + 1 < len(parts) else []
        inverted = bool(following) and all(is_initials(t) for t in following)
        # "In Rohit Parikh, editor": right after "In", full names need no initial
        named_after_in = bool(opener) and index == 0 and len(parts) == 1 and bool(FULL_NAMES_RE.fullmatch(part))
        if not ((with_initial or inverted or named_after_in) and looks_like_name_list(part) and len(part.split()) <= 8):
            break
        chosen = index
    if chosen is None:
        return None
    offset = start + begin + parts[chosen][0]
    value = text[offset:cue].strip(" ,")
    return Found(start + (opener[-1].start() if opener and chosen == 0 else begin + parts[chosen][0]), cue, value)


# where the names after "edited by" stop: a parenthesis, a page, "Place:",
# or a sentence end that is not an initial ("Anatoliy A. Rozanov. Geneva")
EDITOR_TAIL_RE = rx.compile(
    r"(.+?)(?=\s*\(|,\s*(?:pp?\.|\d)|(?<!\b[A-Z])[.;,]\s+(?:[A-Z][\w ]*:|\d|pp?\.)"
    r"|(?<!\b[A-Z])\.\s+[A-Z]|(?<!\b[A-Z])\.?\s*$)"
)


def find_doi(text: str) -> Found | None:
    match = DOI_RE.search(text)
    if not match:
        return None
    doi = match.group(1).rstrip(".,;)]")
    if doi.count("(") > doi.count(")"):
        doi += ")"  # rstrip ate a ")" that belongs to the DOI (SICI style)
    return Found(match.start(), match.start(1) + len(doi), doi)


def locate_urls(text: str) -> list[tuple[int, int, UrlRef]]:
    """URLs in text via the url module (imported lazily: it is another stage's)."""
    from claimcheck.parse.urls import find_urls

    return list(find_urls(text))
