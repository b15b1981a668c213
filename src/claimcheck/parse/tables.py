"""Read Markdown pipe tables back into logical rows and membership relations.

PDF conversion prints one *physical* table row per printed line, so a cell
that wrapped over three lines becomes three rows, a two-line header puts its
second line after the ``|---|`` separator, and a list that runs down one
column across several status rows looks like one cell per row. These rules
rebuild the table; none of them knows any name from any paper.

Cells. A raw line is split on unescaped ``|``; HTML tags are removed
(``<br>`` becomes a space), entities decoded, ``**``/``__`` emphasis and
Markdown escapes taken off. A row with more or fewer cells than the table
(the wider of header and separator) is padded or truncated (and, if a ``problems`` list is given, reported).

Header. Every line before the separator is a header line. The first line
after the separator also continues the header when it has an empty cell,
each of its other cells sits under a non-empty header cell and is a short
Title-case phrase (no digits, no commas, no terminal punctuation), a row
follows it, and either one of its words is a header noun ("Status",
"Members", "Type", "Year", a unit such as "(%)"...) or the header cell above
it dangles ("Common", "Total", "of", "and"...). Header pieces are joined
with a space, per column.

Logical rows. Each later physical line either starts a logical row or
continues the current one. It continues when

1. its first cell is empty, or starts with a lowercase letter, or the
   current row's label ends open (see below); otherwise
2. the columns vote: a column whose text so far ends *open* (``,`` ``;``
   ``:`` ``-`` ``&`` or a trailing ``and``/``or``/``of``/``the``...) and has
   text on the new line votes "continue"; one whose text so far ends
   *closed* (``.`` ``!`` ``?``) and has text on the new line (a new cell
   starts) votes "new row"; other columns abstain. More "continue" votes
   join the line to the row; anything else starts a new row.
3. A column that was still open when a new row clearly started (more
   "new row" votes) is a *running* column: its text runs down across
   rows. When some vote was a tie, the rows are rebuilt with running
   columns left out of the vote.

Fragments of a cell are joined with a space (none after a trailing hyphen
when the next fragment starts lowercase: "Kyr-" + "gyzstan").

Running cells. A cell (other than the label column) whose text ends open
runs on into the next row's cell of the same column: the joined text is
kept in the first row of its run and the rows it ran through get ``""``
(like an HTML ``rowspan``).

Relations. A table states memberships when at least one row label is a
known status (full member, observer, dialogue partner, associate,
candidate, partner, guest, founding/former/suspended member...) and a
header or a second label says so too. Each column after the label column
is then one of:

* a *derived column*: its header says "common"/"both"/"shared"/"overlap"/
  "mutual"/"joint"; or it names no organisation ("Members") while two or
  more organisation columns exist. One ``Relation(header, "common", ...)``
  per (running) cell.
* an *organisation column*: its header, with "member(s)/membership/states/
  countries/nations/status/list/of/the/in" removed, still names something,
  and it either said one of those words or holds an all-caps acronym
  ("SCO Member States" -> "SCO"). One ``Relation`` per status row with a
  non-empty cell. A bare "Members" column in a single-organisation table
  takes its organisation from the table title ("ASEAN Membership" ->
  "ASEAN"), else the header text.
* anything else ("Year joined", "Notes"): no relations.
 Members are split on ``,`` ``;`` and ``and``/``&`` (a few
country names that contain "and" are kept whole), final periods dropped; a
trailing ``(note)`` or ``*``/``†`` becomes an ``(member, note)`` annotation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from claimcheck import rx
from claimcheck.model import ParseProblem, Relation, Span, Table

__all__ = ["find_pipe_tables", "parse_pipe_table", "split_members"]

_SEPARATOR = rx.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = rx.compile(r"^\s{0,3}(```|~~~)")
_TAG = rx.compile(r"<[^>]+>")
_BR = rx.compile(r"<br\s*/?>", re.IGNORECASE)
_OPEN_WORDS = {"and", "or", "of", "the", "a", "an", "in", "for", "with", "to", "by", "on", "per", "&"}
_HEADER_NOUNS = {
    "status", "members", "member", "states", "state", "countries", "country", "name", "names",
    "type", "types", "category", "year", "years", "date", "dates", "period", "number", "no.",
    "total", "count", "rate", "share", "value", "values", "role", "level", "class", "group",
    "score", "notes", "source", "sources", "description", "organisation", "organization",
    "partners", "parties", "percent", "percentage", "amount", "size", "area", "population",
}  # fmt: skip
_DANGLING = _OPEN_WORDS | {"common", "total", "member", "membership", "founding", "full", "joint", "shared", "annual"}
_DERIVED_WORDS = {"common", "both", "shared", "overlap", "overlapping", "mutual", "joint"}
_ORG_NOISE = rx.compile(
    r"\b(?:full\s+)?(?:member(?:ship)?s?|states?|countries|country|nations?|status|list|of|the|in)\b",
    re.IGNORECASE,
)
_STATUS_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bdialog(?:ue)?\s+partners?\b", "dialogue_partner"),
    (r"\bfounding\s+members?\b", "founding_member"),
    (r"\bformer\s+members?\b|\bwithdrawn\b", "former_member"),
    (r"\bsuspended\b", "suspended"),
    (r"\bassociate", "associate"),
    (r"\bobservers?\b", "observer"),
    (r"\bcandidates?\b|\bapplicants?\b|\bacceding\b|\baccession\b", "candidate"),
    (r"\bguests?\b", "guest"),
    (r"\bpartners?\b", "partner"),
    (r"\bmembers?\b|\bmember\s+states?\b|\bfull\s+membership\b", "member"),
)
_AND_NAMES = (
    "Antigua and Barbuda", "Bosnia and Herzegovina", "Heard Island and McDonald Islands",
    "Saint Kitts and Nevis", "Saint Vincent and the Grenadines", "Sao Tome and Principe",
    "São Tomé and Príncipe", "South Georgia and the South Sandwich Islands",
    "Trinidad and Tobago", "Turks and Caicos Islands", "Wallis and Futuna",
    "Saint Pierre and Miquelon", "Svalbard and Jan Mayen",
)  # fmt: skip


def find_pipe_tables(lines: Sequence[str]) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` line-index ranges of the pipe tables in ``lines``.

    A table is a run of two or more consecutive lines that start with ``|``,
    or a line holding ``|`` followed by a separator line (GFM tables without
    outer pipes) and the ``|`` lines after them. A blank or pipe-less line
    ends it; so does the end of the list. Lines inside code fences are skipped.
    """
    ranges: list[tuple[int, int]] = []
    in_fence = False
    i = 0
    while i < len(lines):
        if _FENCE.match(lines[i]):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        starts_piped = lines[i].lstrip().startswith("|")
        next_is_sep = i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]) is not None
        if (starts_piped and i + 1 < len(lines) and lines[i + 1].lstrip().startswith("|")) or (
            "|" in lines[i] and next_is_sep
        ):
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip() and not _FENCE.match(lines[j]):
                j += 1
            ranges.append((i, j))
            i = j
            continue
        i += 1
    return ranges


def parse_pipe_table(
    lines: Sequence[str],
    *,
    title: str | None = None,
    first_line: int = 1,
    page: int | None = None,
    table_id: str = "table-1",
    problems: list[ParseProblem] | None = None,
) -> Table:
    """Rebuild one pipe table (its raw lines) into logical rows and relations.

    ``first_line`` is the 1-based file line of ``lines[0]``; ``problems``,
    when given, receives a ``ParseProblem`` for each row whose cell count is
    off (the row is padded or truncated and parsing goes on).
    """
    span = Span(first_line, 1, first_line + max(len(lines), 1) - 1, None, page)
    raw_rows = [(n, _split_cells(line)) for n, line in enumerate(lines) if line.strip()]
    sep = next((k for k, (_, cells) in enumerate(raw_rows[:5]) if _is_separator_cells(cells)), None)
    if not raw_rows or sep == 0:
        return Table(table_id, title, span, (), ())
    width = max(len(raw_rows[0][1]), len(raw_rows[sep][1]) if sep is not None else 0)
    header_rows = [cells for _, cells in raw_rows[: sep if sep is not None else 1]]
    body: list[list[str]] = []
    for n, cells in raw_rows[(sep + 1) if sep is not None else 1 :]:
        if len(cells) != width and problems is not None:
            problems.append(
                ParseProblem(
                    f"table row has {len(cells)} cells, the table {width}: padded/truncated",
                    Span(first_line + n, 1, page=page),
                )
            )
        body.append(_fit(cells, width))
    header_rows = [_fit(cells, width) for cells in header_rows]
    while body and len(header_rows) < 4 and _continues_header(header_rows, body):
        header_rows.append(body.pop(0))
    columns = tuple(_join_fragments([row[c] for row in header_rows]) for c in range(width))
    rows = _logical_rows(body, width)
    rows = _merge_running_cells(rows, width)
    text_rows = tuple(tuple(_join_fragments(cell) for cell in row) for row in rows)
    relations = _relations(columns, rows, title)
    return Table(table_id, title, span, columns, text_rows, relations)


# --------------------------------------------------------------------------
# Cells


def _split_cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [_clean_cell(cell) for cell in rx.split(r"(?<!\\)\|", text)]


def _clean_cell(cell: str) -> str:
    text = _TAG.sub("", _BR.sub(" ", cell))
    text = html.unescape(text)
    text = rx.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = rx.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = rx.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    return " ".join(text.split())


def _is_separator_cells(cells: list[str]) -> bool:
    return bool(cells) and all(rx.fullmatch(r":?-{2,}:?", c) for c in cells if c) and any(cells)


def _fit(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _join_fragments(fragments: Sequence[str]) -> str:
    out = ""
    for fragment in fragments:
        if not fragment:
            continue
        if out and not (out.endswith("-") and fragment[:1].islower()):
            out += " "
        out += fragment
    return out


def _state(text: str) -> str:
    """"open" (text goes on), "closed" (text ended), "neutral" or "empty"."""
    if not text:
        return "empty"
    if text[-1] in ",;:-&/" or text.rsplit(None, 1)[-1].lower() in _OPEN_WORDS:
        return "open"
    if text[-1] in ".!?" or text.endswith((".)", '."', ".”")):
        return "closed"
    return "neutral"


# --------------------------------------------------------------------------
# Header


def _continues_header(header_rows: list[list[str]], body: list[list[str]]) -> bool:
    candidate = body[0]
    if len(body) < 2 or all(candidate) or not any(candidate):
        return False
    evidence = False
    for column, text in enumerate(candidate):
        if not text:
            continue
        above = _join_fragments([row[column] for row in header_rows])
        if not above or rx.search(r"\d|,", text) or _state(text) != "neutral":
            return False
        words = text.split()
        if len(words) > 4 or not (words[0][0].isupper() or words[0].startswith("(")):
            return False
        if words[0].lower() in _HEADER_NOUNS or rx.fullmatch(r"\(.{1,6}\)", words[0]):
            evidence = True
        if above.rsplit(None, 1)[-1].lower() in _DANGLING or above.endswith("-"):
            evidence = True
    return evidence


# --------------------------------------------------------------------------
# Logical rows


_Row = list[list[str]]  # per column, the cell's fragments


def _logical_rows(body: list[list[str]], width: int) -> list[_Row]:
    rows, running, tied = _group(body, width, ignore=set())
    if tied and running:
        rows, _, _ = _group(body, width, ignore=running)
    return rows


def _group(body: list[list[str]], width: int, ignore: set[int]) -> tuple[list[_Row], set[int], bool]:
    rows: list[_Row] = []
    running: set[int] = set()
    tied = False
    for cells in body:
        if not rows:
            rows.append([[c] if c else [] for c in cells])
            continue
        current = rows[-1]
        texts = [_join_fragments(frags) for frags in current]
        label = cells[0]
        if not label or label[0].islower() or _state(texts[0]) == "open":
            join = True
        else:
            votes_on = votes_off = 0
            for column in range(1, width):
                if column in ignore:
                    continue
                state = _state(texts[column])
                if state == "open" and cells[column]:
                    votes_on += 1
                elif state == "closed" and cells[column]:
                    votes_off += 1
            join = votes_on > votes_off
            tied = tied or (votes_on == votes_off and votes_on > 0)
            if votes_off > votes_on:  # a clear new row: whatever is still open runs down
                running.update(
                    c for c in range(1, width) if _state(texts[c]) == "open" and cells[c]
                )
        if join:
            for column, text in enumerate(cells):
                if text:
                    current[column].append(text)
        else:
            rows.append([[c] if c else [] for c in cells])
    return rows, running, tied


def _merge_running_cells(rows: list[_Row], width: int) -> list[_Row]:
    """Move a cell that runs down (ends open) into the first row of its run."""
    for column in range(1, width):
        head = 0
        for k in range(1, len(rows)):
            fragments = rows[k][column]
            if fragments and rows[head][column] and _state(_join_fragments(rows[head][column])) == "open":
                rows[head][column].extend(fragments)
                rows[k][column] = []
            else:
                head = k
    return rows


# --------------------------------------------------------------------------
# Relations


def _status(label: str) -> str | None:
    """Short lowercase status for a row label, or None if it names none."""
    text = label.lower()
    for pattern, status in _STATUS_PATTERNS:
        if rx.search(pattern, text):
            return status
    return None


def _organisation(header: str) -> str:
    """The name left in a header once membership words are gone ("" if none)."""
    return " ".join(_ORG_NOISE.sub(" ", header).split()).strip(" ,;:-")


def _relations(columns: tuple[str, ...], rows: list[_Row], title: str | None) -> tuple[Relation, ...]:
    if len(columns) < 2 or not rows:
        return ()
    statuses = [_status(_join_fragments(row[0])) for row in rows]
    known = [s for s in statuses if s]
    mentions = any(rx.search(r"member|status|observer|partner", c, re.IGNORECASE) for c in columns)
    if not known or not (mentions or len(known) >= 2):
        return ()
    organisations: dict[int, str] = {}
    derived: list[int] = []
    plain: list[int] = []  # "Members": no name, not said to be derived
    for column in range(1, len(columns)):
        header = columns[column]
        name = _organisation(header)
        names_members = rx.search(r"member|states|countries|nations", header, re.IGNORECASE)
        if set(rx.findall(r"\w+", header.lower())) & _DERIVED_WORDS:
            derived.append(column)
        elif name and (names_members or rx.search(r"\b[A-Z]{2,}\b", header)):
            organisations[column] = name
        elif not name and names_members:
            plain.append(column)
    if len(organisations) >= 2:
        derived = sorted(derived + plain)
    else:
        for column in plain:
            organisations[column] = _organisation(title or "") or columns[column]
    relations: list[Relation] = []
    for column, organisation in sorted(organisations.items()):
        for row, status in zip(rows, statuses):
            text = _join_fragments(row[column])
            if status and text:
                members, notes = split_members(text)
                if members:
                    relations.append(Relation(organisation, status, members, notes))
    for column in derived:
        for row in rows:
            text = _join_fragments(row[column])
            if text:
                members, notes = split_members(text)
                if members:
                    relations.append(Relation(columns[column], "common", members, notes))
    return tuple(relations)


def split_members(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Split a cell listing members: ``"A, B (ob) and C."`` -> members and annotations."""
    protected = text
    for i, name in enumerate(_AND_NAMES):
        protected = re.sub(re.escape(name), f"\x00{i}\x00", protected, flags=re.IGNORECASE)
    members: list[str] = []
    notes: list[tuple[str, str]] = []
    for piece in rx.split(r"[,;]|\s+(?:and|&)\s+|^\s*and\s+", protected):
        piece = rx.sub(r"^\s*(?:and|&)\s+", "", piece).strip().rstrip(".").strip()
        piece = rx.sub(r"\x00(\d+)\x00", lambda m: _AND_NAMES[int(m.group(1))], piece)
        if not piece:
            continue
        note = None
        annotated = rx.fullmatch(r"(.+?)\s*\(([^()]+)\)", piece) or rx.fullmatch(r"(.+?)\s*([*†‡]+)", piece)
        if annotated:
            piece, note = annotated.group(1).strip(), annotated.group(2).strip()
        members.append(piece)
        if note:
            notes.append((piece, note))
    return tuple(members), tuple(notes)
