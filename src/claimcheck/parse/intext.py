"""In-text citations of papers without footnotes: numeric, author-page, author-year.

* numeric: ``[12]``, ``[3, 5]``, ``[3-5]`` (never a Markdown link ``[text](url)``),
  resolved by the label of the reference-list entry (``[12]`` or ``12.``);
* author-page (MLA): ``(Heaney 45)``, ``(Kiberd 302; Longley 17)``, resolved by
  the first author's family name (and a short title, ``(Heaney, North 45)``);
  a name alone, ``(Heaney)``, only when it names a listed author; an
  unresolved one is kept only in a paper where another resolves (``engine``);
* author-year: ``(Smith 2019)``, ``(Smith and Jones, 2019, p. 4)``,
  ``(Lee et al. 2020a; Smith 2019)`` and narrative ``Smith (2019)`` /
  ``Smith et al. (2019)``, resolved by first author's family name and year.

A citation that resolves to no entry keeps ``ref_key=None``: verify reports it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from claimcheck import rx
from claimcheck.model import Reference

_NUMERIC = rx.compile(r"\[(?P<body>\d{1,4}(?:\s*[-–,;]\s*\d{1,4})*)\](?!\()")
_NAME = r"[A-Z][\w'’\-]+(?:\s+(?:de|van|von|der|da|di|le|la)\s+[A-Z][\w'’\-]+)?"
_AUTHORS = rf"{_NAME}(?:\s+et\s+al\.?|(?:,?\s+(?:and|&)\s+{_NAME}))?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.d\."
_PARENTHETICAL = rx.compile(r"\((?P<body>[^()]*?(?:" + _YEAR + r")[^()]*)\)")
_ITEM = rx.compile(rf"(?P<authors>{_AUTHORS}),?\s+(?P<year>{_YEAR})")
_NARRATIVE = rx.compile(rf"(?P<authors>{_AUTHORS})\s+\((?P<year>{_YEAR})(?:[,:][^)]*)?\)")


@dataclass(frozen=True)
class InText:
    """One in-text citation: what was printed, where in the sentence, its entry."""

    printed: str
    start: int
    end: int
    ref_key: str | None
    kind: str  # "numeric" | "author_year" | "author_page"


def find_in_text(text: str, references: list[Reference]) -> list[InText]:
    found = _numeric(text, references) if _has_labels(references) else []
    found += _author_year(text, references)
    return found + [c for c in _author_page(text, references)
                    if not any(f.start <= c.start < f.end for f in found)]


# MLA: "(Heaney 45)", "(Kiberd 302; Longley 17)", "(Gilbert and Gubar 12-14)";
# no year, so "Table 2" or "Article 5" must not pass for a citation
# "(Heaney, North 45)": a short title tells one author's works apart
_PAGE_ITEM = rx.compile(rf"^\s*(?P<authors>{_AUTHORS})(?:,\s*(?P<short>[A-Z][^,;()\d]{{1,60}}?))?"
                        rf"(?:\s+(?P<page>\d{{1,4}}(?:\s*[-–]\s*\d{{1,4}})?))?\s*$")
_NOT_AN_AUTHOR = {"table", "figure", "fig", "chapter", "section", "article", "part", "appendix", "phase",
                  "wave", "study", "model", "resolution", "vol", "volume", "step", "group", "level",
                  "grade", "class", "type", "page", "line", "note", "item", "case", "round", "stage"}
_PARENTHESES = rx.compile(r"\((?P<body>[^()]{3,120})\)")


def _author_page(text: str, references: list[Reference]) -> list[InText]:
    found = []
    for match in _PARENTHESES.finditer(text):
        offset = match.start("body")
        for part in rx.finditer(r"[^;]+", match.group("body")):
            item = _PAGE_ITEM.match(part.group())
            if not item or _fold(item.group("authors").split()[0]) in _NOT_AN_AUTHOR:
                continue
            entries = _by_first_author(item.group("authors"), references)
            if item.group("short"):
                short = _fold(item.group("short"))
                entries = [r for r in entries if short and short in _fold(r.fields.title or "")]
            if not item.group("page") and not entries:
                continue  # "(Russia)": a name alone cites only when it names a listed author
            start = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
            found.append(InText(part.group().strip(), start, offset + part.end(),
                                entries[0].key if entries else None, "author_page"))
    return found


def _has_labels(references: list[Reference]) -> bool:
    return any(r.label for r in references)


def label_number(label: str | None) -> int | None:
    digits = rx.sub(r"\D", "", label or "")
    return int(digits) if digits else None


def _numeric(text: str, references: list[Reference]) -> list[InText]:
    by_number = {label_number(r.label): r.key for r in references if r.label}
    found = []
    for match in _NUMERIC.finditer(text):
        for number in _expand(match.group("body")):
            found.append(InText(f"[{number}]", match.start(), match.end(),
                                by_number.get(number), "numeric"))
    return found


def _expand(body: str) -> list[int]:
    numbers: list[int] = []
    for part in rx.split(r"\s*[,;]\s*", body):
        bounds = [int(b) for b in rx.split(r"\s*[-–]\s*", part) if b]
        if len(bounds) == 2 and bounds[0] < bounds[1] <= bounds[0] + 50:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def _author_year(text: str, references: list[Reference]) -> list[InText]:
    found = []
    for match in _PARENTHETICAL.finditer(text):
        body, offset = match.group("body"), match.start("body")
        for item in _ITEM.finditer(body):
            found.append(_resolve(item.group(), item.group("authors"), item.group("year"),
                                  offset + item.start(), offset + item.end(), references))
            found += _more_years(body, item.end(), item.group("authors"), offset, references)
    for match in _NARRATIVE.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        found.append(_resolve(match.group(), match.group("authors"), match.group("year"),
                              match.start(), match.end(), references))
        found += _more_years(text, match.end("year"), match.group("authors"), 0, references)
    return found


_MORE_YEAR = rx.compile(rf",\s*(?P<year>{_YEAR})(?![\w.])")


def _more_years(text: str, position: int, authors: str, offset: int,
                references: list[Reference]) -> list[InText]:
    """"(Smith 2019, 2020)", "Lee et al. (2021a, 2021b)": the same authors' later
    works. One that resolves to no entry is taken for a page ("(Smith, 2019, 2045)")."""
    found = []
    while more := _MORE_YEAR.match(text, position):
        citation = _resolve(f"{authors} {more.group('year')}", authors, more.group("year"),
                            offset + more.start("year"), offset + more.end(), references)
        if citation.ref_key is None:
            break
        found.append(citation)
        position = more.end()
    return found


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return rx.sub(r"[^a-z]", "", "".join(c for c in name if not unicodedata.combining(c)).lower())


def _by_first_author(authors: str, references: list[Reference]) -> list[Reference]:
    """The entries whose first author has the family name the citation prints first."""
    family = _fold(rx.split(r"\s+(?:et\s+al\b|and\b|&)|,", authors)[0].split()[-1])
    return [r for r in references if r.fields.authors and family in _family_keys(r.fields.authors[0])]


def _resolve(printed: str, authors: str, year: str, start: int, end: int,
             references: list[Reference]) -> InText:
    bare_year = year.rstrip("abcdefghijklmnopqrstuvwxyz") if year != "n.d." else None
    candidates = [r for r in _by_first_author(authors, references) if _bare(r.fields.year) == bare_year]
    exact = [r for r in candidates if (r.fields.year or None) == (year if bare_year else None)]
    suffix = year[len(bare_year):] if bare_year else ""
    if exact:
        candidates = exact
    elif len(candidates) > 1 and suffix:
        # "2017a" is the first of that author's 2017 entries in the list
        index = ord(suffix) - ord("a")
        candidates = candidates[index: index + 1]
    key = candidates[0].key if candidates else None
    return InText(printed, start, end, key, "author_year")


def _family_keys(author: str) -> set[str]:
    """"De Grauwe, Paul" is cited as "De Grauwe" or, the particle missed, "Grauwe"."""
    family = author.split(",")[0]
    return {_fold(family), _fold(family.split()[-1])} if family.split() else {_fold(family)}


def _bare(year: str | None) -> str | None:
    return year.rstrip("abcdefghijklmnopqrstuvwxyz") if year and year != "n.d." else None
