"""claimcheck verify: the checks, as a report and an exit code. Also the
reading and verifying of papers that ``report`` shares."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError, main
from claimcheck.cli.options import FORMAT_CHOICES, link_options, link_settings, load_settings

@main.command()
@click.argument("papers", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Output format [default: text, or 'format' in [tool.claimcheck]].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (codes or prefixes, comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes or prefixes).")
@click.option("--fail-on", type=click.Choice(("error", "warning", "never")), default=None,
              help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("--offline", is_flag=True, help="Do not use the network; network rules are reported as not run.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Verify several papers in parallel processes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Settings file (default: nearest claimcheck.toml or pyproject.toml [tool.claimcheck]).")
@click.option("--color/--no-color", default=None, help="Colour the text report [default: when on a terminal].")
@link_options
def verify(papers: tuple[Path, ...], fmt: str | None, output: Path | None, select: tuple[str, ...],
           ignore: tuple[str, ...], fail_on: str | None, offline: bool, jobs: int,
           config_path: Path | None, color: bool | None, **link_params) -> None:
    """Check PAPERS: notes, markers, references, URLs and internal consistency.

    With no PAPER, verifies the paper named in ./claims.yaml and says when the
    records are stale (the paper changed since 'claimcheck extract').

    The URL rules (U003-U007) probe every URL of the notes and the reference
    list: online by default, from a cassette with --cassette, not at all with
    --offline. When no name resolves, they are reported as not run, once, and
    the exit code is 2.
    """
    from claimcheck.links import NETWORK_UNREACHABLE
    from claimcheck.suppress import parse_codes

    settings = load_settings(config_path)
    fmt = fmt or settings.format
    if fmt not in FORMAT_CHOICES:
        raise InputError(f"{settings.source}: format must be one of {', '.join(FORMAT_CHOICES)}")
    threshold = fail_on or settings.fail_on
    chosen = papers_to_verify(papers)
    select_codes = parse_codes(select) or settings.select
    ignore_codes = parse_codes(ignore) or settings.ignore
    network = None
    if not offline:
        if link_params.get("record") and len(chosen) > 1:
            raise InputError("--record records the run of one paper; name one PAPER")
        network = {"settings": link_settings(link_params, settings, offline=False),
                   "record": link_params.get("record"), "cassette": link_params.get("cassette")}
    elif link_params.get("record") or link_params.get("cassette"):
        raise InputError("--offline cannot be used with --record or --cassette")
    results = verify_all(chosen, select_codes, ignore_codes, network, jobs)
    _emit(results, fmt, output, color)
    if any(NETWORK_UNREACHABLE in result.not_run.values() for result in results):
        click.echo(f"claimcheck: {NETWORK_UNREACHABLE}", err=True)
        raise SystemExit(EXIT_INPUT)
    raise SystemExit(exit_code(results, threshold))


def papers_to_verify(papers: tuple[Path, ...]) -> list[tuple[Path, str, str | None]]:
    """(path to read, path to show, notice) for each paper to verify."""
    if papers:
        return [(paper, str(paper), None) for paper in papers]
    claims_path = Path("claims.yaml")
    if not claims_path.exists():
        raise InputError("no PAPER given and no claims.yaml here; run 'claimcheck extract PAPER' "
                         "first or name the paper")
    from claimcheck.records.atomic import RecordFileError
    from claimcheck.records.claims_yaml import read_claims

    try:
        records = read_claims(claims_path)
    except RecordFileError as error:
        raise InputError(str(error)) from None
    source = (records.get("paper") or {}).get("source")
    if not source:
        raise InputError(f"{claims_path}: no paper.source to verify")
    paper = claims_path.parent / source
    return [(paper, str(source), _staleness(paper, source, records))]


def _staleness(paper: Path, source: str, records: dict) -> str | None:
    import hashlib

    if not paper.exists():
        raise InputError(f"claims.yaml: paper.source {source} does not exist")
    recorded = (records.get("paper") or {}).get("sha256")
    digest = hashlib.sha256(paper.read_bytes()).hexdigest()
    if recorded and recorded != digest:
        return (f"claims.yaml and references.bib are stale: {source} changed since they were "
                f"extracted; run 'claimcheck extract {source}' to refresh them")
    return None


def verify_all(chosen, select, ignore, network: dict | None, jobs: int):
    work = [(str(path), shown, notice, select, ignore, network) for path, shown, notice in chosen]
    outcomes = []
    from claimcheck.progress import Progress

    with Progress("verifying", "papers", total=len(work)) as progress:
        if jobs > 1 and len(work) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for outcome in pool.map(_verify_one, work, chunksize=max(1, len(work) // (jobs * 8))):
                    outcomes.append(outcome)
                    progress.advance()
        else:
            for item in work:
                outcomes.append(_verify_one(item))
                progress.advance()
    errors = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if errors:
        raise InputError(errors[0] if len(errors) == 1 else f"{errors[0]} (and {len(errors) - 1} more)")
    return outcomes


def _verify_one(item):
    """Extract and verify one paper; an input error comes back as its message."""
    from claimcheck.engine import extract, verify as run_verify
    from claimcheck.read.document import ReadError

    path, shown, notice, select, ignore, network = item
    try:
        paper = extract(path, display_path=shown)
    except ReadError as error:
        return str(error)
    try:
        probes, reason = _probe_paper(paper, network, select, ignore)
    except ValueError as error:  # OptionError: a cassette that is not there
        return str(error)
    result = run_verify(paper, select=select, ignore=ignore, offline=probes is None, probes=probes,
                        offline_reason=reason)
    if notice:
        result.notices.append(notice)
    return result


def _probe_paper(paper, network: dict | None, select, ignore) -> tuple[dict | None, str]:
    """The paper's probe results, or None and why the network rules do not run."""
    from claimcheck.checks import all_rules
    from claimcheck.links import NETWORK_UNREACHABLE
    from claimcheck.suppress import is_selected

    if network is None:
        return None, "offline: needs the network"
    if not any(rule.meta.network and is_selected(code, select, ignore)
               for code, rule in all_rules().items()):
        return None, "not selected"
    from claimcheck.links.runner import gather_paper, network_unavailable

    wants_sources = any(rule.meta.network and code.startswith("S") and is_selected(code, select, ignore)
                        for code, rule in all_rules().items())
    try:
        return gather_paper(paper, network["settings"], record=network["record"],
                            cassette=network["cassette"], sources=wants_sources), ""
    except network_unavailable():
        return None, NETWORK_UNREACHABLE


def exit_code(results, threshold: str) -> int:
    from claimcheck.finding import Severity

    if threshold == "never":
        return EXIT_OK
    level = Severity(threshold)
    failing = any(f.severity.at_least(level) for result in results for f in result.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _emit(results, fmt: str, output: Path | None, color: bool | None) -> None:
    from claimcheck.report import render

    if color is None:
        color = output is None and sys.stdout.isatty()
    text = render(results, fmt, color=color and fmt == "text", tool_version=__version__)
    if fmt != "text" or output is not None:
        # the text report prints notices itself; other formats have no place for them
        for result in results:
            for notice in result.notices:
                click.echo(f"claimcheck: {notice}", err=True)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    from claimcheck.records.atomic import write_text_atomic

    write_text_atomic(output, text)
