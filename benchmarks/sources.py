"""Quote-search throughput against long PDF-like texts, at several sizes.

    python benchmarks/sources.py [--pages 50,100,250,500] [--quotes 20]

The source is synthetic: pages of ~3,000 characters of pseudo-random English
words (fixed seed), joined as pypdf's page-by-page text is. Three kinds of
quotation are searched in each size:

* found     copied from the text (exact after normalisation: one str.find)
* close     copied with one word changed (the windowed fuzzy search runs)
* absent    words that are not in the text (the fuzzy search runs, and the
            chunk search for a partial match)

Quotes are taken near the end of the text so an exact search scans all of it.
It prints quotes per second and microseconds per quote per page for each
kind: the search is linear in the source's length when the time per page
stays flat as the pages grow. Normalising the text is a one-off cost per
source and is printed separately. Not a timed test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from claimcheck.sources.search import search_quote
from claimcheck.sources.text import SourceText

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at "
         "which but have an they you were her she there been one all we their has would when if "
         "so no will can more other into some could them these its than then two may only "
         "policy alliance region treaty council security cooperation forum energy summit member "
         "organisation secretariat minister agreement report concept republic potential economic "
         "political military forces exercise budget border trade transport pipeline").split()
PAGE_CHARS = 3_000


def synthetic_pages(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        lines, length = [], 0
        while length < PAGE_CHARS:
            line = " ".join(rng.choice(WORDS) for _ in range(12))
            if rng.random() < 0.1:
                line += " inter-"  # a word hyphenated at the line end
                line += "\nnational"
            lines.append(line.capitalize() + ".")
            length += len(line) + 2
        pages.append("\n".join(lines))
    return pages


def quotes_of(source: SourceText, count: int, seed: int = 11) -> dict[str, list[str]]:
    rng = random.Random(seed)
    words = source.normalized[0].split()  # as a careful author copies them: no line-end hyphens
    tail = len(words) - len(words) // 20  # the last 5% of the text
    found, close, absent = [], [], []
    for _ in range(count):
        start = rng.randrange(tail, len(words) - 25)
        passage = words[start:start + 18]
        found.append(" ".join(passage))
        changed = list(passage)
        changed[9] = "zebra"
        close.append(" ".join(changed))
        absent.append(" ".join(rng.choice(["zebra", "quokka", "xylophone", "marzipan", "yodel",
                                           "kumquat", "gazebo", "nimbus"]) for _ in range(18)))
    return {"found": found, "close": close, "absent": absent}


def measure(pages: int, quotes: int) -> dict[str, float]:
    source = SourceText.from_pages(synthetic_pages(pages))
    started = time.perf_counter()
    source.normalized
    normalise = time.perf_counter() - started
    figures = {"chars": float(len(source.text)), "normalise_s": normalise}
    for kind, batch in quotes_of(source, quotes).items():
        started = time.perf_counter()
        verdicts = [search_quote(quote, source).verdict for quote in batch]
        elapsed = time.perf_counter() - started
        expected = {"found": "found", "close": "close", "absent": "not_found"}[kind]
        misses = sum(v != expected for v in verdicts)
        figures[f"{kind}_qps"] = len(batch) / elapsed
        figures[f"{kind}_us_per_page"] = elapsed / len(batch) / pages * 1e6
        figures[f"{kind}_misses"] = misses
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="50,100,250,500")
    parser.add_argument("--quotes", type=int, default=20)
    args = parser.parse_args(argv)
    sizes = [int(p) for p in args.pages.split(",")]
    print(f"quote search, {args.quotes} quotes of 18 words per kind, ~{PAGE_CHARS} chars a page")
    print(f"{'pages':>6} {'chars':>10} {'normalise':>10} | "
          + " | ".join(f"{k:>7} q/s  us/page" for k in ("found", "close", "absent")))
    rows = []
    for pages in sizes:
        figures = measure(pages, args.quotes)
        rows.append((pages, figures))
        cells = " | ".join(f"{figures[f'{k}_qps']:>11.1f} {figures[f'{k}_us_per_page']:>8.2f}"
                           for k in ("found", "close", "absent"))
        print(f"{pages:>6} {int(figures['chars']):>10} {figures['normalise_s']:>9.2f}s | {cells}")
        misses = {k: int(figures[f"{k}_misses"]) for k in ("found", "close", "absent")
                  if figures[f"{k}_misses"]}
        if misses:
            print(f"       unexpected verdicts: {misses}")
    first, last = rows[0], rows[-1]
    growth = last[0] / first[0]
    for kind in ("found", "close", "absent"):
        ratio = first[1][f"{kind}_qps"] / last[1][f"{kind}_qps"]
        print(f"{kind:>7}: {growth:.0f}x the pages -> {ratio:.1f}x the time per quote "
              f"(linear: {growth:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
