"""Rendered charts kept from one build of the web site to the next.

vl-convert takes about 110 ms a chart, most of the site's build time, and a refresh that brings one new month
changes only some of the charts. A chart is identified by a digest of what decides its SVG: the Vega-Lite
specification (its data included), the language's number notation and the renderer's version. A chart with the
same digest as one the last build rendered is read back instead of rendered again.

The folder lives beside the warehouse, never in a release; it holds only SVG drawn from published figures.
After every build it keeps exactly the charts that build used (`keep_only`), so it never grows past one site.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

RENDERER = f"vl-convert-python {version('vl-convert-python')}"
SUFFIX = ".svg"


def chart_key(spec: dict, format_locale: dict) -> str:
    """The digest of everything that decides a chart's SVG."""
    text = json.dumps({"spec": spec, "format_locale": format_locale, "renderer": RENDERER},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_svg(folder: Path | None, key: str, render: Callable[[], str]) -> str:
    """The SVG of the chart `key`: from `folder` if an earlier build rendered it, else rendered now and kept
    there. Without a folder, always rendered."""
    if folder is None:
        return render()
    path = folder / f"{key}{SUFFIX}"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    svg = render()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{key}.{os.getpid()}.partial"   # a build killed while writing leaves no half chart
    partial.write_text(svg, encoding="utf-8")
    os.replace(partial, path)
    return svg


def keep_only(folder: Path | None, keys: Iterable[str]) -> int:
    """Remove every chart that the last build did not use (and anything half-written); returns how many."""
    if folder is None or not folder.exists():
        return 0
    wanted = {f"{key}{SUFFIX}" for key in keys}
    removed = 0
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink()
            removed += 1
    return removed
