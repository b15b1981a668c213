"""Parse one reference-list entry (Chicago, APA/Harvard, numbered) into WorkFields,
and give the entries readable BibTeX keys.

This module strips the entry's label ("[12]", "3.") and hands the rest to
``work.parse_work``, the field-finding walk it shares with the note parser;
``make_keys`` then names the parsed works.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck import rx
from claimcheck.model import WorkFields
from claimcheck.parse import fields as f
from claimcheck.parse.work import parse_work

__all__ = ["make_keys", "parse_reference", "parse_work", "split_label"]

LABEL_RE = rx.compile(r"^\s*(\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}\.(?=\s)|\d{1,4}(?=\s+[A-Z_]))\s*")
STOP_WORDS = {
    "the", "a", "an", "on", "of", "in", "and", "for", "to", "at", "by", "with", "from", "is",
    "are", "what", "why", "how", "la", "le", "les", "der", "die", "das", "el", "los", "de", "un", "une",
}


def split_label(text: str) -> tuple[str | None, str]:
    """``"[12] Smith..."`` -> ``("[12]", "Smith...")``; unlabelled text -> ``(None, text)``."""
    match = LABEL_RE.match(text)
    if not match or rx.fullmatch(r"1[5-9]\d\d|20\d\d", match.group(1).strip("[]().")):
        return None, text.strip()
    return match.group(1), text[match.end() :].strip()


def parse_reference(text: str, italics: Sequence[tuple[int, int]] = ()) -> WorkFields:
    """Fields of one reference-list entry (already cleaned; ``italics`` index ``text``)."""
    label, body = split_label(text)
    shift = text.index(body) if body else 0
    spans = [(s - shift, e - shift) for s, e in italics if e - shift > 0]
    return parse_work(body, spans, note=False)


# --------------------------------------------------------------------------
# Keys


def make_keys(works: Sequence[WorkFields]) -> list[str]:
    """Readable BibTeX keys ``<family><year><word>``, deduplicated in printed order.

    ``family`` is the first author's (else editor's) family name; a work with no author uses
    the first significant title word in its place and the next one as
    ``word`` ("Foreign Policy Concept ..." 2016 -> ``foreign2016policy``).
    No year gives ``nd``. Equal keys all get ``a``, ``b``... in order.
    """
    bases = [_key_base(work) for work in works]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: dict[str, int] = {}
    keys = []
    used = set(b for b in bases if counts[b] == 1)
    for base in bases:
        if counts[base] == 1:
            keys.append(base)
            continue
        index = seen.get(base, 0)
        key = base + _suffix(index)
        while key in used:
            index += 1
            key = base + _suffix(index)
        seen[base] = index + 1
        used.add(key)
        keys.append(key)
    return keys


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _key_base(work: WorkFields) -> str:
    words = _significant_words(work.title or work.container or "")
    year = rx.sub(r"\D", "", work.year or "") or "nd"
    names = work.authors or work.editors
    if names:
        family = _ascii_word(names[0].split(",")[0])
        return f"{family or 'anon'}{year}{words[0] if words else ''}"
    head = words[0] if words else "anon"
    return f"{head}{year}{words[1] if len(words) > 1 else ''}"


def _significant_words(text: str) -> list[str]:
    return [w for w in (_ascii_word(t) for t in rx.split(r"[\s\-–—/:]+", text)) if w and w not in STOP_WORDS]


def _ascii_word(text: str) -> str:
    return rx.sub(r"[^a-z0-9]", "", f.ascii_fold(text).lower())
