"""parse/urls.py: URLs found in cleaned text and their conversion damage undone."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from claimcheck.model import UrlRef
from claimcheck.parse.urls import find_urls, normalize_url

DEV_PAPER = Path(__file__).parents[1] / "papers" / "rauf-saud-2020.md"
CLINGENDAEL = (
    "https://www.clingendael.org/sites/default/files/pdfs/"
    "Partners%20and%20Competitors%20%20NATO%20and%20the%20(Far)%20East.pdf"
)


def _only(text: str) -> UrlRef:
    found = find_urls(text)
    assert len(found) == 1, found
    start, end, ref = found[0]
    assert text[start:end] == ref.printed
    return ref


# (text, printed, url, repairs)
CASES = [
    pytest.param(
        '"Foreign Policy Concept of the Russian Federation," Russian Ministry of Foreign Affairs, (2016), '
        "https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/CptICkB6BZ29/content/id/2542248.",
        "https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/CptICkB6BZ29/content/id/2542248.",
        "https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/CptICkB6BZ29/content/id/2542248",
        ("trailing '.'",),
        id="trailing-dot-mid-ru",
    ),
    pytest.param(
        "Official website of the Collective Security Treaty Organization (CSTO), http://www.odkb.gov.ru/start/index_aengl.htm.",
        "http://www.odkb.gov.ru/start/index_aengl.htm.",
        "http://www.odkb.gov.ru/start/index_aengl.htm",
        ("trailing '.'",),
        id="trailing-dot-htm",
    ),
    pytest.param(
        'Marcel de Haas, "Partners and competitors" NATO and the (Far) East," (2013): 9, '
        "https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20Competitors%20%20NATO%20and%2 0the%20 (Far) %20East.pdf.",
        "https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20Competitors%20%20NATO%20and%2 0the%20 (Far) %20East.pdf.",
        CLINGENDAEL,
        ("removed line-wrap space", "rejoined split percent-escape '%20'", "trailing '.'"),
        id="line-wrap-note-form",
    ),
    pytest.param(
        'Haas, Marcel de. "Partners and competitors" NATO and the (Far) East," 2013. '
        "https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20Competitors%20%20 NATO%20and%20the%20 (Far)%20East.pdf.",
        "https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20Competitors%20%20 NATO%20and%20the%20 (Far)%20East.pdf.",
        CLINGENDAEL,
        ("removed line-wrap space", "trailing '.'"),
        id="line-wrap-reference-form",
    ),
    pytest.param(
        "Available at https://example.org/reports/annual-2019 accessed May 3, 2020.",
        "https://example.org/reports/annual-2019",
        "https://example.org/reports/annual-2019",
        (),
        id="accessed-not-swallowed",
    ),
    pytest.param(
        "Retrieved from https://example.org/a/b/ Retrieved 3/5/2020",
        "https://example.org/a/b/",
        "https://example.org/a/b/",
        (),
        id="retrieved-and-date-not-swallowed",
    ),
    pytest.param(
        "the charter (https://example.org/charter) says",
        "https://example.org/charter)",
        "https://example.org/charter",
        ("trailing ')'",),
        id="in-parentheses",
    ),
    pytest.param(
        "see (https://en.wikipedia.org/wiki/Mercury_(planet)).",
        "https://en.wikipedia.org/wiki/Mercury_(planet)).",
        "https://en.wikipedia.org/wiki/Mercury_(planet)",
        ("trailing '.'", "trailing ')'"),
        id="balanced-parentheses-kept",
    ),
    pytest.param(
        "Competition,\" (2014): 599. https://link.springer.com/content/pdf/10.1007%2Fs12182-014-0377-7.pdf",
        "https://link.springer.com/content/pdf/10.1007%2Fs12182-014-0377-7.pdf",
        "https://link.springer.com/content/pdf/10.1007%2Fs12182-014-0377-7.pdf",
        (),
        id="encoded-slash-untouched",
    ),
    pytest.param(
        "The Official website, https://en.odkbcsto.org/international_org/sco/$ ",
        "https://en.odkbcsto.org/international_org/sco/$",
        "https://en.odkbcsto.org/international_org/sco/",
        ("trailing '$'",),
        id="latex-dollar",
    ),
    pytest.param(
        "'Blog,' 2018, 'https://blogs.example.ac.uk/2018/04/28/why-russia/'",
        "https://blogs.example.ac.uk/2018/04/28/why-russia/'",
        "https://blogs.example.ac.uk/2018/04/28/why-russia/",
        ("trailing \"'\"",),
        id="closing-single-quote",
    ),
    pytest.param(
        '"Blog," 2018, “https://blogs.example.ac.uk/2018/why-russia/”',
        "https://blogs.example.ac.uk/2018/why-russia/",
        "https://blogs.example.ac.uk/2018/why-russia/",
        (),
        id="double-quotes-never-part-of-url",
    ),
    pytest.param(
        "https://carnegieendowment.org/2018/04/19/reflecting-on-quarter- century-of-russia-s-relations-pub-76117. Next",
        "https://carnegieendowment.org/2018/04/19/reflecting-on-quarter- century-of-russia-s-relations-pub-76117.",
        "https://carnegieendowment.org/2018/04/19/reflecting-on-quarter-century-of-russia-s-relations-pub-76117",
        ("removed line-wrap space", "trailing '.'"),
        id="line-wrap-after-hyphen",
    ),
    pytest.param(
        "https://example.org/files/\nannual_report.pdf, p. 3",
        "https://example.org/files/\nannual_report.pdf,",
        "https://example.org/files/annual_report.pdf",
        ("removed line-wrap space", "trailing ','"),
        id="line-wrap-newline-file-ext",
    ),
    pytest.param(
        "https://www. example.org/page",
        "https://www. example.org/page",
        "https://www.example.org/page",
        ("removed line-wrap space",),
        id="line-wrap-in-host",
    ),
    pytest.param(
        "see www.example.org/about; then",
        "www.example.org/about;",
        "https://www.example.org/about",
        ("trailing ';'", "added scheme 'https://'"),
        id="bare-www",
    ),
    pytest.param(
        "doi:10.1007/s12182-014-0377-7.",
        "doi:10.1007/s12182-014-0377-7.",
        "https://doi.org/10.1007/s12182-014-0377-7",
        ("trailing '.'", "wrote 'doi:' as https://doi.org/"),
        id="doi-prefix",
    ),
    pytest.param(
        "at doi.org/10.1000/xyz",
        "doi.org/10.1000/xyz",
        "https://doi.org/10.1000/xyz",
        ("added scheme 'https://'",),
        id="bare-doi-org",
    ),
    pytest.param(
        "link <https://example.org/a.> end",
        "https://example.org/a.",
        "https://example.org/a.",
        (),
        id="markdown-autolink",
    ),
    pytest.param(
        'the [report](https://example.org/r_(2019) "Title").',
        "https://example.org/r_(2019)",
        "https://example.org/r_(2019)",
        (),
        id="markdown-link",
    ),
    pytest.param(
        "https://example.org/a%zz/b and %2",
        "https://example.org/a%zz/b",
        "https://example.org/a%zz/b",
        ("invalid percent-escape '%zz' (left as printed)",),
        id="bad-percent-escape-reported",
    ),
    pytest.param(
        "https://example.org/x%2 more words",
        "https://example.org/x%2",
        "https://example.org/x%2",
        ("invalid percent-escape '%2' (left as printed)",),
        id="broken-escape-not-invented",
    ),
    pytest.param(
        r"http://www.xinhuanet.com/english/2018-06/08/c\_137239917.htm",
        r"http://www.xinhuanet.com/english/2018-06/08/c\_137239917.htm",
        "http://www.xinhuanet.com/english/2018-06/08/c_137239917.htm",
        ("removed Markdown escape '\\_'",),
        id="leftover-markdown-escape",
    ),
]


@pytest.mark.parametrize(("text", "printed", "url", "repairs"), CASES)
def test_find_urls(text, printed, url, repairs):
    ref = _only(text)
    assert ref == UrlRef(printed, url, repairs)


def test_offsets_point_at_printed_url():
    text = "A (2019), https://example.org/a. B https://example.org/b"
    assert [(s, e) for s, e, _ in find_urls(text)] == [(10, 32), (35, 56)]


def test_two_urls_separated_by_space_are_not_joined():
    found = find_urls("https://a.example/x https://b.example/y")
    assert [ref.url for _, _, ref in found] == ["https://a.example/x", "https://b.example/y"]


def test_parenthesised_word_without_url_material_after_is_not_swallowed():
    ref = _only("https://example.org/report.pdf (PDF) accessed")
    assert ref.url == "https://example.org/report.pdf"


def test_link_text_equal_to_target_reported_once():
    found = find_urls("[https://example.org/](https://example.org/)")
    assert [(s, e) for s, e, _ in found] == [(23, 43)]


def test_no_urls():
    assert find_urls("No links here, only e.g. www and http words and 10.1000/xyz.") == []


def test_dev_paper_urls_are_all_repaired():
    # The reader's cleaning, as far as URLs care: entities decoded, "\_" unescaped.
    text = html.unescape(DEV_PAPER.read_text(encoding="utf-8")).replace("\\_", "_")
    found = find_urls(text)
    urls = [ref.url for _, _, ref in found]
    assert len(found) == 51  # every "http(s)://" in the file
    assert urls.count(CLINGENDAEL) == 2
    assert all(not any(ch.isspace() for ch in url) for url in urls)
    assert all(not url.endswith((".", ",", ")", "$")) for url in urls)
    assert all(text[s:e] == ref.printed for s, e, ref in found)


# --------------------------------------------------------------------------
# normalize_url


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTP://WWW.Example.ORG:80/a/%7euser/./b/../c/#frag", "http://www.example.org/a/~user/c"),
        ("https://example.org:443/", "https://example.org"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("https://example.org/a%2fb?q=%7e1", "https://example.org/a%2Fb?q=~1"),
        ("www.example.org/a/", "https://www.example.org/a"),
        ("http://dx.doi.org/10.1007/ABC", "https://doi.org/10.1007/abc"),
        ("doi:10.1007/abc", "https://doi.org/10.1007/abc"),
        ("https://example.org/Path/Case", "https://example.org/Path/Case"),
    ],
)
def test_normalize_url(url, normal):
    assert normalize_url(url) == normal


def test_normalize_keeps_www_and_scheme_differences():
    assert normalize_url("https://www.example.org/a") != normalize_url("https://example.org/a")
    assert normalize_url("http://example.org/a") != normalize_url("https://example.org/a")


def test_normalize_makes_printed_variants_equal():
    assert normalize_url("https://example.org/a/") == normalize_url("https://EXAMPLE.org/a#top")
