"""Numbers as the publication shows them: per language (decimal comma in nb, fi and sv), per unit (shares
as percentages), with as many decimals as the unit needs. Babel's CLDR data is the one source of the
symbols, for the pages and, as a d3-format locale, for the charts."""

from __future__ import annotations

from babel import numbers

from guidestat.publication.site_text import BABEL_LOCALES

# Decimals shown per unit of the catalogue (English unit names); other units get DEFAULT_DECIMALS.
UNIT_DECIMALS = {
    "days": 1,
    "sectors": 0,
    "EUR per participant": 0,
    "hours per practitioner": 1,
    "coefficient of variation": 3,
}
DEFAULT_DECIMALS = 2
PERCENT_DECIMALS = 1


def is_share(unit: str | None) -> bool:
    """Shares are shown as percentages: 0.734 as 73.4 %."""
    return bool(unit) and unit.startswith("share")


def decimals(unit: str | None) -> int:
    return PERCENT_DECIMALS if is_share(unit) else UNIT_DECIMALS.get(unit or "", DEFAULT_DECIMALS)


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def format_number(value: float, lang: str, places: int = 0) -> str:
    """A number in the language's notation, with `places` decimals (rounded half to even, as Babel does)."""
    return numbers.format_decimal(value, format=_pattern(places), locale=BABEL_LOCALES[lang],
                                  decimal_quantization=True)


def format_value(value: float, unit: str | None, lang: str) -> str:
    """An indicator value in its unit's notation: '73,4 %' for a share in nb, '1.03' per 1,000 in en."""
    if is_share(unit):
        return numbers.format_percent(value, format=_pattern(PERCENT_DECIMALS) + " %", locale=BABEL_LOCALES[lang],
                                      decimal_quantization=True)
    return format_number(value, lang, decimals(unit))


def format_count(value: float, lang: str) -> str:
    """A count or a sum (persons, EUR, rows): whole numbers, or two decimals where the sum has a fraction (FTE)."""
    return format_number(value, lang, 0 if float(value).is_integer() else 2)


def format_change(change: float, unit: str | None, lang: str) -> str:
    """A signed change; of a share, in percentage points."""
    places = decimals(unit)
    if is_share(unit):
        change *= 100
    text = format_number(abs(change), lang, places)
    sign = "+" if change > 0 else (numbers.get_minus_sign_symbol(BABEL_LOCALES[lang]) if change < 0 else "±")
    points = {"nb": "prosentpoeng", "en": "percentage points", "fi": "prosenttiyksikköä", "sv": "procentenheter"}
    return f"{sign}{text}" + (f" {points[lang]}" if is_share(unit) else "")


def parse_shown(text: str, lang: str) -> float:
    """The number a reader sees in `text` (the inverse of format_value/format_number, without a percentage
    sign's scaling): what the browser tests compare with the published values."""
    cleaned = text.replace("%", "").replace("\u00a0", "").replace("\u202f", "").strip()
    cleaned = cleaned.replace(numbers.get_minus_sign_symbol(BABEL_LOCALES[lang]), "-")
    return float(numbers.parse_decimal(cleaned, locale=BABEL_LOCALES[lang], strict=False))


def vega_format_locale(lang: str) -> dict:
    """The language's number notation as a d3-format locale, for vl-convert (it knows no nb-NO of its own)."""
    locale = BABEL_LOCALES[lang]
    return {"decimal": numbers.get_decimal_symbol(locale), "thousands": numbers.get_group_symbol(locale),
            "grouping": [3], "currency": ["", "\u00a0€"], "minus": numbers.get_minus_sign_symbol(locale),
            "percent": "\u00a0%" if lang != "en" else "%"}


def vega_format(unit: str | None) -> str:
    """The d3 format of an axis or a label in `unit`."""
    if is_share(unit):
        return ".0%"
    return f",.{decimals(unit)}f"
