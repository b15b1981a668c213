"""Measure ``parse_reference`` against AnyStyle's labelled reference strings.

Each <sequence> of gold.xml / core.xml is one reference whose parts are
labelled in printed order; the string is rebuilt by joining the parts with
spaces, parsed, and every field compared after normalisation (case,
punctuation and spacing ignored). No italics are given: this measures the
plain-text path, the harder one.

Scoring per field: a true positive when both sides have the field and they
agree, a false positive when we give a value the gold lacks *or* a wrong
value, a false negative when the gold has a value we miss or got wrong.
Authors and editors are compared as the set of family names (one TP per
matched name); AnyStyle labels a name list whole, so the gold list is split
with claimcheck's own ``split_names``, and a bug there can hide on both sides. Gold ``volume`` often holds "61(3)"; only its first number
is compared; a Vancouver volume labelled with its year ("2011;17(1):") gives
the year and the volume. Gold ``date`` is reduced to its year (or "nd"). A
DOI is scored as a DOI however it is printed or labelled.

Usage: python benchmarks/references.py [DIR_OR_XML ...] [--errors FIELD [--limit N]]
(default: ../shared/benchmarks/anystyle/ relative to the repository root).
``--errors FIELD`` prints, instead of the table, the strings whose FIELD the
parser got wrong, with the gold and the parsed values: the worklist for
improving that field.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from claimcheck.model import WorkFields
from claimcheck.parse.references import parse_reference

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO / ".." / "shared" / "benchmarks" / "anystyle"
DOI_IN_RE = re.compile(r"(?:doi\.org/|doi:\s*|^\s*)(10\.\d{4,9}/\S+)", re.I)
FIELDS = ("author", "title", "container", "year", "volume", "pages", "publisher", "location", "editor", "doi", "url")


def load(paths: list[Path]) -> list[tuple[str, dict[str, list[str]]]]:
    """(rebuilt string, {gold tag: [texts]}) for every labelled sequence."""
    items = []
    for path in paths:
        for sequence in ET.parse(path).getroot():
            parts = [(child.tag, (child.text or "").strip()) for child in sequence]
            text = " ".join(value for _, value in parts if value)
            gold: dict[str, list[str]] = {}
            for tag, value in parts:
                gold.setdefault(tag, []).append(value)
            items.append((text, gold))
    return items


def norm(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", folded)


def gold_values(gold: dict[str, list[str]]) -> dict[str, set[str]]:
    """Normalised gold value(s) per benchmark field."""
    values: dict[str, set[str]] = {}
    if "author" in gold:
        values["author"] = family_names_from_gold(" and ".join(gold["author"]))
    if "editor" in gold:
        editors = re.sub(r"\b(?:[Ii]n:?|[Ee]ds?\.?|[Ee]ditors?|[Ee]dited by)\b|[()]", " ", " and ".join(gold["editor"]))
        values["editor"] = family_names_from_gold(editors)
    containers = gold.get("journal", []) + gold.get("container-title", [])
    if containers:
        values["container"] = {norm(re.sub(r"^\s*[Ii]n:?\s+", "", containers[0]))}
    if "date" in gold:
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)", gold["date"][0])
        values["year"] = {year.group(1) if year else "nd"}
    if "volume" in gold:
        # Vancouver "2011;17(1):" is labelled volume whole: the year is a date
        dated = re.match(r"\D*(1[5-9]\d\d|20\d\d)\s*;\s*(.*)", gold["volume"][0])
        if dated:
            values.setdefault("year", {dated.group(1)})
        number = re.search(r"\d+", dated.group(2) if dated else gold["volume"][0])
        if number:
            values["volume"] = {number.group(0)}
    if "pages" in gold:
        pages = re.sub(r"^\D*", "", gold["pages"][0])
        values["pages"] = {norm(pages)}
    for field in ("title", "publisher", "location"):
        if field in gold:
            values[field] = {norm(gold[field][0])}
    # a DOI is a DOI however printed: "doi:10.1/x", "DOI:http://dx.doi.org/10.1/x",
    # or a doi.org address labelled url; those are scored as DOIs, not URLs
    for raw in gold.get("doi", []) + gold.get("url", []):
        doi = DOI_IN_RE.search(raw)
        if doi:
            values["doi"] = {norm(doi.group(1))}
        elif raw in gold.get("url", []):
            values["url"] = {norm(re.sub(r"^\s*(?:URL:?\s*)|https?://", "", raw))}
    return {k: v for k, v in values.items() if v and v != {""}}


def family_names_from_gold(names: str) -> set[str]:
    from claimcheck.parse.fields import split_names

    return {norm(n.split(",")[0]) for n in split_names(names) if norm(n.split(",")[0])}


def predicted_values(work: WorkFields) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {
        "author": {norm(a.split(",")[0]) for a in work.authors},
        "editor": {norm(a.split(",")[0]) for a in work.editors},
        "title": {norm(work.title)} if work.title else set(),
        "container": {norm(work.container)} if work.container else set(),
        "year": {"nd" if work.year == "n.d." else re.sub(r"[a-z]$", "", work.year)} if work.year else set(),
        "volume": {norm(work.volume)} if work.volume else set(),
        "pages": {norm(work.pages)} if work.pages else set(),
        "publisher": {norm(work.publisher)} if work.publisher else set(),
        "location": {norm(work.place)} if work.place else set(),
        "doi": {norm(work.doi)} if work.doi else set(),
        "url": _first_url(work),
    }
    return {k: {x for x in v if x} for k, v in values.items()}


def parsed_values(text: str) -> dict[str, set[str]]:
    try:
        return predicted_values(parse_reference(text))
    except Exception as error:  # a crash is a finding of the benchmark, not its end
        print(f"CRASH {type(error).__name__}: {text[:80]}", file=sys.stderr)
        return {}


def _first_url(work: WorkFields) -> set[str]:
    """The first address that is not a DOI's (those are scored as DOIs)."""
    for ref in work.urls:
        if not DOI_IN_RE.search(ref.url):
            return {norm(re.sub(r"^https?://", "", ref.url))}
    return set()


def score(items) -> tuple[dict[str, Counter], float, float]:
    """Counts per field, strings per second, and the slowest string's seconds
    (a pattern that backtracks without end shows there first)."""
    counts = {field: Counter() for field in FIELDS}
    started = time.perf_counter()
    slowest = 0.0
    for text, gold in items:
        expected = gold_values(gold)
        before = time.perf_counter()
        got = parsed_values(text)
        slowest = max(slowest, time.perf_counter() - before)
        for field in FIELDS:
            want, have = expected.get(field, set()), got.get(field, set())
            matched = len(want & have)
            counts[field]["tp"] += matched
            counts[field]["fp"] += len(have - want)
            counts[field]["fn"] += len(want - have)
    return counts, len(items) / (time.perf_counter() - started), slowest


def table(counts: dict[str, Counter], rate: float, slowest: float, n: int) -> str:
    rows = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for field, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(f"{field:<10} {p:6.3f} {r:6.3f} {f1:6.3f} {c['tp'] + c['fn']:6d}")
    rows.append(f"{n} strings, {rate:,.0f} strings/s, slowest {slowest * 1000:.1f} ms")
    return "\n".join(rows)


def errors(items, field: str, limit: int) -> Iterator[str]:
    """The strings whose ``field`` was missed or got wrong, with both values."""
    shown = 0
    for text, gold in items:
        want = gold_values(gold).get(field, set())
        have = parsed_values(text).get(field, set())
        if want == have:
            continue
        yield f"{text}\n    gold:   {sorted(want)}\n    parsed: {sorted(have)}"
        shown += 1
        if shown >= limit:
            return


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", type=Path, default=[DEFAULT_DIR], metavar="DIR_OR_XML",
                        help="AnyStyle XML files, or folders of them (default: ../shared/benchmarks/anystyle)")
    parser.add_argument("--errors", choices=FIELDS, metavar="FIELD",
                        help=f"list the strings whose FIELD is wrong, one of: {', '.join(FIELDS)}")
    parser.add_argument("--limit", type=int, default=50, help="at most this many errors (default: %(default)s)")
    args = parser.parse_args(argv)
    for target in args.targets:
        if not target.exists():
            parser.error(f"{target}: no such file or folder")
        files = sorted(target.glob("*.xml")) if target.is_dir() else [target]
        for path in files:
            items = load([path])
            print(f"== {path.name}")
            if args.errors:
                print("\n".join(errors(items, args.errors, args.limit)))
            else:
                counts, rate, slowest = score(items)
                print(table(counts, rate, slowest, len(items)))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
