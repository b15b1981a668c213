"""The audit as GitHub-flavoured Markdown: a pull-request comment or a job summary.

The summary comes first (verdicts, counts, what was and was not checked),
then the claims that need attention, the findings by rule, the footnotes,
the references and the tables; every long list is folded in ``<details>``.
The whole stays under ``max_chars`` (GitHub refuses comments over 65,536
characters): sections are added while they fit, a section that does not fit
is cut between its items, and a last line says what was left out and where
the full HTML report is. Paper text is escaped (``report.markdown.cell``) so
it cannot break a table or inject HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.audit.model import VERDICT_ORDER, Verdict
from claimcheck.audit.view import Audit, ClaimView, RuleGroup, TableView, http_url
from claimcheck.report.markdown import cell, inline_code

MAX_CHARS = 60_000
CLIP = 280  # characters of a sentence or note shown in a table cell
_ICON = {Verdict.SUPPORTED: "✅", Verdict.PROBLEM: "❌", Verdict.UNVERIFIABLE: "❔",
         Verdict.NOT_CHECKED: "⏸️"}


@dataclass
class Section:
    """A part of the report that may be cut between items, never inside one."""

    head: list[str]
    items: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    noun: str = "rows"

    def text(self, count: int | None = None) -> str:
        shown = self.items if count is None else self.items[:count]
        lines = [*self.head, *shown]
        if count is not None and count < len(self.items):
            lines.append(f"| … {len(self.items) - count} more {self.noun} in the full report |"
                         if self.items and self.items[0].startswith("|")
                         else f"- … {len(self.items) - count} more {self.noun} in the full report")
        return "\n".join([*lines, *self.tail]) + "\n\n"


def clip(text: str, limit: int = CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def render_markdown(audit: Audit, *, max_chars: int = MAX_CHARS, full_report: str | None = None) -> str:
    """The report, at most ``max_chars`` characters; ``full_report`` is where the
    HTML report is (a URL or a file), named when something had to be left out."""
    sections = [_header(audit), *_claim_sections(audit), *_finding_sections(audit),
                _footnote_section(audit), _reference_section(audit), *_table_sections(audit)]
    note_room = 400
    out, left_out = "", 0
    for section in filter(None, sections):
        whole = section.text()
        if left_out == 0 and len(out) + len(whole) <= max_chars - note_room:
            out += whole
            continue
        if left_out == 0:
            fitted = _fit(section, max_chars - note_room - len(out))
            if fitted:
                out += fitted
        left_out += 1
    if left_out:
        out += (f"> [!NOTE]\n> This report was cut to {max_chars:,} characters: "
                f"{left_out} section{'s were' if left_out != 1 else ' was'} shortened or left out. "
                f"See {_pointer(full_report)}.\n")
    return out.rstrip("\n") + "\n"


def _pointer(full_report: str | None) -> str:
    if full_report is None:
        return "the full report: `claimcheck report --format html --output audit.html`"
    if http_url(full_report):
        return f"[the full HTML report]({_target(full_report)})"
    return f"the full HTML report, {inline_code(full_report)}"


def _target(url: str) -> str:
    """An http(s) URL as a Markdown link target (brackets would end it early)."""
    return url.replace("(", "%28").replace(")", "%29")


def _fit(section: Section, room: int) -> str:
    """The section with as many items as fit in ``room`` (at least one), or ''."""
    best = ""
    for count in range(1, len(section.items) + 1):
        text = section.text(count)
        if len(text) > room:
            break
        best = text
    return best


def _header(audit: Audit) -> Section:
    counts = audit.verdict_counts
    findings = audit.severity_counts
    lines = [f"# claimcheck audit: {cell(audit.title or audit.path)}", "",
             f"{inline_code(audit.path)} · audited {audit.date} · claimcheck {cell(audit.tool_version)}", "",
             "**Claims:** " + " · ".join(f"{_ICON[v]} {counts[v]} {v.label}" for v in VERDICT_ORDER), "",
             f"**Findings:** {findings['error']} errors · {findings['warning']} warnings · "
             f"{findings['info']} info", ""]
    if audit.family_counts:
        lines += ["| Family | Errors | Warnings | Info | Total |", "| --- | ---: | ---: | ---: | ---: |"]
        lines += [f"| {family} | {c['error']} | {c['warning']} | {c['info']} | {sum(c.values())} |"
                  for family, c in audit.family_counts]
        lines += [f"| **Total** | **{findings['error']}** | **{findings['warning']}** | "
                  f"**{findings['info']}** | **{len(audit.findings)}** |", ""]
    lines += ["**Checked:** " + "; ".join(cell(line) for line in audit.checked)]
    if audit.not_checked:
        lines += ["", "**Not checked:**", *[f"- {cell(line)}" for line in audit.not_checked]]
    lines += [f"- {cell(notice)}" for notice in audit.notices]
    return Section(lines)


def _claim_row(item: ClaimView) -> str:
    claim = item.claim
    sources = [f"note {note.n}" for note in item.footnotes] + [inline_code(ref.key) for ref in item.references]
    urls = [f"{inline_code(check.url)} {check.verdict.replace('_', ' ') if check.verdict else 'not checked'}"
            + (f" ([archived]({_target(check.archived_url)}))" if check.dead and http_url(check.archived_url) else "")
            for check in item.verdict.urls]
    found = [f"{view.finding.code} #{view.number} {cell(clip(view.finding.message, 160))}"
             for view in item.findings if view.finding.severity.rank >= 2] or \
            [cell(clip(reason, 160)) for reason in item.verdict.reasons]
    return (f"| {inline_code(claim.id)}<br>line {claim.span.line} | {cell(clip(claim.text))} | "
            f"{', '.join(sources) or '—'}{'<br>' + '<br>'.join(urls) if urls else ''} | "
            f"{'<br>'.join(found) or '—'} |")


def _claim_sections(audit: Audit) -> list[Section]:
    sections = []
    for verdict, folded in ((Verdict.PROBLEM, False), (Verdict.UNVERIFIABLE, True),
                            (Verdict.NOT_CHECKED, True), (Verdict.SUPPORTED, True)):
        claims = [item for item in audit.claims if item.verdict.verdict is verdict]
        if not claims:
            continue
        title = f"## {_ICON[verdict]} {verdict.label.capitalize()} claims ({len(claims)})"
        head = [title, ""]
        if folded:
            head += [f"<details><summary>{len(claims)} claim{'s' if len(claims) != 1 else ''}</summary>", ""]
        head += ["| Claim | Sentence | Source | Why |", "| --- | --- | --- | --- |"]
        sections.append(Section(head, [_claim_row(item) for item in claims],
                                ["", "</details>"] if folded else [], noun="claims"))
    return sections


def _finding_sections(audit: Audit) -> list[Section]:
    if not audit.rules:
        return []
    return [Section(["## Findings by rule"])] + [_rule_section(group) for group in audit.rules]


def _rule_section(group: RuleGroup) -> Section:
    meta = group.meta
    head = [f"<details><summary><b>{meta.code}</b> {meta.name} · {'/'.join(group.severities)} · "
            f"{len(group.findings)}</summary>", "", f"{cell(meta.summary)} ([docs]({meta.url}))", ""]
    for heading, text in group.sections:
        if heading in {"What it checks", "Instead"}:
            head += [f"**{heading}:** {cell(text)}", ""]
    head += ["| # | Where | Message | Suggested fix |", "| ---: | --- | --- | --- |"]
    items = []
    for view in group.findings:
        finding = view.finding
        where = _line(finding.location)
        tags = [f"note {finding.location.footnote}" if finding.location.footnote is not None else "",
                f"ref {inline_code(finding.location.reference)}" if finding.location.reference else "",
                *(f"claim {inline_code(c)}" for c in view.claims)]
        where += "".join(f"<br>{tag}" for tag in tags if tag)
        items.append(f"| {view.number} | {where} | {view.severity}: {cell(clip(finding.message, 400))} | "
                     f"{cell(clip(finding.fix, 300)) if finding.fix else '—'} |")
    return Section(head, items, ["", "</details>"], noun="findings")


def _line(location) -> str:
    """``line 12:3``: every finding is in the paper, whose path the header gives."""
    if location.line is None:
        return inline_code(location.path)
    return f"line {location.line}" + (f":{location.column}" if location.column else "")


def _footnote_section(audit: Audit) -> Section | None:
    if not audit.footnotes:
        return None
    inferred = sum(1 for item in audit.footnotes if item.marker_form == "inferred")
    missing = sum(1 for item in audit.footnotes if item.marker_form == "none")
    head = [f"## Footnotes ({len(audit.footnotes)}: {inferred} markers inferred, {missing} not found)", "",
            "<details><summary>footnotes</summary>", "", "| Note | Marker | Text | Claims |",
            "| ---: | --- | --- | --- |"]
    items = []
    for item in audit.footnotes:
        marker = item.note.marker
        if item.marker_form == "inferred":
            words = "**inferred**" + (f" ({round(marker.confidence * 100)}%)" if marker.confidence is not None else "")
        elif item.marker_form == "none":
            words = "**not found**"
        else:
            words = f"printed ({item.marker_form})"
        items.append(f"| {item.note.n} | {words} | {cell(clip(item.note.text))} | "
                     f"{', '.join(inline_code(c) for c in item.claims) or '—'} |")
    return Section(head, items, ["", "</details>"], noun="footnotes")


def _reference_section(audit: Audit) -> Section | None:
    if not audit.references:
        return None
    uncited = [item for item in audit.references if item.times_cited == 0]
    head = [f"## References ({len(audit.references)}, {len(uncited)} never cited)", ""]
    head += [f"- **not cited:** {cell(clip(item.reference.printed, 200))} ({inline_code(item.reference.key)})"
             for item in uncited]
    head += ["", "<details><summary>all entries with citation counts</summary>", "",
             "| # | Entry | Cited |", "| ---: | --- | ---: |"]
    items = [f"| {item.reference.index} | {cell(clip(item.reference.printed, 200))} | "
             f"{item.times_cited if item.times_cited else '**0**'} |" for item in audit.references]
    return Section(head, items, ["", "</details>"], noun="entries")


def _table_sections(audit: Audit) -> list[Section]:
    return [_table_section(item) for item in audit.tables]


def _table_section(item: TableView) -> Section:
    table = item.table
    title = f"## Table {cell(table.id)}" + (f": {cell(table.title)}" if table.title else "")
    note = (f"{len(item.findings)} finding(s) concern it: "
            + ", ".join(f"{v.finding.code} #{v.number}" for v in item.findings)
            + ". Cells they concern are marked ⚠️." if item.findings else "No finding concerns it.")
    head = [title, "", note, "", "| " + " | ".join(_table_cell(c) for c in item.header) + " |",
            "| " + " | ".join("---" for _ in item.header) + " |"]
    items = ["| " + " | ".join(_table_cell(c) for c in row) + " |" for row in item.rows]
    return Section(head, items, noun="rows")


def _table_cell(view) -> str:
    if not view.findings:
        return cell(view.text)
    codes = ", ".join(f"{v.finding.code} #{v.number}" for v in view.findings)
    return f"⚠️ **{cell(view.text)}** ({codes})"
