"""What a page says: visible text from a growing window must read like the text of
the whole page, and challenge markup is found in any case."""

from __future__ import annotations

import html
import re

import pytest

from claimcheck.net.pages import is_challenge, says_not_found, visible_text


def whole_page_text(text: str, limit: int) -> str:
    """The straightforward definition: strip the whole page, then cut."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"<(script|style|noscript|template)\b.*?</\1\s*>", " ", text,
                  flags=re.IGNORECASE | re.DOTALL)
    start = text.lower().find("<body")
    if start >= 0:
        text = text[start:]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()[:limit]


PARAGRAPH = "<p>Words about the study &amp; its <a href='/x'>results</a>.</p>\n"


@pytest.mark.parametrize("page", [
    "<html><body>" + PARAGRAPH * 3000 + "</body></html>",
    # a script longer than the first window, right after <body>
    "<html><head><title>T</title></head><body><script>" + "var x = 1;\n" * 4000 + "</script>"
    + PARAGRAPH * 500 + "</body></html>",
    # a comment and a style cut by the window's end
    "<body>" + PARAGRAPH * 230 + "<!-- " + "note " * 5000 + "-->" + "<STYLE>p{}</STYLE>" * 2000
    + PARAGRAPH * 50,
    # a tag cut by the window's end, and no <body> at all
    "<div>" + "x" * 16_370 + "<a href='" + "y" * 100 + "'>link</a> " + PARAGRAPH * 100,
    "short page, no markup",
])
@pytest.mark.parametrize("limit", [600, 4000])
def test_visible_text_reads_like_the_whole_page(page, limit):
    assert visible_text(page, limit) == whole_page_text(page, limit)


def test_challenge_markup_is_found_in_any_case():
    page = "<html><head><title>Welcome</title></head><body>" + "<p>text</p>" * 10_000
    assert not is_challenge(page)
    assert is_challenge(page + "<script src='/_Incapsula_Resource?x=1'></script>")
    assert is_challenge(page + "<script>window._CF_CHL_OPT = {};</script>")
    assert is_challenge("<title>Just a moment...</title>")


def test_a_missing_page_is_recognised_past_a_long_head():
    head = "<head><title>Site</title><script>" + "var a = 1;\n" * 20_000 + "</script></head>"
    assert says_not_found(f"<html>{head}<body><p>Sorry, this page does not exist.</p></body>")
    assert not says_not_found(f"<html>{head}<body><p>An article about fish.</p></body>")
