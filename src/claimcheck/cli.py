"""Command line: I/O and exit codes only; the work is done by engine and records.

Exit codes: 0 success (no findings at or above --fail-on), 1 findings,
2 usage or input error (a one-line message naming the file and line).
"""

from __future__ import annotations

import sys
from pathlib import Path

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


@main.command()
@click.argument("paper", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Directory to write claims.yaml and references.bib into.")
@click.option("--claims", "claims_name", default="claims.yaml", show_default=True,
              help="File name of the claims record.")
@click.option("--bib", "bib_name", default="references.bib", show_default=True,
              help="File name of the BibTeX record.")
@click.option("--dry-run", is_flag=True, help="Extract and summarise, but write nothing.")
def extract(paper: Path, out_dir: Path, claims_name: str, bib_name: str, dry_run: bool) -> None:
    """Extract PAPER (Markdown or text converted from PDF) into record files.

    Writes claims.yaml (footnotes, markers, claims, tables) and references.bib
    (the reference list). Re-running keeps what a person added to the records:
    a claim's status and note, extra keys and comments, extra BibTeX fields and
    entries. A record file that does not parse is reported and left untouched.
    """
    from claimcheck.engine import extract as run_extract
    from claimcheck.read.document import ReadError

    claims_path, bib_path = out_dir / claims_name, out_dir / bib_name
    previous = _previous_claims(claims_path)
    try:
        result = run_extract(paper, display_path=_display(paper, out_dir), previous_claims=previous)
    except ReadError as error:
        raise InputError(str(error)) from None
    summary = summarise(result)
    if dry_run:
        click.echo(f"{paper}: {summary} (dry run: nothing written)")
        return
    notes = _write_records(result, claims_path, bib_path)
    for note in notes:
        click.echo(f"claimcheck: {note}", err=True)
    click.echo(f"{paper}: {summary} -> {claims_path}, {bib_path}")


def _previous_claims(claims_path: Path) -> list[tuple[str, str]]:
    """(id, text) of the claims last extracted, so edited sentences keep their ids.
    A record file that does not parse stops the run before anything is written."""
    from claimcheck.records.atomic import RecordFileError
    from claimcheck.records.claims_yaml import read_claims

    if not claims_path.exists() or not claims_path.read_bytes().strip():
        return []
    try:
        records = read_claims(claims_path)
    except RecordFileError as error:
        raise InputError(f"{error} (the file was left untouched)") from None
    claims = [c for c in (records.get("claims") or []) if isinstance(c, dict)]
    return [(str(c["id"]), str(c.get("text", ""))) for c in claims if c.get("id")]


def _display(paper: Path, out_dir: Path) -> str:
    """The paper's path as the records should name it: relative to where they live."""
    import os

    try:
        return os.path.relpath(paper.resolve(), out_dir.resolve())
    except ValueError:  # another drive on Windows
        return str(paper.resolve())


def _write_records(result, claims_path: Path, bib_path: Path) -> list[str]:
    from claimcheck.records.atomic import RecordFileError
    from claimcheck.records.bibtex import write_bibtex
    from claimcheck.records.claims_yaml import write_claims_yaml

    claims_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        claims_report = write_claims_yaml(claims_path, result)
        bib_report = write_bibtex(bib_path, result.references)
    except RecordFileError as error:
        raise InputError(f"{error} (the file was left untouched)") from None
    return [*_report_lines(claims_path, claims_report), *_report_lines(bib_path, bib_report)]


def _report_lines(path: Path, report) -> list[str]:
    """What re-extraction did to an existing record file: never silent about edits."""
    if report.new_file:
        return []
    lines = [f"{path}: {report.summary()}"]
    for change in getattr(report, "machine_fields_changed", ()):
        if change.printed_unchanged:  # the entry is the same: a person edited this field
            lines.append(f"{path}: {change.key}.{change.field} was edited by hand "
                         f"({change.old!r}); rewritten as {change.new!r}")
    return lines


def summarise(paper) -> str:
    """One line: what was extracted, and what was recovered or not found."""
    notes = paper.footnotes
    inferred_numbers = sum(1 for n in notes if not n.number_printed)
    forms = [n.marker.form if n.marker else "none" for n in notes]
    recovered = forms.count("inferred")
    missing = forms.count("none")
    found = len(forms) - recovered - missing
    parts = [
        f"{len(notes)} footnotes ({inferred_numbers} numbers inferred)",
        f"markers: {found} found, {recovered} recovered, {missing} not inferable",
        f"{len(paper.references)} references",
        f"{len(paper.claims)} claims",
        f"{len(paper.tables)} table{'s' if len(paper.tables) != 1 else ''}",
    ]
    return "; ".join(parts)


# --------------------------------------------------------------------------
# verify

FORMAT_CHOICES = ("text", "json", "markdown", "sarif", "junit", "github")


def link_options(function):
    """The options of the link checker, shared by `links` and `verify`; each overrides
    (or, for the repeatable ones, adds to) [tool.claimcheck.links]."""
    options = [
        click.option("--exclude", multiple=True, metavar="REGEX", help="Do not check URLs matching REGEX (repeatable)."),
        click.option("--include", multiple=True, metavar="REGEX",
                     help="Check URLs matching REGEX even if excluded (repeatable); alone, check only these."),
        click.option("--accept", metavar="CODES", help="Status codes that count as ok, e.g. 200..299,403."),
        click.option("--remap", multiple=True, metavar="'PATTERN REPLACEMENT'",
                     help="Probe a URL at another address (regex substitution; repeatable)."),
        click.option("--user-agent", metavar="TEXT", help="User-Agent header [default: names claimcheck]."),
        click.option("--header", multiple=True, metavar="'NAME: VALUE'", help="Extra request header (repeatable)."),
        click.option("--max-concurrency", type=int, metavar="N", help="Requests in flight at once [default: 64]."),
        click.option("--per-host", type=int, metavar="N", help="Requests in flight per host [default: 4]."),
        click.option("--timeout", metavar="SECONDS", help="Per-request timeout [default: 10]."),
        click.option("--max-redirects", type=int, metavar="N", help="Redirects to follow [default: 10]."),
        click.option("--cache/--no-cache", default=None, help="Reuse recent results [default: on]."),
        click.option("--cache-ttl", metavar="DURATION", help="How long results are reused: 1d, 6h, 30m, seconds [default: 1d]."),
        click.option("--allow-private", is_flag=True, default=None,
                     help="Allow private, loopback and link-local addresses (refused by default)."),
        click.option("--insecure", is_flag=True, default=None, help="Accept invalid TLS certificates."),
        click.option("--ca-bundle", metavar="FILE",
                     help="Trust the CAs in this PEM file [default: certifi's bundle]."),
        click.option("--record", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="Record the run's HTTP traffic into a vcrpy cassette."),
        click.option("--cassette", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="Replay a recorded cassette instead of using the network."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


LINK_PARAMS = ("exclude", "include", "accept", "remap", "user_agent", "header", "max_concurrency",
               "per_host", "timeout", "max_redirects", "cache", "cache_ttl", "allow_private", "insecure",
               "ca_bundle", "record", "cassette")


def _link_settings(params: dict, settings, *, offline: bool, fail_on: str | None = None):
    """LinkSettings from the link options over [tool.claimcheck.links]; a bad one is exit 2."""
    from claimcheck.links.options import OptionError, build_settings

    if offline and (params.get("record") or params.get("cassette")):
        raise InputError("--offline cannot be used with --record or --cassette")
    if params.get("record") and params.get("cassette"):
        raise InputError("--record and --cassette cannot be used together")
    cli = {key: params.get(key) for key in LINK_PARAMS}
    cli.update(offline=offline, fail_on=fail_on)
    try:
        return build_settings(cli, settings.links, str(settings.source) if settings.source else None)
    except OptionError as error:
        raise InputError(str(error)) from None


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

    settings = _settings(config_path)
    fmt = fmt or settings.format
    if fmt not in FORMAT_CHOICES:
        raise InputError(f"{settings.source}: format must be one of {', '.join(FORMAT_CHOICES)}")
    threshold = fail_on or settings.fail_on
    chosen = _papers_to_verify(papers)
    select_codes = parse_codes(select) or settings.select
    ignore_codes = parse_codes(ignore) or settings.ignore
    network = None
    if not offline:
        if link_params.get("record") and len(chosen) > 1:
            raise InputError("--record records the run of one paper; name one PAPER")
        network = {"settings": _link_settings(link_params, settings, offline=False),
                   "record": link_params.get("record"), "cassette": link_params.get("cassette")}
    elif link_params.get("record") or link_params.get("cassette"):
        raise InputError("--offline cannot be used with --record or --cassette")
    results = _verify_all(chosen, select_codes, ignore_codes, network, jobs)
    _emit(results, fmt, output, color)
    if any(NETWORK_UNREACHABLE in result.not_run.values() for result in results):
        click.echo(f"claimcheck: {NETWORK_UNREACHABLE}", err=True)
        raise SystemExit(EXIT_INPUT)
    raise SystemExit(exit_code(results, threshold))


def _settings(config_path: Path | None):
    from claimcheck.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as error:
        raise InputError(str(error)) from None


def _papers_to_verify(papers: tuple[Path, ...]) -> list[tuple[Path, str, str | None]]:
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


def _verify_all(chosen, select, ignore, network: dict | None, jobs: int):
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


# --------------------------------------------------------------------------
# links


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Output format [default: text, or 'format' in [tool.claimcheck]].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(("error", "warning", "never")), default=None,
              help="error: broken and soft-404 links fail; warning: blocked and timed-out too "
                   "[default: error].")
@click.option("--offline", is_flag=True, help="Do not use the network: every URL is skipped.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Settings file (default: nearest claimcheck.toml or pyproject.toml).")
@link_options
def links(files: tuple[Path, ...], fmt: str | None, output: Path | None, fail_on: str | None,
          offline: bool, config_path: Path | None, **link_params) -> None:
    """Check every URL in FILES (Markdown, text, HTML, BibTeX).

    Exit codes: 0 no URL fails, 1 some fail (broken or soft 404; blocked and
    timed out too with --fail-on warning), 2 usage error or no network (said
    once; links are never reported broken because the network is down).
    """
    from claimcheck.links import NETWORK_UNREACHABLE
    from claimcheck.links.collect import CollectError
    from claimcheck.links.options import OptionError
    from claimcheck.links.report import render
    from claimcheck.links.runner import network_unavailable, run_links

    settings = _settings(config_path)
    fmt = fmt or settings.format
    if fmt not in FORMAT_CHOICES:
        raise InputError(f"{settings.source}: format must be one of {', '.join(FORMAT_CHOICES)}")
    link_settings = _link_settings(link_params, settings, offline=offline, fail_on=fail_on)
    from claimcheck.progress import Progress

    with Progress("checking links", "URLs", minimum=0) as progress:
        try:
            run = run_links(files, link_settings, record=link_params.get("record"),
                            cassette=link_params.get("cassette"),
                            on_result=lambda result: progress.advance(result.verdict.replace("_", " ")),
                            on_total=progress.set_total)
        except (CollectError, OptionError) as error:
            raise InputError(str(error)) from None
        except network_unavailable():
            click.echo(f"claimcheck: {NETWORK_UNREACHABLE}", err=True)
            raise SystemExit(EXIT_INPUT) from None
    text = render(run, fmt, tool_version=__version__)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from claimcheck.records.atomic import write_text_atomic

        write_text_atomic(output, text)
    raise SystemExit(EXIT_FINDINGS if run.failing() else EXIT_OK)


# --------------------------------------------------------------------------
# report


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

    settings = _settings(config_path)
    chosen = _papers_to_verify((paper,) if paper else ())
    network = None
    if not offline:
        network = {"settings": _link_settings(link_params, settings, offline=False),
                   "record": link_params.get("record"), "cassette": link_params.get("cassette")}
    elif link_params.get("record") or link_params.get("cassette"):
        raise InputError("--offline cannot be used with --record or --cassette")
    (result,) = _verify_all(chosen, settings.select, settings.ignore, network, 1)
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


# --------------------------------------------------------------------------
# rules


@main.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="markdown prints the whole catalogue (docs/rules.md).")
def rules(code: str | None, fmt: str) -> None:
    """List every rule, or print the documentation of CODE (e.g. R003)."""
    import json

    from claimcheck.checks import all_rules

    registry = all_rules()
    if fmt == "markdown":
        click.echo(rules_markdown(registry), nl=False)
        return
    if code:
        meta = registry.get(code.upper())
        if meta is None:
            raise InputError(f"no rule {code!r}; 'claimcheck rules' lists them")
        meta = meta.meta
        if fmt == "json":
            click.echo(json.dumps(_rule_json(meta), indent=2))
        else:
            click.echo(f"{meta.code} {meta.name} ({meta.severity.value}{', network' if meta.network else ''})\n")
            click.echo(meta.doc)
        return
    if fmt == "json":
        click.echo(json.dumps([_rule_json(r.meta) for r in registry.values()], indent=2))
        return
    width = max((len(r.meta.name) for r in registry.values()), default=10)
    for current in registry.values():
        meta = current.meta
        click.echo(f"{meta.code}  {meta.name:<{width}}  {meta.severity.value:<7}  {meta.summary}")


def rules_markdown(registry) -> str:
    """The rule catalogue as Markdown: what docs/rules.md holds (a test keeps it current)."""
    lines = ["# claimcheck rules", "",
             "Generated by `claimcheck rules --format markdown`; every rule's documentation is "
             "its docstring.", "", "| code | name | severity | summary |", "|---|---|---|---|"]
    for current in registry.values():
        meta = current.meta
        lines.append(f"| [{meta.code}](#{meta.code.lower()}) | {meta.name} | {meta.severity.value}"
                     f"{' (network)' if meta.network else ''} | {meta.summary} |")
    for current in registry.values():
        meta = current.meta
        lines += ["", f"## {meta.code}", "", f"`{meta.name}` · {meta.severity.value}", "",
                  meta.summary, "", *_doc_sections_markdown(meta.doc)]
    return "\n".join(lines).rstrip() + "\n"


def _doc_sections_markdown(doc: str) -> list[str]:
    """A rule docstring's headed, indented sections as Markdown paragraphs."""
    import re
    import textwrap

    out: list[str] = []
    parts = re.split(r"^(What it checks|Why it matters|Example|Instead)\s*$", doc, flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2]):
        text = textwrap.dedent(body.strip("\n")).strip().replace("``", "`")
        out += [f"**{heading}**", "", text, ""]
    return out


def _rule_json(meta) -> dict:
    return {"code": meta.code, "name": meta.name, "severity": meta.severity.value,
            "network": meta.network, "summary": meta.summary, "doc": meta.doc, "url": meta.url}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
