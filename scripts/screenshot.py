#!/usr/bin/env python3
"""Make docs/img/report.png: the HTML audit of the development paper in headless Chromium.

    python scripts/screenshot.py [--paper papers/rauf-saud-2020.md] [--out docs/img/report.png]

Offline (no link checks), dated 2020-07-24 so the picture does not change from
day to day. Needs Chromium: CHROMIUM=/path/to/chromium, default /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--force-device-scale-factor=1")


def render_report(paper: Path, date: str) -> str:
    from claimcheck import __version__
    from claimcheck.audit import build_audit, render
    from claimcheck.engine import extract, verify

    result = verify(extract(paper, display_path=str(paper.relative_to(ROOT))), offline=True)
    return render(build_audit(result, date=date, tool_version=__version__), "html")


def screenshot(html_path: Path, out: Path, width: int, height: int) -> None:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        sys.exit(f"screenshot: no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="claimcheck-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--window-size={width},{height}", f"--screenshot={out}", html_path.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not out.exists() or out.stat().st_size == 0:
        sys.exit(f"screenshot: Chromium wrote no {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", type=Path, default=ROOT / "papers" / "rauf-saud-2020.md")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    parser.add_argument("--date", default="2020-07-24")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="claimcheck-report-") as work:
        html_path = Path(work) / "report.html"
        html_path.write_text(render_report(args.paper.resolve(), args.date), encoding="utf-8")
        screenshot(html_path, args.out.resolve(), args.width, args.height)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
