"""The one data model every stage shares.

Data flows one way: read -> parse -> resolve -> check -> report. Each stage
takes these frozen records and returns new ones (``dataclasses.replace``);
nothing here does I/O or prints.

Positions: ``line`` and ``column`` are 1-based and always refer to the
original file as it is on disk, so a reviewer can jump to the spot; ``page``
is the 1-based page of the converted document (page breaks are the runs of
blank lines or form feeds that PDF conversion leaves behind).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# --------------------------------------------------------------------------
# Positions


@dataclass(frozen=True, slots=True)
class Span:
    """Where something is in the original file (1-based line and column)."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None


# --------------------------------------------------------------------------
# read/: the document with conversion damage undone


SuperscriptForm = Literal["sup", "escaped", "latex", "caret", "pandoc", "plain"]


@dataclass(frozen=True, slots=True)
class Superscript:
    """A superscript found by the reader (``<sup>12</sup>``, ``$^{12}$``...).

    ``offset`` is the position in the cleaned block text where the
    superscript stood; its content is *not* part of the cleaned text.
    """

    content: str
    form: SuperscriptForm
    offset: int
    span: Span


BlockKind = Literal["heading", "paragraph", "list_item", "table", "artifact"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level unit of the document, with conversion damage undone.

    ``text`` is cleaned (entities decoded, Markdown escapes and emphasis
    removed, superscripts taken out); ``offsets[i]`` is the absolute offset
    in the original file of ``text[i]``, so every character maps back.
    """

    kind: BlockKind
    text: str
    span: Span
    offsets: tuple[int, ...]
    superscripts: tuple[Superscript, ...] = ()
    emphasis: tuple[tuple[int, int], ...] = ()  # [start, end) of *italic*/**bold** runs in text
    level: int = 0  # heading level; 0 for other kinds
    raw: str = ""  # the block exactly as in the file

    @property
    def page(self) -> int:
        return self.span.page or 1


@dataclass(frozen=True, slots=True)
class Document:
    """A paper as read from disk: its blocks in order, and how to map offsets."""

    path: str
    source: str
    sha256: str
    blocks: tuple[Block, ...]
    line_starts: tuple[int, ...]  # absolute offset of each line's start
    page_of_line: tuple[int, ...]  # page of each line (index = line - 1)
    page_count: int

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an absolute offset in ``source``."""
        from bisect import bisect_right

        line_index = bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def span_at(self, offset: int, end_offset: int | None = None) -> Span:
        line, column = self.position(offset)
        end_line = end_column = None
        if end_offset is not None:
            end_line, end_column = self.position(end_offset)
        return Span(line, column, end_line, end_column, self.page_of_line[line - 1])


# --------------------------------------------------------------------------
# parse/: bibliographic fields


@dataclass(frozen=True, slots=True)
class UrlRef:
    """A URL as printed in the paper and as repaired (``url``)."""

    printed: str
    url: str
    repairs: tuple[str, ...] = ()  # e.g. ("removed line-wrap space", "trailing '.'")


WorkKind = Literal["article", "book", "chapter", "report", "web", "misc"]


@dataclass(frozen=True, slots=True)
class WorkFields:
    """Bibliographic fields of one work, as parsed from a note or an entry.

    Authors and editors are "Family, Given" strings. Every field is the
    printed value, lightly normalised (quotes and emphasis stripped); fields
    absent from the printed string are None / empty.
    """

    kind: WorkKind = "misc"
    authors: tuple[str, ...] = ()
    title: str | None = None
    container: str | None = None  # journal, book, website, series
    editors: tuple[str, ...] = ()
    publisher: str | None = None
    place: str | None = None
    year: str | None = None  # as printed ("2016", "201", "n.d.")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # a range in a reference entry, a pinpoint in a note
    urls: tuple[UrlRef, ...] = ()
    doi: str | None = None


# --------------------------------------------------------------------------
# parse/: footnotes, markers, references, citations


CrossRefKind = Literal["ibid", "ref", "op_cit", "supra", "short"]


@dataclass(frozen=True, slots=True)
class CrossRef:
    """A note's pointer to earlier notes ("Ibid.", "REF: 13", "supra n. 7")."""

    kind: CrossRefKind
    printed: str
    targets: tuple[int, ...] = ()  # note numbers; empty until resolved for ibid/op_cit


@dataclass(frozen=True, slots=True)
class Citation:
    """One work cited by a note; ``ref_key`` links it to the reference list."""

    text: str  # the part of the note that cites this work
    fields: WorkFields
    crossref: CrossRef | None = None
    ref_key: str | None = None
    score: float | None = None  # 0-100 similarity of the link


MarkerForm = Literal["sup", "escaped", "latex", "bare", "pandoc", "bracket", "inferred", "none"]


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker in the body (found, or inferred when conversion lost it)."""

    n: int
    form: MarkerForm
    span: Span | None  # None for "none" (not inferable)
    sentence: int | None = None  # index into Paper.sentences
    confidence: float | None = None  # only for inferred markers (0..1)
    evidence: tuple[str, ...] = ()  # why an inferred marker sits where it does


@dataclass(frozen=True, slots=True)
class Footnote:
    """One note of the paper: its text, the works it cites, its URLs and its marker in the body."""

    n: int
    text: str  # cleaned note text, without its number
    span: Span
    number_printed: bool = True  # False when the number was lost and inferred
    citations: tuple[Citation, ...] = ()
    urls: tuple[UrlRef, ...] = ()
    marker: Marker | None = None

    @property
    def page(self) -> int:
        return self.span.page or 1


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of the paper's reference list, in printed order (``index`` 1-based)."""

    index: int
    key: str
    printed: str  # cleaned entry text
    span: Span
    fields: WorkFields
    label: str | None = None  # "[12]" / "12." in numbered lists


# --------------------------------------------------------------------------
# parse/: sentences, claims, tables


@dataclass(frozen=True, slots=True)
class Sentence:
    """A body sentence, with the markers that sit in it or at its end."""

    index: int
    text: str
    span: Span
    section: str | None
    block: int  # index into Document.blocks of the block it starts in
    markers: tuple[int, ...] = ()  # footnote numbers (found markers only)


@dataclass(frozen=True, slots=True)
class InTextCitation:
    """A citation printed in the body of a paper without footnotes ([12], (Smith 2019))."""

    printed: str
    span: Span
    sentence: int
    ref_key: str | None
    kind: Literal["numeric", "author_year", "author_page"]


ClaimKind = Literal["quote", "statistic", "date_event", "membership", "other"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A country, organisation or person a claim names."""

    text: str
    type: Literal["country", "organisation", "person"]
    acronym: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy sentence: its kind, the notes and entries it rests on, what it names."""

    id: str
    sentence: int
    section: str | None
    text: str
    span: Span
    kind: ClaimKind
    footnotes: tuple[int, ...] = ()
    refs: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """One row of a membership table read as organisation -> status -> members."""

    organisation: str
    status: str
    members: tuple[str, ...]
    annotations: tuple[tuple[str, str], ...] = ()  # (member, note) e.g. ("Belarus", "ob")


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table as printed, and the membership relations read from it."""

    id: str
    title: str | None
    span: Span
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True, slots=True)
class Acronym:
    """An acronym and the long form the paper defines it with."""

    acronym: str
    expansion: str
    span: Span  # where it is defined


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Input that could not be parsed: it becomes data and, later, a P001 finding."""

    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class PaperMeta:
    """The paper's own title, authors, year and venue, from its front matter."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    year: str | None = None
    venue: str | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """Everything extracted from one paper, linked."""

    document: Document
    meta: PaperMeta
    footnotes: tuple[Footnote, ...]
    references: tuple[Reference, ...]
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    tables: tuple[Table, ...]
    markers: tuple[Marker, ...] = ()  # every marker found in the body, in reading order
    in_text: tuple[InTextCitation, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)
