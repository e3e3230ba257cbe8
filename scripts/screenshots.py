"""Takes the README's screenshots: the timeline, an article page, the watches' page and a press
review read on a phone (390 px), of a veille filled with the test suite's demo data (two watches
made before it arrived), served on 127.0.0.1 and shown in headless Chromium set to French.

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from veille.config import load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.store.times import utcnow
from veille.types import Watch
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
            veille.watches.add(Watch(0, "Énergie en Europe", "hydrogène OR Wasserstoff OR hydrogen"))
            veille.watches.add(Watch(0, "Séismes", "séisme OR earthquake OR Erdbeben"))
            numbers = fill_demo(veille, Grouper(veille.engine))
            veille.watches.after_pass()
            review = Path(home) / "review.html"
            review.write_bytes(
                veille.watches.review(veille.watches.all(), datetime(2000, 1, 1), utcnow(), "html")
            )
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
            page.goto(f"{url}/watches")
            page.screenshot(path=str(args.out / "watches.png"))
            phone = browser.new_page(
                viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="fr-FR"
            )
            phone.goto(review.as_uri())
            phone.screenshot(path=str(args.out / "review.png"))
            browser.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
