"""Shared pytest options and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", default=False,
        help="rewrite tests/golden/* from the current output instead of comparing "
             "(review the diff before committing it)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, text)``: assert text equals tests/golden/<name>, or rewrite the
    file when pytest runs with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run pytest --update-goldens and review it")
        expected = path.read_bytes().decode("utf-8")
        assert text == expected, f"{name} differs from its golden (accept: pytest --update-goldens)"

    return check
