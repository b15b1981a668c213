"""Link-check options: parsing each value, and the command line over [tool.claimcheck.links]."""

from __future__ import annotations

import re

import pytest

from claimcheck.links.options import (
    LinkSettings,
    OptionError,
    build_settings,
    parse_accept,
    parse_duration,
    parse_header,
    parse_remap,
)


def test_accept_ranges_are_inclusive_and_combine():
    codes = parse_accept("200..204, 403,429..=429")
    assert codes == frozenset({200, 201, 202, 203, 204, 403, 429})
    assert parse_accept("200-299") == frozenset(range(200, 300))
    assert parse_accept([200, "301"]) == frozenset({200, 301})


@pytest.mark.parametrize("bad", ["", "abc", "200..", "299..200", "42", "200;300", "99..200"])
def test_bad_accept_is_refused_with_the_option_named(bad):
    with pytest.raises(OptionError, match="--accept"):
        parse_accept(bad)


@pytest.mark.parametrize(("text", "seconds"), [
    ("1d", 86_400), ("6h", 21_600), ("30m", 1_800), ("45s", 45), ("3600", 3_600), ("1.5h", 5_400),
    (90, 90), ("0", 0),
])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["1w", "soon", "-5", "1 d d", ""])
def test_bad_durations(bad):
    with pytest.raises(OptionError, match="not a duration|negative"):
        parse_duration(bad)


def test_headers():
    assert parse_header("Accept-Language: en, ru") == ("Accept-Language", "en, ru")
    assert parse_header("X-Empty:") == ("X-Empty", "")
    for bad in ("no colon", ": value", "Bad Name: x"):
        with pytest.raises(OptionError, match="--header"):
            parse_header(bad)


def test_remap_splits_at_the_last_space_and_uses_groups():
    pattern, replacement = parse_remap(r"^https://(www\.)?example\.org/(.*) http://127.0.0.2:8080/\2")
    assert pattern.sub(replacement, "https://www.example.org/a/b?c=1", count=1) == "http://127.0.0.2:8080/a/b?c=1"
    with pytest.raises(OptionError, match="PATTERN REPLACEMENT"):
        parse_remap("onlyonepart")
    with pytest.raises(OptionError, match="--remap: invalid regular expression"):
        parse_remap("(unclosed http://x")
    with pytest.raises(OptionError, match="bad replacement"):
        parse_remap(r"^https://x/ http://y/\3")


def test_include_exclude_semantics():
    settings = build_settings({"exclude": ("example\\.org",), "include": ("example\\.org/keep",)})
    assert settings.excluded("https://example.org/drop").startswith("excluded by --exclude")
    assert settings.excluded("https://example.org/keep/this") is None
    assert settings.excluded("https://other.example.net/") is None
    only = build_settings({"include": ("^https://a\\.",)})
    assert only.excluded("https://a.example.org/") is None
    assert only.excluded("https://b.example.org/") == "matches no --include"


def test_a_bad_regex_names_the_option():
    with pytest.raises(OptionError, match=r"--exclude: invalid regular expression '\[': "):
        build_settings({"exclude": ("[",)})
    with pytest.raises(OptionError, match="--include"):
        build_settings({"include": ("(?P<",)})


def test_defaults_are_the_engines():
    settings = build_settings({})
    assert isinstance(settings, LinkSettings)
    probe = settings.probe
    assert (probe.max_concurrency, probe.per_host, probe.cache_ttl, probe.use_cache) == (64, 4, 86_400.0, True)
    assert probe.accept == frozenset(range(200, 300)) and not probe.allow_private
    assert settings.fail_on == "error" and settings.remapped("https://x.org/") == "https://x.org/"


def test_command_line_over_config_and_lists_add_up():
    config = {"exclude": ["^https://twitter\\.com/"], "accept": "200..299,403", "max-concurrency": 8,
              "timeout": "30s", "cache-ttl": "6h", "headers": {"Accept-Language": "en"},
              "remap": ["^https://old\\.example\\.org/ https://new.example.org/"],
              "user-agent": "paper-bot/1", "allow-private": True, "fail-on": "warning", "archive": False}
    cli = {"exclude": ("^https://x\\.com/",), "max_concurrency": 2, "header": ("X-Token: abc",),
           "cache": False, "user_agent": None}
    settings = build_settings(cli, config, "pyproject.toml")
    probe = settings.probe
    assert [p.pattern for p in settings.exclude] == ["^https://twitter\\.com/", "^https://x\\.com/"]
    assert probe.max_concurrency == 2 and probe.timeout == 30.0 and probe.cache_ttl == 21_600.0
    assert probe.accept == frozenset({*range(200, 300), 403})
    assert probe.headers == {"Accept-Language": "en", "X-Token": "abc"}
    assert probe.user_agent == "paper-bot/1" and probe.allow_private and not probe.use_cache
    assert not probe.archive_lookup and settings.fail_on == "warning"
    assert settings.remapped("https://old.example.org/a") == "https://new.example.org/a"


def test_bad_config_is_reported_with_where_it_came_from():
    with pytest.raises(OptionError, match=re.escape("pyproject.toml: [tool.claimcheck.links]: unknown setting(s) colour")):
        build_settings({}, {"colour": "red"}, "pyproject.toml")
    with pytest.raises(OptionError, match="exclude must be a string or a list"):
        build_settings({}, {"exclude": 3})
    with pytest.raises(OptionError, match="--max-concurrency: must be at least 1"):
        build_settings({"max_concurrency": 0})
    with pytest.raises(OptionError, match="--per-host: 'four' is not a whole number"):
        build_settings({}, {"per-host": "four"})
    with pytest.raises(OptionError, match="insecure must be true or false"):
        build_settings({}, {"insecure": "yes"})
    with pytest.raises(OptionError, match="--timeout"):
        build_settings({"timeout": "0"})
    with pytest.raises(OptionError, match="--ca-bundle: no such file"):
        build_settings({"ca_bundle": "/nonexistent/ca.pem"})
    with pytest.raises(OptionError, match="fail-on"):
        build_settings({}, {"fail-on": "sometimes"})


def test_a_ca_bundle_from_the_config_file_is_used(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert build_settings({}, {"ca-bundle": str(bundle)}).probe.ca_bundle == str(bundle)
