"""The HTML audit in a real headless Chromium: what a person sees and can do.

Needs playwright (the test extras) and a Chromium binary: $CLAIMCHECK_CHROMIUM,
else /usr/bin/chromium (Debian's; `playwright install` is not used). Without
them the tests skip with the reason, except under CI=true, where they fail:
CI installs Chromium (.ci/run), so a skip there would hide a regression.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from claimcheck.audit import build_audit, render
from claimcheck.audit.model import Verdict
from claimcheck.engine import extract, verify

ROOT = Path(__file__).parent.parent
DEV_PAPER = ROOT / "papers" / "rauf-saud-2020.md"
MEMBERSHIP = ROOT / "tests" / "fixtures" / "audit" / "membership.md"
CHROMIUM = os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CLAIMCHECK_CHROMIUM)"
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if _in_ci():
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every run a fresh temporary profile (--user-data-dir)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page with the report loaded, and every console error and page error it raised."""

    def __init__(self, browser, path: Path, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        self.context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())  # offline, provably
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")


def _result(paper: Path, shown: str):
    return verify(extract(paper, display_path=shown))


def _write(result, tmp_path_factory, name: str) -> Path:
    html = render(build_audit(result, date="2020-07-24", tool_version="0.1.0"), "html")
    path = tmp_path_factory.mktemp("audit") / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    result = _result(DEV_PAPER, "papers/rauf-saud-2020.md")
    return result, _write(result, tmp_path_factory, "dev.html")


@pytest.fixture(scope="module")
def membership(tmp_path_factory):
    result = _result(MEMBERSHIP, "tests/fixtures/audit/membership.md")
    return result, _write(result, tmp_path_factory, "membership.html")


@pytest.fixture
def opened(browser):
    pages: list[Opened] = []

    def open_(path: Path, **options) -> Opened:
        pages.append(Opened(browser, path, **options))
        return pages[-1]

    yield open_
    for item in pages:
        item.context.close()


def test_the_summary_shows_the_counts(dev, opened):
    result, path = dev
    view = opened(path)
    page = view.page
    for severity in ("error", "warning", "info"):
        expected = sum(1 for f in result.findings if f.severity.value == severity)
        shown = page.locator(f"#severity-counts [data-count={severity}] .n")
        assert shown.is_visible() and shown.inner_text() == str(expected)
    audit = build_audit(result, date="2020-07-24", tool_version="0.1.0")
    for verdict in Verdict:
        row = page.locator(f"#verdict-counts tr[data-verdict={verdict.value}] td")
        assert row.inner_text() == str(audit.verdict_counts[verdict])
    assert page.locator("svg.chart rect").count() == 4
    assert page.get_by_role("img", name=re.compile("Claims by verdict")).is_visible()
    assert view.errors == [] and not view.requests[1:]


def test_one_claim_leads_to_its_footnote_reference_and_url_verdict(dev, opened):
    result, path = dev
    claim = next(c for c in result.paper.claims if c.footnotes and c.refs and any(
        n.urls for n in result.paper.footnotes if n.n == c.footnotes[0]))
    page = opened(path).page
    article = page.locator(f"article#claim-{claim.id}")
    assert article.is_visible()
    assert claim.text[:40] in article.locator("mark.claim-text").inner_text()
    url_line = article.locator("li.chain-url").first.inner_text()
    assert "http" in url_line and url_line.rstrip().endswith("not checked")  # offline run
    article.locator(f"a[href='#fn-{claim.footnotes[0]}']").first.click()
    assert page.evaluate("location.hash") == f"#fn-{claim.footnotes[0]}"
    footnote_row = page.locator(f"tr#fn-{claim.footnotes[0]}")
    assert footnote_row.is_visible() and claim.id in footnote_row.inner_text()
    page.go_back()
    article.locator(f"a[href='#ref-{claim.refs[0]}']").first.click()
    reference_row = page.locator(f"tr#ref-{claim.refs[0]}")
    assert reference_row.is_visible() and re.search(r"\d+×", reference_row.inner_text())


def test_switching_warning_off_hides_the_warnings(dev, opened):
    result, path = dev
    view = opened(path)
    page = view.page
    warnings = page.locator("li.finding[data-severity=warning]")
    others = page.locator("li.finding:not([data-severity=warning])")
    assert warnings.count() > 0 and warnings.first.is_visible()
    page.get_by_role("checkbox", name=re.compile(r"^warning")).click()
    assert all(not warnings.nth(i).is_visible() for i in range(warnings.count()))
    assert others.count() > 0 and others.first.is_visible()
    assert page.locator("#filter-status").inner_text() == f"Showing {others.count()} of {len(result.findings)} findings."
    claim_refs = page.locator("article li.finding-ref[data-severity=warning]")
    assert claim_refs.count() == 0 or not claim_refs.first.is_visible()
    # by keyboard: Space on the focused box brings them back
    page.get_by_role("checkbox", name=re.compile(r"^warning")).focus()
    page.keyboard.press("Space")
    assert warnings.first.is_visible()
    assert view.errors == []


def test_the_rule_filter_leaves_one_rules_findings(dev, opened):
    result, path = dev
    page = opened(path).page
    code = result.findings[0].code
    page.get_by_label("Rule").select_option(code)
    shown = page.locator("li.finding:visible")
    assert shown.count() == sum(1 for f in result.findings if f.code == code)
    assert page.locator(f"section.rule-group[data-rule='{code}']").is_visible()
    assert page.locator("section.rule-group:visible").count() == 1


def test_without_javascript_everything_is_shown(dev, opened):
    result, path = dev
    page = opened(path, javascript=False).page
    assert not page.locator("#filters").is_visible()
    assert page.locator("li.finding:visible").count() == len(result.findings)


def test_printing_hides_the_controls(dev, opened):
    page = opened(dev[1]).page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator("#summary").is_visible()


def test_the_payloads_in_a_footnote_stay_text(membership, opened):
    result, path = membership
    view = opened(path)
    page = view.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    row = page.locator("tr#fn-2")
    assert "<script>window.__pwned=1</script>" in row.inner_text()
    assert '<img src=x onerror="window.__pwned=2">' in row.inner_text()
    assert view.errors == []


def test_the_cell_behind_a_consistency_finding_is_highlighted(membership, opened):
    result, path = membership
    page = opened(path).page
    finding = next(f for f in result.findings if f.code == "C001")
    cell = page.locator("table.paper-table td.hl", has_text="Armenia")
    assert cell.count() >= 1 and cell.first.is_visible()
    background = cell.first.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("table.paper-table td:not(.hl)").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != plain and background not in {"rgba(0, 0, 0, 0)", "transparent"}
    number = result.findings.index(finding) + 1
    cell.first.locator(f"a[href='#finding-{number}']").click()
    assert page.locator(f"li#finding-{number}").is_visible()
    assert "Armenia" in page.locator(f"li#finding-{number}").inner_text()
