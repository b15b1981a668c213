"""Parse a footnote's text into the Citations it makes.

A note is split into the works it cites (at ";" outside parentheses, and at
"See also" / "Also" sentence starts). Each piece is checked for a pointer to
earlier notes first -- "Ibid.", "op. cit." / "loc. cit.", "supra n. 7" and this
family's "REF: 13" / "(Ref. 9)" / "REF.1&5" -- then, with the pointer blanked
out, for the work itself (``work.parse_work`` with ``note=True``). A bare
name before "op. cit." or "supra" ("Paduraru, op. cit., 63.") is the author,
not a title: the resolver finds the earlier note by that author. A piece
with no quoted or italic title, no URL/DOI, no "(Place: Publisher, Year)" and
no pointer is prose and yields no Citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claimcheck import rx
from claimcheck.model import Citation, CrossRef, WorkFields
from claimcheck.parse import fields as f
from claimcheck.parse.names import PARTICLES, is_initials, looks_like_name_list, split_names
from claimcheck.parse.work import parse_work

PAGE = r"(?:pp?\.\s*)?(\d+(?:\s*[-–]\s*\d+)?)"
IBID_RE = rx.compile(rf"^\s*\b(?:Ibid|Ib|Id)\b\.?(?:\s*,?\s*(?:at\s+)?{PAGE})?\s*\.?", re.I)
# "loc. cit." (same place) points back like "op. cit." (same work): kind "op_cit" for both
OP_CIT_RE = rx.compile(rf",?\s*\b(?:op|loc)\.?\s*cit\.?(?:\s*,?\s*{PAGE})?", re.I)
# "supra note 7, 12": one note (7) and a page (12); "supra notes 7, 9" / "nn. 7-9": several notes
SUPRA_RE = rx.compile(
    r",?\s*\bsupra\s+(?:(?:notes|nn\.)\s*(\d+(?:\s*(?:,|&|and|-|–)\s*\d+)*)|(?:note|n\.)\s*(\d+(?:\s*[-–]\s*\d+)?))",
    re.I,
)
# "REF: 13", "REF:1", "REF 21 & 26", "REF 2 & REF 10", "(Ref. 9)", "REF.1&5"
REF_NUMBER = r"(?:REF|Ref)\s*[.:]?\s*\d+"
REF_RE = rx.compile(rf"[,.]?\s*\(?\b{REF_NUMBER}(?:\s*(?:&|,|and)\s*(?:(?:REF|Ref)\s*[.:]?\s*)?\d+)*\)?\.?")
# sentences starting another cited work inside one note
NEXT_WORK_RE = rx.compile(r"(?<=[.;])\s+(?=(?:See\s+also|See|Also|Cf\.|Compare)\b)")
SIGNAL_RE = rx.compile(r"^\s*(?:See\s+also|See,?\s+e\.g\.,?|See|Also,?|Cf\.|Compare|For\s+\w+,\s+see)\s+", re.I)
PLACE_PUB_YEAR_RE = rx.compile(r"\([^()]*:[^()]*\b(?:1[5-9]\d\d|20\d\d)\)")


def parse_note(text: str, italics: Sequence[tuple[int, int]] = ()) -> tuple[Citation, ...]:
    """The works a footnote cites (text without its number; italics index ``text``)."""
    citations = []
    for start, end in _pieces(text):
        spans = [(max(s, start) - start, min(e, end) - start) for s, e in italics if s < end and e > start]
        citation = _parse_piece(text[start:end], spans)
        if citation is not None:
            citations.append(citation)
    return tuple(citations)


_SEMICOLON_OR_PARENTHESIS = rx.compile(r"[();]")


def _pieces(text: str) -> list[tuple[int, int]]:
    """[start, end) of each part of a note that may cite one work."""
    cuts = [0]
    depth = 0
    for match in _SEMICOLON_OR_PARENTHESIS.finditer(text):  # visits only the characters that count
        char = match.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth <= 0:
            cuts.append(match.end())
    cuts += [m.start() for m in NEXT_WORK_RE.finditer(text)]
    cuts = sorted(set(cuts)) + [len(text)]
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        segment = text[start:end]
        lead = len(segment) - len(segment.lstrip(" ;"))
        signal = SIGNAL_RE.match(segment[lead:])
        lead += signal.end() if signal else 0
        tail = len(segment.rstrip(" ;"))
        if tail > lead:
            pieces.append((start + lead, start + tail))
    return pieces


def _parse_piece(piece: str, italics: list[tuple[int, int]]) -> Citation | None:
    ibid = IBID_RE.match(piece)
    if ibid and (ibid.end() == len(piece) or not piece[ibid.end() :].strip(" .,")):
        pages = f.normalise_range(ibid.group(1)) if ibid.group(1) else None
        crossref = CrossRef("ibid", ibid.group(0).strip())
        return Citation(piece, WorkFields(pages=pages), crossref)
    crossref, rest, pointer_at = _take_crossref(piece)
    if crossref is None and not _cites_a_work(rest, italics):
        return None
    work = parse_work(rest, italics, note=True)
    if crossref is not None and crossref.kind in {"op_cit", "supra"}:
        authors = _names_before_pointer(piece, pointer_at, italics)
        if authors:  # parse_work took the bare name for a title
            work = replace(work, authors=authors, title=None)
    if crossref is None and _is_short_form(work):
        crossref = CrossRef("short", piece.strip())
    if crossref is not None and crossref.kind == "op_cit" and work.pages is None:
        work = replace(work, pages=_op_cit_pages(piece))
    if crossref is not None and not (work.authors or work.title):
        work = replace(work, kind="misc")
    return Citation(piece, work, crossref)


def _take_crossref(piece: str) -> tuple[CrossRef | None, str, int]:
    """The pointer to earlier notes, the piece with it blanked out, and where it starts."""
    for pattern, kind in ((REF_RE, "ref"), (SUPRA_RE, "supra"), (OP_CIT_RE, "op_cit")):
        match = pattern.search(piece)
        if match:
            printed = match.group(0).strip(" ,.")
            targets = tuple(int(n) for n in rx.findall(r"\d+", printed)) if kind != "op_cit" else ()
            if kind == "supra":
                targets = _expand_ranges(match.group(1) or match.group(2))
            if kind == "op_cit":
                printed = rx.sub(r"[,\s]*" + PAGE + r"$", "", printed) or printed
            return CrossRef(kind, printed, targets), f.blank(piece, match.start(), match.end()), match.start()
    return None, piece, len(piece)


def _expand_ranges(numbers: str) -> tuple[int, ...]:
    """"7", "7, 9", "7-9" -> note numbers (a range within one printed list)."""
    targets: list[int] = []
    for low, high in rx.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", numbers):
        start, stop = int(low), int(high) if high else int(low)
        targets.extend(range(start, stop + 1) if 0 <= stop - start < 50 else (start,))
    return tuple(targets)


def _names_before_pointer(piece: str, pointer_at: int, italics: list[tuple[int, int]]) -> tuple[str, ...]:
    """The authors when all that precedes "op. cit." / "supra" is names:
    "Paduraru", "Jane Roe", "Mihail Paduraru and Claudia-Iohana Voicu" ("Family, Given")."""
    head = piece[:pointer_at].strip(" ,;:")  # a final "." may be an initial's
    if not head or any(start < pointer_at for start, _ in italics):
        return ()  # an italic title before the pointer: parse_work has the author
    if rx.search(rf"[{f.OPEN_QUOTES}\"”\d]", head) or not looks_like_name_list(head.replace("et al.", "")):
        return ()
    if head.split()[0] in PARTICLES and not rx.search(r",|&|\band\b", head):
        return (head,)  # "de Haas": a family name alone, not "Given Family"
    names = split_names(head, first_inverted=False)
    if any(is_initials(name.split(",")[0]) for name in names):
        names = split_names(head, first_inverted=True)  # "Ziegler, Charles E.": no family is an initial
    return tuple(names)


def _op_cit_pages(piece: str) -> str | None:
    match = OP_CIT_RE.search(piece)
    return f.normalise_range(match.group(1)) if match and match.group(1) else None


def _cites_a_work(piece: str, italics: list[tuple[int, int]]) -> bool:
    """A title in quotes or italics, a URL/DOI or "(Place: Publisher, Year)"."""
    if italics or rx.search(rf"[{f.OPEN_QUOTES}\"”]", piece) or f.find_doi(piece):
        return True
    if PLACE_PUB_YEAR_RE.search(piece):
        return True
    return bool(f.locate_urls(piece))


def _is_short_form(work: WorkFields) -> bool:
    """"Author, "Short Title," 63." -- a title but no publication facts."""
    published = (work.container, work.year, work.publisher, work.volume, work.urls, work.doi)
    return bool(work.title) and not any(published)
