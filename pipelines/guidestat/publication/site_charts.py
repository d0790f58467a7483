"""The publication's charts: Vega-Altair specifications rendered to SVG at build time by vl-convert (offline,
deterministic), so the pages show them with no JavaScript.

Every function takes plain rows (already in the page's language) and returns an Altair chart; `chart_spec`
gives its specification and `render_spec` turns that into SVG text with the language's number notation. A suppressed value is never drawn as a
point or as 0: it is labelled as suppressed where its point would be.
"""

from __future__ import annotations

import altair as alt
import vl_convert
from altair.utils.schemapi import debug_mode

from guidestat.publication.site_numbers import vega_format, vega_format_locale

WIDTH = 560
ROW_HEIGHT = 18
NATIONAL_COLOR = "#b2182b"
REPORTER_COLOR = "#2166ac"
BAND_COLOR = "#92c5de"
SMALL_WIDTH, SMALL_HEIGHT = 170, 90
VALIDATE = False
DATA_DECIMALS = 6


def built_unchecked():
    """A block in which Altair builds charts without validating each part against the schema as it is made
    (its debug mode: a third of the site's build time); the tests build every kind of chart with validation."""
    return debug_mode(False)


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite specification of `chart`. It is not validated against the Vega-Lite schema here (that
    costs more than the rendering); the tests render every kind of chart with validation (tests/test_site.py)."""
    return chart.to_dict(validate=VALIDATE)


def render_spec(spec: dict, lang: str) -> str:
    """SVG text of a Vega-Lite specification, numbers in the language's notation."""
    return vl_convert.vegalite_to_svg(spec, format_locale=vega_format_locale(lang))


def _plain(value, as_text: bool):
    if value is None:
        return None
    if as_text:
        return str(value)
    # Six decimals are more than a chart can show; the SVG's accessible descriptions repeat the data, and
    # a long run of digits there would read like an identifier (tests/test_release_demo.py scans for them).
    return round(value, DATA_DECIMALS) if isinstance(value, float) else value


def _data(rows: list[dict], columns: list[str], as_text: tuple[str, ...] = ()) -> alt.Data:
    """Inline values (plain records: Altair converts no data frame, which costs more than the rendering)."""
    return alt.Data(values=[{c: _plain(r.get(c), c in as_text) for c in columns} for r in rows])


def reporters_chart(rows: list[dict], national: float | None, national_label: str, unit: str | None,
                    axis_title: str, low_reliability_label: str) -> alt.LayerChart:
    """Every reporter's value with its 95 % interval, the national value as a reference line.
    rows: label, value, ci_low, ci_high, low_reliability, note (the text shown instead of a value, or None)."""
    data = _data(rows, ["label", "value", "ci_low", "ci_high", "low_reliability", "note"])
    order = [r["label"] for r in sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0)))]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    x_format = vega_format(unit)
    base = alt.Chart().encode(y=y)   # the data once, on the layer: Altair copies every layer's own data
    shown = base.transform_filter("isValid(datum.value)")
    interval = shown.mark_rule(color=REPORTER_COLOR, strokeWidth=1.5).encode(
        x=alt.X("ci_low:Q", title=axis_title, axis=alt.Axis(format=x_format)), x2=alt.X2("ci_high:Q"))
    reliable = shown.transform_filter("!datum.low_reliability").mark_point(
        size=60, strokeWidth=1.5, color=REPORTER_COLOR, filled=True).encode(x=alt.X("value:Q"))
    unreliable = shown.transform_filter("datum.low_reliability").mark_point(
        size=60, strokeWidth=1.5, color=REPORTER_COLOR, fill="white", filled=False).encode(x=alt.X("value:Q"))
    notes = base.transform_filter("!isValid(datum.value)").mark_text(
        align="left", baseline="middle", fontStyle="italic", color="#555").encode(
        x=alt.XValue(4), text=alt.Text("note:N"))
    layers = [interval, reliable, unreliable, notes]
    if national is not None:
        reference = alt.Data(values=[{"value": _plain(national, False), "label": national_label}])
        line = alt.Chart(reference).mark_rule(color=NATIONAL_COLOR, strokeDash=[6, 3], strokeWidth=1.5).encode(
            x=alt.X("value:Q"))
        text = alt.Chart(reference).mark_text(align="left", dx=4, dy=-6, color=NATIONAL_COLOR, fontWeight="bold").encode(
            x=alt.X("value:Q"), y=alt.YValue(0), text=alt.Text("label:N"))
        layers += [line, text]
    return alt.layer(*layers, data=data, width=WIDTH, height=max(ROW_HEIGHT * len(rows), 60))


def trend_chart(rows: list[dict], unit: str | None, axis_title: str, year_title: str,
                width: int = WIDTH, height: int = 220) -> alt.LayerChart:
    """A value over the years with its 95 % band. rows: year, value, ci_low, ci_high, note (text shown
    instead of a suppressed value, or None)."""
    data = _data(rows, ["year", "value", "ci_low", "ci_high", "note"], as_text=("year",))
    x = alt.X("year:O", title=year_title, axis=alt.Axis(labelAngle=0))
    y_format = vega_format(unit)
    base = alt.Chart().encode(x=x)
    shown = base.transform_filter("isValid(datum.value)")
    band = shown.transform_filter("isValid(datum.ci_low)").mark_area(color=BAND_COLOR, opacity=0.45).encode(
        y=alt.Y("ci_low:Q", title=axis_title, axis=alt.Axis(format=y_format), scale=alt.Scale(zero=False)),
        y2=alt.Y2("ci_high:Q"))
    line = shown.mark_line(color=NATIONAL_COLOR, point=alt.OverlayMarkDef(color=NATIONAL_COLOR, size=40)).encode(
        y=alt.Y("value:Q", title=axis_title, axis=alt.Axis(format=y_format), scale=alt.Scale(zero=False)))
    notes = base.transform_filter("!isValid(datum.value)").mark_text(
        baseline="top", fontStyle="italic", color="#555").encode(y=alt.YValue(4), text=alt.Text("note:N"))
    return alt.layer(band, line, notes, data=data, width=width, height=height)


def small_multiples(panels: list[dict], year_title: str, columns: int = 3) -> alt.ConcatChart:
    """One small trend chart per panel (title, unit, rows as for trend_chart), each with its own scale."""
    charts = [trend_chart(p["rows"], p["unit"], p["axis_title"], year_title, SMALL_WIDTH, SMALL_HEIGHT)
              .properties(title=alt.TitleParams(p["title"], fontSize=11, anchor="start", limit=SMALL_WIDTH + 40))
              for p in panels]
    return alt.concat(*charts, columns=columns).resolve_scale(y="independent")


def profile_chart(rows: list[dict], axis_title: str, year_title: str) -> alt.LayerChart:
    """A reporter against the national figure in one view: for each indicator (rows: label, year, ratio), the
    reporter's published value as a percentage of the national value in each year; the line at 100 is the
    national figure. Years where either value is not published have no point (the table says why)."""
    order = list(dict.fromkeys(r["label"] for r in rows))
    points = alt.Chart(_data(rows, ["label", "year", "ratio"], as_text=("year",))).transform_filter("isValid(datum.ratio)").mark_point(filled=True, size=55).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("ratio:Q", title=axis_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("year:O", title=year_title, scale=alt.Scale(scheme="blues")),
        shape=alt.Shape("year:O", title=year_title))
    national = alt.Chart(alt.Data(values=[{"ratio": 100.0}])).mark_rule(
        color=NATIONAL_COLOR, strokeDash=[6, 3], strokeWidth=1.5).encode(x=alt.X("ratio:Q"))
    return alt.layer(national, points).properties(width=WIDTH - 120, height=max(ROW_HEIGHT * len(order), 60))


def bar_chart(rows: list[dict], unit: str | None, axis_title: str, reference: float | None = None) -> alt.LayerChart:
    """Horizontal bars: rows of label, value, note (shown instead of a suppressed value, or None); an
    optional reference line (budget execution: 100 %)."""
    y = alt.Y("label:N", title=None, sort=None)
    fmt = vega_format(unit)
    data = _data(rows, ["label", "value", "note"])
    base = alt.Chart().encode(y=y)
    bars = base.transform_filter("isValid(datum.value)").mark_bar(color=REPORTER_COLOR).encode(
        x=alt.X("value:Q", title=axis_title, axis=alt.Axis(format=fmt)))
    notes = base.transform_filter("!isValid(datum.value)").mark_text(
        align="left", baseline="middle", fontStyle="italic", color="#555").encode(x=alt.XValue(4), text=alt.Text("note:N"))
    layers = [bars, notes]
    if reference is not None:
        layers.append(alt.Chart(alt.Data(values=[{"value": reference}])).mark_rule(
            color=NATIONAL_COLOR, strokeDash=[6, 3]).encode(x=alt.X("value:Q")))
    return alt.layer(*layers, data=data, width=WIDTH, height=max(ROW_HEIGHT * len(rows), 60))


def stacked_periods_chart(rows: list[dict], period_title: str, count_title: str, rule_title: str) -> alt.Chart:
    """Counts per period stacked by category (rows quarantined by rule): rows of period, rule, rows."""
    return alt.Chart(_data(rows, ["period", "rule", "rows"])).mark_bar().encode(
        x=alt.X("period:O", title=period_title, axis=alt.Axis(labelAngle=-60)),
        y=alt.Y("sum(rows):Q", title=count_title, axis=alt.Axis(format=",d")),
        color=alt.Color("rule:N", title=rule_title),
    ).properties(width=WIDTH, height=200)
