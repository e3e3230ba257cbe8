"""Takes the README's screenshots: the timeline and an article page of a veille filled with the
test suite's demo data, served on 127.0.0.1 and shown in headless Chromium set to French.

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from veille.config import load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from web_fixtures import fill_demo, serving

CHROMIUM = os.environ.get("VEILLE_TEST_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(Path(home))
        with Veille(settings) as veille:
            numbers = fill_demo(veille, Grouper(veille.engine))
        with serving(settings) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=FLAGS, env={**os.environ, "LANG": "fr_FR.UTF-8"}
            )
            page = browser.new_page(
                viewport={"width": 1100, "height": 760}, device_scale_factor=1, locale="fr-FR"
            )
            page.goto(f"{url}/")
            page.keyboard.press("j")
            page.screenshot(path=str(args.out / "timeline.png"))
            page.goto(f"{url}/articles/{numbers['summit-en']}")
            page.screenshot(path=str(args.out / "article.png"), full_page=False)
            browser.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
