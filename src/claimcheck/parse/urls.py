"""Find the URLs printed in a cleaned text and undo their conversion damage.

Pure functions, no network. Input is *cleaned* text (HTML entities decoded,
Markdown escapes removed by the reader); a stray ``\\_`` is still undone.

``find_urls(text)`` returns ``(start, end, UrlRef)`` triples: ``text[start:end]``
is the URL exactly as printed (with any glued punctuation and line-wrap
spaces), ``UrlRef.url`` the repaired URL and ``UrlRef.repairs`` one plain
phrase per repair, in the order applied (see the ``REPAIR_*`` names below).
``find_url_starts(text)`` gives ``(start, repaired URL)`` pairs by the same
rules without building the paper model (``claimcheck links`` on plain files
needs no more, and the model costs 35 ms to import).

What counts as a URL start: ``http://``, ``https://`` (any case), a bare
``www.host.``, a bare ``doi.org/`` / ``dx.doi.org/`` and ``doi:10.NNNN/``.
Bare forms get ``https://`` (doi: becomes ``https://doi.org/``).

Rules, in order:

1. Delimited forms. In a Markdown autolink ``<https://...>`` or link target
   ``[text](https://...)`` the delimiters end the URL: nothing is stripped or
   joined and these are *not* repairs (they are well-formed Markdown). A link
   text that is the same URL as its target is not reported twice.
2. Line-wrap spaces. PDF conversion breaks long URLs with a space (or a
   newline). The URL goes on across one whitespace run (at most two spaces,
   or one newline) only when the next piece is clearly URL material:

   * the URL ends in a broken percent-escape (``%2`` + ``0the``);
   * the piece holds a percent-escape (``%20``);
   * the piece holds a ``/`` and is not a date (``3/5/2020``) nor a short
     ``and/or`` pair;
   * the piece ends in a file extension (``.pdf``, ``.htm``...);
   * the piece is parenthesised (``(Far)``) and URL material follows it,
     glued or after one more space;
   * the URL ends in ``-``, ``_``, ``=``, ``&`` or ``/`` and the piece is a
     lowercase slug holding ``-``/``_``/``=``/``&``;
   * the URL is only a scheme or ends in a host dot (``https://www.``) and the
     piece is a lowercase host.

   The URL never goes on after a ``,``/``;``/quote, nor into a piece that
   starts another URL. So ordinary words (``accessed``, ``Retrieved``)
   are never swallowed.
3. Trailing punctuation glued to the URL is taken off, one character at a
   time from the end: ``. , ; : ! ?``, closing quotes, ``*``, a ``)`` or
   ``]`` with no opener inside the URL, a LaTeX ``$`` when the URL holds no
   other ``$``.
4. ``\\_``-style Markdown escapes are undone.
5. A percent sign not followed by two hex digits is reported
   (``REPAIR_BAD_ESCAPE``) but left as printed: we never invent the digits.

``normalize_url`` makes two URLs comparable; see its docstring.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from claimcheck import rx

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimcheck.model import UrlRef

__all__ = [
    "REPAIR_ADDED_SCHEME",
    "REPAIR_BAD_ESCAPE",
    "REPAIR_DOI_PREFIX",
    "REPAIR_LINE_WRAP",
    "REPAIR_MARKDOWN_ESCAPE",
    "REPAIR_SPLIT_ESCAPE",
    "REPAIR_TRAILING",
    "find_url_starts",
    "find_urls",
    "hyphen_lost_at",
    "normalize_url",
]

# Repair phrases; the templates are filled with the characters concerned.
REPAIR_LINE_WRAP = "removed line-wrap space"
REPAIR_SPLIT_ESCAPE = "rejoined split percent-escape '{}'"
REPAIR_TRAILING = "trailing {!r}"  # trailing '.', trailing "'"
REPAIR_MARKDOWN_ESCAPE = "removed Markdown escape '\\{}'"
REPAIR_ADDED_SCHEME = "added scheme 'https://'"
REPAIR_DOI_PREFIX = "wrote 'doi:' as https://doi.org/"
REPAIR_BAD_ESCAPE = "invalid percent-escape '{}' (left as printed)"

# One URL character: anything but whitespace, quotes, angle/curly brackets,
# pipes and backslashes; a backslash only as a Markdown escape.
_URL_CHAR = r"""(?:\\[_*~#&.\-]|[^\s<>"{}|\\^`\[\]“”‘’«»])"""
_START = rx.compile(  # the lookahead rules out most positions before four lookbehinds are tried
    r"(?=[hwd])"
    r"(?P<scheme>(?<![\w@.+-])https?://)"
    r"|(?P<www>(?<![\w/@.-])www\d{0,3}\.(?=[A-Za-z0-9-]+\.))"
    r"|(?P<doiorg>(?<![\w/@.-])(?:dx\.)?doi\.org/(?=10\.))"
    r"|(?P<doi>(?<![\w/@.-])doi:[ ]?(?=10\.\d{4,9}/))",
    re.IGNORECASE,
)
_RUN = rx.compile(_URL_CHAR + "*")
_GAP = rx.compile(r"[ \t]{1,2}(?!\s)|[ \t]*\n[ \t]*(?!\n)")
_ESCAPE = rx.compile(r"%[0-9A-Fa-f]{2}")
_BROKEN_ESCAPE_AT_END = rx.compile(r"%[0-9A-Fa-f]?$")
_BAD_ESCAPE = rx.compile(r"%(?![0-9A-Fa-f]{2}).{0,2}", re.DOTALL)
_MARKDOWN_ESCAPE = rx.compile(r"\\([_*~#&.\-])")
_BARE_SCHEME = rx.compile(r"https?://", re.IGNORECASE)
_DATE = rx.compile(r"\d{1,4}(?:[/.-]\d{1,4}){1,2}")
_WORD_PAIR = rx.compile(r"[A-Za-z]{1,4}/[A-Za-z]{1,4}")
_FILE_EXT = rx.compile(
    r"\.(?:pdf|html?|shtml|php|aspx?|jsp|cfm|xml|json|txt|csv|docx?|xlsx?|pptx?|zip|epub)$",
    re.IGNORECASE,
)
_SLUG = rx.compile(r"[a-z0-9][a-z0-9\-_.=&/%]*")
_HOST = rx.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:[/:].*)?")
_PARENS_PIECE = rx.compile(r"\([^\s()]+\)")
_TRAILING = ".,;:!?'\"’”»*"
_CLOSERS = {")": "(", "]": "["}


def find_urls(text: str) -> list[tuple[int, int, UrlRef]]:
    """Every URL in ``text`` as ``(start, end, UrlRef)``, in order of appearance."""
    from claimcheck.model import UrlRef

    return [(start, end, UrlRef(printed, url, repairs))
            for start, end, printed, url, repairs in _scan(text)]


def find_url_starts(text: str) -> list[tuple[int, str]]:
    """Every URL in ``text`` as ``(start, repaired URL)``, as ``find_urls`` finds them."""
    return [(start, url) for start, _, _, url, _ in _scan(text)]


def _scan(text: str) -> Iterator[tuple[int, int, str, str, tuple[str, ...]]]:
    """(start, end, as printed, repaired, repairs) for every URL, in order."""
    pos = 0
    while (match := _START.search(text, pos)) is not None:
        start = match.start()
        delimited_end = _delimiter_end(text, start, match.end())
        if delimited_end is not None:
            end = delimited_end
            printed = text[start:end]
            url, repairs = printed, []
        else:
            end, joins = _extend(text, start, match.end())
            printed = text[start:end]
            url, repairs = _join_pieces(printed, joins)
            url, trailing = _strip_trailing(url)
            repairs.extend(trailing)
        url, more = _finish(url, match)
        repairs.extend(more)
        pos = max(end, match.end())
        if not url or _is_bare_start(url):
            continue
        if _is_link_text_of_same_url(text, end, url):
            continue
        yield start, end, printed, url, tuple(repairs)


def normalize_url(url: str) -> str:
    """A form of ``url`` for comparing two URLs; equal forms mean the same link.

    Applied: lowercase scheme and host; default port (:80/:443) dropped;
    percent-escapes of unreserved characters decoded and the hex of the
    others upper-cased; ``.``/``..`` path segments resolved; trailing slash
    and fragment dropped; a bare ``www.`` / ``doi:`` form given its scheme;
    DOI links (``dx.doi.org``, ``http://doi.org``) written as
    ``https://doi.org/`` with the DOI lower-cased (DOIs are case-insensitive).

    Kept: ``www.`` (``www.x.org`` and ``x.org`` are different hosts and often,
    but not always, the same site: a mismatch is worth showing), ``http`` vs
    ``https``, the query string and the case of the path.
    """
    text = url.strip()
    if text.lower().startswith("doi:"):
        text = "https://doi.org/" + text[4:].strip()
    elif "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = host
    try:
        port = parts.port
    except ValueError:  # a non-numeric port: keep as printed
        port = None
        netloc = parts.netloc.lower()
    if port is not None and (scheme, port) not in {("http", 80), ("https", 443)}:
        netloc = f"{host}:{port}"
    if parts.username:
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{userinfo}@{netloc}"
    path = _remove_dot_segments(_normalize_escapes(parts.path)).rstrip("/")
    query = _normalize_escapes(parts.query)
    if host in {"doi.org", "dx.doi.org", "www.doi.org"}:
        scheme, netloc, path = "https", "doi.org", path.lower()
    return urlunsplit((scheme, netloc, path, query, ""))


def hyphen_lost_at(short: str, long: str) -> int | None:
    """Index in ``short`` where ``long`` has one more ``-``, or None.

    Two printings of one URL that differ by exactly one hyphen: the shorter
    lost it at a line wrap (PDF conversion drops the hyphen a wrap ends on).
    """
    if len(long) != len(short) + 1:
        return None
    for index, character in enumerate(long):
        if index >= len(short) or character != short[index]:
            if character == "-" and long[:index] + long[index + 1:] == short:
                return index
            return None
    return None


# --------------------------------------------------------------------------
# find_urls helpers


def _delimiter_end(text: str, start: int, run_from: int) -> int | None:
    """End of a URL inside ``<...>`` or ``[...](...)``, or None if not delimited."""
    run_end = _RUN.match(text, run_from).end()
    if start >= 1 and text[start - 1] == "<" and run_end < len(text) and text[run_end] == ">":
        return run_end
    if start >= 2 and text[start - 2 : start] == "](":
        depth = 0
        for i in range(start, run_end):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                if depth == 0:
                    return i
                depth -= 1
        return run_end  # ends at a space: a ``"title"`` or damage follows
    return None


def _extend(text: str, start: int, run_from: int) -> tuple[int, list[tuple[int, int]]]:
    """End of the printed URL from ``start``, following line-wrap breaks.

    Returns the end offset and the gaps crossed, relative to ``start``.
    """
    end = _RUN.match(text, run_from).end()
    gaps: list[tuple[int, int]] = []
    while True:
        gap = _GAP.match(text, end)
        if gap is None:
            break
        piece_end = _RUN.match(text, gap.end()).end()
        piece = text[gap.end() : piece_end]
        after = _next_piece(text, piece_end)
        if not _continues(text[start:end], piece, after):
            break
        gaps.append((gap.start() - start, gap.end() - start))
        end = piece_end
    return end, gaps


def _next_piece(text: str, pos: int) -> str:
    gap = _GAP.match(text, pos)
    if gap is None:
        return ""
    return text[gap.end() : _RUN.match(text, gap.end()).end()]


def _continues(url: str, piece: str, after: str) -> bool:
    """Whether ``piece``, after a whitespace break, is more of ``url``."""
    if not piece or _START.match(piece) or url[-1] in ",;'\"’”":
        return False
    if _BROKEN_ESCAPE_AT_END.search(url):
        missing = 2 - (len(url) - url.rindex("%") - 1)
        return len(piece) >= missing and all(c in "0123456789abcdefABCDEF" for c in piece[:missing])
    core = piece.rstrip(_TRAILING)
    if not core or (url.endswith(".") and core[0].isupper() and not _ESCAPE.search(core)):
        return False  # a new sentence
    if _is_url_material(core):
        return True
    parens = _PARENS_PIECE.match(core)
    if parens is not None:
        rest = core[parens.end() :]
        if rest:
            return rest.startswith(("-", "_", "%")) or _is_url_material(rest)
        after_core = after.rstrip(_TRAILING)
        return bool(after_core) and (after_core.startswith("%") or _is_url_material(after_core))
    if url[-1] in "-_=&/" and _SLUG.fullmatch(core) and any(c in core for c in "-_=&"):
        return True
    if rx.fullmatch(r"https?://", url, re.IGNORECASE) or (url.endswith(".") and "/" not in url.split("://", 1)[-1]):
        return bool(_HOST.fullmatch(core))
    return False


def _is_url_material(piece: str) -> bool:
    if _START.match(piece):
        return False
    if _ESCAPE.search(piece):
        return True
    if "/" in piece and not _DATE.fullmatch(piece) and not _WORD_PAIR.fullmatch(piece):
        return True
    return bool(_FILE_EXT.search(piece)) and piece[0] not in "(\"'"


def _join_pieces(printed: str, gaps: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """Drop the line-wrap gaps from ``printed``; name each percent-escape they split."""
    if not gaps:
        return printed, []
    chunks, last = [], 0
    for gap_start, gap_end in gaps:
        chunks.append(printed[last:gap_start])
        last = gap_end
    chunks.append(printed[last:])
    repairs = [REPAIR_LINE_WRAP]
    for chunk, following in zip(chunks, chunks[1:]):
        broken = _BROKEN_ESCAPE_AT_END.search(chunk)
        if broken is not None:
            escape = broken.group() + following[: 3 - len(broken.group())]
            repairs.append(REPAIR_SPLIT_ESCAPE.format(escape))
    return "".join(chunks), repairs


def _strip_trailing(url: str) -> tuple[str, list[str]]:
    """Take glued punctuation off the end (the printed span keeps it)."""
    repairs = []
    while url:
        last = url[-1]
        if last in _TRAILING and not url.endswith("\\" + last):
            pass
        elif last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            pass
        elif last == "$" and url.count("$") == 1:
            pass
        else:
            break
        url = url[:-1]
        repairs.append(REPAIR_TRAILING.format(last))
    return url, repairs


def _finish(url: str, match: re.Match[str]) -> tuple[str, list[str]]:
    """Undo escapes, give bare forms a scheme, name bad percent-escapes."""
    repairs = []
    if "\\" in url:
        for escaped in dict.fromkeys(_MARKDOWN_ESCAPE.findall(url)):
            repairs.append(REPAIR_MARKDOWN_ESCAPE.format(escaped))
        url = _MARKDOWN_ESCAPE.sub(r"\1", url)
    if match.group("doi"):
        url = "https://doi.org/" + url[4:].lstrip()
        repairs.append(REPAIR_DOI_PREFIX)
    elif match.group("www") or match.group("doiorg"):
        url = "https://" + url
        repairs.append(REPAIR_ADDED_SCHEME)
    if "%" in url:
        for bad in _BAD_ESCAPE.finditer(url):
            repairs.append(REPAIR_BAD_ESCAPE.format(bad.group()))
    return url, repairs


def _is_bare_start(url: str) -> bool:
    return len(url) <= len("https://") and _BARE_SCHEME.fullmatch(url) is not None


def _is_link_text_of_same_url(text: str, end: int, url: str) -> bool:
    """A URL used as the text of a Markdown link to itself: ``[u](u)``."""
    if not text.startswith("](", end):
        return False
    target = _RUN.match(text, end + 2).group()
    target = target[:-1] if target.endswith(")") else target
    return normalize_url(target) == normalize_url(url)


# --------------------------------------------------------------------------
# normalize_url helpers

_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalize_escapes(part: str) -> str:
    def fix(m: re.Match[str]) -> str:
        char = chr(int(m.group()[1:], 16))
        return char if char in _UNRESERVED else m.group().upper()

    return _ESCAPE.sub(fix, part)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        if segment == ".":
            if i == len(segments) - 1:
                out.append("")
            continue
        if segment == "..":
            if len(out) > 1:
                out.pop()
            if i == len(segments) - 1:
                out.append("")
            continue
        out.append(segment)
    return "/".join(out)


def locate_printed(document, record, urls, *, by: str = "printed") -> dict:
    """Where each URL of a note or entry stands in the file: ``getattr(url, by)``
    -> Span, searched in order inside the record's lines.

    A URL whose printed form is not found verbatim (it crossed a line break the
    reader joined) is left out; callers fall back to the record's span.
    """
    source = document.source
    cursor = document.line_starts[record.line - 1] + record.column - 1
    last_line = record.end_line or record.line
    limit = document.line_starts[last_line] if last_line < len(document.line_starts) else len(source)
    spans: dict = {}
    for url in urls:
        at = source.find(url.printed, cursor, limit) if url.printed else -1
        if at < 0:
            continue
        spans.setdefault(getattr(url, by), document.span_at(at, at + len(url.printed)))
        cursor = at + len(url.printed)
    return spans
