"""Feedback to reporters: one report per submitted file, as HTML to read and CSV to filter.

data/reports/<reporter>/<period>/<entity>.v<version>.html|.csv (files whose path
does not parse go under data/reports/_unparsed/). Person references never
appear: quarantine keeps them withheld.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape

HTML_ISSUE_LIMIT = 1000


def report_stem(s: dict) -> str:
    if s["reporter"] and s["period"] and s["entity"] and s["reject_rule"] not in ("bad_format", "bad_period", "unknown_entity"):
        return f"{s['reporter']}/{s['period']}/{s['entity']}.v{s['version']}"
    return "_unparsed/" + s["path"].replace("/", "_") + f".v{s['version']}"


def write_reports(con: duckdb.DuckDBPyConnection, reports_dir: Path, submission_ids: list[int] | None = None) -> list[Path]:
    env = Environment(loader=PackageLoader("guidestat", "templates"), autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("submission_report.html.j2")
    where = "" if submission_ids is None else f"WHERE s.submission_id IN ({','.join(map(str, submission_ids)) or 'NULL'})"
    subs = con.sql(
        f"""SELECT s.*, st.status, st.in_force, st.reject_rule, st.reject_message, st.rows_loaded, st.rows_quarantined
            FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id) {where}
            ORDER BY s.submission_id"""
    ).pl()
    issue_filter = "" if submission_ids is None else f"WHERE submission_id IN ({','.join(map(str, submission_ids)) or 'NULL'})"
    issues = con.sql(
        "SELECT submission_id, row_number, column_name, value, rule, message FROM ingest.quarantine "
        f"{issue_filter} ORDER BY submission_id, row_number, column_name, rule"
    ).pl()
    written = []
    for s in subs.iter_rows(named=True):
        own = issues.filter(pl.col("submission_id") == s["submission_id"]).drop("submission_id")
        stem = reports_dir / report_stem(s)
        stem.parent.mkdir(parents=True, exist_ok=True)
        csv_path = stem.with_name(stem.name + ".csv")
        own.write_csv(csv_path)
        by_rule = (
            own.group_by("rule", "column_name", "message").agg(pl.len().alias("n")).sort("n", "rule", descending=[True, False])
        )
        html = template.render(
            s=s, by_rule=by_rule.to_dicts(), issues=own.head(HTML_ISSUE_LIMIT).to_dicts(),
            total_issues=own.height, csv_name=csv_path.name,
        )
        html_path = stem.with_name(stem.name + ".html")
        html_path.write_text(html, encoding="utf-8")
        written.append(html_path)
    return written
