"""The demo release's publication, opened as a person would: Chromium's headless shell from the system's
packages (/usr/bin/chromium-headless-shell, `make install` puts it there: the same Chromium without the browser
around it, as Playwright runs headless, at about half the CPU per page) driven by Playwright. Every page is
visited once (one browser, one tab for the whole module): no console error, no failed request, no broken link
or image, the charts drawn, the language switch working, and every number shown equal to the published value in
public/indicator_values.parquet (suppressed cells shown as suppressed)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import polars as pl
import pytest

from guidestat.publication.site_numbers import parse_shown

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo")]   # one demo run per worker: keep its users together

READ_PAGE = """() => ({
  lang: document.documentElement.lang,
  links: [...document.querySelectorAll('a[href], link[href]')].map(a => a.href),
  images: [...document.querySelectorAll('img')].map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0,
                                                          alt: i.alt})),
  cells: [...document.querySelectorAll('[data-cell]')].map(c => ({
    key: c.dataset.cell,
    v: (c.querySelector('.v') || c).innerText.trim(),
    ci: c.querySelector('.ci') ? c.querySelector('.ci').innerText.trim() : '',
    flags: [...c.querySelectorAll('abbr.flag')].map(f => f.innerText.trim()),
  })),
})"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium-headless-shell package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def visited(demo, browser):
    """Every page of the demo site, loaded once: what each showed, and everything that went wrong."""
    site = (demo[0] / "marts" / "latest" / "public" / "site").resolve()
    tab = browser.new_page()
    problems: list[str] = []
    current = {"page": ""}
    tab.on("console", lambda m: problems.append(f"{current['page']}: console {m.type}: {m.text}")
           if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(f"{current['page']}: page error {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"{current['page']}: request failed {r.url}"))
    pages = {}
    for path in sorted(site.rglob("*.html")):
        current["page"] = path.relative_to(site).as_posix()
        tab.goto(path.as_uri(), wait_until="load")
        pages[current["page"]] = tab.evaluate(READ_PAGE)
    yield site, pages, problems, tab
    tab.close()


def test_every_page_loads_with_no_console_error_and_no_failed_request(visited):
    site, pages, problems, _ = visited
    assert len(pages) > 200   # 5 country-languages x (22 indicators + 18 or 19 reporters + 4) + the top page
    assert problems == []


def test_no_broken_link_or_image_and_charts_on_every_page_that_has_them(visited):
    site, pages, _, _ = visited
    public = site.parent
    broken = []
    for name, page in pages.items():
        for link in page["links"]:
            url = urlparse(link)
            assert url.scheme == "file", f"{name} links outside the release: {link}"
            target = Path(unquote(url.path))
            if not target.is_file() or not target.is_relative_to(public):
                broken.append((name, link))
            if url.fragment:
                assert f'id="{url.fragment}"' in target.read_text(encoding="utf-8"), (name, link)
        broken += [(name, image["src"]) for image in page["images"] if not image["ok"] or not image["alt"]]
    assert broken == []
    charts = {name: [i for i in page["images"] if "/charts/" in i["src"]] for name, page in pages.items()}
    for name in pages:
        if "/indicator/" in name or "/reporter/" in name or name.endswith(("/index.html", "/projects.html", "/delivery.html")):
            assert charts[name], f"{name} shows no chart"
    assert all(len(charts[n]) == 2 for n in pages if "/indicator/ACC-01" in n)   # reporters and trend


def test_every_page_says_its_language(visited):
    _, pages, _, _ = visited
    for name, page in pages.items():
        expected = name.split("/")[1] if name.count("/") >= 2 else "en"
        assert page["lang"] == expected, name


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(visited):
    site, _, _, tab = visited
    for start, lang, expected in (("no/nb/index.html", "en", "no/en/index.html"),
                                  ("fi/fi/indicator/ACC-04.html", "sv", "fi/sv/indicator/ACC-04.html"),
                                  ("fi/sv/reporter/FI-01.html", "en", "fi/en/reporter/FI-01.html")):
        tab.goto((site / start).as_uri())
        tab.click(f"nav.languages a[hreflang={lang}]")
        tab.wait_for_load_state()
        assert tab.url == (site / expected).as_uri()
        assert tab.evaluate("document.documentElement.lang") == lang
        assert tab.locator("nav.languages [aria-current=page]").inner_text() in ("English", "Svenska")


def test_the_numbers_shown_equal_the_published_values(visited):
    site, pages, _, _ = visited
    public = pl.read_parquet(site.parent / "indicator_values.parquet")
    key = ["indicator_id", "reporter", "year", "basis", "breakdown", "breakdown_value"]
    published = {"|".join("" if r[k] is None else str(r[k]) for k in key): r for r in public.iter_rows(named=True)}
    checked = suppressed = low = 0
    for name, page in pages.items():
        lang = name.split("/")[1] if name.count("/") >= 2 else "en"
        separator = "." if lang == "en" else ","
        for cell in page["cells"]:
            cell_key, _, measure = cell["key"].partition("#")
            row = published[cell_key]
            if row["conf_status"] != "F":
                assert cell["flags"] == [row["conf_status"], row["obs_status"]], (name, cell)
                assert not re.search(r"\d", cell["v"]), (name, cell)   # never a number, never 0
                suppressed += 1
                continue
            if row["value"] is None:
                assert cell["flags"] == [row["obs_status"]] and not re.search(r"\d", cell["v"]), (name, cell)
                continue
            assert ("U" in cell["flags"]) == bool(row["low_reliability"]), (name, cell)
            if not measure:   # a value (a numerator or denominator cell carries no status)
                assert ("P" in cell["flags"]) == (row["obs_status"] == "P"), (name, cell)
            low += bool(row["low_reliability"])
            shares = "%" in cell["v"]
            pairs = [(cell["v"], row[measure or "value"])]
            if cell["ci"]:
                pairs += list(zip(cell["ci"].split(" – "), (row["ci_low"], row["ci_high"])))
            for text, wanted in pairs:   # within half a unit of the last decimal shown
                places = len(re.sub(r"\D", "", text.split(separator)[1])) if separator in text else 0
                scale = 100 if shares else 1
                assert parse_shown(text, lang) / scale == pytest.approx(wanted, abs=0.5 * 10 ** -places / scale + 1e-9), \
                    (name, cell)
                checked += 1
    assert checked > 10_000 and suppressed > 300 and low > 100
    # every published cell of the country is on its indicator page in every language
    for country, langs in (("NO", ("nb", "en")), ("FI", ("fi", "sv", "en"))):
        for lang in langs:
            shown = {c["key"] for n, p in pages.items() if n.startswith(f"{country.lower()}/{lang}/indicator/")
                     for c in p["cells"]}
            cells = public.filter((pl.col("country") == country) & (pl.col("basis") == "as_reported")
                                  & (pl.col("breakdown") == "total"))
            missing = {"|".join("" if r[k] is None else str(r[k]) for k in key) for r in cells.iter_rows(named=True)} - shown
            assert missing == set(), (country, lang, sorted(missing)[:5])
