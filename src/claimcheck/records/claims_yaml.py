"""claims.yaml: the paper's structured record, re-extracted without losing human work.

``paper_to_records`` turns a :class:`~claimcheck.model.Paper` into the plain data
of the file (the keys are a contract: verify and outside tools read them).
``render_claims_yaml`` writes that data with ruamel.yaml in round-trip mode on
top of the existing file, so that what a person wrote survives re-extraction:
the human fields ``status`` and ``note`` of each claim, any key a person added
to a claim, footnote or table, and their comments. Machine fields are always
rewritten. A claim that carried human work and no longer exists is moved to
a top-level ``orphaned`` list, never dropped silently. The ruamel machinery
that keeps comments through the merge is in ``yaml_merge``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from claimcheck.model import Claim, Footnote, Paper, Table
from claimcheck.records.atomic import RecordFileError, read_record_text, write_text_atomic
from claimcheck.records.yaml_merge import (
    comment_lines,
    dump,
    entry_lines,
    is_annotated,
    keep_seq_comments,
    make_yaml,
    merge_items,
    merge_map,
    pair_by_id_then_text,
    place_comments,
    strip_comments,
    to_node,
)
# a name of this module so that a test can make the check fail and exercise the fallback
from claimcheck.records.yaml_merge import round_trips as _round_trips

__all__ = [
    "SCHEMA",
    "MergeReport",
    "paper_to_records",
    "render_claims_yaml",
    "load_claims",
    "write_claims_yaml",
]

SCHEMA = 1
FUZZY_THRESHOLD = 90.0

TOP_KEYS = ("schema", "paper", "footnotes", "claims", "tables")
PAPER_KEYS = ("source", "sha256", "title", "authors", "year", "venue")
FOOTNOTE_KEYS = ("n", "text", "page", "line", "number_printed", "marker", "cites", "crossref", "urls")
CLAIM_KEYS = ("id", "section", "text", "line", "kind", "footnotes", "refs", "quote", "numbers", "years",
              "entities")
MARKER_KEYS = ("form", "line", "claim", "confidence", "evidence")
NESTED_KEYS = {"marker": MARKER_KEYS}  # machine mappings merged key by key (their comments stay put)
TABLE_KEYS = ("id", "title", "line", "columns", "rows", "relations")
CLAIM_HUMAN_DEFAULTS: dict[str, Any] = {"status": "unverified", "note": None}
ORPHAN_KEYS = ("id", "text", "status", "note")

HEADER = (
    "claimcheck records for {source} — machine fields are rewritten by 'claimcheck extract'; "
    "edit status/note (and add your own keys): they are kept."
)


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What re-extraction did with the existing claims.yaml."""

    new_file: bool = True
    kept_by_id: tuple[str, ...] = ()
    matched_by_text: tuple[tuple[str, str], ...] = ()  # (old id, new id)
    annotations_carried: tuple[str, ...] = ()  # new ids that got status/note/extra keys from the old file
    orphaned: tuple[str, ...] = ()  # old claim ids kept under ``orphaned`` (human work, claim gone)
    orphaned_other: tuple[str, ...] = ()  # "footnote 7", "table T2": removed but annotated
    comments_lost: bool = False  # ruamel could not place them; the old file was saved as .bak
    backup_path: str | None = None

    def summary(self) -> str:
        if self.new_file:
            return "new claims file"
        parts = [
            f"{len(self.kept_by_id)} claims kept by id",
            f"{len(self.matched_by_text)} matched by text",
            f"{len(self.annotations_carried)} with human annotations carried over",
            f"{len(self.orphaned)} orphaned",
        ]
        if self.orphaned_other:
            parts.append("also orphaned: " + ", ".join(self.orphaned_other))
        if self.comments_lost:
            parts.append(f"comments could not be kept (previous file saved as {self.backup_path})")
        return "; ".join(parts)


# --------------------------------------------------------------------------
# Paper -> plain data


def paper_to_records(paper: Paper) -> dict:
    """The plain data of claims.yaml for ``paper`` (dicts and lists, keys in contract order)."""
    claim_of_sentence: dict[int, str] = {}
    for claim in paper.claims:
        claim_of_sentence.setdefault(claim.sentence, claim.id)
    meta = paper.meta
    return {
        "schema": SCHEMA,
        "paper": {
            "source": paper.document.path,
            "sha256": paper.document.sha256,
            "title": meta.title,
            "authors": list(meta.authors),
            "year": meta.year,
            "venue": meta.venue,
        },
        "footnotes": [_footnote_record(note, claim_of_sentence) for note in paper.footnotes],
        "claims": [_claim_record(claim) for claim in paper.claims],
        "tables": [_table_record(table) for table in paper.tables],
    }


def _footnote_record(note: Footnote, claim_of_sentence: dict[int, str]) -> dict:
    marker = note.marker
    if marker is None:
        marker_record: dict[str, Any] = {"form": "none", "line": None, "claim": None}
    else:
        marker_record = {
            "form": marker.form,
            "line": marker.span.line if marker.span is not None else None,
            "claim": claim_of_sentence.get(marker.sentence) if marker.sentence is not None else None,
        }
        if marker.form == "inferred":
            marker_record["confidence"] = marker.confidence
            marker_record["evidence"] = list(marker.evidence)
    crossref: list[int] | None = None
    for citation in note.citations:
        if citation.crossref is not None:
            crossref = crossref or []
            crossref.extend(t for t in citation.crossref.targets if t not in crossref)
    return {
        "n": note.n,
        "text": note.text,
        "page": note.page,
        "line": note.span.line,
        "number_printed": note.number_printed,
        "marker": marker_record,
        "cites": [
            {
                "ref": citation.ref_key,
                "pages": citation.fields.pages,
                "score": None if citation.score is None else round(float(citation.score), 1),
            }
            for citation in note.citations
        ],
        "crossref": crossref,
        "urls": [{"printed": url.printed, "url": url.url} for url in note.urls],
    }


def _claim_record(claim: Claim) -> dict:
    quote: str | list[str] | None
    if not claim.quotes:
        quote = None
    elif len(claim.quotes) == 1:
        quote = claim.quotes[0]
    else:
        quote = list(claim.quotes)
    entities = []
    for entity in claim.entities:
        item: dict[str, Any] = {"text": entity.text, "type": entity.type}
        if entity.acronym:
            item["acronym"] = entity.acronym
        entities.append(item)
    return {
        "id": claim.id,
        "section": claim.section,
        "text": claim.text,
        "line": claim.span.line,
        "kind": claim.kind,
        "footnotes": list(claim.footnotes),
        "refs": list(claim.refs),
        "quote": quote,
        "numbers": list(claim.numbers),
        "years": list(claim.years),
        "entities": entities,
        **CLAIM_HUMAN_DEFAULTS,
    }


def _table_record(table: Table) -> dict:
    record: dict[str, Any] = {
        "id": table.id,
        "title": table.title,
        "line": table.span.line,
        "columns": list(table.columns),
        "rows": [list(row) for row in table.rows],
    }
    if table.relations:
        record["relations"] = [
            {
                "organisation": rel.organisation,
                "status": rel.status,
                "members": list(rel.members),
                "annotations": [{"member": m, "note": n} for m, n in rel.annotations],
            }
            for rel in table.relations
        ]
    return record


# --------------------------------------------------------------------------
# Parsing and validation


def _line_of(node: Any, key: Any = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            return (lc.key(key) if isinstance(node, dict) else lc.item(key))[0] + 1
        return lc.line + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def _parse(text: str, path: str) -> CommentedMap:
    """Parse and validate a claims file; RecordFileError (with a line) when it is not one."""
    if not text.strip():
        raise RecordFileError(path, 1, "claims file is empty")
    try:
        data = make_yaml().load(text)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise RecordFileError(path, line, f"YAML error: {problem}") from None
    except Exception as err:  # ruamel raises a few plain exceptions on odd input
        raise RecordFileError(path, None, f"YAML error: {err}") from None
    if not isinstance(data, CommentedMap):
        kind = "empty" if data is None else type(data).__name__
        raise RecordFileError(path, 1, f"not a claimcheck claims file (top level is {kind}, not a mapping)")
    if "schema" not in data:
        raise RecordFileError(path, 1, "not a claimcheck claims file (no 'schema' key)")
    schema = data["schema"]
    if isinstance(schema, bool) or schema != SCHEMA:
        raise RecordFileError(
            path, _line_of(data, "schema"), f"unsupported claims file schema {schema!r} (expected {SCHEMA})"
        )
    if "paper" in data and data["paper"] is not None and not isinstance(data["paper"], dict):
        raise RecordFileError(path, _line_of(data, "paper"), "'paper' must be a mapping")
    for key, id_key in (("footnotes", "n"), ("claims", "id"), ("tables", "id"), ("orphaned", None)):
        if key not in data or data[key] is None:
            continue
        items = data[key]
        if not isinstance(items, list):
            raise RecordFileError(path, _line_of(data, key), f"'{key}' must be a list")
        for index, item in enumerate(items):
            line = _line_of(items, index)
            if not isinstance(item, dict):
                raise RecordFileError(path, line, f"item {index + 1} of '{key}' must be a mapping")
            if id_key is not None and id_key not in item:
                raise RecordFileError(path, line, f"item {index + 1} of '{key}' has no '{id_key}'")
    return data


def read_claims(path: str | os.PathLike[str]) -> dict:
    """The plain data of a claims.yaml, for readers that only look things up.

    Loads with ruamel's safe loader (its C extension when installed: eight times
    faster than the round-trip parser on a large file); anything unexpected goes
    through ``load_claims``, whose round-trip parser names the offending line."""
    from ruamel.yaml import YAML

    path = os.fspath(path)
    text = read_record_text(path, "claims file")
    try:
        data = YAML(typ="safe").load(text)
    except Exception:  # noqa: BLE001 - the careful parser below reports it with its line
        data = None
    if _plainly_valid(data):
        return data
    return _parse(text, path)


def _plainly_valid(data) -> bool:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or isinstance(data.get("schema"), bool):
        return False
    if data.get("paper") is not None and not isinstance(data["paper"], dict):
        return False
    for key, id_key in (("footnotes", "n"), ("claims", "id"), ("tables", "id"), ("orphaned", None)):
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(
                isinstance(item, dict) and (id_key is None or id_key in item) for item in items):
            return False
    return True


def load_claims(path: str | os.PathLike[str]) -> dict:
    """Read and validate a claims.yaml; the mappings keep ruamel's ``.lc`` line info."""
    path = os.fspath(path)
    return _parse(read_record_text(path, "claims file"), path)


# --------------------------------------------------------------------------
# Rendering


def _fresh_root(records: dict) -> CommentedMap:
    root = to_node(records)
    source = (records.get("paper") or {}).get("source") or "this paper"
    root.yaml_set_start_comment(HEADER.format(source=source))
    return root


def render_claims_yaml(
    records: dict, existing_text: str | None, path: str
) -> tuple[str, MergeReport]:
    """The text of claims.yaml for ``records``, merged onto ``existing_text`` if given.

    Raises RecordFileError when ``existing_text`` is not a valid claims file
    (it must then not be overwritten). Same input -> byte-identical output.
    """
    path = os.fspath(path)
    if existing_text is None or not existing_text.strip():
        return dump(_fresh_root(records)), MergeReport(new_file=True)
    old = _parse(existing_text, path)
    root, report = _merge(old, to_node(records))
    text = dump(root)
    # ruamel's comment handling has corner cases that emit broken YAML: check,
    # and if so fall back to a file without the comments (old one kept as .bak).
    if not _round_trips(text, root):
        root, report = _merge(strip_comments(_parse(existing_text, path)), to_node(records))
        backup = path + ".bak"
        write_text_atomic(backup, existing_text)
        report = replace(report, comments_lost=True, backup_path=backup)
        text = dump(root)
    return text, report


# --------------------------------------------------------------------------
# Merging onto the old file (generic pieces in yaml_merge)


def _merge(old: CommentedMap, new: CommentedMap) -> tuple[CommentedMap, MergeReport]:
    old_claims = list(old.get("claims") or [])
    old_orphans = list(old.get("orphaned") or [])
    claims, orphans, claim_report = _merge_claims(old_claims, old_orphans, new["claims"])

    footnotes, lost_notes = merge_items(
        old.get("footnotes"), new["footnotes"], "n", FOOTNOTE_KEYS, "footnote", nested_keys=NESTED_KEYS
    )
    tables, lost_tables = merge_items(old.get("tables"), new["tables"], "id", TABLE_KEYS, "table")
    orphans.extend(lost_notes + lost_tables)
    orphaned_other = tuple(
        [f"footnote {item.get('footnote')}" for item in lost_notes]
        + [f"table {item.get('table')}" for item in lost_tables]
    )

    old["schema"] = SCHEMA
    old["paper"] = merge_map(old.get("paper"), new["paper"], PAPER_KEYS, indent=2)
    old["footnotes"] = keep_seq_comments(old.get("footnotes"), footnotes)
    old["claims"] = keep_seq_comments(old.get("claims"), claims)
    old["tables"] = keep_seq_comments(old.get("tables"), tables)
    if orphans:
        old["orphaned"] = keep_seq_comments(old.get("orphaned"), orphans)
    elif "orphaned" in old:
        del old["orphaned"]
    order = list(TOP_KEYS) + (["orphaned"] if orphans else [])
    for key in order + [k for k in old if k not in order]:
        old.move_to_end(key)
    return old, replace(claim_report, orphaned_other=orphaned_other)


def _merge_claims(
    old_claims: list, old_orphans: list, new_claims: list
) -> tuple[list, list, MergeReport]:
    # Candidates: the old claims, then claims orphaned earlier (they may come back).
    old_orphan_claims = [o for o in old_orphans if isinstance(o, dict) and "id" in o]
    candidates = old_claims + old_orphan_claims
    match, kept_by_id, matched_by_text = pair_by_id_then_text(new_claims, candidates, FUZZY_THRESHOLD)

    merged, carried = [], []
    for index, new in enumerate(new_claims):
        old = candidates[match[index]] if index in match else None
        if old is not None and is_annotated(old, CLAIM_KEYS, CLAIM_HUMAN_DEFAULTS):
            carried.append(str(new["id"]))
        merged.append(merge_map(old, new, CLAIM_KEYS, indent=4, human_defaults=CLAIM_HUMAN_DEFAULTS))

    orphans, orphaned = [], []
    used = set(match.values())
    for j, old in enumerate(candidates):
        if j in used:
            continue
        if j >= len(old_claims):
            orphans.append(old)  # an orphan from before, still unmatched: keep as it is
        elif is_annotated(old, CLAIM_KEYS, CLAIM_HUMAN_DEFAULTS):
            orphans.append(_orphan_claim(old))
            orphaned.append(str(old.get("id")))
    # Non-claim orphans (footnotes, tables) from before are kept too.
    orphans.extend(o for o in old_orphans if not (isinstance(o, dict) and "id" in o))
    report = MergeReport(
        new_file=False,
        kept_by_id=tuple(kept_by_id),
        matched_by_text=tuple(matched_by_text),
        annotations_carried=tuple(carried),
        orphaned=tuple(orphaned),
    )
    return merged, orphans, report


def _orphan_claim(old: CommentedMap) -> CommentedMap:
    """The old claim reduced to id, text, human fields and own keys (its comments kept)."""
    lines = []
    for key in list(old):
        if key in CLAIM_KEYS and key not in ORPHAN_KEYS:
            lines.extend(comment_lines(old[key]))
            if key in old.ca.items:
                lines.extend(entry_lines(old.ca.items.pop(key)))
            del old[key]
    for key, default in CLAIM_HUMAN_DEFAULTS.items():
        old.setdefault(key, default)
    order = [k for k in ORPHAN_KEYS if k in old]
    for key in order + [k for k in old if k not in order]:
        old.move_to_end(key)
    if lines:
        place_comments(old, order[-1], lines, indent=4)
    return old


# --------------------------------------------------------------------------
# Convenience for the CLI


def write_claims_yaml(path: str | os.PathLike[str], paper: Paper) -> MergeReport:
    """Render ``paper`` onto the claims file at ``path`` (if any) and write it atomically."""
    path = os.fspath(path)
    existing = read_record_text(path, "claims file") if os.path.exists(path) else None
    text, report = render_claims_yaml(paper_to_records(paper), existing, path)
    if text != existing:
        write_text_atomic(path, text)
    return report
