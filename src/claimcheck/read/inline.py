"""Undo inline conversion damage in one block, keeping every character's origin.

PDF-to-Markdown converters leave superscripts as HTML that was itself
escaped and nested (``<sup>&</sup>lt;sup>1</sup>``), LaTeX math around
footnote numbers (``$<sup>^{37}</sup>$``), Markdown escapes (``\\_``),
HTML entities, emphasis markers and stray tags. ``clean_inline`` turns the
raw block into plain text in a single left-to-right pass so that each output
character remembers the absolute offset it came from; superscripts are taken
out of the text and returned separately with the offset where they stood.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from claimcheck import rx

_ENTITY = r"&(?:[A-Za-z]{2,8}|\#\d{1,6}|\#x[0-9A-Fa-f]{1,6});"

# One alternation, tried left to right at each position; named groups say
# which kind of damage matched. Order matters: the escaped-and-nested
# superscript must win over the plain <sup> tag it starts with. The lookahead
# names every token's first character, so plain text is skipped at one test per
# character instead of thirteen failed branches (15x faster on a whole paper).
_TOKEN = rx.compile(
    r"""
    (?=[<&$\[\\*])
    (?:
      (?P<comment><!--.*?-->)
    | (?P<esc_sup><sup>&</sup>lt;sup>(?P<esc_sup_body>.*?)</sup>)
    | (?P<esc_entity><sup>&</sup>(?P<esc_entity_body>(?:[A-Za-z]{2,8}|\#\d{1,6});))
    | (?P<escaped_tag>&lt;sup&gt;(?P<escaped_tag_body>.*?)&lt;/sup&gt;)
    | (?P<latex_sup>\$\s*(?:<sup>)?\s*\^\{?(?P<latex_sup_body>[0-9*]+)\}?\s*(?:</sup>)?\s*\$)
    | (?P<latex_text>\$(?P<latex_text_body>[^$\n]*?\\[A-Za-z ][^$\n]*?)\$)
    | (?P<sup><sup>(?P<sup_body>.*?)</sup>)
    | (?P<pandoc>\[\^(?P<pandoc_body>[0-9A-Za-z_-]+)\](?P<pandoc_def>:)?)
    | (?P<tag></?(?:b|i|em|strong|u|span|br|sub|small)\b[^>]*>)
    | (?P<entity>"""
    + _ENTITY
    + r""")
    | (?P<starred_letter>(?<=[A-Za-z])\\\*(?=[a-z]))
    | (?P<escape>\\(?P<escape_body>[\\`*_{}\[\]()\#+\-.!|~<>"'$&%]))
    | (?P<emphasis>\*{1,3})
    )
    """,
    re.VERBOSE | re.DOTALL,
)

# Inside a $...$ text run: \it, \bf, \textit{...} and "\ " (a LaTeX space).
_LATEX_COMMAND = rx.compile(r"\\(?:it|bf|rm|em|sl|textit|textbf|emph|mathrm|text)\b\s*|[{}]")


_SPACE_LIKE = rx.compile(r"[\n\t\f\v]")  # each becomes one space (offsets stay 1:1)

_ORDINAL_SUFFIX = rx.compile(r"st|nd|rd|th|e|er|re|ème|o|a", re.IGNORECASE)


@dataclass
class InlineResult:
    """A cleaned block: its text, the file offset of every character, superscripts, emphasis."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    superscripts: list[tuple[str, str, int, int, int]] = field(default_factory=list)
    """(content, form, position in text, raw start, raw end)"""
    emphasis: list[tuple[int, int]] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def emit(self, chars: str, origin: int) -> None:
        for char in chars:
            self.text_parts.append(char)
            self.offsets.append(origin)


def _latex_text(body: str, origin: int) -> list[tuple[str, int]]:
    """The text of a ``$...$`` run, each character with its absolute offset
    (``body`` starts at ``origin``): commands and braces dropped, ``\\ ``,
    ``\\_`` and ``\\&`` unescaped, whitespace squeezed and trimmed."""
    chars: list[tuple[str, int]] = []
    position = 0
    while position < len(body):
        if body.startswith(("\\ ", "\\_", "\\&"), position):
            position += 1  # keep the escaped character, drop the backslash
        else:
            command = _LATEX_COMMAND.match(body, position)
            if command and command.end() > position:
                position = command.end()
                continue
        char = " " if body[position].isspace() else body[position]
        if not (char == " " and (not chars or chars[-1][0] == " ")):
            chars.append((char, origin + position))
        position += 1
    while chars and chars[-1][0] == " ":
        chars.pop()
    return chars


def clean_inline(raw: str, base: int = 0) -> InlineResult:
    """Clean ``raw`` (which starts at absolute offset ``base`` in the file)."""
    out = InlineResult()
    position = 0
    open_emphasis: int | None = None
    for match in _TOKEN.finditer(raw):
        start, end = match.span()
        _emit_plain(out, raw, position, start, base)
        position = end
        kind = _kind_of(match)
        origin = base + start
        here = len(out.text_parts)
        if kind == "sup" and _ORDINAL_SUFFIX.fullmatch(match.group("sup_body")):
            # 8626<sup>th</sup> is text
            body_start = base + match.start("sup_body")
            for index, char in enumerate(match.group("sup_body")):
                out.emit(char, body_start + index)
        elif kind in {"esc_sup", "escaped_tag", "sup", "latex_sup", "pandoc"}:
            content = _superscript_body(match, kind)
            form = {"esc_sup": "escaped", "escaped_tag": "escaped", "sup": "sup",
                    "latex_sup": "latex", "pandoc": "pandoc"}[kind]
            out.superscripts.append((content, form, here, origin, base + end))
        elif kind == "esc_entity":
            out.emit(html.unescape("&" + match.group("esc_entity_body")), origin)
        elif kind == "entity":
            out.emit(html.unescape(match.group()), origin)
        elif kind == "latex_text":
            chars = _latex_text(match.group("latex_text_body"), base + match.start("latex_text_body"))
            for char, char_origin in chars:
                out.emit(char, char_origin)
            out.emphasis.append((here, here + len(chars)))
        elif kind == "escape":
            out.emit(match.group("escape_body"), origin + 1)
        elif kind == "emphasis":
            if open_emphasis is None:
                open_emphasis = here
            else:
                if here > open_emphasis:
                    out.emphasis.append((open_emphasis, here))
                open_emphasis = None
        # comments, tags and starred letters (a diacritic lost in conversion) emit nothing
    _emit_plain(out, raw, position, len(raw), base)
    _squeeze_spaces(out)
    return out


_REMOVABLE_SPACES = rx.compile(r"^ +| +$|(?<= ) +")


def _squeeze_spaces(out: InlineResult) -> None:
    """Collapse space runs and trim, moving positions that point past them.

    Works on slices (C speed): the runs to drop are found with one regex."""
    from bisect import bisect_right

    text = "".join(out.text_parts)
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        out.text = text  # nothing to drop; most blocks, and the regex scan costs more
        return
    drops = [m.span() for m in _REMOVABLE_SPACES.finditer(text)]
    if not drops:
        out.text = text
        return
    pieces, offsets, starts, removed_before = [], [], [], []
    position = removed = 0
    for start, end in drops:
        pieces.append(text[position:start])
        offsets.extend(out.offsets[position:start])
        starts.append(start)
        removed_before.append(removed)
        removed += end - start
        position = end
    pieces.append(text[position:])
    offsets.extend(out.offsets[position:])
    out.text = "".join(pieces)
    out.offsets = offsets
    length = len(out.text)

    def moved(old: int) -> int:
        """New position of old position ``old``: one inside a dropped run moves to its end."""
        index = bisect_right(starts, old) - 1
        if index < 0:
            return old
        start, end = drops[index]
        shift = removed_before[index] + (min(old, end) - start)
        return min(old - shift, length)

    out.superscripts = [(c, f, moved(p), s, e) for c, f, p, s, e in out.superscripts]
    out.emphasis = [(moved(s), moved(e)) for s, e in out.emphasis]


def _kind_of(match: re.Match[str]) -> str:
    for name in ("comment", "esc_sup", "esc_entity", "escaped_tag", "latex_sup", "latex_text", "sup",
                 "pandoc", "tag", "entity", "starred_letter", "escape", "emphasis"):
        if match.group(name) is not None:
            return name
    raise AssertionError("unreachable: a token matched no named group")


def _superscript_body(match: re.Match[str], kind: str) -> str:
    body = match.group(f"{kind}_body")
    if kind == "sup":
        # <sup>\*</sup>, <sup>^{37}</sup> and nested tags all reduce to their text
        body = rx.sub(r"<[^>]+>|\\|[\^{}$]", "", body)
        body = html.unescape(body)
    return body.strip()


def _emit_plain(out: InlineResult, raw: str, start: int, end: int, base: int) -> None:
    if start >= end:
        return
    chunk = raw[start:end]
    if "\r" not in chunk:
        out.text_parts.extend(_SPACE_LIKE.sub(" ", chunk))
        out.offsets.extend(range(base + start, base + end))
        return
    for index in range(start, end):
        char = raw[index]
        if char == "\r":
            continue
        out.text_parts.append(" " if char in "\n\t\f\v" else char)
        out.offsets.append(base + index)
