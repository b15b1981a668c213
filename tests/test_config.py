"""config.py: [tool.claimcheck] in pyproject.toml, or claimcheck.toml; bad settings are
a ConfigError that names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import Config, ConfigError, find_config, load_config

PYPROJECT = """\
[project]
name = "my-paper"

[tool.claimcheck]
select = ["N", "R", "U"]
ignore = "U003, u006"
fail-on = "warning"
format = "json"

[tool.claimcheck.links]
exclude = ["^https://example\\\\.org/"]

[tool.other]
anything = 1
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_pyproject_tool_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", PYPROJECT)
    config = load_config(path)
    assert config.select == ("N", "R", "U")
    assert config.ignore == ("U003", "U006")
    assert config.fail_on == "warning"
    assert config.format == "json"
    assert config.links == {"exclude": ["^https://example\\.org/"]}
    assert config.source == path


def test_claimcheck_toml_uses_top_level_keys(tmp_path):
    path = write(tmp_path / "claimcheck.toml", 'select = ["S"]\nfail-on = "never"\n')
    config = load_config(path)
    assert config.select == ("S",)
    assert config.fail_on == "never"
    assert config.ignore == ()


def test_defaults_when_keys_are_absent(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\n")
    config = load_config(path)
    assert (config.select, config.ignore, config.fail_on, config.format) == ((), (), "error", "text")


def test_no_file_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config(tmp_path) is None
    assert load_config() == Config()


def test_nearest_file_walking_up_wins(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    nested = tmp_path / "papers" / "drafts"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "pyproject.toml"
    closer = write(tmp_path / "papers" / "claimcheck.toml", 'ignore = ["S004"]\n')
    assert find_config(nested) == closer


def test_pyproject_without_the_tool_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    inner = write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(inner.parent) == tmp_path / "pyproject.toml"


def test_claimcheck_toml_beats_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    own = write(tmp_path / "claimcheck.toml", 'select = ["U"]\n')
    assert find_config(tmp_path) == own
    assert load_config(find_config(tmp_path)).select == ("U",)


def test_load_config_without_a_path_reads_the_working_directory(tmp_path, monkeypatch):
    write(tmp_path / "claimcheck.toml", 'select = ["C"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().select == ("C",)


@pytest.mark.parametrize("name, text, words", [
    ("pyproject.toml", '[tool.claimcheck]\nselekt = ["U"]\n', ["selekt"]),
    ("claimcheck.toml", 'select = ["U"]\nfail_on = "warning"\n', ["fail_on"]),
    ("pyproject.toml", '[tool.claimcheck]\nfail-on = "sometimes"\n', ["fail-on", "sometimes"]),
    ("claimcheck.toml", "fail-on = true\n", ["fail-on"]),
])
def test_bad_settings_name_the_file(tmp_path, name, text, words):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.path == path
    assert str(path) in str(error.value)
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("text", [
    "select = 3\n",
    'select = [1, 2]\n',
    'ignore = {a = 1}\n',
    'links = "yes"\n',
    "format = 7\n",
])
def test_settings_of_the_wrong_type_are_a_config_error(tmp_path, text):
    path = write(tmp_path / "claimcheck.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", "[tool.claimcheck\nselect = ['U']\n"),
    ("claimcheck.toml", "select = ['U'\n"),
    ("claimcheck.toml", "select = \n"),
])
def test_malformed_toml_is_a_config_error(tmp_path, name, text):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "not valid TOML" in str(error.value)
    assert str(path) in str(error.value)


def test_undecodable_file_is_a_config_error(tmp_path):
    path = tmp_path / "claimcheck.toml"
    path.write_bytes(b'select = ["\xff"]\n')
    with pytest.raises(ConfigError):
        load_config(path)
