"""The HTML audit without a browser: parsed with html.parser and inspected.

Self-contained (nothing loaded from elsewhere), paper text escaped, anchors
that lead both ways, the accessibility basics, a policy that admits only the
report's own style and script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimcheck.audit import build_audit, render
from claimcheck.audit.view import http_url
from claimcheck.engine import extract, extract_text, verify

ROOT = Path(__file__).parent.parent
MEMBERSHIP = ROOT / "tests" / "fixtures" / "audit" / "membership.md"
DEV_PAPER = ROOT / "papers" / "rauf-saud-2020.md"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RESOURCE_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "xlink:href")

ESCAPE_SOURCE = """# Pipes | and <b>tags</b>

## Introduction

The ratio of A | B rose to 3 | 4 in 2019, said <script>window.__pwned=3</script> officials in Bishkek.[^1]

## References

Smith, John. *A | B <img src=x onerror=alert(1)>*. London: Routledge, 2019. https://example.org/a_b.

[^1]: John Smith, *A | B <img src=x onerror="window.__pwned=2">* (London: Routledge, 2019), 4, https://example.org/a_b. <script>window.__pwned=1</script> [x](javascript:alert(1))
"""


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list = field(default_factory=list)  # Element or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and all(_has(e.attrs.get(k.rstrip("_")), v) for k, v in attrs.items())]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def _has(value, wanted) -> bool:
    return value is not None if wanted is True else (value == wanted or wanted in (value or "").split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def audit_html(paper) -> str:
    return render(build_audit(verify(paper), date="2020-07-24", tool_version="0.1.0"), "html")


@pytest.fixture(scope="module")
def membership_html() -> str:
    return audit_html(extract(MEMBERSHIP, display_path="tests/fixtures/audit/membership.md"))


@pytest.fixture(scope="module")
def escape_html() -> str:
    return audit_html(extract_text(ESCAPE_SOURCE, "papers/escape.md"))


@pytest.fixture(scope="module")
def dev_html() -> str:
    return audit_html(extract(DEV_PAPER, display_path="papers/rauf-saud-2020.md"))


@pytest.fixture(params=["membership", "escape", "dev"])
def any_html(request, membership_html, escape_html, dev_html) -> str:
    return {"membership": membership_html, "escape": escape_html, "dev": dev_html}[request.param]


# --------------------------------------------------------------------------
# self-contained


def test_nothing_is_loaded_from_elsewhere(any_html):
    document = parse(any_html)
    assert not document.find_all("link"), "no stylesheet, font or icon links"
    assert not document.find_all("iframe") and not document.find_all("object")
    for element in document.iter():
        for attribute in RESOURCE_ATTRIBUTES:
            assert attribute not in element.attrs, f"<{element.tag} {attribute}=...> loads a resource"
    style = document.find_all("style")
    assert len(style) == 1 and not re.search(r"@import|url\(|@font-face", style[0].text())
    scripts = document.find_all("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs


def test_only_anchors_link_out_and_only_to_http_urls(any_html):
    for element in parse(any_html).iter():
        href = element.attrs.get("href")
        if href is None:
            continue
        assert element.tag == "a"
        if not href.startswith("#"):
            assert re.match(r"https?://", href), href
            assert "noopener" in element.attrs.get("rel", "")


def test_the_policy_admits_only_the_reports_own_style_and_script(any_html):
    document = parse(any_html)
    policy = document.find_all("meta", **{"http-equiv": "Content-Security-Policy"})[0].attrs["content"]
    assert "default-src 'none'" in policy

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"style-src {digest(document.find_all('style')[0].text())}" in policy
    assert f"script-src {digest(document.find_all('script')[0].text())}" in policy


def test_it_prints_well(membership_html):
    css = parse(membership_html).find_all("style")[0].text()
    assert "@media print" in css and "break-inside: avoid" in css


# --------------------------------------------------------------------------
# escaping


def test_markup_in_the_paper_is_text_not_elements(escape_html):
    document = parse(escape_html)
    assert len(document.find_all("script")) == 1  # the report's own
    assert not document.find_all("img") and not document.find_all("b")
    assert not any(name.startswith("on") for e in document.iter() for name in e.attrs)
    text = document.text()
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert "&lt;script&gt;window.__pwned=1" in escape_html


def test_only_plain_http_urls_become_links():
    assert http_url("https://example.org/a_b") == "https://example.org/a_b"
    for bad in ("javascript:alert(1)", "data:text/html,x", 'https://x.org/"onmouseover=1',
                "https://x.org/ a", "//x.org", None, ""):
        assert http_url(bad) is None


def test_no_javascript_url_in_any_href(escape_html):
    assert not re.search(r'href="\s*javascript:', escape_html, re.IGNORECASE)


# --------------------------------------------------------------------------
# anchors, both ways


def test_every_fragment_link_has_a_target_and_ids_are_unique(any_html):
    document = parse(any_html)
    ids = [e.attrs["id"] for e in document.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    targets = {href[1:] for e in document.find_all("a") if (href := e.attrs.get("href", "")).startswith("#")}
    assert targets <= set(ids), sorted(targets - set(ids))[:5]


def test_claims_and_their_findings_link_to_each_other(membership_html):
    document = parse(membership_html)
    claims = [e for e in document.find_all("article") if "claim" in e.classes()]
    findings = {e.attrs["id"]: e for e in document.find_all("li") if "finding" in e.classes()}
    pairs = 0
    for claim in claims:
        for link in claim.find_all("a"):
            target = link.attrs["href"][1:]
            if target in findings:
                back = {a.attrs["href"] for a in findings[target].find_all("a")}
                assert f"#{claim.attrs['id']}" in back
                pairs += 1
    assert pairs >= 3  # C001, C006, S002 at least


def test_a_claim_shows_its_chain_footnote_reference_url(membership_html):
    document = parse(membership_html)
    claim = next(e for e in document.find_all("article") if "Moscow leads both" in e.text())
    assert "verdict-supported" in claim.classes()
    chain = claim.find_all("dl")[0]
    assert [dt.text() for dt in chain.find_all("dt")][:3] == ["Footnote", "Reference", "URL"]
    assert claim.find_all("a", href="#fn-1") and claim.find_all("a", href="#ref-dubnov2018reflecting")
    url = claim.find_all("li", class_="chain-url")[0].text()
    assert "https://carnegieendowment.org/" in url and "not checked" in url


def test_the_cells_behind_the_consistency_findings_are_highlighted(membership_html):
    table = parse(membership_html).find_all("table", class_="paper-table")[0]
    highlighted = [td for td in table.find_all("td") if "hl" in td.classes()]
    assert any("Armenia" in td.text() and "C001" in td.text() for td in highlighted)
    assert all(td.find_all("mark") for td in highlighted)
    plain = [td for td in table.find_all("td") if "hl" not in td.classes()]
    assert any("Serbia" in td.text() for td in plain)


# --------------------------------------------------------------------------
# accessibility and filters


def test_headings_are_in_order_and_every_th_has_a_scope(any_html):
    document = parse(any_html)
    assert len(document.find_all("h1")) == 1
    levels = [int(e.tag[1]) for e in document.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "no heading level skipped"
    assert all(th.attrs.get("scope") in {"col", "row"} for th in document.find_all("th"))
    assert parse(any_html).find_all("html")[0].attrs.get("lang") == "en"


def test_filter_controls_are_labelled_and_hidden_until_script_runs(membership_html):
    document = parse(membership_html)
    form = document.find_all("form", id="filters")[0]
    assert "hidden" in form.attrs
    boxes = form.find_all("input")
    assert [b.attrs["value"] for b in boxes] == ["error", "warning", "info"]
    for control in [*boxes, *form.find_all("select")]:
        label = next(e for e in form.find_all("label") if control in list(e.iter()))
        assert label.text().strip()
    findings = [e for e in document.find_all("li") if "finding" in e.classes()]
    assert findings and all("hidden" not in e.attrs for e in findings)
    assert {e.attrs["data-severity"] for e in findings} == {"warning", "info"}


def test_the_summary_gives_counts_and_an_accessible_chart(membership_html):
    document = parse(membership_html)
    cards = {e.attrs["data-count"]: e.text() for e in document.find_all("li", **{"data-count": True})}
    assert cards["warning"].split()[0] == "4" and cards["error"].split()[0] == "0"
    svg = document.find_all("svg")[0]
    assert svg.attrs["role"] == "img" and svg.find_all("title")
    assert "2 supported" in svg.find_all("title")[0].text()
    assert "3 problem" in svg.find_all("title")[0].text()
    rows = {e.attrs["data-verdict"]: e.text() for e in document.find_all("tr", **{"data-verdict": True})}
    assert rows["problem"].endswith("3")


def test_the_header_says_what_was_not_checked(dev_html):
    text = parse(dev_html).find_all("header")[0].text()
    assert "2020-07-24" in text and "claimcheck 0.1.0" in text
    assert "no URL was probed" in text
    assert "footnote markers not inferable" in text


def test_footnotes_show_inferred_markers_with_their_confidence(dev_html):
    document = parse(dev_html)
    inferred = [tr for tr in document.find_all("tr") if "inferred" in tr.classes()]
    assert inferred and all(re.search(r"inferred, confidence \d+%", tr.text()) for tr in inferred)
    lost = [tr for tr in document.find_all("tr") if "not-inferable" in tr.classes()]
    assert lost and all("not found in the text" in tr.text() for tr in lost)


def test_references_show_citation_counts_and_uncited_entries_stand_out(membership_html):
    rows = {tr.attrs["id"]: tr for tr in parse(membership_html).find_all("tr") if tr.attrs.get("id", "").startswith("ref-")}
    assert "uncited" in rows["ref-weitz2014uncited"].classes()
    assert "not cited" in rows["ref-weitz2014uncited"].text()
    assert "2×" in rows["ref-smith2019security"].text()
    assert "uncited" not in rows["ref-smith2019security"].classes()


def test_each_rule_group_carries_its_documentation(dev_html):
    document = parse(dev_html)
    groups = document.find_all("section", class_="rule-group")
    assert groups
    for group in groups:
        assert "What it checks" in group.find_all("details")[0].text()
