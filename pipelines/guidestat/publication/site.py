"""The publication: a static web site in every release's public part (public/site/), built from the public
files only, inside the release step (so the manifest checksums it and it moves with the atomic switch).

`build_site` writes, per country and language (Norway: nb, en; Finland: fi, sv, en), the front page, a page
per indicator, a page per reporter, project evaluation, delivery quality and the explanation of the status
codes (what each page holds: guidestat.publication.site_data), and a top page that chooses among them.
"""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl

from guidestat.config import Thresholds
from guidestat.publication import jsonstat, site_charts
from guidestat.publication.chart_cache import keep_only
from guidestat.publication.site_data import (
    AS_REPORTED, KEY_INDICATORS, PROJECT_INDICATORS, TOTAL, Cell, Site, cell_view, chart_note,
)
from guidestat.publication.site_numbers import format_change, format_count, format_number, format_value
from guidestat.publication.site_text import (
    BREAKDOWNS, CONF_STATUS_TEXT, COUNTRY_LANGUAGES, COUNTRY_NAMES, DIRECTIONS, GOALS, LANGUAGE_NAMES,
    OBS_STATUS_TEXT, translate, ui_strings,
)
from guidestat.publication.status_codes import CONF_FREE

CSS = Path(__file__).resolve().parents[1] / "templates" / "site" / "site.css"


def build_site(public_dir: Path, catalogue: pl.DataFrame, regions: pl.DataFrame, release_id: str,
               thresholds: Thresholds | None = None, workers: int = 2, chart_cache: Path | None = None) -> list[Path]:
    """Write public_dir/site/ from the public files in public_dir (never the internal part); returns the
    files written. Each country's pages in one language are written by one of `workers` processes (rendering
    the charts is most of the time, and vl-convert renders one chart at a time per process). With a
    `chart_cache` folder, charts the last build rendered are read back from it, not rendered again."""
    site = Site(public_dir, catalogue, regions, release_id, thresholds or Thresholds())
    shutil.rmtree(site.root, ignore_errors=True)
    site.write_text("assets/site.css", CSS.read_text(encoding="utf-8"))
    write_root(site)
    editions = [(country, lang) for country in site.countries() for lang in COUNTRY_LANGUAGES[country]]
    args = (public_dir, catalogue, regions, release_id, site.thresholds, chart_cache)
    if workers > 1 and len(editions) > 1:
        # spawn, not fork: the caller may hold DuckDB connections and threads that a forked child must not inherit
        with ProcessPoolExecutor(min(workers, len(editions)), mp_context=multiprocessing.get_context("spawn")) as pool:
            done = list(pool.map(_write_edition, *zip(*[(*args, c, l) for c, l in editions])))
    else:
        done = [_write_edition(*args, country, lang) for country, lang in editions]
    keep_only(chart_cache, (key for _, keys in done for key in keys))
    return sorted(site.written + [path for written, _ in done for path in written])


def _write_edition(public_dir: Path, catalogue: pl.DataFrame, regions: pl.DataFrame, release_id: str,
                   thresholds: Thresholds, chart_cache: Path | None, country: str, lang: str
                   ) -> tuple[list[Path], list[str]]:
    """Every page of one country in one language (and their charts and data): the files written, and the
    charts' keys in the chart cache."""
    site = Site(public_dir, catalogue, regions, release_id, thresholds, chart_cache)
    with site_charts.built_unchecked():
        write_front(site, country, lang)
        for indicator in site.indicators(country):
            write_indicator(site, country, lang, indicator)
        for reporter in site.reporters(country):
            write_reporter(site, country, lang, reporter)
        write_projects(site, country, lang)
        write_delivery(site, country, lang)
        write_about(site, country, lang)
    return site.written, site.chart_keys


def _base(country: str, lang: str) -> str:
    return f"{country.lower()}/{lang}/"


def _published(row: dict | None) -> float | None:
    return row["value"] if row and row["conf_status"] == CONF_FREE else None


def _count_cell(row: dict | None, measure: str, lang: str, t: dict, absent: str | None = None) -> Cell:
    """A numerator or denominator (persons, EUR) of a cell, or why it is not shown."""
    view = cell_view(row, None, lang, t, absent)
    if row is None or view.kind in ("suppressed", "absent") or row[measure] is None:
        return Cell(view.key and f"{view.key}#{measure}", view.text, kind=view.kind, flags=view.flags)
    return Cell(f"{view.key}#{measure}", format_count(row[measure], lang))


def write_root(site: Site) -> None:
    choices = [{"country": c, "names": [(lang, COUNTRY_NAMES[c][lang]) for lang in COUNTRY_LANGUAGES[c]],
                "languages": [{"lang": lang, "name": LANGUAGE_NAMES[lang], "href": f"{c.lower()}/{lang}/index.html"}
                              for lang in COUNTRY_LANGUAGES[c]]}
               for c in site.countries()]
    site.render("index.html", "root.html.j2", None, "en", choices=choices, title="Guidestat")


def write_front(site: Site, country: str, lang: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    years = site.years(country)
    latest, previous = years[-1], (years[-2] if len(years) > 1 else None)
    present = site.indicators(country)
    cards, panels = [], []
    for indicator in (i for i in KEY_INDICATORS[country] if i in present):
        unit = site.unit(indicator)
        now, before = site.cell(indicator, country, latest), previous and site.cell(indicator, country, previous)
        change = None
        if _published(now) is not None and _published(before) is not None:
            change = format_change(now["value"] - before["value"], unit, lang)
        cards.append({"indicator": indicator, "name": site.name(indicator, lang), "href": f"indicator/{indicator}.html",
                      "cell": cell_view(now, unit, lang, t), "unit": site.unit_text(indicator, lang), "change": change,
                      "goals": [translate(GOALS, g, lang) for g in site.goals(indicator, country)]})
        panels.append({"title": site.name(indicator, lang), "unit": unit, "axis_title": site.unit_text(indicator, lang),
                       "rows": _trend_rows(site, indicator, country, years, t)})
    chart = site.chart(base + "charts/key-indicators.svg", site_charts.small_multiples(panels, t["year"]), lang)

    groups = []
    codes = [g for g in GOALS if g.startswith(f"{country}-")]
    for goal in [*codes, None]:
        members = [i for i in present if (goal in site.goals(i, country) if goal else not site.goals(i, country))]
        if members:
            groups.append({"goal": goal, "name": translate(GOALS, goal, lang) if goal else t["no_goal"],
                           "rows": [{"indicator": i, "name": site.name(i, lang), "href": f"indicator/{i}.html",
                                     "cell": _national_cell(site, i, country, latest, lang, t),
                                     "unit": site.unit_text(i, lang),
                                     "direction": translate(DIRECTIONS, site.catalogue[i]["direction"], lang)}
                                    for i in members]})
    site.render(base + "index.html", "front.html.j2", country, lang, title=f"{t['overview']}: {COUNTRY_NAMES[country][lang]}",
                latest=latest, previous=previous, cards=cards, chart=chart, groups=groups,
                key_intro=t["key_intro"].format(year=latest, previous=previous or latest),
                reporters=_reporter_list(site, country, lang))


def _national_cell(site: Site, indicator: str, country: str, year: int, lang: str, t: dict) -> Cell:
    """The national total of the year, or, for an indicator published only by breakdown (EQU-02), a pointer
    to its page."""
    row = site.cell(indicator, country, year)
    if row is None and site.breakdown_values(country, indicator):
        return Cell(None, t["breakdowns_only"], kind="absent")
    return cell_view(row, site.unit(indicator), lang, t)


def _trend_rows(site: Site, indicator: str, reporter: str, years: list[int], t: dict) -> list[dict]:
    rows = []
    for year in years:
        row = site.cell(indicator, reporter, year)
        value = _published(row)
        rows.append({"year": year, "value": value, "ci_low": row["ci_low"] if value is not None else None,
                     "ci_high": row["ci_high"] if value is not None else None, "note": chart_note(row, t)})
    return rows


def _reporter_list(site: Site, country: str, lang: str) -> list[dict]:
    t = ui_strings(lang)
    out = []
    for code in site.reporters(country):
        region = site.regions.get(code, {})
        out.append({"code": code, "name": site.reporter_name(code, lang), "href": f"reporter/{code}.html",
                    "in_force": _in_force_text(region, t)})
    return out


def _in_force_text(region: dict, t: dict) -> str:
    parts = []
    if region.get("valid_from"):
        parts.append(t["in_force_from"].format(start=region["valid_from"]))
    if region.get("valid_to"):
        parts.append(t["in_force_to"].format(end=region["valid_to"]))
    return " ".join(parts)


def write_indicator(site: Site, country: str, lang: str, indicator: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    page = f"{base}indicator/{indicator}.html"
    years, unit, name = site.years(country), site.unit(indicator), site.name(indicator, lang)
    latest = years[-1]
    reporters = [r for r in site.reporters(country) if any(site.cell(indicator, r, y) for y in years)]
    figures = []

    national = site.cell(indicator, country, latest)
    rows = [{"label": site.reporter_name(r, lang), "value": _published(row),
             "ci_low": row["ci_low"] if _published(row) is not None else None,
             "ci_high": row["ci_high"] if _published(row) is not None else None,
             "low_reliability": bool(row["low_reliability"]), "note": chart_note(row, t)}
            for r in reporters if (row := site.cell(indicator, r, latest)) is not None]
    if rows:
        national_value = _published(national)
        national_label = t["national"] + (f" {format_value(national_value, unit, lang)}" if national_value is not None
                                          else f" ({chart_note(national, t)})")
        chart = site_charts.reporters_chart(rows, national_value, national_label, unit, site.unit_text(indicator, lang),
                                            t["low_reliability"])
        figures.append({"src": site.chart(f"{base}charts/{indicator}-reporters.svg", chart, lang),
                        "caption": t["reporters_chart"].format(name=name, year=latest), "note": t["chart_marks"]})
    trend = site_charts.trend_chart(_trend_rows(site, indicator, country, years, t), unit,
                                    site.unit_text(indicator, lang), t["year"])
    figures.append({"src": site.chart(f"{base}charts/{indicator}-trend.svg", trend, lang),
                    "caption": t["trend_chart"].format(name=name), "note": ""})

    table_rows = [{"label": site.reporter_name(code, lang), "href": None if code == country else f"../reporter/{code}.html",
                   "national": code == country,
                   "cells": [cell_view(site.cell(indicator, code, y), unit, lang, t) for y in years]}
                  for code in [country, *reporters]]
    breakdown_values = site.breakdown_values(country, indicator)
    breakdown_table = None
    if breakdown_values:
        breakdown_table = {
            "caption": t["table_breakdowns"].format(name=name, breakdown=", ".join(dict.fromkeys(
                translate(BREAKDOWNS, b, lang).lower() for b, _ in breakdown_values)), year=latest),
            "groups": [(translate(BREAKDOWNS, b, lang), sum(1 for bb, _ in breakdown_values if bb == b))
                       for b in dict.fromkeys(b for b, _ in breakdown_values)],
            "columns": [site.breakdown_label(b, v, lang) for b, v in breakdown_values],
            "rows": [{"label": site.reporter_name(code, lang), "national": code == country,
                      "cells": [cell_view(site.cell(indicator, code, latest, AS_REPORTED, b, v), unit, lang, t)
                                for b, v in breakdown_values]}
                     for code in [country, *reporters]
                     if site.cell(indicator, code, latest) is not None]}
    restated = _restated_rows(site, country, lang, indicator=indicator)

    data = site.values.filter((pl.col("country") == country) & (pl.col("indicator_id") == indicator))
    json_href = site.json_stat(f"{base}data/{indicator}.json",
                               site.jsonstat_dataset(data, country, lang, f"{name} ({COUNTRY_NAMES[country][lang]})", [indicator]))
    extracts, structure = site.extract_links(country, years, page)
    entry = site.catalogue[indicator]
    site.render(page, "indicator.html.j2", country, lang, title=name, indicator=indicator, name=name,
                definition=entry["definition" if lang == "en" else f"definition_{lang}"],
                unit_text=site.unit_text(indicator, lang), direction=translate(DIRECTIONS, entry["direction"], lang),
                goals=[(g, translate(GOALS, g, lang)) for g in site.goals(indicator, country)],
                elgpn=entry["elgpn_element"], figures=figures, years=years, latest=latest,
                table_caption=t["table_years"].format(name=name, reporter_word=t[f"reporter_{country}"].lower()),
                table_rows=table_rows, breakdown_table=breakdown_table, restated=restated,
                json_href=site.link(page, json_href), extracts=extracts, structure=structure,
                legend=_legend(lang))


def _restated_rows(site: Site, country: str, lang: str, indicator: str | None = None,
                   reporter: str | None = None) -> list[dict]:
    """The restated 2024-county series with their coverage, as rows (reporter, indicator, year, cell)."""
    t = ui_strings(lang)
    frame = site.restated(country, reporter).filter(pl.col("breakdown") == TOTAL)
    if indicator:
        frame = frame.filter(pl.col("indicator_id") == indicator)
    out = []
    for row in frame.sort("reporter", "indicator_id", "year").iter_rows(named=True):
        coverage = row["restatement_coverage"]
        out.append({"reporter": site.reporter_name(row["reporter"], lang), "indicator": site.name(row["indicator_id"], lang),
                    "year": row["year"], "cell": cell_view(row, site.unit(row["indicator_id"]), lang, t),
                    "coverage": format_value(coverage, "share", lang) if coverage is not None else "–"})
    return out


def _legend(lang: str, *dashes: str) -> dict:
    """The status codes explained, and what a dash means in the tables beside it."""
    t = ui_strings(lang)
    return {"conf": [(code, translate(CONF_STATUS_TEXT, code, lang)) for code in CONF_STATUS_TEXT],
            "obs": [(code, translate(OBS_STATUS_TEXT, code, lang)) for code in OBS_STATUS_TEXT],
            "dash": "; ".join([t["not_reported"], *dashes])}


def _succession(site: Site, country: str, lang: str, reporter: str) -> dict[str, list[dict]]:
    """The reporters this one replaced and those that replaced it (a county split or merged), linked to their
    pages where the country has one."""
    region, pages = site.regions.get(reporter, {}), set(site.reporters(country))
    return {kind: [{"name": site.reporter_name(code, lang), "code": code,
                    "href": f"{code}.html" if code in pages else None} for code in region.get(kind) or ()]
            for kind in ("predecessors", "successors")}


def write_reporter(site: Site, country: str, lang: str, reporter: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    page = f"{base}reporter/{reporter}.html"
    years, name = site.years(country), site.reporter_name(reporter, lang)
    indicators = [i for i in site.indicators(country) if any(site.cell(i, reporter, y) for y in years)]
    rows, profile = [], []
    for indicator in indicators:
        unit = site.unit(indicator)
        rows.append({"indicator": indicator, "name": site.name(indicator, lang), "href": f"../indicator/{indicator}.html",
                     "cells": [(cell_view(site.cell(indicator, reporter, y), unit, lang, t),
                                cell_view(site.cell(indicator, country, y), unit, lang, t)) for y in years]})
        for year in years:
            mine, national = _published(site.cell(indicator, reporter, year)), _published(site.cell(indicator, country, year))
            profile.append({"label": site.name(indicator, lang), "year": year,
                            "ratio": 100 * mine / national if mine is not None and national else None})
    chart = site.chart(f"{base}charts/reporter-{reporter}.svg",
                       site_charts.profile_chart(profile, t["profile_axis"], t["year"]), lang)
    data = site.values.filter((pl.col("country") == country) & pl.col("reporter").is_in([reporter, country])
                              & (pl.col("breakdown") == TOTAL) & pl.col("indicator_id").is_in(indicators))
    json_href = site.json_stat(f"{base}data/reporter-{reporter}.json",
                               site.jsonstat_dataset(data, country, lang, t["profile_table"].format(name=name), indicators))
    extracts, structure = site.extract_links(country, years, page)
    site.render(page, "reporter.html.j2", country, lang, title=name, name=name, code=reporter,
                in_force=_in_force_text(site.regions.get(reporter, {}), t), succession=_succession(site, country, lang, reporter),
                years=years, rows=rows,
                figure={"src": chart, "caption": t["profile_chart"].format(name=name), "note": t["profile_gaps"]},
                restated=_restated_rows(site, country, lang, reporter=reporter),
                json_href=site.link(page, json_href), extracts=extracts, structure=structure,
                legend=_legend(lang))


def write_projects(site: Site, country: str, lang: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    page = f"{base}projects.html"
    years = site.years(country)
    latest = years[-1]
    present = [i for i in PROJECT_INDICATORS if i in site.indicators(country)]
    figures, table_rows, funding = [], [], None
    if present:
        codes = [country, *[r for r in site.reporters(country) if site.cell("PRJ-01", r, latest) is not None]]
        for code in codes:
            execution, reach, cost = (site.cell(i, code, latest) for i in PROJECT_INDICATORS)
            table_rows.append({
                "label": site.reporter_name(code, lang), "national": code == country,
                "href": None if code == country else f"reporter/{code}.html",
                "cells": [cell_view(execution, site.unit("PRJ-01"), lang, t), _count_cell(execution, "numerator", lang, t),
                          _count_cell(execution, "denominator", lang, t), cell_view(reach, site.unit("PRJ-02"), lang, t),
                          _count_cell(reach, "numerator", lang, t), _count_cell(reach, "denominator", lang, t),
                          cell_view(cost, site.unit("PRJ-03"), lang, t)]})
        sources = [v for b, v in site.breakdown_values(country, "PRJ-01") if b == "funding_source"]
        bars = [{"label": site.breakdown_label("funding_source", v, lang),
                 "value": _published(row := site.cell("PRJ-01", country, latest, AS_REPORTED, "funding_source", v)),
                 "note": chart_note(row, t)} for v in sources]
        national = site.cell("PRJ-01", country, latest)
        bars.insert(0, {"label": translate(BREAKDOWNS, TOTAL, lang), "value": _published(national),
                        "note": chart_note(national, t)})
        figures.append({"src": site.chart(f"{base}charts/projects-funding.svg", site_charts.bar_chart(
            bars, site.unit("PRJ-01"), site.unit_text("PRJ-01", lang), reference=1.0), lang),
            "caption": t["budget_chart"].format(year=latest), "note": t["chart_suppressed"]})
        panels = [{"title": site.name(i, lang), "unit": site.unit(i), "axis_title": site.unit_text(i, lang),
                   "rows": _trend_rows(site, i, country, years, t)} for i in present]
        figures.append({"src": site.chart(f"{base}charts/projects-trend.svg",
                                          site_charts.small_multiples(panels, t["year"]), lang),
                        "caption": ", ".join(site.name(i, lang) for i in present) + f": {t['national'].lower()}, {years[0]}–{latest}",
                        "note": ""})
        funding = {"columns": [site.breakdown_label("funding_source", v, lang) for v in sources],
                   "rows": [{"label": site.reporter_name(code, lang), "national": code == country,
                             "cells": [(cell_view(row := site.cell("PRJ-01", code, latest, AS_REPORTED, "funding_source", v),
                                                  site.unit("PRJ-01"), lang, t, t["no_such_projects"]),
                                        _count_cell(row, "numerator", lang, t, t["no_such_projects"]),
                                        _count_cell(row, "denominator", lang, t, t["no_such_projects"]))
                                       for v in sources]} for code in codes]}
    extracts, structure = site.extract_links(country, years, page)
    site.render(page, "projects.html.j2", country, lang, title=t["projects"], latest=latest, figures=figures,
                names={i: site.name(i, lang) for i in PROJECT_INDICATORS}, table_rows=table_rows, funding=funding,
                reporter_word=t[f"reporter_{country}"].lower(),
                json_links=[{"label": site.name(i, lang), "href": f"data/{i}.json"} for i in present],
                extracts=extracts, structure=structure, legend=_legend(lang, t["no_such_projects"]))


# Each delivery measure: its unit, the decimals of a year's figure on the page, and how that figure comes
# from the year's months (the per-period values, in JSON-stat, are whole numbers).
DELIVERY_MEASURES = {
    "files_delivered": ("files", 0, pl.sum), "resubmissions": ("files", 0, pl.sum),
    "files_rejected": ("files", 0, pl.sum), "rows_received": ("rows", 0, pl.sum),
    "rows_quarantined": ("rows", 0, pl.sum), "days_to_first_file": ("days", 1, pl.median),
}


def write_delivery(site: Site, country: str, lang: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    page = f"{base}delivery.html"
    measures = tuple(DELIVERY_MEASURES)
    context = {"available": site.delivery is not None, "measures": measures, "rows": [], "rules": [], "years": [],
               "figure": None, "json_links": []}
    if site.delivery is not None:
        delivery = site.delivery.filter(pl.col("country") == country)
        per_year = (delivery.group_by("reporter", "year")
                    .agg(pl.col("period").n_unique().alias("periods"),
                         *(year_figure(m) for m, (_, _, year_figure) in DELIVERY_MEASURES.items()))
                    .sort("reporter", "year"))
        context["rows"] = [{"label": site.reporter_name(r["reporter"], lang), "href": f"reporter/{r['reporter']}.html",
                            "has_page": r["reporter"] in site.reporters(country), "year": r["year"],
                            "periods": format_number(r["periods"], lang),
                            "cells": [(m, format_number(r[m], lang, places=places))
                                      for m, (_, places, _) in DELIVERY_MEASURES.items()]}
                           for r in per_year.iter_rows(named=True)]
        rules = site.rules.filter(pl.col("country") == country) if site.rules is not None else None
        if rules is not None and rules.height:
            years = sorted(rules["year"].unique().to_list())
            by_rule = rules.group_by("rule", "year").agg(pl.col("files").sum(), pl.col("rows").sum())
            lookup = {(r["rule"], r["year"]): r for r in by_rule.iter_rows(named=True)}
            context["years"] = years
            context["rules"] = [{"rule": rule, "cells": [(format_number(lookup[(rule, y)]["rows"], lang),
                                                          format_number(lookup[(rule, y)]["files"], lang))
                                                         if (rule, y) in lookup else ("0", "0") for y in years]}
                                for rule in sorted(by_rule["rule"].unique())]
            chart = site_charts.stacked_periods_chart(
                rules.select("period", "rule", "rows").to_dicts(), t["periods"], t["rows_quarantined"], t["rules"])
            context["figure"] = {"src": site.chart(f"{base}charts/delivery-rules.svg", chart, lang),
                                 "caption": t["delivery_chart"], "note": ""}
        written = site.json_stat(f"{base}data/delivery.json",
                                 _delivery_jsonstat(site, delivery, country, lang, measures))
        context["json_links"] = [{"label": t["per_period_download"], "href": site.link(page, written)}]
    site.render(page, "delivery.html.j2", country, lang, title=t["delivery"],
                intro=t["delivery_intro"].format(reporter_word=t[f"reporter_{country}"].lower()), **context)


def _delivery_jsonstat(site: Site, delivery: pl.DataFrame, country: str, lang: str, measures: tuple) -> dict:
    t = ui_strings(lang)
    reporters = sorted(delivery["reporter"].unique().to_list())
    periods = sorted(delivery["period"].unique().to_list())
    dims = [jsonstat.Dimension("reporter", t[f"reporters_{country}"], {r: site.reporter_name(r, lang) for r in reporters}, "geo"),
            jsonstat.Dimension("period", t["periods"], {p: p for p in periods}, "time")]
    measure = jsonstat.Dimension("measure", "measure", {m: t[m] for m in measures}, "metric",
                                 units={m: {"label": DELIVERY_MEASURES[m][0], "decimals": 0} for m in measures})
    return jsonstat.dataset(delivery, dims, measure, f"{t['delivery']}: {COUNTRY_NAMES[country][lang]}",
                            f"Guidestat, release {site.release_id}", extension={"release_id": site.release_id})


def write_about(site: Site, country: str, lang: str) -> None:
    t, base = ui_strings(lang), _base(country, lang)
    page = f"{base}about.html"
    extracts, structure = site.extract_links(country, site.years(country), page)
    site.render(page, "about.html.j2", country, lang, title=t["about"], legend=_legend(lang),
                thresholds=t["about_thresholds"].format(min_count=site.thresholds.min_count,
                                                        reliable=site.thresholds.reliable_denominator),
                extracts=extracts, structure=structure,
                indicators=[{"indicator": i, "name": site.name(i, lang), "href": f"indicator/{i}.html"}
                            for i in site.indicators(country)])
