"""claimcheck report: the audit of a paper for an editor, as HTML or Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.cli import EXIT_INPUT, InputError, main
from claimcheck.cli.options import link_options, link_settings, load_settings
from claimcheck.cli.verify import papers_to_verify, verify_all

@main.command()
@click.argument("paper", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("html", "markdown")), default="html", show_default=True,
              help="html: one self-contained file; markdown: for a pull-request comment or job summary.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--offline", is_flag=True, help="Do not use the network; links are reported as not checked.")
@click.option("--max-chars", type=click.IntRange(2_000, None), default=60_000, show_default=True,
              help="markdown: cut the report to this many characters (GitHub comments hold 65,536).")
@click.option("--full-report", metavar="URL|FILE",
              help="markdown: where the full HTML report is, named when the report had to be cut.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Settings file (default: nearest claimcheck.toml or pyproject.toml [tool.claimcheck]).")
@link_options
def report(paper: Path | None, fmt: str, output: Path | None, offline: bool, max_chars: int,
           full_report: str | None, config_path: Path | None, **link_params) -> None:
    """Write the audit of PAPER for an editor: every claim with its verdict.

    Each claim with its sentence, footnotes, reference entry, URL verdict and
    findings; the footnotes, the reference list with citation counts, the
    tables with the cells behind a finding highlighted. With no PAPER, reports
    on the paper named in ./claims.yaml, with the status and note a reviewer
    recorded there. Exit codes: 0 report written, 2 usage or input error.
    """
    from claimcheck.audit import build_audit, render
    from claimcheck.links import NETWORK_UNREACHABLE

    settings = load_settings(config_path)
    chosen = papers_to_verify((paper,) if paper else ())
    network = None
    if not offline:
        network = {"settings": link_settings(link_params, settings, offline=False),
                   "record": link_params.get("record"), "cassette": link_params.get("cassette")}
    elif link_params.get("record") or link_params.get("cassette"):
        raise InputError("--offline cannot be used with --record or --cassette")
    (result,) = verify_all(chosen, settings.select, settings.ignore, network, 1)
    audit = build_audit(result, date=_audit_date(), tool_version=__version__,
                        annotations=_claim_annotations(chosen[0][0]))
    options = {"max_chars": max_chars, "full_report": full_report} if fmt == "markdown" else {}
    text = render(audit, fmt, **options)
    for notice in result.notices:
        click.echo(f"claimcheck: {notice}", err=True)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from claimcheck.records.atomic import write_text_atomic

        write_text_atomic(output, text)
    if NETWORK_UNREACHABLE in result.not_run.values():
        click.echo(f"claimcheck: {NETWORK_UNREACHABLE}", err=True)
        raise SystemExit(EXIT_INPUT)


def _audit_date() -> str:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible report."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def _claim_annotations(paper: Path) -> dict[str, tuple[str, str | None]]:
    """claim id -> (status, note) from ./claims.yaml when it records this paper; a
    record file that does not parse is not this command's business (verify says so)."""
    claims_path = Path("claims.yaml")
    if not claims_path.exists():
        return {}
    from claimcheck.records.atomic import RecordFileError
    from claimcheck.records.claims_yaml import read_claims

    try:
        records = read_claims(claims_path)
    except RecordFileError:
        return {}
    source = (records.get("paper") or {}).get("source")
    if not source or not paper.exists() or (claims_path.parent / source).resolve() != paper.resolve():
        return {}
    annotations = {}
    for claim in records.get("claims") or []:
        if isinstance(claim, dict) and claim.get("id") and claim.get("status"):
            note = claim.get("note")
            annotations[str(claim["id"])] = (str(claim["status"]), str(note) if note else None)
    return annotations
