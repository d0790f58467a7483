"""The publication built from a small hand-made public part: every page and link, the numbers each language
shows, suppressed and low-reliability cells, JSON-stat read back by an independent client, the charts'
specifications, and the delivery-quality aggregates. No pipeline runs here (the browser tests,
tests/test_site_browser.py, open the demo release's site)."""

from __future__ import annotations

import json
from datetime import datetime
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import polars as pl
import pytest
from pyjstat import pyjstat

from guidestat.config import SEEDS_DIR, Thresholds
from guidestat.publication import site_charts
from guidestat.publication.delivery_quality import delivery_quality, quarantine_rules
from guidestat.publication.extracts import EXTRACT_COLUMNS
from guidestat.publication.site import build_site
from guidestat.publication.reporters import regions_with_succession
from guidestat.publication.site_numbers import format_value, parse_shown, vega_format_locale

pytestmark = pytest.mark.xdist_group("site")   # one module fixture: built once, on one worker

KEY = ["indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value"]


def cell(indicator, reporter, year, value=None, ci=(None, None), num=None, den=None, conf="F", obs="A", low=False,
         basis="as_reported", breakdown="total", breakdown_value=None, coverage=None, unit="share", months=(12, 12)):
    return {"indicator_id": indicator, "country": reporter[:2], "reporter": reporter, "year": year, "basis": basis,
            "breakdown": breakdown, "breakdown_value": breakdown_value, "value": value, "ci_low": ci[0], "ci_high": ci[1],
            "numerator": num, "denominator": den, "unit": unit, "conf_status": conf, "obs_status": obs,
            "low_reliability": low, "restatement_coverage": coverage, "months_delivered": months[0],
            "months_expected": months[1]}


PUBLISHED = [
    cell("ACC-04", "NO", 2024, 0.70, (0.68, 0.72), 700, 1000),
    cell("ACC-04", "NO", 2025, 0.734, (0.72, 0.75), 734, 1000),
    cell("ACC-04", "NO-03", 2025, 0.812345678912, (0.75, 0.86), 325, 400),
    cell("ACC-04", "NO-46", 2025, conf="C", obs="Q"),                      # primary suppression
    cell("ACC-04", "NO-11", 2025, 0.55, (0.35, 0.74), 11, 20, obs="U", low=True),
    cell("ACC-04", "NO-30", 2024, 0.66, (0.60, 0.71), 200, 303),
    cell("ACC-04", "NO-31", 2024, 0.61, (0.50, 0.71), 50, 82, basis="restated_2024", coverage=0.97),
    cell("ACC-04", "NO-31", 2025, 0.64, (0.55, 0.72), 70, 110),
    cell("ACC-04", "NO", 2025, 0.75, (0.73, 0.77), 400, 533, breakdown="gender", breakdown_value="F"),
    cell("ACC-04", "NO", 2025, conf="D", obs="Q", breakdown="gender", breakdown_value="M"),   # secondary
    cell("QUA-01", "NO", 2025, None, num=0, den=0, obs="M", unit="score 1-5"),                # cannot exist
    cell("QUA-01", "NO", 2024, 3.9012, (3.8, 4.0), 3901.2, 1000, unit="score 1-5"),
    cell("PRJ-01", "NO", 2025, 0.8, (None, None), 80_000, 100_000, unit="share of budget (EUR)"),
    cell("PRJ-01", "NO", 2025, 0.9, (None, None), 45_000, 50_000, breakdown="funding_source", breakdown_value="national",
         unit="share of budget (EUR)"),
    cell("PRJ-03", "NO", 2025, 1234.5, (None, None), 80_000, 64.8, unit="EUR per participant"),
    cell("ACC-04", "FI", 2025, 0.6543, (0.63, 0.67), 654, 1000),
    cell("ACC-04", "FI-01", 2025, 0.5, (0.40, 0.60), 50, 100, obs="P", months=(1, 12)),       # provisional
    cell("ACC-04", "FI-02", 2025, 0.6, (0.40, 0.78), 12, 20, obs="P", low=True, months=(5, 12)),  # ... and unreliable
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    public = tmp_path_factory.mktemp("release") / "public"
    public.mkdir()
    frame = pl.DataFrame(PUBLISHED, schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64,
                                                      "restatement_coverage": pl.Float64, "value": pl.Float64,
                                                      "ci_low": pl.Float64, "ci_high": pl.Float64})
    frame.select(EXTRACT_COLUMNS).with_columns(release_id=pl.lit("r-test")).write_parquet(public / "indicator_values.parquet")
    for country, years in (("NO", (2024, 2025)), ("FI", (2025,))):
        for year in years:
            folder = public / "extracts" / country / str(year)
            folder.mkdir(parents=True)
            for suffix in (".csv", ".xlsx", ".sdmx.csv"):
                (folder / f"guidestat_{country}_{year}{suffix}").write_text("stand-in\n")
    (public / "extracts" / "sdmx_structure.xml").write_text("<stand-in/>\n")
    status = submission_status_rows()
    regions = regions_with_succession(pl.read_csv(SEEDS_DIR / "ref_regions.csv"),
                                      pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv"))
    delivery_quality(status, regions).write_parquet(public / "delivery_quality.parquet")
    quarantine_rules(status, ROW_RULES, regions).write_parquet(public / "quarantine_rules.parquet")
    written = build_site(public, pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv"), regions, "r-test",
                         Thresholds(min_count=5, reliable_denominator=30))
    assert all(p.is_relative_to(public / "site") for p in written)
    return public / "site"


def test_one_process_builds_the_same_site_as_several(site):
    """The editions (a country in a language) are written by worker processes: one process alone must write
    the same files, byte for byte."""
    public = site.parent
    serial = public.parent / "serial"
    shutil.copytree(public, serial, ignore=shutil.ignore_patterns("site"))
    regions = regions_with_succession(pl.read_csv(SEEDS_DIR / "ref_regions.csv"),
                                      pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv"))
    build_site(serial, pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv"), regions, "r-test",
               Thresholds(min_count=5, reliable_denominator=30), workers=1)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert len(files(site)) > 100 and files(serial / "site") == files(site)


def test_charts_come_from_the_cache_only_where_nothing_they_show_changed(site, tmp_path, monkeypatch):
    """With a chart cache (as every release has, beside the warehouse), a build renders only the charts the
    last build did not draw; the files are the same as a build without the cache, also after a value changed,
    and the cache keeps exactly the last build's charts."""
    import vl_convert

    rendered = []
    render = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, **kw: rendered.append(1) or render(spec, **kw))
    regions = regions_with_succession(pl.read_csv(SEEDS_DIR / "ref_regions.csv"),
                                      pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv"))
    catalogue, thresholds = pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv"), Thresholds(min_count=5, reliable_denominator=30)
    public, cache = tmp_path / "public", tmp_path / "chart_cache"
    shutil.copytree(site.parent, public, ignore=shutil.ignore_patterns("site"))

    def build(folder: Path, with_cache: bool = True) -> dict[str, bytes]:
        rendered.clear()
        build_site(folder, catalogue, regions, "r-test", thresholds, workers=1, chart_cache=cache if with_cache else None)
        return {str(p.relative_to(folder / "site")): p.read_bytes() for p in (folder / "site").rglob("*") if p.is_file()}

    def svgs(files: dict[str, bytes]) -> set[bytes]:
        return {content for name, content in files.items() if name.endswith(".svg")}

    def fixture_files() -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    cold = build(public)
    charts = sum(name.endswith(".svg") for name in cold)
    assert cold == fixture_files() and len(rendered) == charts > 20
    assert build(public) == cold and rendered == []          # nothing changed: no chart rendered again

    values = pl.read_parquet(public / "indicator_values.parquet")
    changed = (pl.col("reporter") == "FI-01") & (pl.col("indicator_id") == "ACC-04")
    values.with_columns(value=pl.when(changed).then(0.45).otherwise(pl.col("value"))).write_parquet(
        public / "indicator_values.parquet")
    warm = build(public)
    assert 0 < len(rendered) < charts                         # the Finnish charts that show FI-01, no more
    assert warm != cold
    uncached = tmp_path / "uncached"
    shutil.copytree(public, uncached, ignore=shutil.ignore_patterns("site"))
    assert build(uncached, with_cache=False) == warm          # never an old chart for a changed value
    kept = list(cache.iterdir())
    assert all(p.suffix == ".svg" for p in kept) and {p.read_bytes() for p in kept} == svgs(warm)


class Page(HTMLParser):
    """The parts of a page the tests look at: lang, links, images, and every data cell: its whole text, the
    value shown (span.v), its status codes (abbr.flag) and its interval (span.ci)."""

    def __init__(self, path: Path):
        super().__init__()
        self.lang, self.links, self.images, self.alternates = None, [], [], {}
        self.cells: dict[str, str] = {}
        self.parts: dict[str, dict] = {}
        self._open: list[tuple[str, str | None]] = []   # (tag, class) of the elements inside the current cell
        self._cell = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
            if a.get("rel") == "alternate":
                self.alternates[a["hreflang"]] = a["href"]
        if tag == "img":
            self.images.append(a["src"])
        if "data-cell" in a:
            self._cell = a["data-cell"]
            self.parts[self._cell] = {"text": [], "v": "", "flags": [], "ci": ""}
            self._open = []
        if self._cell and tag not in ("br",):
            self._open.append((tag, a.get("class")))

    def handle_data(self, data):
        if not self._cell:
            return
        part = self.parts[self._cell]
        part["text"].append(data)
        classes = [c for _, c in self._open]
        if "v" in classes:
            part["v"] += data
        elif "ci" in classes:
            part["ci"] += data
        elif "flag" in classes:
            part["flags"].append(data)

    def handle_endtag(self, tag):
        if not self._cell:
            return
        self._open.pop()
        if not self._open:
            part = self.parts[self._cell]
            self.cells[self._cell] = " ".join("".join(part["text"]).split())
            self._cell = None


def test_every_page_of_both_countries_in_every_language(site):
    for country, langs in (("no", ("nb", "en")), ("fi", ("fi", "sv", "en"))):
        for lang in langs:
            base = site / country / lang
            pages = ["index.html", "projects.html", "delivery.html", "about.html", "indicator/ACC-04.html"]
            for page in pages:
                assert Page(base / page).lang == lang, (country, lang, page)
    assert (site / "no" / "nb" / "reporter" / "NO-03.html").exists() and (site / "fi" / "sv" / "reporter" / "FI-01.html").exists()
    assert not (site / "no" / "sv").exists() and not (site / "fi" / "nb").exists()


def test_every_link_and_image_points_at_a_file_that_exists(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 40
    broken = []
    for page in pages:
        parsed = Page(page)
        for target in parsed.links + parsed.images:
            assert not re.match(r"^[a-z]+:", target), f"{page}: {target} is not relative"
            if target.startswith("#"):
                assert f'id="{target[1:]}"' in page.read_text(encoding="utf-8")
            elif not (page.parent / target.split("#")[0]).resolve().is_file():
                broken.append((page.relative_to(site).as_posix(), target))
    assert broken == []


def test_the_language_switch_leads_to_the_same_page_in_each_language(site):
    page = Page(site / "fi" / "fi" / "indicator" / "ACC-04.html")
    assert set(page.alternates) == {"sv", "en"}
    for lang, href in page.alternates.items():
        target = (site / "fi" / "fi" / "indicator" / href).resolve()
        assert target == (site / "fi" / lang / "indicator" / "ACC-04.html").resolve()
        assert Page(target).lang == lang


def test_cells_show_the_published_values_in_the_language_of_the_page(site):
    nb = Page(site / "no" / "nb" / "indicator" / "ACC-04.html").cells
    en = Page(site / "no" / "en" / "indicator" / "ACC-04.html").cells
    assert nb["ACC-04|NO-03|2025|as_reported|total|"].startswith("81,2 %")     # decimal comma, share as percent
    assert en["ACC-04|NO-03|2025|as_reported|total|"].startswith("81.2 %")
    assert "75,0 % – 86,0 %" in nb["ACC-04|NO-03|2025|as_reported|total|"]     # the 95 % interval
    assert nb["ACC-04|NO|2025|as_reported|total|"].startswith("73,4 %")
    # suppressed: the word and its codes, never a number
    assert nb["ACC-04|NO-46|2025|as_reported|total|"] == "prikket C Q"
    assert en["ACC-04|NO|2025|as_reported|gender|M"] == "suppressed D Q"
    # low reliability: the value with U
    assert nb["ACC-04|NO-11|2025|as_reported|total|"].startswith("55,0 % U")
    # the restated series, with its coverage beside it
    assert nb["ACC-04|NO-31|2024|restated_2024|total|"].startswith("61,0 %")
    html = (site / "no" / "nb" / "indicator" / "ACC-04.html").read_text(encoding="utf-8")
    assert "97,0 %" in html
    # a value that cannot exist says so
    front = Page(site / "no" / "en" / "index.html").cells
    assert front["QUA-01|NO|2025|as_reported|total|"] == "cannot exist M"
    fi = Page(site / "fi" / "sv" / "indicator" / "ACC-04.html").cells
    assert fi["ACC-04|FI|2025|as_reported|total|"].startswith("65,4 %")
    # provisional: the value with P, and with U where it is also of low reliability
    assert fi["ACC-04|FI-01|2025|as_reported|total|"].startswith("50,0 % P")
    assert fi["ACC-04|FI-02|2025|as_reported|total|"].startswith("60,0 % P U")


def test_every_shown_number_equals_the_published_value(site):
    """Every data cell of every page against the published row it names: suppressed cells show their codes
    and no number; every value, interval and count shown rounds the published one."""
    published = {"|".join(str(r[k] if r[k] is not None else "") for k in KEY if k != "country"): r for r in PUBLISHED}
    checked = 0
    for page_path in site.rglob("*.html"):
        parts = page_path.relative_to(site).parts
        lang = parts[1] if len(parts) > 2 else "en"
        for key, part in Page(page_path).parts.items():
            key, _, measure = key.partition("#")
            row = published[key]
            if row["conf_status"] != "F":
                assert part["flags"] == [row["conf_status"], row["obs_status"]] and not re.search(r"\d", part["v"])
                continue
            if row["value"] is None:
                assert part["flags"] == ["M"] and not re.search(r"\d", part["v"])
                continue
            assert ("U" in part["flags"]) == row["low_reliability"]
            assert ("P" in part["flags"]) == (row["obs_status"] == "P")
            shares = "%" in part["v"]
            scale = 100 if shares else 1
            pairs = [(part["v"], row[measure or "value"])]
            if part["ci"]:
                low, high = part["ci"].split(" – ")
                pairs += [(low, row["ci_low"]), (high, row["ci_high"])]
            separator = "." if lang == "en" else ","
            for text, wanted in pairs:   # within half a unit of the last decimal shown
                places = len(re.sub(r"\D", "", text.split(separator)[1])) if separator in text else 0
                assert parse_shown(text, lang) / scale == pytest.approx(wanted, abs=0.5 * 10 ** -places / scale + 1e-9), \
                    (page_path, key, text)
                checked += 1
    assert checked > 100


@pytest.mark.filterwarnings("ignore:Shouldn't use this function anymore:DeprecationWarning")   # inside pyjstat's own write
def test_json_stat_reads_back_in_an_independent_client(site):
    raw = json.loads((site / "no" / "nb" / "data" / "ACC-04.json").read_text(encoding="utf-8"))
    assert raw["version"] == "2.0" and raw["class"] == "dataset"
    size = 1
    for n in raw["size"]:
        size *= n
    assert len(raw["value"]) == size and raw["id"] == list(raw["dimension"])
    frame = pyjstat.Dataset.read(json.dumps(raw)).write("dataframe", naming="id")
    got = {(r.reporter, r.year, r.basis, r.breakdown_category, r.measure): r.value
           for r in frame.itertuples() if r.value == r.value and r.value is not None}
    assert got[("NO-03", "2025", "as_reported", "total", "value")] == pytest.approx(0.812345678912)
    assert got[("NO-03", "2025", "as_reported", "total", "ci_low")] == pytest.approx(0.75)
    assert got[("NO", "2025", "as_reported", "gender:F", "denominator")] == 533
    assert got[("NO-31", "2024", "restated_2024", "total", "value")] == pytest.approx(0.61)
    assert ("NO-46", "2025", "as_reported", "total", "value") not in got       # suppressed: no value ...
    index = _flat_index(raw, {"reporter": "NO-46", "year": "2025", "basis": "as_reported",
                              "breakdown_category": "total", "measure": "value", "indicator_id": "ACC-04"})
    assert raw["value"][index] is None and raw["status"][str(index)] == "Q"   # ... and its status says why
    assert raw["extension"]["conf_status"][str(index)] == "C"
    assert raw["dimension"]["reporter"]["category"]["label"]["NO-46"] == "Vestland"
    published = [r for r in PUBLISHED if r["indicator_id"] == "ACC-04" and r["country"] == "NO" and r["conf_status"] == "F"]
    assert sum(1 for k in got if k[-1] == "value") == len(published)


def _flat_index(raw: dict, where: dict) -> int:
    index = 0
    for dim, n in zip(raw["id"], raw["size"]):
        index = index * n + raw["dimension"][dim]["category"]["index"][where[dim]]
    return index


def test_charts_are_svg_images_beside_the_pages(site):
    svgs = list(site.rglob("charts/*.svg"))
    assert {p.name for p in (site / "no" / "nb" / "charts").iterdir()} >= {
        "key-indicators.svg", "ACC-04-reporters.svg", "ACC-04-trend.svg", "reporter-NO-03.svg", "projects-funding.svg"}
    for svg in svgs:
        assert svg.read_text(encoding="utf-8").startswith("<svg"), svg
    nb = (site / "no" / "nb" / "charts" / "ACC-04-reporters.svg").read_text(encoding="utf-8")
    assert "prikket (C)" in nb and "Nasjonalt 73,4 %" in nb and "Vestland" in nb   # suppressed labelled, not drawn
    assert not list(site.rglob("*.js")) and "<script" not in "".join(p.read_text() for p in site.rglob("*.html"))


def test_every_chart_kind_is_a_valid_vega_lite_specification():
    rows = [{"label": "Oslo", "value": 0.5, "ci_low": 0.4, "ci_high": 0.6, "low_reliability": False, "note": None},
            {"label": "Agder", "value": None, "ci_low": None, "ci_high": None, "low_reliability": False, "note": "suppressed (C)"}]
    trend = [{"year": 2024, "value": 0.5, "ci_low": 0.4, "ci_high": 0.6, "note": None},
             {"year": 2025, "value": None, "ci_low": None, "ci_high": None, "note": "suppressed (D)"}]
    charts = [
        site_charts.reporters_chart(rows, 0.55, "National", "share", "share", "low reliability"),
        site_charts.trend_chart(trend, "days", "days", "Year"),
        site_charts.small_multiples([{"title": "A", "unit": "share", "axis_title": "share", "rows": trend}], "Year"),
        site_charts.profile_chart([{"label": "A", "year": 2024, "ratio": 101.0}], "percent", "Year"),
        site_charts.bar_chart([{"label": "ESF+", "value": 0.9, "note": None}], "share", "share", reference=1.0),
        site_charts.stacked_periods_chart([{"period": "2024-01", "rule": "range", "rows": 3}], "Period", "Rows", "Rule"),
    ]
    for chart in charts:
        assert isinstance(chart.to_dict(validate=True), dict)
        assert site_charts.render_spec(site_charts.chart_spec(chart), "nb").startswith("<svg")


@pytest.mark.parametrize("lang, share, days, minus", [("nb", "73,4 %", "12 345,7", "−0,1"), ("en", "73.4 %", "12,345.7", "-0.1"),
                                                      ("fi", "73,4 %", "12 345,7", "−0,1"), ("sv", "73,4 %", "12 345,7", "−0,1")])
def test_numbers_follow_the_language(lang, share, days, minus):
    assert format_value(0.7345, "share", lang).replace("\u00a0", " ") == share
    assert format_value(12345.67, "days", lang).replace("\u00a0", " ") == days
    assert parse_shown(format_value(12345.67, "days", lang), lang) == pytest.approx(12345.7)
    assert parse_shown(format_value(-1234.5678, "index", lang), lang) == pytest.approx(-1234.57)
    locale = vega_format_locale(lang)
    assert locale["decimal"] == ("." if lang == "en" else ",")
    from guidestat.publication.site_numbers import format_change
    assert format_change(-0.1, "days", lang) == minus


def submission_status_rows() -> pl.DataFrame:
    at = datetime.fromisoformat
    rows = [  # reporter, period, entity, version, status, rows_in_file, rows_quarantined, reject_rule, received_at
        ("NO-03", "2025-01", "contacts", 1, "loaded_with_quarantine", 100, 3, None, at("2025-02-10 09:00")),
        ("NO-03", "2025-01", "contacts", 2, "loaded", 101, 0, None, at("2025-02-20 09:00")),
        ("NO-03", "2025-01", "outcomes", 1, "rejected", 40, 40, "missing_columns", at("2025-02-11 23:59")),
        ("NO-03", "2025-02", "contacts", 1, "loaded", 90, 0, None, at("2025-03-06 00:01")),
        ("NO-03", "2025-13", "contacts", 1, "rejected", None, None, "bad_period", at("2025-03-01 10:00")),
        ("XX-99", "2025-01", "contacts", 1, "rejected", None, None, "unknown_reporter", at("2025-02-01 08:00")),
    ]
    return pl.DataFrame(rows, schema=["reporter", "period", "entity", "version", "status", "rows_in_file",
                                      "rows_quarantined", "reject_rule", "received_at"], orient="row")


ROW_RULES = pl.DataFrame({"reporter": ["NO-03", "NO-03"], "period": ["2025-01", "2025-01"],
                          "rule": ["date_in_period", "range"], "files": [1, 1], "rows": [2, 1]})


def test_delivery_quality_counts_files_and_rows_per_reporter_and_period():
    regions = pl.read_csv(SEEDS_DIR / "ref_regions.csv")
    table = delivery_quality(submission_status_rows(), regions)
    january = table.filter(pl.col("period") == "2025-01").row(0, named=True)
    assert january == {"country": "NO", "reporter": "NO-03", "year": 2025, "period": "2025-01", "files_delivered": 2,
                       "files_received": 3, "resubmissions": 1, "files_rejected": 1, "rows_received": 241,
                       "rows_quarantined": 43, "days_to_first_file": 10}   # first file 10 February
    february = table.filter(pl.col("period") == "2025-02").row(0, named=True)
    assert february["days_to_first_file"] == 6   # 6 March, 00:01: whole days after 28 February
    no_month = table.filter(pl.col("period") == "2025-13").row(0, named=True)
    assert no_month["files_rejected"] == 1 and no_month["days_to_first_file"] is None   # no month: no end to count from
    assert table.height == 3   # the unknown reporter has no place on the page
    rules = quarantine_rules(submission_status_rows(), ROW_RULES, regions)
    assert rules.select("rule", "files", "rows").rows() == [("date_in_period", 1, 2), ("missing_columns", 1, 40),
                                                             ("range", 1, 1), ("bad_period", 1, 0)]


def test_a_split_county_and_its_successors_link_each_other(site):
    """Viken (NO-30) was split into NO-31..33 in 2024: each page names the other side, linked where it has a page
    (the test's release has figures for NO-31 only)."""
    def succession(page: str) -> list[str]:
        html = (site / "no" / "nb" / "reporter" / page).read_text(encoding="utf-8")
        return [" ".join(re.sub(r"<[^>]+>", " ", p).split()) for p in re.findall(r'<p class="succession">(.*?)</p>', html, re.S)]

    assert succession("NO-30.html") == ["Erstattet av: Østfold NO-31 , Akershus NO-32 , Buskerud NO-33"]
    viken = (site / "no" / "nb" / "reporter" / "NO-30.html").read_text(encoding="utf-8")
    assert '<a href="NO-31.html">Østfold</a>' in viken and 'href="NO-32.html"' not in viken
    assert succession("NO-31.html") == ["Erstatter: Viken NO-30"]
    assert succession("NO-03.html") == []


def test_the_delivery_page_shows_the_counts(site):
    html = (site / "no" / "en" / "delivery.html").read_text(encoding="utf-8")
    assert 'data-measure="resubmissions">1<' in html and 'data-measure="rows_received">331<' in html
    assert 'data-measure="days_to_first_file">8.0<' in html   # the median of January's 10 and February's 6 days
    assert "missing_columns" in html and "no deadline" in html
    norwegian = (site / "no" / "nb" / "delivery.html").read_text(encoding="utf-8")
    assert 'data-measure="days_to_first_file">8,0<' in norwegian and "Dager til første fil (median)" in norwegian


def test_publish_site_prints_where_the_latest_site_is(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from guidestat.cli import app

    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["publish-site"]).exit_code == 2   # nothing published yet
    index = tmp_path / "marts" / "releases" / "r-1" / "public" / "site" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<!doctype html>")
    (tmp_path / "marts" / "latest").symlink_to("releases/r-1")
    result = runner.invoke(app, ["publish-site"])
    assert result.exit_code == 0 and str(index.resolve()) in result.output.replace("\n", "")


def test_bench_site_times_each_build_and_leaves_the_release_alone(site, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from guidestat.cli import app
    from guidestat.tools.benchmark.site import VARIANTS

    release = tmp_path / "marts" / "releases" / "r-test"
    shutil.copytree(site.parent, release / "public")
    pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv").write_parquet(release / "public" / "indicator_catalogue.parquet")
    (tmp_path / "marts" / "latest").symlink_to("releases/r-test")
    before = {p: p.read_bytes() for p in release.rglob("*") if p.is_file()}
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["bench-site", "--repeat", "1", "--work", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    for name in VARIANTS:
        seconds = re.search(rf"round 1: {re.escape(name)} +(\d+\.\d) s", result.output)
        assert seconds and float(seconds.group(1)) > 0, (name, result.output)
    assert {p: p.read_bytes() for p in release.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "work").exists()


def test_no_file_of_the_site_holds_a_long_run_of_digits(site):
    """What tests/test_release_demo.py's person-data scan would take for a national ID: the charts' accessible
    descriptions repeat their data, rounded to six decimals (0,812346, not 0,812345678912)."""
    runs = {p.name: re.findall(rb"(?<![0-9A-Za-z.])\d{11}", p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    assert {name: found for name, found in runs.items() if found} == {}
    assert b"0,812346" in (site / "no" / "nb" / "charts" / "ACC-04-reporters.svg").read_bytes()
