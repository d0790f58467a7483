"""What the publication's pages are made of: the public frame indexed by cell, the names in each language,
a cell as a table shows it, the JSON-stat of a table, and the writer of every file under public/site/
(pages from the Jinja2 templates in guidestat/templates/site/, charts as SVG, data as JSON-stat).

The pages it serves (guidestat.publication.site writes them), per country and language (Norway: nb, en;
Finland: fi, sv, en) under <country>/<lang>/:
- index.html: the front page: the key indicators of the latest year, their trend, the indicators by goal;
- indicator/<id>.html: definition, unit, direction, goals; every reporter's value with its 95 % interval
  against the national value; the trend; the tables with their status codes; downloads;
- reporter/<code>.html: a county's or region's profile over the years against the national figure;
- projects.html (PRJ-01..03 in EUR), delivery.html (delivery quality), about.html (the status codes);
- charts/*.svg: Vega-Altair charts rendered at build time; data/*.json: each table as JSON-stat 2.0.
index.html at the top chooses a country and a language; assets/site.css styles every page. No page runs
JavaScript, every link is relative: the site opens from disk or from any web server.

A suppressed cell is shown as suppressed with its code (never as 0 or an empty cell); a value of low
reliability carries U; a reporter not in force in a year is a dash with its explanation.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from guidestat.config import Thresholds
from guidestat.publication import jsonstat, site_charts
from guidestat.publication.extracts import extract_name
from guidestat.publication.chart_cache import cached_svg, chart_key
from guidestat.publication.site_numbers import format_value, vega_format_locale
from guidestat.publication.site_text import (
    BREAKDOWN_VALUES, BREAKDOWNS, CONF_STATUS_TEXT, COUNTRY_LANGUAGES, COUNTRY_NAMES, LANGUAGE_NAMES,
    OBS_STATUS_TEXT, translate, ui_strings,
)
from guidestat.publication.status_codes import CONF_FREE, OBS_CANNOT_EXIST, OBS_LOW_RELIABILITY, OBS_PROVISIONAL

SITE_DIR = "site"
AS_REPORTED, RESTATED = "as_reported", "restated_2024"
TOTAL = "total"
# One indicator per national goal (two for access): what the front page leads with.
KEY_INDICATORS = {
    "NO": ("ACC-01", "ACC-04", "EQU-01", "QUA-02", "OUT-01", "PRO-01"),
    "FI": ("ACC-01", "ACC-04", "CMS-03", "PRO-01", "QUA-02", "COO-01"),
}
PROJECT_INDICATORS = ("PRJ-01", "PRJ-02", "PRJ-03")
MEASURES = ("value", "ci_low", "ci_high", "numerator", "denominator")
EXTRACT_FORMATS = (("CSV", ".csv"), ("XLSX", ".xlsx"), ("SDMX-CSV", ".sdmx.csv"))
BREAKDOWN_ORDER = ("total", "gender", "age_band", "funding_source")


def cell_key(row: dict) -> str:
    """The key a table cell carries (data-cell): indicator|reporter|year|basis|breakdown|breakdown_value."""
    return "|".join(str(row[c] or "") for c in ("indicator_id", "reporter", "year", "basis", "breakdown",
                                                 "breakdown_value"))


@dataclass
class Cell:
    """One published figure as a table shows it."""

    key: str | None
    text: str
    ci: str = ""
    flags: list[tuple[str, str]] = field(default_factory=list)   # (code, explanation)
    kind: str = "value"   # value, low, suppressed, missing, absent


def cell_view(row: dict | None, unit: str | None, lang: str, t: dict[str, str], absent: str | None = None) -> Cell:
    """A cell of the public frame as text: its value and interval, or why it has none (`absent`: why a cell
    does not exist; by default, the reporter was not reporting that year), and its status codes."""
    if row is None:
        return Cell(None, "–", kind="absent", flags=[("", absent or t["not_reported"])])
    key = cell_key(row)
    if row["conf_status"] != CONF_FREE:
        code = row["conf_status"]
        return Cell(key, t["suppressed"], kind="suppressed",
                    flags=[(code, translate(CONF_STATUS_TEXT, code, lang)),
                           (row["obs_status"], translate(OBS_STATUS_TEXT, row["obs_status"], lang))])
    if row["value"] is None or row["obs_status"] == OBS_CANNOT_EXIST:
        return Cell(key, t["cannot_exist"], kind="missing",
                    flags=[(row["obs_status"], translate(OBS_STATUS_TEXT, row["obs_status"], lang))])
    ci = ""
    if row["ci_low"] is not None and row["ci_high"] is not None:
        ci = f"{format_value(row['ci_low'], unit, lang)} – {format_value(row['ci_high'], unit, lang)}"
    flags = []
    if row["obs_status"] == OBS_PROVISIONAL:
        flags.append((OBS_PROVISIONAL, translate(OBS_STATUS_TEXT, OBS_PROVISIONAL, lang)))
    low = row["obs_status"] == OBS_LOW_RELIABILITY or bool(row.get("low_reliability"))   # a provisional value keeps its U
    if low:
        flags.append((OBS_LOW_RELIABILITY, translate(OBS_STATUS_TEXT, OBS_LOW_RELIABILITY, lang)))
    return Cell(key, format_value(row["value"], unit, lang), ci, flags, kind="low" if low else "value")


def chart_note(row: dict | None, t: dict[str, str]) -> str | None:
    """What a chart shows in place of a value it cannot draw (None where it draws the value)."""
    if row is None:
        return t["not_reported"]
    if row["conf_status"] != CONF_FREE:
        return f"{t['suppressed']} ({row['conf_status']})"
    if row["value"] is None:
        return f"{t['cannot_exist']} ({row['obs_status']})"
    return None


class Site:
    """The public frame indexed for the pages, and the writer of every file under site/."""

    def __init__(self, public_dir: Path, catalogue: pl.DataFrame, regions: pl.DataFrame, release_id: str,
                 thresholds: Thresholds, chart_cache: Path | None = None):
        self.public_dir, self.release_id, self.thresholds = public_dir, release_id, thresholds
        self.chart_cache = chart_cache   # charts rendered by an earlier build (publication/chart_cache.py)
        self.chart_keys: list[str] = []
        self.root = public_dir / SITE_DIR
        self.values = pl.read_parquet(public_dir / "indicator_values.parquet")
        self.catalogue = {r["indicator_id"]: r for r in catalogue.sort("indicator_id").iter_rows(named=True)}
        self.regions = {r["region_code"]: r for r in regions.iter_rows(named=True)}
        self.delivery = self._optional("delivery_quality.parquet")
        self.rules = self._optional("quarantine_rules.parquet")
        self.env = Environment(loader=PackageLoader("guidestat", "templates/site"), autoescape=select_autoescape(),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.written: list[Path] = []

    @cached_property
    def cells(self) -> dict[tuple, dict]:
        """Every public cell by its key; built on first use (the root page, written apart, needs none)."""
        return {(r["indicator_id"], r["reporter"], r["year"], r["basis"], r["breakdown"], r["breakdown_value"]): r
                for r in self.values.iter_rows(named=True)}

    def _optional(self, name: str) -> pl.DataFrame | None:
        path = self.public_dir / name
        return pl.read_parquet(path) if path.exists() else None

    # -- what the country has ---------------------------------------------------------------------------
    def countries(self) -> list[str]:
        present = set(self.values["country"].unique())
        return [c for c in COUNTRY_LANGUAGES if c in present]

    def years(self, country: str) -> list[int]:
        return sorted(self.values.filter(pl.col("country") == country)["year"].unique().to_list())

    def indicators(self, country: str) -> list[str]:
        present = set(self.values.filter(pl.col("country") == country)["indicator_id"].unique())
        return [i for i in self.catalogue if i in present]

    def reporters(self, country: str) -> list[str]:
        present = set(self.values.filter((pl.col("country") == country) & (pl.col("reporter") != country))["reporter"])
        return sorted(present)

    def cell(self, indicator: str, reporter: str, year: int, basis: str = AS_REPORTED, breakdown: str = TOTAL,
             value: str | None = None) -> dict | None:
        return self.cells.get((indicator, reporter, year, basis, breakdown, value))

    def breakdown_values(self, country: str, indicator: str) -> list[tuple[str, str]]:
        rows = (self.values.filter((pl.col("country") == country) & (pl.col("indicator_id") == indicator)
                                   & (pl.col("breakdown") != TOTAL))
                .select("breakdown", "breakdown_value").unique())
        return sorted(rows.iter_rows(), key=lambda r: (BREAKDOWN_ORDER.index(r[0]), r[1]))

    def restated(self, country: str, reporter: str | None = None) -> pl.DataFrame:
        rows = self.values.filter((pl.col("country") == country) & (pl.col("basis") == RESTATED))
        return rows.filter(pl.col("reporter") == reporter) if reporter else rows

    # -- names in a language ------------------------------------------------------------------------------
    @staticmethod
    def _lang_column(prefix: str, lang: str, english: str) -> str:
        return english if lang == "en" else f"{prefix}_{lang}"

    def name(self, indicator: str, lang: str) -> str:
        return self.catalogue[indicator][f"name_{lang}"]

    def unit_text(self, indicator: str, lang: str) -> str:
        return self.catalogue[indicator][self._lang_column("unit", lang, "unit")]

    def unit(self, indicator: str) -> str:
        return self.catalogue[indicator]["unit"]

    def reporter_name(self, code: str, lang: str) -> str:
        if code in COUNTRY_NAMES:
            return COUNTRY_NAMES[code][lang]
        region = self.regions.get(code)
        return region[f"name_{lang}"] if region else code

    def goals(self, indicator: str, country: str) -> list[str]:
        raw = self.catalogue[indicator]["goals_no" if country == "NO" else "goals_fi"]
        return [g for g in (raw or "").split("|") if g]

    def breakdown_label(self, breakdown: str, value: str | None, lang: str) -> str:
        if breakdown == TOTAL:
            return translate(BREAKDOWNS, TOTAL, lang)
        return translate(BREAKDOWN_VALUES, value, lang) if value in BREAKDOWN_VALUES else value

    # -- writing --------------------------------------------------------------------------------------------
    def write_text(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(path)

    def chart(self, relative: str, chart, lang: str) -> str:
        spec = site_charts.chart_spec(chart)
        key = chart_key(spec, vega_format_locale(lang))
        self.chart_keys.append(key)
        self.write_text(relative, cached_svg(self.chart_cache, key, lambda: site_charts.render_spec(spec, lang)))
        return relative

    @staticmethod
    def link(page: str, target: str) -> str:
        """The relative link from `page` to `target` (both relative to site/)."""
        return posixpath.relpath(target, posixpath.dirname(page) or ".")

    def json_stat(self, relative: str, data: dict) -> str:
        self.written.append(jsonstat.write(data, self.root / relative))
        return relative

    def render(self, relative: str, template: str, country: str | None, lang: str, **context) -> None:
        def href(target: str) -> str:
            return self.link(relative, target)

        alternates = []
        if country:
            base = relative.split("/", 2)[2]
            alternates = [{"lang": other, "name": LANGUAGE_NAMES[other], "href": href(f"{country.lower()}/{other}/{base}"),
                           "current": other == lang} for other in COUNTRY_LANGUAGES[country]]
        others = [{"country": c, "name": COUNTRY_NAMES[c][lang],
                   "href": href(f"{c.lower()}/{lang if lang in COUNTRY_LANGUAGES[c] else COUNTRY_LANGUAGES[c][0]}/index.html")}
                  for c in self.countries() if c != country]
        html = self.env.get_template(template).render(
            lang=lang, t=ui_strings(lang), href=href, country=country, release_id=self.release_id,
            country_name=COUNTRY_NAMES[country][lang] if country else "", alternates=alternates, other_countries=others,
            home=href(f"{country.lower()}/{lang}/index.html") if country else href("index.html"),
            nav=self.nav(country, lang, href) if country else [], **context)
        self.write_text(relative, html)

    def nav(self, country: str, lang: str, href) -> list[dict]:
        t = ui_strings(lang)
        base = f"{country.lower()}/{lang}/"
        return [{"label": t["overview"], "href": href(base + "index.html")},
                {"label": t["projects"], "href": href(base + "projects.html")},
                {"label": t["delivery"], "href": href(base + "delivery.html")},
                {"label": t["about"], "href": href(base + "about.html")}]

    def extract_links(self, country: str, years: list[int], page: str) -> tuple[list[dict], str | None]:
        """Links from `page` (relative to site/) to the extracts of `years` that exist, and the SDMX structure."""
        here = posixpath.dirname(f"{SITE_DIR}/{page}")
        links = []
        for year in years:
            folder = self.public_dir / "extracts" / country / str(year)
            files = [{"label": label, "href": posixpath.relpath(f"extracts/{country}/{year}/{extract_name(country, year)}{suffix}", here)}
                     for label, suffix in EXTRACT_FORMATS if (folder / f"{extract_name(country, year)}{suffix}").exists()]
            if files:
                links.append({"year": year, "files": files})
        structure = self.public_dir / "extracts" / "sdmx_structure.xml"
        return links, (posixpath.relpath("extracts/sdmx_structure.xml", here) if structure.exists() else None)

    # -- JSON-stat ----------------------------------------------------------------------------------------
    def jsonstat_dataset(self, rows: pl.DataFrame, country: str, lang: str, label: str,
                         indicators: list[str]) -> dict:
        t = ui_strings(lang)
        reporters = [country] + sorted(set(rows["reporter"]) - {country})
        years = sorted(set(rows["year"]))
        bases = [b for b in (AS_REPORTED, RESTATED) if b in set(rows["basis"])]
        breakdowns = [(TOTAL, None)] + [bv for bv in sorted(
            {(b, v) for b, v in rows.select("breakdown", "breakdown_value").iter_rows() if b != TOTAL},
            key=lambda r: (BREAKDOWN_ORDER.index(r[0]), r[1]))] if rows.height else [(TOTAL, None)]
        frame = rows.with_columns(
            breakdown_category=pl.when(pl.col("breakdown") == TOTAL).then(pl.lit(TOTAL))
            .otherwise(pl.col("breakdown") + ":" + pl.col("breakdown_value")))
        basis_labels = {AS_REPORTED: {"nb": "Som rapportert", "en": "As reported", "fi": "Raportoitu", "sv": "Som rapporterat"},
                        RESTATED: {"nb": "Omregnet til 2024-fylker", "en": "Restated to the 2024 counties",
                                   "fi": "Muunnettu 2024 maakuntiin", "sv": "Omräknat till 2024 års fylken"}}
        dims = [
            jsonstat.Dimension("indicator_id", t["indicator"], {i: self.name(i, lang) for i in indicators}),
            jsonstat.Dimension("reporter", t[f"reporters_{country}"], {r: self.reporter_name(r, lang) for r in reporters}, "geo"),
            jsonstat.Dimension("year", t["year"], {str(y): str(y) for y in years}, "time"),
            jsonstat.Dimension("basis", "basis", {b: basis_labels[b][lang] for b in bases}),
            jsonstat.Dimension("breakdown_category", "breakdown",
                               {(TOTAL if b == TOTAL else f"{b}:{v}"): (translate(BREAKDOWNS, TOTAL, lang) if b == TOTAL else
                                f"{translate(BREAKDOWNS, b, lang)}: {self.breakdown_label(b, v, lang)}") for b, v in breakdowns}),
        ]
        measure = jsonstat.Dimension("measure", "measure", {m: t[{"value": "value", "ci_low": "ci", "ci_high": "ci",
                                                                  "numerator": "numerator", "denominator": "denominator"}[m]]
                                                            + {"ci_low": " (low)", "ci_high": " (high)"}.get(m, "")
                                                            for m in MEASURES}, "metric",
                                     units={m: {"label": self.unit_text(indicators[0], lang) if len(indicators) == 1
                                                and m in ("value", "ci_low", "ci_high") else "", "decimals": 6}
                                            for m in MEASURES})
        notes = [f"{code}: {translate(OBS_STATUS_TEXT, code, lang)}" for code in OBS_STATUS_TEXT] + \
                [f"{code}: {translate(CONF_STATUS_TEXT, code, lang)}" for code in CONF_STATUS_TEXT]
        return jsonstat.dataset(frame, dims, measure, label, f"Guidestat, release {self.release_id}", notes,
                                {"release_id": self.release_id})

