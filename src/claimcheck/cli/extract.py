"""claimcheck extract: a paper into claims.yaml and references.bib."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck.cli import InputError, main

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
    ]
    if paper.in_text:  # a paper that cites in its text, not in notes
        unresolved = sum(1 for c in paper.in_text if c.ref_key is None)
        parts.append(f"{len(paper.in_text)} in-text citations ({unresolved} unresolved)")
    parts += [
        f"{len(paper.references)} references",
        f"{len(paper.claims)} claims",
        f"{len(paper.tables)} table{'s' if len(paper.tables) != 1 else ''}",
    ]
    return "; ".join(parts)
