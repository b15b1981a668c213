"""Normalisation and quote search: the pure part of S001."""

from __future__ import annotations

import pytest

from claimcheck.sources.search import locate, search_quote, split_quote
from claimcheck.sources.text import SourceText, normalize, normalize_plain

PAGES = [
    "Contents and a preface of no interest.",
    "The Republic stands for increas-\ning the organisation’s political and\neconomic potential. "
    "Its ﬁnancial support is ﬂexible — and “accompanies” the work of the ofﬁcial bodies.",
    "Third page: the alliance takes a serious approach to cooperation with its neighbours in Asia.",
]


@pytest.fixture
def source():
    return SourceText.from_pages(PAGES)


def test_normalize_undoes_typesetting():
    text = "The “ﬁnal” word—an Ofﬁce’s  decision,\nre-\nwritten at develop-\nment time"
    norm, index = normalize(text)
    assert norm == "the final word-an offices decision, rewritten at development time"
    assert len(index) == len(norm)
    assert text[index[norm.index("office")]] == "O"  # offsets map back to the original


def test_normalize_keeps_hyphens_that_are_not_at_line_ends():
    assert normalize_plain("well-known and long-\nterm") == "well-known and longterm"
    assert normalize_plain("pre-\n 1990 rules") == "pre- 1990 rules"  # a digit follows: kept


@pytest.mark.parametrize("quote", [
    "the Republic stands for increasing the organisation's political and economic potential.",
    "The republic STANDS for increasing the organisation’s political and economic potential",
    "its financial support is flexible - and 'accompanies' the work of the official bodies",
])
def test_found_after_normalisation(source, quote):
    match = search_quote(quote, source)
    assert match.verdict == "found"
    assert match.score == 100.0
    assert match.page == 2
    assert source.text[match.start:match.end] == match.passage
    assert match.passage.split()[0].lower() in {"the", "its"}


def test_close_shows_the_differing_words(source):
    match = search_quote("the Republic stood for increasing the organisation's political and "
                         "economic potential", source)
    assert match.verdict == "close"
    assert 90 <= match.score < 100
    assert match.differences == (("stood", "stands"),)
    assert match.passage.startswith("The Republic stands for increas-\ning")


def test_an_ellipsis_is_an_omission(source):
    match = search_quote("the alliance takes a serious approach … with its neighbours", source)
    assert match.verdict == "found"
    assert [p.page for p in match.parts] == [3, 3]
    assert match.passage == ("the alliance takes a serious approach to cooperation with its "
                             "neighbours")
    assert split_quote("[T]he alliance takes [the CSTO] a serious approach ... with it") == [
        "the alliance takes", "a serious approach", "with it"]


def test_partial_when_a_substantial_part_is_there(source):
    match = search_quote("the alliance takes a serious approach to cooperation with everyone "
                         "in Europe and also in Africa", source)
    assert match.verdict == "partial"
    assert match.coverage >= 0.5
    assert match.parts and match.parts[0].page == 3


def test_not_found(source):
    match = search_quote("nothing of the kind is printed anywhere in this document", source)
    assert match.verdict == "not_found"
    assert match.start is None and match.coverage < 0.5


def test_html_source_has_no_pages():
    html = SourceText("A page that says the words we want, and more.", kind="html")
    assert search_quote("says the words we want", html).page is None


def test_locate_finds_the_best_window_anywhere_in_a_long_text():
    filler = "lorem ipsum dolor sit amet " * 4000
    text = filler + "the quick brown fox jumps over the lazy dog" + filler
    score, start, end = locate("the quick brown fax jumps over the lazy dog", text, 90)
    assert score >= 90 and text[start:end].startswith("the quick brown fox")
    assert locate("nothing like this at all here", text, 90)[1] is None


def test_the_long_needle_prefilter_loses_no_alignment():
    import random

    from claimcheck.sources import search

    rng = random.Random(3)
    words = "alliance treaty region council forum energy member summit the of and to".split()
    text = " ".join(rng.choice(words) for _ in range(12_000))
    for _ in range(25):
        start = rng.randrange(0, len(text) - 200)
        quote = list(text[start:start + rng.randrange(70, 180)])
        for _ in range(rng.randrange(0, 6)):  # a few typing errors
            quote[rng.randrange(len(quote))] = rng.choice("xyzq ")
        quote = "".join(quote)
        fast = locate(quote, text, 90)
        size = len(quote)
        windows = [text[s:s + 2 * size] for s in range(0, len(text) - size, size)]
        full = search.process.extractOne(quote, windows, scorer=search.fuzz.partial_ratio,
                                         score_cutoff=90)
        assert (fast[1] is not None) == (full is not None)
        if full is not None:
            assert fast[0] == pytest.approx(full[1])
