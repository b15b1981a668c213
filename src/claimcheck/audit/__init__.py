"""The audit report: a verified paper as an editor reads it, claim by claim.

``build_audit`` (view.py) links claims, footnotes, references, tables and
findings; ``audit.model`` gives each claim its verdict; ``audit.html`` and
``audit.markdown`` render the one Audit. Unlike the findings reporters
(``claimcheck.report``), these show the whole paper, not only what is wrong.
"""

from __future__ import annotations

from claimcheck.audit.model import Verdict
from claimcheck.audit.view import Audit, build_audit

FORMATS = ("html", "markdown")

__all__ = ["FORMATS", "Audit", "Verdict", "build_audit", "render"]


def render(audit: Audit, fmt: str, **options) -> str:
    """The audit as ``fmt`` (html or markdown); options go to that renderer."""
    if fmt == "html":
        from claimcheck.audit.html import render_html

        return render_html(audit, **options)
    if fmt == "markdown":
        from claimcheck.audit.markdown import render_markdown

        return render_markdown(audit, **options)
    raise ValueError(f"unknown audit format {fmt!r} (expected html or markdown)")
