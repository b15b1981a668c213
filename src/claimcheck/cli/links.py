"""claimcheck links: every URL in Markdown, text, HTML and BibTeX files."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError, main
from claimcheck.cli.options import FORMAT_CHOICES, link_options, link_settings, load_settings

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

    settings = load_settings(config_path)
    fmt = fmt or settings.format
    if fmt not in FORMAT_CHOICES:
        raise InputError(f"{settings.source}: format must be one of {', '.join(FORMAT_CHOICES)}")
    checker_settings = link_settings(link_params, settings, offline=offline, fail_on=fail_on)
    from claimcheck.progress import Progress

    with Progress("checking links", "URLs", minimum=0) as progress:
        try:
            run = run_links(files, checker_settings, record=link_params.get("record"),
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
