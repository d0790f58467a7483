"""Feedback to reporters: one report per submitted file, as HTML to read and CSV to filter, and an index.

data/reports/<reporter>/<period>/<entity>.v<version>.html|.csv (files whose path
does not parse go under data/reports/_unparsed/); data/reports/<reporter>/index.html lists every
submission and version of a reporter, newest first, and data/reports/index.html the reporters.
The HTML speaks the reporter's languages with English beside (ingest/report_text.py: one page, a
section per language); the CSV keeps its codes for tools and adds an `explanation` in the reporter's
first language. Person references never appear: quarantine keeps them withheld, and any other value
(a path, a message, a typed value) is shown only through `shown`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

import duckdb
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from guidestat.config import SEEDS_DIR
from guidestat.ingest import report_text
from guidestat.ingest.reading import without_identifiers
from guidestat.ingest.registry import region_names
from guidestat.ingest.report_text import report_languages

HTML_ISSUE_LIMIT = 1000
SHOWN_CHARACTERS = 200
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")   # what spreadsheets take as the start of a formula


def shown(value: str | None) -> str | None:
    """A reporter's value as its report may show it: any run of digits that could be a national ID withheld,
    cut to SHOWN_CHARACTERS, and never taken for a formula when the CSV is opened in a spreadsheet."""
    if value is None:
        return None
    text = without_identifiers(value)
    if len(text) > SHOWN_CHARACTERS:
        text = text[:SHOWN_CHARACTERS] + f"… ({len(value)} characters)"
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_stem(s: dict) -> str:
    if s["reporter"] and s["period"] and s["entity"] and s["reject_rule"] not in ("bad_format", "bad_period", "unknown_entity"):
        return f"{s['reporter']}/{s['period']}/{s['entity']}.v{s['version']}"
    return "_unparsed/" + s["path"].replace("/", "_") + f".v{s['version']}"


def indicator_names(seeds_dir: Path) -> dict[str, dict[str, str]]:
    """Every indicator's name per language, from the catalogue's reference table."""
    df = pl.read_csv(seeds_dir / "ref_indicator_catalogue.csv")
    return {r["indicator_id"]: {lang: r[f"name_{lang}"] for lang in ("nb", "sv", "fi", "en")}
            for r in df.iter_rows(named=True)}


def _environment() -> Environment:
    return Environment(loader=PackageLoader("guidestat", "templates"), autoescape=select_autoescape(["html", "j2"]))


def _sections(s: dict, by_rule: list[dict], issues: list[dict], names: dict, indicators: dict) -> list[dict]:
    """The report's words in each of the reporter's languages: what the template lays out once per language."""
    sections = []
    for lang in report_languages(s["reporter"]):
        t = report_text.ui_strings(lang)
        country = (s["reporter"] or "")[:2]
        hold = None
        if s["gate_hold"]:
            year = int(s["period"][:4])
            hold = {"intro": t["held_intro"].format(year=year),
                    "sentences": report_text.hold_sentences(json.loads(s["gate_findings"] or "[]"), year, indicators, lang)}
        sections.append({
            "lang": lang, "t": t,
            "reporter_word": t.get(f"reporter_{country}", t["reporter"]),
            "reporter_name": names.get(s["reporter"], {}).get(lang),
            "period": report_text.period_name(s["period"], lang),
            "entity": report_text.entity_name(s["entity"], lang),
            "hold": hold,
            "version_state": report_text.version_state(s["in_force"], s["status"], lang),
            "received": report_text.received(s["received_at"], lang),
            "status": report_text.status_text(s["status"], s["rows_quarantined"], lang),
            "reject_help": report_text.file_rule_help(s["reject_rule"], lang) if s["reject_rule"] else None,
            "rows": None if s["rows_in_file"] is None else t[
                "rows_rejected" if s["status"] == "rejected" else "rows_counted"].format(
                file=report_text.number(s["rows_in_file"], lang), loaded=report_text.number(s["rows_loaded"] or 0, lang),
                held=report_text.number(s["rows_quarantined"] or 0, lang)),
            "by_rule": [r | {"title": report_text.rule_title(r["rule"], lang), "n": report_text.number(r["n"], lang),
                             "help": report_text.rule_help(r["rule"], r["column_name"], s["entity"], s["period"], lang)}
                        for r in by_rule],
            "issues": [i | {"title": report_text.rule_title(i["rule"], lang),
                            "value": report_text.withheld_in(i["value"], lang)} for i in issues],
        })
    return sections


def _explained(own: pl.DataFrame, s: dict) -> pl.DataFrame:
    """The quarantined rows with a plain explanation in the reporter's first language (the CSV's last column)."""
    lang = report_languages(s["reporter"])[0]
    helps = {(rule, column): report_text.rule_help(rule, column, s["entity"], s["period"], lang)
             for rule, column in own.select("rule", "column_name").unique().iter_rows()}
    keys = pl.DataFrame({"rule": [k[0] for k in helps], "column_name": [k[1] for k in helps],
                         "explanation": list(helps.values())}, schema={"rule": pl.String, "column_name": pl.String,
                                                                      "explanation": pl.String})
    return own.join(keys, on=["rule", "column_name"], how="left", nulls_equal=True, maintain_order="left")


def _digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


def write_reports(con: duckdb.DuckDBPyConnection, reports_dir: Path, submission_ids: list[int] | None = None,
                  seeds_dir: Path = SEEDS_DIR) -> list[Path]:
    """Write the report of every submission (or of those named) whose content changed since it was last written,
    then the index of every reporter with a report written (or without an index yet) and the top index.

    Each report's fingerprint (its submission, outcome, quarantined rows, the template and the words) is kept in
    reports_dir/.fingerprints.json, written last: a run killed half-way rewrites, next time, what it
    had not recorded. Returns the HTML paths of the reports written."""
    env = _environment()
    template = env.get_template("submission_report.html.j2")
    # the report's template and the index pages' (a changed index rewrites the reports, and with them the indexes)
    template_digest = _digest(*sorted(Path(template.filename).parent.glob("*.j2")),
                              Path(report_text.__file__), seeds_dir / "ref_regions.csv",
                              seeds_dir / "ref_indicator_catalogue.csv")
    names, indicators = region_names(seeds_dir), indicator_names(seeds_dir)
    where = "" if submission_ids is None else f"WHERE s.submission_id IN ({','.join(map(str, submission_ids)) or 'NULL'})"
    subs = con.sql(
        f"""SELECT s.*, st.status, st.in_force, st.reject_rule, st.reject_message, st.rows_loaded,
                   st.rows_quarantined, CASE WHEN st.in_force THEN h.reason END AS gate_hold,
                   CASE WHEN st.in_force THEN h.findings END AS gate_findings
            FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
            LEFT JOIN ingest.held_submissions h USING (submission_id)
            {where}
            ORDER BY s.submission_id"""
    ).pl()
    issues = con.sql(
        "SELECT submission_id, row_number, column_name, value, rule, message FROM ingest.quarantine "
        f"{where.replace('s.submission_id', 'submission_id')} ORDER BY submission_id, row_number, column_name, rule"
    ).pl().with_columns(pl.col("value", "message").map_elements(shown, return_dtype=pl.String))
    # Grouped once for all submissions: per-submission filters cost a query each, most of the time at scale.
    columns = [c for c in issues.columns if c != "submission_id"] + ["explanation"]
    own_issues = issues.partition_by("submission_id", as_dict=True, include_key=False)
    own_rules = (issues.group_by("submission_id", "rule", "column_name", "message").agg(pl.len().alias("n"))
                 .sort("submission_id", "n", "rule", "column_name", "message", descending=[False, True, False, False, False])
                 .partition_by("submission_id", as_dict=True, include_key=False))
    index_path = reports_dir / ".fingerprints.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    written, touched = [], set()
    for s in subs.iter_rows(named=True):
        sid = s["submission_id"]
        own = own_issues.get((sid,))
        stem = reports_dir / report_stem(s)
        html_path, csv_path = stem.with_name(stem.name + ".html"), stem.with_name(stem.name + ".csv")
        fingerprint = hashlib.sha256(repr((template_digest, sorted(s.items()),
                                           None if own is None else own.rows())).encode()).hexdigest()
        key = report_stem(s)
        if index.get(key) == fingerprint and html_path.exists() and csv_path.exists():
            continue
        stem.parent.mkdir(parents=True, exist_ok=True)
        if own is None:
            csv_path.write_text(",".join(columns) + "\n", encoding="utf-8")
        else:
            _explained(own, s).write_csv(csv_path)
        rules = own_rules.get((sid,))
        shown_s = s | {"path": shown(s["path"]), "reject_message": shown(s["reject_message"]),
                       "extra_columns": [shown(c) for c in s["extra_columns"] or []]}
        html = template.render(
            s=shown_s, total_issues=0 if own is None else own.height, csv_name=csv_path.name,
            index_href=quote(os.path.relpath(reports_dir / s["reporter"] / "index.html", html_path.parent))
            if s["reporter"] else None,
            sections=_sections(shown_s, [] if rules is None else rules.to_dicts(),
                               [] if own is None else own.head(HTML_ISSUE_LIMIT).to_dicts(), names, indicators),
        )
        html_path.write_text(html, encoding="utf-8")
        index[key] = fingerprint
        written.append(html_path)
        touched.add(s["reporter"])
    missing = {r for r in subs["reporter"].drop_nulls().unique() if not (reports_dir / r / "index.html").exists()}
    write_indexes(con, reports_dir, (touched | missing) - {None}, names, env, top=bool(touched))
    if written:
        reports_dir.mkdir(parents=True, exist_ok=True)
        tmp = index_path.with_name(index_path.name + ".tmp")
        tmp.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(tmp, index_path)
    return written


def write_indexes(con: duckdb.DuckDBPyConnection, reports_dir: Path, reporters: set[str], names: dict,
                  env: Environment, top: bool = True) -> None:
    """Each named reporter's index page (every submission and version, newest first, with links to the reports)
    and, when `top` or any reporter's was written or it is missing, the top index of every reporter."""
    top_path = reports_dir / "index.html"
    if not reporters and not top and top_path.exists():
        return
    subs = con.sql(
        """SELECT s.submission_id, s.path, s.reporter, s.period, s.entity, s.version, s.received_at,
                  st.status, st.in_force, st.reject_rule, st.rows_quarantined, h.reason IS NOT NULL AND st.in_force AS held
           FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
           LEFT JOIN ingest.held_submissions h USING (submission_id)
           ORDER BY s.received_at DESC, s.submission_id DESC"""
    ).pl()
    page = env.get_template("reporter_index.html.j2")
    for reporter in sorted(reporters):
        own = subs.filter(pl.col("reporter") == reporter)
        if own.height == 0:
            continue
        sections = []
        for lang in report_languages(reporter):
            t = report_text.ui_strings(lang)
            sections.append({"lang": lang, "t": t, "rows": [{
                "href": quote(os.path.relpath(reports_dir / report_stem(r), reports_dir / reporter)),
                "period": report_text.period_name(r["period"], lang), "entity": report_text.entity_name(r["entity"], lang),
                "version": r["version"], "version_state": report_text.version_state(r["in_force"], r["status"], lang),
                "received": report_text.received(r["received_at"], lang), "held": r["held"],
                "status": report_text.status_text(r["status"], r["rows_quarantined"], lang),
                "path": shown(r["path"])} for r in own.iter_rows(named=True)]})
        name = names.get(reporter, {})
        (reports_dir / reporter).mkdir(parents=True, exist_ok=True)
        (reports_dir / reporter / "index.html").write_text(
            page.render(reporter=reporter, names=name, sections=sections), encoding="utf-8")
    listed = sorted(p.parent.name for p in reports_dir.glob("*/index.html"))
    unparsed = subs.filter(pl.col("reporter").is_null())
    reports_dir.mkdir(parents=True, exist_ok=True)
    top_path.write_text(env.get_template("reports_index.html.j2").render(
        reporters=[{"code": r, "href": quote(f"{r}/index.html"),
                    "name": names.get(r, {}).get(report_languages(r)[0], "")} for r in listed],
        unparsed=[{"href": quote(report_stem(r) + ".html"), "path": shown(r["path"]), "version": r["version"]}
                  for r in unparsed.iter_rows(named=True)]), encoding="utf-8")
