"""Reporters: render verify results in one format each; a reporter never decides.

Every format lives in its own module (``report/<fmt>.py``) exposing
``render(results, *, color, tool_version) -> str``; :func:`render` imports the
module only when that format is asked for, so ``--format json`` never loads
the colour code and ``text`` never loads the XML library.

Findings reach a reporter already selected, suppressed and sorted by the
engine; reporters keep that order and only add grouping where the format
calls for it. Several results mean several papers checked in one run.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

FORMATS = ("text", "json", "markdown", "sarif", "junit", "github")


def render(results: Sequence[VerifyResult], fmt: str, *, color: bool = False,
           tool_version: str) -> str:
    """The report of ``results`` in format ``fmt`` (one of FORMATS).

    Every non-empty report ends in one newline; ``github`` is empty when there
    is nothing to annotate.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (expected one of {', '.join(FORMATS)})")
    module = importlib.import_module(f"claimcheck.report.{fmt}")
    return module.render(list(results), color=color, tool_version=tool_version)
