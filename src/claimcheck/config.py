"""Settings from ``[tool.claimcheck]`` in pyproject.toml, or from claimcheck.toml.

The nearest file found walking up from the working directory wins;
command-line options override it. Keys (all optional)::

    [tool.claimcheck]
    select = ["N", "R", "U", "C", "S"]   # codes or prefixes
    ignore = ["S004"]
    fail-on = "warning"                  # error | warning | never
    format = "text"

    [tool.claimcheck.links]             # read by `claimcheck links`
    exclude = ["^https://example\\.org/"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAIL_ON = ("error", "warning", "never")


class ConfigError(Exception):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass
class Config:
    """Settings from claimcheck.toml or [tool.claimcheck]; the defaults when there is none."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    format: str = "text"
    links: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


def find_config(start: Path | None = None) -> Path | None:
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in ("claimcheck.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file() and (name == "claimcheck.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "[tool.claimcheck" in path.read_text("utf-8", errors="replace")
    except OSError:
        return False


def load_config(path: Path | None = None) -> Config:
    """Read the settings; a malformed file raises ConfigError with its line."""
    import tomllib

    path = path or find_config()
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None
    table = data.get("tool", {}).get("claimcheck", {}) if path.name == "pyproject.toml" else data
    return _config_from(table, path)


def _config_from(table: dict[str, Any], path: Path) -> Config:
    from claimcheck.suppress import parse_codes

    unknown = set(table) - {"select", "ignore", "fail-on", "format", "links"}
    if unknown:
        where = "[tool.claimcheck]" if path.name == "pyproject.toml" else "the file"
        raise ConfigError(path, f"unknown setting(s) {', '.join(sorted(unknown))} in {where}")
    fail_on = str(table.get("fail-on", "error"))
    if fail_on not in FAIL_ON:
        raise ConfigError(path, f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(code, str) for code in value)):
            raise ConfigError(path, f"{key} must be a list of codes or a string, not {value!r}")
    if not isinstance(table.get("format", "text"), str):
        raise ConfigError(path, f"format must be a string, not {table['format']!r}")
    if not isinstance(table.get("links", {}), dict):
        raise ConfigError(path, f"links must be a table, not {table['links']!r}")
    return Config(
        select=parse_codes(table.get("select")),
        ignore=parse_codes(table.get("ignore")),
        fail_on=fail_on,
        format=table.get("format", "text"),
        links=dict(table.get("links", {})),
        source=path,
    )
