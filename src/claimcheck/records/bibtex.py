"""references.bib: one BibTeX entry per item of the reference list, kept mergeable.

Written with bibtexparser v2. Values are escaped and enclosed here (the writer
runs with an empty unparse stack), so the output is byte-for-byte ours and
parses back to the same values. Re-extraction rewrites the machine fields;
fields and entries a person added are kept, and a machine field whose value
changes is reported (with old and new value) and the previous file is saved as
``<name>.bak`` first, so nothing a person typed disappears silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import (
    Block,
    Entry,
    ExplicitComment,
    Field,
    ImplicitComment,
    Preamble,
    String,
)
from bibtexparser.writer import BibtexFormat

from claimcheck.model import Reference, WorkFields
from claimcheck.records.atomic import RecordFileError, read_record_text, write_text_atomic

__all__ = [
    "MACHINE_FIELDS",
    "ENTRY_TYPES",
    "FieldChange",
    "BibMergeReport",
    "references_to_bibtex",
    "load_bibtex",
    "write_bibtex",
]

ENTRY_TYPES = {
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "web": "online",
    "misc": "misc",
}

# The fields claimcheck writes, in the order it writes them. Any other field is a person's.
MACHINE_FIELDS = (
    "author",
    "editor",
    "title",
    "journal",
    "booktitle",
    "series",
    "institution",
    "howpublished",
    "organization",
    "publisher",
    "address",
    "year",
    "volume",
    "number",
    "pages",
    "url",
    "doi",
    "x-printed",
)
_MACHINE = frozenset(MACHINE_FIELDS)
_VERBATIM = frozenset({"url", "doi"})  # no LaTeX escaping: url/doi are read verbatim

HEADER = (
    "% references.bib, written by 'claimcheck extract': one entry per item of the reference list,\n"
    "% in printed order; x-printed holds the entry as printed. Machine fields are rewritten on\n"
    "% re-extraction (changes are reported, the old file saved as .bak); fields and entries you add are kept."
)
_HEADER_START = "% references.bib, written by 'claimcheck extract'"

_KEY_OK = re.compile(r"[^A-Za-z0-9_:.\-+/]")
_SPECIAL = re.compile(r"[\\{}&%#_$~^]")
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_UNESCAPE = re.compile(r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\[{}&%#_$]|[{}]")
_UNESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    "{": "",
    "}": "",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A machine field whose value in the existing file is replaced (or removed)."""

    key: str  # entry key
    field: str  # field name; "ENTRYTYPE" for the entry type
    old: str | None
    new: str | None
    printed_unchanged: bool  # the entry's x-printed is the same: the old value was most likely edited by hand


@dataclass(frozen=True, slots=True)
class BibMergeReport:
    """What re-extraction did with the existing references.bib."""

    new_file: bool = True
    human_fields_kept: tuple[tuple[str, str], ...] = ()  # (entry key, field)
    human_entries_kept: tuple[str, ...] = ()
    machine_fields_changed: tuple[FieldChange, ...] = ()
    entries_removed: tuple[str, ...] = ()  # machine entries whose reference is gone
    rekeyed: tuple[tuple[str, str], ...] = ()  # (old key, new key) matched by their printed text
    renamed_keys: tuple[tuple[str, str], ...] = ()  # Reference.key made unique / BibTeX-safe
    backup_path: str | None = None

    def summary(self) -> str:
        if self.new_file:
            return "new BibTeX file"
        parts = [
            f"{len(self.human_fields_kept)} added fields kept",
            f"{len(self.human_entries_kept)} added entries kept",
            f"{len(self.machine_fields_changed)} machine fields changed",
        ]
        if self.entries_removed:
            parts.append("removed: " + ", ".join(self.entries_removed))
        if self.backup_path:
            parts.append(f"previous file saved as {self.backup_path}")
        return "; ".join(parts)


# --------------------------------------------------------------------------
# Values


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def latex_escape(text: str) -> str:
    """Plain text -> a BibTeX value body that LaTeX prints as ``text`` and braces stay balanced."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], _clean(text))


def latex_unescape(value: str) -> str:
    """Inverse of :func:`latex_escape`; also drops protective ``{...}`` braces."""
    return _clean(_UNESCAPE.sub(lambda m: _UNESCAPES.get(m.group(), m.group()[1:]), value))


def _verbatim(text: str) -> str:
    # url/doi are not escaped, but a brace or a trailing backslash would end the value.
    return _clean(text).replace(" ", "%20").replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _name(name: str) -> str:
    escaped = latex_escape(name)
    # "United Nations" would be read as given "United", family "Nations"; "Food and
    # Agriculture Organization" as two people. Braces keep a corporate name whole.
    if "," not in name and (len(name.split()) > 1 or re.search(r"\band\b", name)):
        return "{" + escaped + "}"
    if re.search(r"\band\b", name):
        family, _, given = escaped.partition(",")
        return "{" + family + "}," + given
    return escaped


def _pages(pages: str) -> str:
    pages = re.sub(r"^\s*pp?\.\s*", "", pages)
    return re.sub(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]+\s*", "--", pages.strip())


def _machine_fields(ref: Reference) -> list[tuple[str, str]]:
    """(field, value body) pairs of one reference, in MACHINE_FIELDS order."""
    work: WorkFields = ref.fields
    values: dict[str, str] = {}
    if work.authors:
        values["author"] = " and ".join(_name(a) for a in work.authors)
    if work.editors:
        values["editor"] = " and ".join(_name(e) for e in work.editors)
    if work.title:
        values["title"] = latex_escape(work.title)
    publisher = work.publisher
    if work.container:
        container_field = {
            "article": "journal",
            "chapter": "booktitle",
            "book": "series",
            "report": "institution",
            "web": "organization",
            "misc": "howpublished",
        }[work.kind]
        values[container_field] = latex_escape(work.container)
    elif work.kind == "report" and publisher:
        values["institution"] = latex_escape(publisher)
        publisher = None
    if publisher:
        values["publisher"] = latex_escape(publisher)
    if work.place:
        values["address"] = latex_escape(work.place)
    for name, value in (("year", work.year), ("volume", work.volume), ("number", work.issue)):
        if value:
            values[name] = latex_escape(value)
    if work.pages:
        values["pages"] = latex_escape(_pages(work.pages))
    if work.urls:
        values["url"] = _verbatim(work.urls[0].url)
    if work.doi:
        values["doi"] = _verbatim(work.doi)
    values["x-printed"] = latex_escape(ref.printed)
    return [(name, values[name]) for name in MACHINE_FIELDS if values.get(name)]


def _inner(raw: str) -> str:
    """A raw field value without its enclosing braces or quotes."""
    raw = raw.strip()
    if len(raw) >= 2 and ((raw[0] == "{" and raw[-1] == "}") or (raw[0] == '"' and raw[-1] == '"')):
        return raw[1:-1]
    return raw


# --------------------------------------------------------------------------
# Parsing


def _parse(text: str, path: str) -> Library:
    library = bibtexparser.parse_string(text, parse_stack=[])
    failed = [b for b in library.failed_blocks]
    if failed:
        first = min(failed, key=lambda b: b.start_line if b.start_line is not None else 0)
        line = first.start_line + 1 if first.start_line is not None else None
        error = getattr(first, "error", None)
        reason = str(error).splitlines()[0] if error is not None and str(error) else "cannot parse this block"
        raise RecordFileError(path, line, f"malformed BibTeX: {reason}")
    return library


def load_bibtex(path: str | os.PathLike[str]) -> list[dict]:
    """Entries of a .bib file: ``{key, type, line, fields}`` with lower-case field names.

    Values are decoded (enclosing and protective braces removed, claimcheck's
    LaTeX escapes undone); url and doi are returned as written.
    """
    path = os.fspath(path)
    library = _parse(read_record_text(path, "BibTeX file"), path)
    strings = {s.key.lower(): _inner(s.value) for s in library.strings}
    entries = []
    for entry in library.entries:
        fields: dict[str, str] = {}
        for item in entry.fields:
            name = item.key.lower()
            raw = str(item.value).strip()
            if raw.isdigit():
                value = raw
            elif raw[:1] in "{\"":
                value = _inner(raw)
            else:  # a @string reference
                value = strings.get(raw.lower(), raw)
            fields[name] = _clean(value) if name in _VERBATIM else latex_unescape(value)
        entries.append(
            {
                "key": entry.key,
                "type": entry.entry_type.lower(),
                "line": entry.start_line + 1 if entry.start_line is not None else None,
                "fields": fields,
            }
        )
    return entries


# --------------------------------------------------------------------------
# Writing and merging


def _unique_keys(references: Sequence[Reference]) -> tuple[list[str], list[tuple[str, str]]]:
    keys, renamed, seen = [], [], set()
    for ref in references:
        key = _KEY_OK.sub("_", ref.key.strip()) or f"ref{ref.index}"
        base, n = key, 2
        while key.lower() in seen:
            key = f"{base}-{n}"
            n += 1
        seen.add(key.lower())
        keys.append(key)
        if key != ref.key:
            renamed.append((ref.key, key))
    return keys, renamed


def _format() -> BibtexFormat:
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.value_column = 0
    fmt.block_separator = "\n"
    fmt.trailing_comma = False
    return fmt


def _write(blocks: list[Block]) -> str:
    library = Library()
    library.add(blocks, fail_on_duplicate_key=False)
    text = bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_format())
    return text.rstrip("\n") + "\n"


def references_to_bibtex(
    references: Sequence[Reference], existing_text: str | None, path: str
) -> tuple[str, BibMergeReport]:
    """The text of references.bib for ``references``, merged onto ``existing_text`` if given.

    Raises RecordFileError when ``existing_text`` does not parse. When the merge
    would discard a value a person may have typed, ``existing_text`` is first
    saved as ``<path>.bak`` (and ``backup_path`` says so).
    """
    path = os.fspath(path)
    keys, renamed = _unique_keys(references)
    new_entries = [
        (key, ENTRY_TYPES.get(ref.fields.kind, "misc"), _machine_fields(ref))
        for key, ref in zip(keys, references)
    ]
    header = ImplicitComment(comment=HEADER)
    if existing_text is None or not existing_text.strip():
        blocks: list[Block] = [header]
        blocks += [_entry(key, etype, fields) for key, etype, fields in new_entries]
        return _write(blocks), BibMergeReport(new_file=True, renamed_keys=tuple(renamed))
    return _merge(new_entries, _parse(existing_text, path), existing_text, path, renamed)


def _entry(key: str, entry_type: str, fields: list[tuple[str, str]], human: Sequence[Field] = ()) -> Entry:
    items = [Field(name, "{" + value + "}") for name, value in fields]
    items += [Field(f.key, f.value) for f in human]
    return Entry(entry_type=entry_type, key=key, fields=items)


def _merge(
    new_entries: list[tuple[str, str, list[tuple[str, str]]]],
    old: Library,
    existing_text: str,
    path: str,
    renamed: list[tuple[str, str]],
) -> tuple[str, BibMergeReport]:
    # Comments stay with the entry they precede; @string/@preamble go first.
    preamble: list[Block] = []
    leading: dict[str, list[Block]] = {}
    pending: list[Block] = []
    for block in old.blocks:
        if isinstance(block, Entry):
            leading[block.key] = pending
            pending = []
        elif isinstance(block, (String, Preamble)):
            preamble.append(block)
        elif isinstance(block, ImplicitComment) and block.comment.startswith(_HEADER_START):
            continue  # our own header: written afresh
        elif isinstance(block, (ImplicitComment, ExplicitComment)):
            pending.append(block)
    trailing = pending

    old_by_key = {e.key: e for e in old.entries}
    old_by_lower = {e.key.lower(): e for e in old.entries}
    new_keys = {key.lower() for key, _, _ in new_entries}
    # An entry claimcheck wrote earlier (it has x-printed) under a key that is gone:
    # if its printed text is unchanged, it is the same reference with a new key.
    stale_by_printed = {}
    for entry in old.entries:
        printed = _field(entry, "x-printed")
        if entry.key.lower() not in new_keys and printed is not None:
            stale_by_printed.setdefault(_clean(_inner(printed)), entry)

    blocks: list[Block] = [ImplicitComment(comment=HEADER)] + preamble
    used: set[str] = set()
    human_fields, changes, rekeyed = [], [], []
    for key, entry_type, fields in new_entries:
        previous = old_by_key.get(key) or old_by_lower.get(key.lower())
        if previous is None:
            printed = dict(fields)["x-printed"]
            previous = stale_by_printed.pop(_clean(printed), None)
            if previous is not None:
                rekeyed.append((previous.key, key))
        human: list[Field] = []
        if previous is not None:
            used.add(previous.key)
            human = [f for f in previous.fields if f.key.lower() not in _MACHINE]
            human_fields += [(key, f.key) for f in human]
            changes += _changes(key, entry_type, fields, previous)
            blocks += leading.get(previous.key, [])
        blocks.append(_entry(key, entry_type, fields, human))

    human_entries, removed, lost = [], [], False
    for entry in old.entries:
        if entry.key in used:
            continue
        if _field(entry, "x-printed") is None:  # a person's own entry
            human_entries.append(entry.key)
            blocks += leading.get(entry.key, [])
            blocks.append(Entry(entry_type=entry.entry_type, key=entry.key, fields=[Field(f.key, f.value) for f in entry.fields]))
        else:  # claimcheck's entry for a reference no longer in the paper
            removed.append(entry.key)
            lost = lost or any(f.key.lower() not in _MACHINE for f in entry.fields) or bool(leading.get(entry.key))
            # its comments are not lost: they move to the end
            trailing = leading.get(entry.key, []) + trailing
    blocks += trailing

    backup = None
    if lost or any(change.old is not None for change in changes):
        backup = path + ".bak"
        write_text_atomic(backup, existing_text)
    report = BibMergeReport(
        new_file=False,
        human_fields_kept=tuple(human_fields),
        human_entries_kept=tuple(human_entries),
        machine_fields_changed=tuple(changes),
        entries_removed=tuple(removed),
        rekeyed=tuple(rekeyed),
        renamed_keys=tuple(renamed),
        backup_path=backup,
    )
    return _write(blocks), report


def _field(entry: Entry, name: str) -> str | None:
    for item in entry.fields:
        if item.key.lower() == name:
            return str(item.value)
    return None


def _changes(key: str, entry_type: str, fields: list[tuple[str, str]], previous: Entry) -> list[FieldChange]:
    new_values = dict(fields)
    old_values = {f.key.lower(): _clean(_inner(str(f.value))) for f in previous.fields if f.key.lower() in _MACHINE}
    printed_unchanged = old_values.get("x-printed") == new_values.get("x-printed")
    changes = []
    if previous.entry_type.lower() != entry_type:
        changes.append(FieldChange(key, "ENTRYTYPE", previous.entry_type, entry_type, printed_unchanged))
    for name in MACHINE_FIELDS:
        old_value, new_value = old_values.get(name), new_values.get(name)
        if old_value != new_value:
            changes.append(FieldChange(key, name, old_value, new_value, printed_unchanged))
    return changes


def write_bibtex(path: str | os.PathLike[str], references: Sequence[Reference]) -> BibMergeReport:
    """Render ``references`` onto the .bib at ``path`` (if any) and write it atomically."""
    path = os.fspath(path)
    existing = read_record_text(path, "BibTeX file") if os.path.exists(path) else None
    text, report = references_to_bibtex(references, existing, path)
    if text != existing:
        write_text_atomic(path, text)
    return report
