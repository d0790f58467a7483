"""Screenshots of a release's publication (the front page and one indicator page in every language), taken
with Chromium from the system's packages through Playwright: what `guidestat demo` leaves beside its data
(data/screenshots/, outside the release, whose files are checksummed)."""

from __future__ import annotations

from pathlib import Path

from guidestat.publication.site_text import COUNTRY_LANGUAGES

CHROMIUM = Path("/usr/bin/chromium")
PAGES = (("front", "index.html"), ("ACC-01", "indicator/ACC-01.html"))
VIEWPORT = {"width": 1200, "height": 1000}


class ScreenshotsUnavailable(RuntimeError):
    """No browser to take them with; the message says how to get one."""


def take_screenshots(site_dir: Path, out_dir: Path, chromium: Path = CHROMIUM) -> list[Path]:
    """One PNG per country, language and page of PAGES that the site has: <country>-<lang>-<page>.png."""
    if not chromium.exists():
        raise ScreenshotsUnavailable(f"{chromium} is missing: `make install` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium))
        try:
            tab = browser.new_page(viewport=VIEWPORT)
            for country, langs in COUNTRY_LANGUAGES.items():
                for lang in langs:
                    for name, page in PAGES:
                        path = site_dir / country.lower() / lang / page
                        if path.exists():
                            tab.goto(path.resolve().as_uri(), wait_until="load")
                            target = out_dir / f"{country.lower()}-{lang}-{name}.png"
                            tab.screenshot(path=str(target))
                            written.append(target)
        finally:
            browser.close()
    return written
