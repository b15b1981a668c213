"""Find the URLs a paper or a set of files cites, with where each one stands.

Pure: reads the files it is given and never touches the network.

* Markdown and plain text (and any file of another extension): ``find_url_starts``
  on the whole file, so a URL broken by a line wrap is found whole and
  repaired; the line is the one the URL starts on.
* HTML (``.html``, ``.htm``, ``.xhtml``): the ``href`` and ``src`` attributes;
  relative links, fragments and other schemes (``mailto:``) are skipped, a
  protocol-relative ``//host/path`` is taken as https.
* BibTeX (``.bib``): the ``url`` field (a ``\\url{...}`` wrapper and LaTeX
  escapes undone) and the ``doi`` field (as ``https://doi.org/DOI``), at the
  line of the field.
* A paper (``Paper``): every URL of its notes and reference entries, repaired
  as U001 repairs it (including a hyphen lost at a line wrap, restored from
  the other printing of the same URL), with the access date its note gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from claimcheck import rx
from claimcheck.parse.urls import find_url_starts, hyphen_lost_at

if TYPE_CHECKING:
    from claimcheck.model import Document, Paper, Span, UrlRef

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
BIBTEX_SUFFIXES = frozenset({".bib"})


class CollectError(ValueError):
    """A file that cannot be read for links (missing, binary, bad encoding)."""


class Source(NamedTuple):
    """Where a URL stands: a file and a 1-based line. (A named tuple: ordered
    and hashed as a tuple, and made thousands of times per file.)"""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class PaperUrl:
    """One URL as a paper's note or reference entry cites it."""

    url: str  # repaired: the URL the paper means
    printed: str  # as it stands in the file
    span: Span  # of the printed URL when found verbatim, else of its note or entry
    footnote: int | None = None
    reference: str | None = None  # BibTeX key of the entry
    accessed: date | None = None  # "accessed May 3, 2020" in the note or entry


# --------------------------------------------------------------------------
# files


def collect_files(paths: Iterable[str | Path]) -> dict[str, list[Source]]:
    """URL -> every place it stands, over all files; URLs and sources sorted."""
    found: dict[str, set[Source]] = {}
    for path in paths:
        for url, source in collect_file(path):
            found.setdefault(url, set()).add(source)
    return {url: sorted(found[url]) for url in sorted(found)}


def collect_file(path: str | Path) -> list[tuple[str, Source]]:
    """(url, source) for every URL in one file, in order of appearance."""
    text = read_text(path)
    shown = str(path)
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return urls_in_html(text, shown)
    if suffix in BIBTEX_SUFFIXES:
        return urls_in_bibtex(text, shown)
    return urls_in_text(text, shown)


def read_text(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CollectError(f"{path}: cannot read: {error.strerror or error}") from None
    if b"\x00" in data[:8192]:
        raise CollectError(f"{path}: this is a binary file, not text, Markdown, HTML or BibTeX")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CollectError(f"{path}: not UTF-8 (byte {error.start})") from None


def urls_in_text(text: str, path: str) -> list[tuple[str, Source]]:
    """Markdown or plain text: every URL ``find_url_starts`` sees, repaired."""
    found = []
    line, counted = 1, 0  # URLs come in order: count the newlines up to each one once
    for start, url in find_url_starts(text):
        line += text.count("\n", counted, start)
        counted = start
        if _is_web(url):
            found.append((url, Source(path, line)))
    return found


def urls_in_html(text: str, path: str) -> list[tuple[str, Source]]:
    """HTML: absolute http(s) targets of ``href`` and ``src`` attributes."""
    parser = _link_parser()
    parser.feed(text)
    parser.close()
    found = []
    for value, line in parser.links:
        url = value.strip()
        if url.startswith("//"):
            url = "https:" + url
        if _is_web(url):
            found.append((url, Source(path, line)))
    return found


def _link_parser():
    """An HTMLParser that keeps every href and src with its line (built on first
    use: html.parser is only needed for HTML files)."""
    from html.parser import HTMLParser

    class LinkParser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.links: list[tuple[str, int]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            line = self.getpos()[0]
            for name, value in attrs:
                if name in ("href", "src") and value:
                    self.links.append((value, line))

        handle_startendtag = handle_starttag

    return LinkParser()


_LATEX_URL = rx.compile(r"^\\url\{(.*)\}$", re.DOTALL)
_LATEX_ESCAPE = rx.compile(r"\\([_%&#$~])")
_DOI_PREFIX = rx.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def urls_in_bibtex(text: str, path: str) -> list[tuple[str, Source]]:
    """BibTeX: ``url`` and ``doi`` fields of every entry that parses."""
    import logging

    import bibtexparser

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # a failed block is the file's problem, not ours to print
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.setLevel(level)
    found = []
    for entry in library.entries:
        for field in entry.fields:
            key = field.key.lower()
            value = str(field.value).strip()
            line = (field.start_line if field.start_line is not None else entry.start_line) + 1
            if key == "url":
                url = _bibtex_url(value)
            elif key == "doi" and value:
                url = "https://doi.org/" + _DOI_PREFIX.sub("", _LATEX_ESCAPE.sub(r"\1", value))
            else:
                continue
            if _is_web(url):
                found.append((url, Source(path, line)))
    return found


def _bibtex_url(value: str) -> str:
    value = value.strip()
    while value.startswith("{") and value.endswith("}"):
        value = value[1:-1].strip()
    wrapped = _LATEX_URL.match(value)
    if wrapped:
        value = wrapped.group(1).strip()
    return _LATEX_ESCAPE.sub(r"\1", value)


def _is_web(url: str) -> bool:
    lowered = url.lower()
    return lowered.startswith(("http://", "https://")) and len(url) > len("https://")


# --------------------------------------------------------------------------
# a paper


def paper_urls(paper: Paper) -> list[PaperUrl]:
    """Every URL of the paper's notes, then its reference entries, repaired.

    A URL that one printing lost a hyphen of (a note against its entry, see
    ``hyphen_lost_at``) is given back the hyphen, as U001 suggests.
    """
    restored = _restored_hyphens(paper)
    found: list[PaperUrl] = []
    for note in paper.footnotes:
        accessed = access_date(note.text)
        spans = locate_urls(paper.document, note.span, note.urls)
        for ref in note.urls:
            found.append(PaperUrl(restored.get(ref.url, ref.url), ref.printed,
                                  spans.get(ref.printed, note.span), footnote=note.n,
                                  accessed=accessed))
    for entry in paper.references:
        accessed = access_date(entry.printed)
        spans = locate_urls(paper.document, entry.span, entry.fields.urls)
        for ref in entry.fields.urls:
            found.append(PaperUrl(restored.get(ref.url, ref.url), ref.printed,
                                  spans.get(ref.printed, entry.span), reference=entry.key,
                                  accessed=accessed))
    return found


def _restored_hyphens(paper: Paper) -> dict[str, str]:
    """short URL -> the same URL with the hyphen a line wrap took from it."""
    entries = {entry.key: entry for entry in paper.references}
    restored: dict[str, str] = {}
    for note in paper.footnotes:
        for citation in note.citations:
            entry = entries.get(citation.ref_key or "")
            if entry is None:
                continue
            for mine in note.urls:
                for theirs in entry.fields.urls:
                    for short, long in ((mine.url, theirs.url), (theirs.url, mine.url)):
                        if hyphen_lost_at(short, long) is not None:
                            restored.setdefault(short, long)
    return restored


def locate_urls(document: Document, record: Span, urls: Iterable[UrlRef]) -> dict[str, Span]:
    """printed URL -> its span in the file (see ``parse.urls.locate_printed``)."""
    from claimcheck.parse.urls import locate_printed

    return locate_printed(document, record, urls, by="printed")


# --------------------------------------------------------------------------
# access dates

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_LEAD = (r"\b(?:last\s+)?(?:accessed|retrieved|viewed|consulted|visited)"
         r"(?:\s+(?:on|at))?\s*[:,]?\s*")
_DATE_FORMS = (
    rx.compile(_LEAD + r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b", re.I),
    rx.compile(_LEAD + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    rx.compile(_LEAD + r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
               + r",?\s+(?P<year>\d{4})\b", re.I),
    rx.compile(_LEAD + r"(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b", re.I),
    rx.compile(_LEAD + r"(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b", re.I),
    rx.compile(_LEAD + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)


def access_date(text: str) -> date | None:
    """The date a note says its URL was accessed, or None.

    Understood after "accessed", "retrieved", "viewed", "consulted" or
    "visited" (optionally "on", ":" or ","): ``May 3, 2020``, ``3 May 2020``,
    ``2020-05-03``, ``03.05.2020`` (day first, as European notes print it),
    ``5/3/2020`` (month first, as Chicago and APA notes print it) and
    ``May 2020`` (taken as the month's last day). An impossible date is None.
    """
    import calendar

    best: tuple[int, date] | None = None
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            groups = match.groupdict()
            month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mnum"])
            year = int(groups["year"])
            try:
                day = int(groups["day"]) if groups.get("day") else calendar.monthrange(year, month)[1]
                found = date(year, month, day)
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), found)
            break
    return best[1] if best else None
