"""Feedback to reporters: one report per submitted file, as HTML to read and CSV to filter.

data/reports/<reporter>/<period>/<entity>.v<version>.html|.csv (files whose path
does not parse go under data/reports/_unparsed/). Person references never
appear: quarantine keeps them withheld, and any other value is shown only through `shown`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import duckdb
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

from guidestat.ingest.reading import without_identifiers

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


def write_reports(con: duckdb.DuckDBPyConnection, reports_dir: Path, submission_ids: list[int] | None = None) -> list[Path]:
    """Write the report of every submission (or of those named) whose content changed since it was last written.

    Each report's fingerprint (its submission, outcome, quarantined rows and the template) is kept in
    reports_dir/.fingerprints.json, written last: a run killed half-way rewrites, next time, what it
    had not recorded. Returns the HTML paths written."""
    env = Environment(loader=PackageLoader("guidestat", "templates"), autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("submission_report.html.j2")
    template_digest = hashlib.sha256(Path(template.filename).read_bytes()).hexdigest()
    where = "" if submission_ids is None else f"WHERE s.submission_id IN ({','.join(map(str, submission_ids)) or 'NULL'})"
    subs = con.sql(
        f"""SELECT s.*, st.status, st.in_force, st.reject_rule, st.reject_message, st.rows_loaded,
                   st.rows_quarantined, CASE WHEN st.in_force THEN h.reason END AS gate_hold
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
    columns = [c for c in issues.columns if c != "submission_id"]
    own_issues = issues.partition_by("submission_id", as_dict=True, include_key=False)
    own_rules = (issues.group_by("submission_id", "rule", "column_name", "message").agg(pl.len().alias("n"))
                 .sort("submission_id", "n", "rule", "column_name", "message", descending=[False, True, False, False, False])
                 .partition_by("submission_id", as_dict=True, include_key=False))
    index_path = reports_dir / ".fingerprints.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    written = []
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
            own.write_csv(csv_path)
        rules = own_rules.get((sid,))
        html = template.render(
            s=s, by_rule=[] if rules is None else rules.to_dicts(),
            issues=[] if own is None else own.head(HTML_ISSUE_LIMIT).to_dicts(),
            total_issues=0 if own is None else own.height, csv_name=csv_path.name,
        )
        html_path.write_text(html, encoding="utf-8")
        index[key] = fingerprint
        written.append(html_path)
    if written:
        reports_dir.mkdir(parents=True, exist_ok=True)
        tmp = index_path.with_name(index_path.name + ".tmp")
        tmp.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(tmp, index_path)
    return written
