"""What several commands share: output formats, the link-checker options of
``links``, ``verify`` and ``report``, and reading the settings file."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck.cli import InputError

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


def link_settings(params: dict, settings, *, offline: bool, fail_on: str | None = None):
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


def load_settings(config_path: Path | None):
    from claimcheck.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as error:
        raise InputError(str(error)) from None
