"""The audit as one self-contained HTML file: inline CSS, a little inline
JavaScript, an inline SVG chart; no fonts, scripts or images from elsewhere.

Paper text is untrusted. Jinja2 autoescapes every value (HTML is on, not
chosen by file name), nothing from the paper is marked safe, the chart is
built from numbers and fixed labels, and only http(s) URLs become links. A
Content-Security-Policy admits only this file's own style and script (by
hash), so even markup that slipped through could run no script.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from markupsafe import Markup

from claimcheck.audit.model import VERDICT_ORDER, Verdict
from claimcheck.audit.view import Audit, anchor, http_url

CHART_WIDTH = 260  # px of the longest bar


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("claimcheck.audit", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["http_url"] = http_url
    env.globals["anchor"] = anchor
    env.filters["percent"] = lambda value: f"{round(value * 100)}%"
    return env


def _asset(name: str) -> str:
    env = _environment()
    return env.loader.get_source(env, name)[0]


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def chart_bars(counts: dict[Verdict, int]) -> list[dict]:
    """The bars of the verdict chart: numbers and fixed labels only."""
    largest = max(counts.values(), default=0) or 1
    return [{"verdict": verdict.value, "label": verdict.label, "count": counts.get(verdict, 0),
             "y": 8 + row * 34, "width": round(counts.get(verdict, 0) / largest * CHART_WIDTH)}
            for row, verdict in enumerate(VERDICT_ORDER)]


def render_html(audit: Audit) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    template = _environment().get_template("report.html.j2")
    # css and js are this package's own files, never paper text
    return template.render(audit=audit, css=Markup(css), js=Markup(js), csp=policy,
                           bars=chart_bars(audit.verdict_counts), verdicts=VERDICT_ORDER,
                           chart_width=CHART_WIDTH)
