"""The extraction pipeline: read -> lay out -> parse -> resolve -> Paper.

Pure: it reads the paper file and returns records; it never prints and never
writes. ``cli`` does the I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimcheck import rx
from claimcheck.model import (
    Acronym, Block, Document, Footnote, InTextCitation, Marker, Paper, ParseProblem, Reference,
    Sentence, Span, Table, UrlRef,
)
from claimcheck.parse.layout import Layout, RawNote, lay_out


def extract(path: str | Path, *, display_path: str | None = None,
            previous_claims: list[tuple[str, str]] | None = None) -> Paper:
    """Read and extract the paper at ``path`` (ReadError for unreadable input).

    ``previous_claims`` are the (id, text) pairs of the last extraction: an
    edited sentence keeps its claim id (see ``parse.claims.carry_ids``).
    """
    from claimcheck.read.document import read_document

    return extract_document(read_document(path, display_path=display_path), previous_claims)


def extract_text(source: str, path: str = "<string>") -> Paper:
    from claimcheck.read.document import parse_document

    return extract_document(parse_document(source, path))


def extract_document(document: Document,
                     previous_claims: list[tuple[str, str]] | None = None) -> Paper:
    layout = lay_out(document)
    references = _references(document, layout)
    footnotes = _footnotes(document, layout, references)
    acronyms = _acronyms(document, layout)
    sentences, markers, marker_sentence = _body(document, layout, footnotes)
    footnotes, markers = _attach_markers(document, footnotes, sentences, markers,
                                         marker_sentence, acronyms)
    in_text = _in_text(document, sentences, references, footnotes)
    if not footnotes and markers and any(r.label for r in references):
        # "...above 25%.<sup>1,2</sup>" with a numbered reference list and no notes:
        # the superscripts cite entries (Nature, AMA, ACS styles); they mark no footnote
        in_text = _superscript_citations(markers, references) + in_text
        markers = []
    claims = _claims(sentences, footnotes, acronyms, in_text)
    if previous_claims:
        from claimcheck.parse.claims import carry_ids

        claims = carry_ids(claims, previous_claims)
    tables = _tables(document, layout)
    return Paper(
        document=document,
        meta=_meta(document, layout),
        footnotes=tuple(footnotes),
        references=tuple(references),
        sentences=tuple(sentences),
        claims=tuple(claims),
        tables=tuple(tables),
        markers=tuple(markers),
        in_text=tuple(in_text),
        acronyms=tuple(acronyms),
        problems=tuple(_problems(document, layout)),
    )


# --------------------------------------------------------------------------
# reference list and notes


def _references(document: Document, layout: Layout) -> list[Reference]:
    from claimcheck.parse.references import make_keys, parse_reference, split_label

    entries = []
    for index in layout.reference_blocks:
        block = document.blocks[index]
        for piece, (text, offsets, emphasis) in enumerate(_entries_of_block(document, block)):
            label, bare = split_label(text)
            if label is None and piece == 0:
                label = _list_label(block)
            shift = len(text) - len(bare)
            italics = [(s - shift, e - shift) for s, e in emphasis if s >= shift]
            fields = parse_reference(bare, italics)
            fields = replace(fields, urls=tuple(_printed_urls(document, text, offsets, fields.urls)))
            span = document.span_at(offsets[0], offsets[-1] + 1)
            entries.append((span, label, bare, fields))
    keys = make_keys([fields for *_, fields in entries])
    return [Reference(index=i + 1, key=key, printed=text, span=span, fields=fields, label=label)
            for i, ((span, label, text, fields), key) in enumerate(zip(entries, keys))]


_ENTRY_LABEL = rx.compile(r"\[\d{1,4}\]|\d{1,4}[.)]\s")
_ORDERED_ITEM = rx.compile(r"\s{0,3}(\d{1,4})[.)]\s")


def _list_label(block: Block) -> str | None:
    """"12." for an entry printed as item 12 of a Markdown ordered list: the reader
    took the number as list syntax, but numeric citations ("[12]") need it."""
    item = _ORDERED_ITEM.match(block.raw) if block.kind == "list_item" else None
    return f"{item.group(1)}." if item else None


def _entries_of_block(document: Document, block: Block) -> list[tuple[str, list[int], list]]:
    """A reference list printed one entry per line with no blank line between
    entries is one block: split it where a line starts with a label ([3], 3.)."""
    starts = [0]
    first_line, last_line = block.span.line, block.span.end_line or block.span.line
    for line_start in document.line_starts[first_line:last_line]:  # every line but the first
        position = bisect_left(block.offsets, line_start)
        if (0 < position < len(block.text) and block.offsets[position] == line_start
                and block.text[position - 1] == " " and _ENTRY_LABEL.match(block.text, position)):
            starts.append(position)
    if len(starts) == 1:
        return [(block.text, list(block.offsets), list(block.emphasis))]
    pieces = []
    for start, end in zip(starts, [*starts[1:], len(block.text) + 1]):
        text = block.text[start:end - 1] if end <= len(block.text) else block.text[start:]
        emphasis = [(s - start, e - start) for s, e in block.emphasis if start <= s < start + len(text)]
        pieces.append((text, list(block.offsets[start:start + len(text)]), emphasis))
    return pieces


def _footnotes(document: Document, layout: Layout, references: list[Reference]) -> list[Footnote]:
    from claimcheck.parse.citations import parse_note
    from claimcheck.parse.urls import find_urls
    from claimcheck.resolve import link_citations, resolve_crossrefs

    notes = []
    for raw in layout.notes:
        urls = [url for _, _, url in find_urls(raw.text)]
        notes.append(Footnote(
            n=raw.n, text=raw.text, span=_note_span(document, raw),
            number_printed=raw.number_form != "lost",
            citations=parse_note(raw.text, raw.emphasis),
            urls=tuple(_printed_urls(document, raw.text, raw.offsets, urls)),
        ))
    return link_citations(resolve_crossrefs(notes), references)


def _note_span(document: Document, raw: RawNote) -> Span:
    start = raw.offsets[0] if raw.offsets else document.line_starts[raw.span.line - 1]
    end = raw.offsets[-1] + 1 if raw.offsets else start
    if raw.number_form != "lost":
        return document.span_at(document.line_starts[raw.span.line - 1] + raw.span.column - 1, end)
    return document.span_at(start, end)


def _printed_urls(document: Document, text: str, offsets: list[int],
                  urls: tuple[UrlRef, ...] | list[UrlRef]) -> list[UrlRef]:
    """Give each URL its printed form as it stands in the file (with ``\\_``)."""
    from claimcheck.parse.urls import find_urls

    located = {url.printed: (start, end) for start, end, url in find_urls(text)}
    result = []
    for url in urls:
        where = located.get(url.printed)
        if where is None or where[1] <= where[0]:
            result.append(url)
            continue
        raw = document.source[offsets[where[0]]: offsets[where[1] - 1] + 1]
        repairs = url.repairs
        if "\\" in raw and raw.replace("\\", "") == url.printed.replace("\\", ""):
            repairs = ("removed Markdown escape backslashes", *repairs)
        if "\n" not in raw:
            url = UrlRef(raw, url.url, tuple(repairs))
        result.append(url)
    return result


# --------------------------------------------------------------------------
# body: markers, sentences, recovery, claims


def _body(document: Document, layout: Layout, footnotes: list[Footnote]):
    from claimcheck.parse.markers import find_markers
    from claimcheck.parse.sentences import build_sentences

    block_starts = [document.line_starts[b.span.line - 1] for b in document.blocks]

    def block_of(offset: int) -> int:
        return max(bisect_right(block_starts, offset) - 1, 0)

    found = find_markers(layout.paragraphs, {n.n for n in footnotes}, document.span_at)
    sentences, marker_sentence = build_sentences(layout.paragraphs, found, document.span_at, block_of)
    return sentences, found, marker_sentence


def _attach_markers(document, footnotes, sentences, found, marker_sentence, acronyms):
    from claimcheck.parse.recovery import NoteClues, infer_markers

    markers = [Marker(m.n, m.form, m.span, marker_sentence.get(i)) for i, m in enumerate(found)]
    first_marker: dict[int, Marker] = {}
    for marker in markers:
        first_marker.setdefault(marker.n, marker)
    known = {n: m.sentence for n, m in first_marker.items() if m.sentence is not None}
    by_number = {note.n: note for note in footnotes}
    clues = {note.n: NoteClues(note.n, note.page, _clue_title(note, by_number),
                               _clue_authors(note, by_number))
             for note in footnotes if note.n not in known}
    pages = [(s.span.page or 1, document.page_of_line[(s.span.end_line or s.span.line) - 1])
             for s in sentences]
    expansions = {a.acronym: a.expansion for a in acronyms}
    inferred = {i.n: i for i in infer_markers(sentences, pages, known, clues, expansions)}
    attached = []
    for note in footnotes:
        if note.n in first_marker:
            attached.append(replace(note, marker=first_marker[note.n]))
            continue
        inference = inferred.get(note.n)
        if inference is None or inference.sentence is None:
            evidence = inference.evidence if inference else ()
            attached.append(replace(note, marker=Marker(note.n, "none", None, evidence=evidence)))
            continue
        sentence = sentences[inference.sentence]
        end_span = Span(sentence.span.end_line or sentence.span.line,
                        sentence.span.end_column or sentence.span.column,
                        page=document.page_of_line[(sentence.span.end_line or sentence.span.line) - 1])
        attached.append(replace(note, marker=Marker(note.n, "inferred", end_span, inference.sentence,
                                                    inference.confidence, inference.evidence)))
    return attached, markers


def _clue_title(note: Footnote, by_number: dict[int, Footnote], depth: int = 0) -> str:
    parts = []
    for citation in note.citations:
        fields = citation.fields
        parts.extend(filter(None, (fields.title, fields.container)))
        if citation.crossref and depth < 3:
            for target in citation.crossref.targets:
                if target in by_number and target != note.n:
                    parts.append(_clue_title(by_number[target], by_number, depth + 1))
    return " ".join(parts) if parts else (note.text if not note.citations else "")


def _clue_authors(note: Footnote, by_number: dict[int, Footnote]) -> tuple[str, ...]:
    families = []
    for citation in note.citations:
        families.extend(a.split(",")[0].strip() for a in citation.fields.authors)
        if citation.crossref:
            for target in citation.crossref.targets:
                if target in by_number and target != note.n:
                    families.extend(a.split(",")[0].strip() for c in by_number[target].citations
                                    for a in c.fields.authors)
    return tuple(dict.fromkeys(f for f in families if len(f) > 2))


def _in_text(document: Document, sentences: list[Sentence], references: list[Reference],
             footnotes: list[Footnote]) -> list[InTextCitation]:
    """In-text citations, looked for only where the paper has no footnotes to cite
    with (numeric ones only when the reference list is numbered)."""
    if footnotes or not references:
        return []
    from claimcheck.parse.intext import find_in_text  # its patterns are costly to compile

    found = []
    for sentence in sentences:
        for citation in find_in_text(sentence.text, references):
            found.append(InTextCitation(citation.printed, sentence.span, sentence.index,
                                        citation.ref_key, citation.kind))
    if not any(c.kind == "author_page" and c.ref_key for c in found):
        # "(Table 2)" has the shape of "(Heaney 45)": only an MLA paper, where some
        # author-page citation resolves, has unresolved ones worth reporting
        found = [c for c in found if c.kind != "author_page"]
    return found


def _superscript_citations(markers: list[Marker], references: list[Reference]) -> list[InTextCitation]:
    from claimcheck.parse.intext import label_number

    by_number = {label_number(r.label): r.key for r in references if r.label}
    return [InTextCitation(str(marker.n), marker.span, marker.sentence, by_number.get(marker.n), "numeric")
            for marker in markers if marker.span is not None and marker.sentence is not None]


def _claims(sentences: list[Sentence], footnotes: list[Footnote], acronyms: list[Acronym],
            in_text: list[InTextCitation]):
    from claimcheck.parse.claims import build_claims

    footnotes_of: dict[int, list[int]] = {}
    for note in footnotes:
        if note.marker is not None and note.marker.sentence is not None:
            footnotes_of.setdefault(note.marker.sentence, []).append(note.n)
    refs_of_note = {note.n: tuple(c.ref_key for c in note.citations if c.ref_key) for note in footnotes}
    cited_in_text: dict[int, list[str | None]] = {}
    for citation in in_text:
        cited_in_text.setdefault(citation.sentence, []).append(citation.ref_key)
    defined = {}
    for acronym in acronyms:
        defined.setdefault(acronym.acronym, acronym)
    return build_claims(sentences, {k: tuple(sorted(v)) for k, v in footnotes_of.items()},
                        refs_of_note, defined, cited_in_text)


def _acronyms(document: Document, layout: Layout) -> list[Acronym]:
    from claimcheck.parse.acronyms import find_definitions
    from claimcheck.parse.claims import is_english

    found = []
    for paragraph in layout.paragraphs:
        if not is_english(paragraph.text):
            continue
        for definition in find_definitions(paragraph.text):
            start = paragraph.offsets[definition.start]
            found.append(Acronym(definition.acronym, definition.expansion, document.span_at(start)))
    return found


# --------------------------------------------------------------------------
# tables, metadata, problems


def _tables(document: Document, layout: Layout) -> list[Table]:
    from claimcheck.parse.tables import parse_pipe_table

    tables = []
    for number, index in enumerate(layout.tables, start=1):
        block = document.blocks[index]
        title = _table_title(document.blocks, index)
        tables.append(parse_pipe_table(block.raw.split("\n"), title=title, first_line=block.span.line,
                                       page=block.page, table_id=f"table-{number}"))
    return tables


def _table_title(blocks: tuple[Block, ...], index: int) -> str | None:
    if index == 0:
        return None
    before = blocks[index - 1]
    if before.kind == "heading" or (before.kind == "paragraph" and before.text.lower().startswith("table")):
        return before.text
    return None


def _meta(document: Document, layout: Layout):
    from claimcheck.parse.meta import paper_meta

    first_body = layout.front_matter[-1] + 1 if layout.front_matter else None
    return paper_meta(document.blocks, layout.front_matter, first_body)


def _problems(document: Document, layout: Layout) -> list[ParseProblem]:
    problems = []
    if not layout.notes and not layout.reference_blocks:
        problems.append(ParseProblem("no footnotes and no reference list were found"))
    elif layout.reference_heading is None:
        problems.append(ParseProblem("no reference list was found (no 'References' or "
                                     "'Bibliography' heading)"))
    return problems


# --------------------------------------------------------------------------
# verify


@dataclass
class VerifyResult:
    """What verify found in one paper; reporters read this and decide nothing."""

    paper: Paper
    findings: list
    rules: dict  # code -> RuleMeta of every rule that was selected
    not_run: dict = field(default_factory=dict)  # code -> why it did not run
    notices: list = field(default_factory=list)  # one-line remarks for the reader (stale records...)
    probes: dict = field(default_factory=dict)  # URL -> net.LinkResult, when links were checked


def verify(paper: Paper, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
           offline: bool = True, options: dict | None = None,
           probes: dict | None = None,
           offline_reason: str = "offline: needs the network") -> VerifyResult:
    """Run every selected rule on ``paper``; network rules only when online.

    ``probes`` (URL -> net.LinkResult) are what the network rules read; with
    ``offline`` and no probes they are listed as not run, for ``offline_reason``.
    """
    from claimcheck.checks import CheckContext, all_rules, run_rules
    from claimcheck.suppress import filter_findings, inline_suppressions, is_selected

    rules = [r for r in all_rules().values() if is_selected(r.code, select, ignore)]
    not_run = {}
    runnable = []
    for candidate in rules:
        if candidate.meta.network and offline and probes is None:
            not_run[candidate.code] = offline_reason
        else:
            runnable.append(candidate)
    context = CheckContext(paper, options=dict(options or {}), probes=dict(probes or {}))
    findings = filter_findings(run_rules(context, runnable), select, ignore,
                               inline_suppressions(paper.document.source))
    findings.sort(key=lambda f: f.sort_key())
    return VerifyResult(paper, findings, {r.code: r.meta for r in rules}, not_run,
                        probes=dict(probes or {}))
