"""The field-finding walk shared by reference-list entries and footnotes.

A reference entry and a note citation print the same fields in a different
order (a note has names "Given Family", publication facts in parentheses and
a pinpoint page at the end), so one walk serves both: ``parse_work`` with
``note=False`` for an entry (``references.parse_reference``) and
``note=True`` for a note piece (``citations.parse_note``).

The walk goes left to right -- authors, year (author-date), title, then the
tail -- and *blanks* each field it takes (``fields.blank``), so that what is
left after the title is, in order, the container and the publication facts.
Italic spans from the reader are the strongest hint for a container or a
book title; without them (plain-text papers) the container is the first
chunk left between the title and the first publication fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claimcheck import rx
from claimcheck.model import UrlRef, WorkFields, WorkKind
from claimcheck.parse import fields as f
from claimcheck.parse.author_block import EDITORS_AS_AUTHORS_RE, take_authors
from claimcheck.parse.names import split_names

# Text a web entry wraps around its URL ("Retrieved from", "Accessed 3 May 2019")
ACCESS_RE = rx.compile(
    r"\b(?:Retrieved(?:\s+\w+\s+\d{1,2},?\s+\d{4},?)?\s+from|Available\s+(?:at|from|online)|"
    r"URL|\[Online\]|\[online\]|(?:Last\s+)?[Aa]ccessed(?:\s+on)?:?\s+[\w ,./-]*?\d{4})\s*:?",
)
# ``Title,'' as TeX prints quotes
LATEX_OPEN_QUOTE_RE = rx.compile(r"``(?=\S)")
LATEX_CLOSE_QUOTE_RE = rx.compile(r"(?<=\S)''")
EDITION_RE = rx.compile(r"\(?\b\d+(?:st|nd|rd|th)\s+(?:rev\.\s+)?ed(?:ition|n)?\.?\)?", re.I)
JOURNAL_WORDS = rx.compile(
    r"\b(?:Journal|J\.|Review|Rev\.|Studies|Quarterly|Bulletin|Annals|Transactions|Trans\.|"
    r"Letters|Lett\.|Proceedings|Proc\.|Magazine|Science|Research|Affairs|Monitor|Forum|Survey)\b"
)
PUBLISHER_WORDS = rx.compile(
    r"\b(?:Press|Publishers?|Publishing|Verlag|Books|Inc|Ltd|Co\.|Editions?|Éditions|"
    r"University|Universit\w+|Institute|Routledge|Springer|Wiley|Elsevier|Sage|Macmillan)\b"
)
INSTITUTION_WORDS = rx.compile(
    r"\b(?:Institute|Institut\w*|College|University|Centre|Center|Ministry|Council|Foundation|"
    r"Endowment|Agency|Department|Office|Bank|Commission|Organi[sz]ation)\b"
)
REPORT_WORDS = rx.compile(r"\b(?:Technical\s+Report|Working\s+Paper|White\s+Paper|Report\s+No\.|Tech\.\s+Rep\.)", re.I)


def parse_work(text: str, italics: Sequence[tuple[int, int]] = (), *, note: bool) -> WorkFields:
    """Fields of one work printed as an entry (``note=False``) or a note citation."""
    spans = _widen_italics(text, italics)
    work = LATEX_OPEN_QUOTE_RE.sub(" “", LATEX_CLOSE_QUOTE_RE.sub("” ", text))  # same length: offsets hold
    urls, work = _take_urls(work)
    doi = f.find_doi(text)
    if doi:
        work = f.blank(work, doi.start, min(doi.end, len(work)))
    work = ACCESS_RE.sub(lambda m: " " * len(m.group(0)), work)
    work = EDITION_RE.sub(lambda m: " " * len(m.group(0)), work)

    authors, pos = take_authors(work, spans, note)
    editors_first = bool(authors) and bool(EDITORS_AS_AUTHORS_RE.search(work[:pos]))
    year = None
    if not note:
        year, pos = _take_leading_year(work, pos)
        if year:
            work = f.blank(work, year.start, year.end)
    title, title_end, title_is_italic = _take_title(work, spans, pos, note)
    work = f.blank(work, pos, title_end)

    if editors_first:  # "Allison, Roy, and Lena Jonson, eds. *Book*": an edited book
        result = WorkFields(editors=tuple(authors), title=title, urls=tuple(urls), doi=doi.value if doi else None)
    else:
        result = WorkFields(authors=tuple(authors), title=title, urls=tuple(urls), doi=doi.value if doi else None)
    tail = _parse_tail(work, spans, title_end, note, year, title_is_italic)
    result = replace(result, **tail)
    if title_is_italic and not result.container:
        result = replace(result, kind="book")
    return replace(result, kind=_kind(result, work, title_end, title_is_italic))


def _widen_italics(text: str, italics: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Italic spans grown to whole words ("E*urasia Daily Monitor*" lost an 'E')."""
    widened = []
    for start, end in sorted(italics):
        start, end = max(0, start), min(len(text), end)
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        if end > start:
            widened.append((start, end))
    return widened


def _take_urls(work: str) -> tuple[list[UrlRef], str]:
    urls = []
    for start, end, ref in f.locate_urls(work):
        urls.append(ref)
        work = f.blank(work, start, end)
    return urls, work


def _take_leading_year(work: str, pos: int) -> tuple[f.Found | None, int]:
    """Author-date year right after the names: ``(2019).``, ``2019.``, ``(n.d.)``."""
    year = f.find_year(work, pos)
    if year and not work[pos : year.start].strip(" .,:;("):
        after = rx.match(r"[\s.,:;)]*", work[year.end :])
        return year, year.end + (after.end() if after else 0)
    return None, pos


# --------------------------------------------------------------------------
# Title


def _take_title(work: str, spans: list[tuple[int, int]], pos: int, note: bool) -> tuple[str | None, int, bool]:
    """(title, end offset, whether the title is italic)."""
    lead = len(work[pos:]) - len(work[pos:].lstrip(" .,:;"))
    # "Debray, S. K., Automatic Mode Inference, J. Logic Prog.": a comma after
    # the names marks a style whose fields, the title too, end at commas
    comma_fields = pos > 0 and work[pos : pos + lead].strip().startswith(",")
    pos += lead
    quoted = f.find_quoted(work, pos)
    if not quoted or work[pos : quoted.start].strip(" ,.:("):
        quoted = f.find_single_quoted(work, pos)
    if quoted and not work[pos : quoted.start].strip(" ,.:("):
        return f.clean_title(quoted.inner) or None, quoted.end, False
    lost = rx.search(r"[,.?!][\"”]", work[pos:])
    if lost and not rx.search(rf"[{f.OPEN_QUOTES}]", work[pos : pos + lost.start()]):
        before_italic = all(s >= pos + lost.start() or s < pos for s, _ in spans)
        if before_italic and not f.YEAR_RE.search(work[pos : pos + lost.start()]):
            end = pos + lost.end()
            return f.clean_title(work[pos:end]) or None, end, False
    for start, end in spans:
        if start >= pos and not work[pos:start].strip(" ,.:"):
            return f.clean_title(work[start:end]) or None, end, True
    end = _title_end(work, spans, pos, note, comma_fields=comma_fields)
    title = f.clean_title(work[pos:end])
    if not rx.search(r"[^\W\d_]", title):
        return None, pos, False  # "53" after the names is a page, not a title
    return title, end, False


# where an unquoted title ends: a sentence end, ", In", ", (", ", 12" (not a
# "1830-1870" period), "(Place: Publisher)" or a blanked field
ENTRY_TITLE_STOP = (
    r"[.?!](?=\s+\S)|,(?=\s*(?:[Ii]n:?\s|\(|\d(?!\d{3}\s*[-–]\s*\d{4})))|\s(?=In:?\s)|\s{3,}"
    r"|\s(?=\([^()]*[\s:][^()]*\))"
)
NOTE_TITLE_STOP = r"[,.](?=\s)|\s{3,}|\s\((?![A-Z]{2,}\))"
# fields ended by commas: also a comma before a capital ("..., Curr Biol, 1996"),
# not one inside the title ("orientation, electrical, and thermal transport")
COMMA_TITLE_STOP = ENTRY_TITLE_STOP + r"|,(?=\s+[A-Z])"


def _title_end(work: str, spans: list[tuple[int, int]], pos: int, note: bool, *, comma_fields: bool = False) -> int:
    """Plain title: up to a sentence end, an italic container or the year."""
    limit = len(work)
    for start, _ in spans:
        if start > pos:
            limit = min(limit, start)
            break
    stop = NOTE_TITLE_STOP if note else COMMA_TITLE_STOP if comma_fields else ENTRY_TITLE_STOP
    for match in rx.finditer(stop, work[pos:limit]):
        at = pos + match.start()
        before = rx.search(r"(\S+)$", work[pos:at])
        if before and rx.fullmatch(r"(?:[A-Z]|[A-Z][a-z]{0,2}|vs|e\.g|i\.e|et al)", before.group(1)) and work[at] == ".":
            continue  # "U.S." / "Dr." / "vs." inside a title
        return at + (1 if work[at] in "?!" else 0)
    return limit


# --------------------------------------------------------------------------
# After the title


def _parse_tail(
    work: str, spans: list[tuple[int, int]], start: int, note: bool, year: f.Found | None, title_is_italic: bool
) -> dict:
    """Container, editors, publication facts and pages after the title."""
    found: dict = {}
    taken: list[int] = []  # starts of consumed fields, to bound the container

    def take(key: str, item: f.Found | None, value: str | None = None) -> None:
        nonlocal work
        if item is None:
            return
        found[key] = value if value is not None else item.value
        taken.append(item.start)
        work = f.blank(work, item.start, item.end)

    in_cue = rx.match(r"[\s.,]*[Ii]n:?\s+", work[start:])
    chapter_at = start + in_cue.end() if in_cue else None
    editors = f.find_editors(work, start)
    if editors:
        names = rx.sub(r"^[Ii]n:?\s+", "", editors.value)
        found["editors"] = tuple(split_names(names))
        if rx.sub(r"^[\s.,]*(?:[Ii]n:?\s)?", "", work[start : editors.start]).strip(" .,"):
            taken.append(editors.start)  # "in Book, ed. X": the names end the container
        work = f.blank(work, editors.start, editors.end)
    if chapter_at is not None:
        work = f.blank(work, start, chapter_at)
    container, container_end = _italic_container(work, spans, start)
    if container:
        work = f.blank(work, _container_start(work, spans, start), container_end)
    if year is None:
        tail_year = _tail_year(work, start, note)
        if tail_year is not None and not note and _names_an_event(work, tail_year):
            found["year"] = tail_year.value  # "of the 1992 ACM Conference": the year stays in the name
        else:
            take("year", tail_year)
    else:
        found["year"] = year.value
    place, publisher = f.find_place_publisher(work, start)
    if publisher is None:
        place, publisher = f.find_named_publisher(work, start)
    if publisher:
        take("place", place)
        take("publisher", publisher)
    volume, issue = f.find_volume_issue(work, start)
    take("volume", volume)
    take("issue", issue)
    take("pages", _pinpoint(work, start) if note else f.find_pages(work, start))
    if volume is None and not note and not issue:
        volume, colon_pages = f.find_volume_colon_pages(work, start)
        take("volume", volume)
        if "pages" not in found:
            take("pages", colon_pages)
    if volume is None and not note and (found.get("pages") or issue):
        take("volume", _bare_volume(work, start))
    if note and "place" not in found:
        take("place", _note_place(work, start))
    if not container:
        container = _plain_container(work, start, taken)
        book = title_is_italic and not found.get("editors")
        if container and not found.get("publisher") and not volume and (book or _is_publisher(container, note)):
            found["publisher"], container = container, None
    found["container"] = container
    return found


def _italic_container(work: str, spans: list[tuple[int, int]], start: int) -> tuple[str | None, int]:
    for span_start, span_end in spans:
        if span_start >= start:
            volume = ITALIC_VOLUME_RE.search(work, span_start, span_end)
            if volume:  # APA italicises the volume with the journal: "*Sleep Health, 1*(1)"
                span_end = volume.start(1)
            value = work[_container_start(work, spans, start) : span_end]
            value = f.strip_punct(rx.sub(rf"[{f.OPEN_QUOTES}{f.CLOSE_QUOTES}]", "", value))
            return value or None, span_end
    return None, start


ITALIC_VOLUME_RE = rx.compile(r"\D,\s*(\d{1,4})\s*$")


def _container_start(work: str, spans: list[tuple[int, int]], start: int) -> int:
    """Start of the container: words glued before its italics ("Carnegie *Endowment*") count."""
    span_start = next(s for s, _ in spans if s >= start)
    gap = work[start:span_start]
    if gap.strip() and not rx.search(r"[,.;:()\"”]", gap.strip()) and len(gap.split()) <= 3:
        return start + len(gap) - len(gap.lstrip())
    return span_start


def _tail_year(work: str, start: int, note: bool) -> f.Found | None:
    """The year after the title; in a note it is printed in parentheses, and a
    bare number right after the title is a pinpoint page ("Title," 1527)."""
    if note:
        inside = rx.search(r"\([^()]*?\b((?:1[5-9]\d\d|20\d\d)[a-z]?|\d{3})\)", work[start:])
        if inside:
            return f.Found(start + inside.start(1), start + inside.end(1), inside.group(1))
    year = f.find_year(work, start)
    while year is not None and not note and rx.search(r"\d\s*:\s*$", work[start : year.start]):
        year = f.find_year(work, year.end)  # "Development 127: 1607, 2000": 1607 is a page
    if year is not None and not note and _names_an_event(work, year):
        later = f.find_year(work, year.end)
        year = later or year  # "Proceedings of the 1992 ACM Conference ..., 1992": the later one
    if year is None:
        return None
    if note and not work[start : year.start].strip(" ,.:;"):
        return None
    return year


# a year inside a name: "of the 1992 ACM Conference", "the Winter 1990 USENIX Conference"
EVENT_YEAR_BEFORE_RE = rx.compile(r"\b(?:the|of|[Ww]inter|[Ss]ummer|[Ss]pring|[Ff]all|[Aa]utumn)\s+$")
EVENT_YEAR_AFTER_RE = rx.compile(r"\s+(?:[A-Z]{2,}|[A-Z][a-z]+\s+[A-Z])")


def _names_an_event(work: str, year: f.Found) -> bool:
    return bool(EVENT_YEAR_BEFORE_RE.search(work, max(0, year.start - 12), year.start)
                and EVENT_YEAR_AFTER_RE.match(work, year.end))


def _pinpoint(work: str, start: int) -> f.Found | None:
    """A note's pinpoint page: ``(2016): 1527``, ``2010), 57.``, ``"Title," 63,``, ``p. 5``."""
    labelled = f.PAGES_RE.search(work, start)
    if labelled:
        return f.Found(labelled.start(), labelled.end(), f.normalise_range(labelled.group(1)))
    for match in rx.finditer(r"(?:^|[\s,:)])(\d{1,5}(?:\s*[-–]\s*\d{1,5})?)(?=\s*(?:[,.;]|$))", work[start:]):
        value = match.group(1)
        return f.Found(start + match.start(1), start + match.end(1), f.normalise_range(value))
    return None


def _bare_volume(work: str, start: int) -> f.Found | None:
    """``Journal 2005, 61, 327-335``: the number left once year and pages are taken."""
    match = rx.search(r"(?<![\w.\-–])(\d{1,4})(?![\w.\-–]|\s*[-–])", work[start:])
    if not match or f.YEAR_RE.fullmatch(match.group(1)):
        return None
    return f.Found(start + match.start(1), start + match.end(1), match.group(1))


def _note_place(work: str, start: int) -> f.Found | None:
    """``(Washington DC, 2018)``: a place without a publisher, the year already taken."""
    match = rx.search(r"\(\s*([A-Z][\w.' -]{1,40}?)\s*,\s*\)", work[start:])
    if match:
        return f.Found(start + match.start(1), start + match.end(1), match.group(1).strip())
    return None


def _plain_container(work: str, start: int, taken: list[int]) -> str | None:
    """First chunk left after the title, before any publication fact."""
    bound = min([t for t in taken if t >= start] or [len(work)])
    chunk = work[start:bound]
    pieces = [p for p in _container_pieces(chunk) if f.strip_punct(p)]
    if not pieces:
        return None
    value = f.strip_punct(CONTAINER_TAIL_RE.sub("", rx.sub(r"^\s*[Ii]n:?\s+", "", pieces[0]).strip()))
    if not value or not rx.search(r"[A-Za-z]{2}", value) or rx.fullmatch(r"\d.*", value):
        return None
    return value


# a container ends at a sentence end, not after an abbreviated word followed by
# another capitalised one ("J. Appl. Phys. 87", "Rev. Mod. Phys.")
CONTAINER_BREAK_RE = rx.compile(r"\s{2,}|\.\s|\(|\)|;")
ABBREVIATION_BEFORE_RE = rx.compile(r"\b[A-Z][a-z]{0,4}$")


def _container_pieces(chunk: str) -> list[str]:
    pieces, begin = [], 0
    for match in CONTAINER_BREAK_RE.finditer(chunk):
        if (match.group(0).startswith(".") and chunk[match.end() : match.end() + 1].isupper()
                and ABBREVIATION_BEFORE_RE.search(chunk, 0, match.start())):
            continue
        pieces.append(chunk[begin : match.start()])
        begin = match.end()
    pieces.append(chunk[begin:])
    return pieces


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
          r"octobre|novembre|décembre)")
# what trails a container and is no part of it: a date, "v." for volume, numbers,
# the city and state of a conference ("..., Portland, OR, April"), "to appear"
CONTAINER_TAIL_RE = rx.compile(
    rf"(?:[\s,]+(?:\d{{1,2}}\s+)?{_MONTH}\.?(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|[\s,]+v|[\s,]+\d[\d\s,:–-]*"
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*[A-Z]{2}|[\s,]+(?i:to\s+appear|in\s+press|forthcoming)\b\.?)+$")


def _is_publisher(value: str, note: bool) -> bool:
    return bool(PUBLISHER_WORDS.search(value)) and not JOURNAL_WORDS.search(value)


def _kind(work: WorkFields, rest: str, title_end: int, title_is_italic: bool) -> WorkKind:
    institution = bool(work.container and INSTITUTION_WORDS.search(work.container))
    journal_like = bool(work.container and JOURNAL_WORDS.search(work.container)) and not institution
    if work.editors and work.container:
        return "chapter"
    if work.volume or work.issue or (journal_like and not work.publisher and not work.urls):
        return "article"
    if REPORT_WORDS.search(" ".join(filter(None, (work.title, work.container, work.publisher)))):
        return "report"
    if work.publisher and not work.container:
        return "book"
    if title_is_italic and not work.container:
        return "book"
    if work.urls:
        return "web"  # an online page; an online journal article has volume/issue
    if institution:
        return "report"  # "Title." Some Institute, 2018. -- an institution's paper
    if work.container and rx.match(r"[Ii]n\b|Proc", work.container):
        return "chapter"
    return "misc"
