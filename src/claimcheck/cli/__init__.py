"""Command line: I/O and exit codes only; the work is done by engine and records.

One module per command (``extract``, ``verify``, ``links``, ``report``,
``rules``), each registering itself on the ``main`` group defined here; the
options and settings that several commands share are in ``options``.

Exit codes: 0 success (no findings at or above --fail-on), 1 findings,
2 usage or input error (a one-line message naming the file and line).
"""

from __future__ import annotations

import click

from claimcheck import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class InputError(click.ClickException):
    """Bad input: printed as one line, exit code 2, never a traceback."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"claimcheck: error: {self.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Check the citations and claims of a scholarly paper.

    \b
    claimcheck extract PAPER    extract footnotes, references, claims, tables
                                into claims.yaml and references.bib
    claimcheck verify [PAPER]   check notes, references, URLs and consistency
    claimcheck links FILE...    check every URL in Markdown, text, HTML, BibTeX
    claimcheck report [PAPER]   an audit of every claim, as HTML or Markdown
    claimcheck rules [CODE]     list the rules, or explain one

    Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or
    input error.
    """


# the commands register themselves on `main` when imported
from claimcheck.cli import extract, links, report, rules, verify  # noqa: E402,F401
