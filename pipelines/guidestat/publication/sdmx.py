"""SDMX for the ministry: the data structure (SDMX-ML 2.1) and the data (SDMX-CSV 2.0),
both written by pysdmx; pysdmx writes names in English only, so the structure's code lists and
codes get their nb, sv and fi names (sdmx_names) added to the written XML afterwards.

Dataflow GUIDESTAT:DF_GUIDANCE_INDICATORS(1.0), structure DSD_GUIDANCE_INDICATORS:
dimensions FREQ, REF_AREA (reporter or country), INDICATOR, BREAKDOWN, BASIS,
TIME_PERIOD; measure OBS_VALUE; attributes OBS_STATUS and CONF_STATUS (the SDMX
cross-domain codes), UNIT_MEASURE (CL_UNIT_MEASURE, the contract's unit_measure list),
UNIT_MULT (0: units), DECIMALS (of OBS_VALUE and its bounds), LOWER_BOUND, UPPER_BOUND,
NUMERATOR, DENOMINATOR, all per observation. Values are the extracts' rounded ones, written
with exactly their decimals. A suppressed observation has OBS_VALUE NaN, OBS_STATUS Q and
CONF_STATUS C or D; a provisional one OBS_STATUS P.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import msgspec
import polars as pl
from lxml import etree
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.model import (
    Code,
    Codelist,
    Component,
    Components,
    Concept,
    ConceptScheme,
    Dataflow,
    DataStructureDefinition,
    DataType,
    Role,
)
from pysdmx.model.message import Header

from guidestat.contract import AGE_BANDS, BINARY_GENDERS, COUNTRIES, FUNDING_SOURCES, UNITS_OF_MEASURE, age_band_bounds
from guidestat.publication import sdmx_names as names
from guidestat.publication.extract_numbers import text_of
from guidestat.publication.site_text import BREAKDOWN_VALUES, CONF_STATUS_TEXT, COUNTRY_NAMES, OBS_STATUS_TEXT

AGENCY, VERSION = "GUIDESTAT", "1.0"
DATAFLOW_ID, DSD_ID, CONCEPTS_ID = "DF_GUIDANCE_INDICATORS", "DSD_GUIDANCE_INDICATORS", "CS_GUIDANCE"
HEADER = Header(id="GUIDESTAT_STRUCTURE", prepared=datetime(2000, 1, 1, tzinfo=timezone.utc), sender="GUIDESTAT")

BASES = {"as_reported": "AS_REPORTED", "restated_2024": "RESTATED_2024"}
UNIT_MULT_UNITS = "0"
MAX_DECIMALS = 3
NAMESPACES = {"str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
              "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CONCEPT_NAMES = {
    "FREQ": "Frequency", "REF_AREA": "Reference area (reporter or country)", "INDICATOR": "Indicator",
    "BREAKDOWN": "Breakdown", "BASIS": "Regional basis", "TIME_PERIOD": "Time period",
    "OBS_VALUE": "Observation value", "OBS_STATUS": "Observation status", "CONF_STATUS": "Confidentiality status",
    "UNIT_MEASURE": "Unit of measure", "UNIT_MULT": "Unit multiplier (power of 10)",
    "DECIMALS": "Decimals of the value and its bounds", "LOWER_BOUND": "Lower bound of the 95 % interval",
    "UPPER_BOUND": "Upper bound of the 95 % interval", "NUMERATOR": "Numerator", "DENOMINATOR": "Denominator",
}


def breakdown_code(breakdown: str, value: str | None) -> str:
    if breakdown == "total":
        return "_T"
    if breakdown == "age_band":
        low, high = age_band_bounds(value)
        return f"Y{low}T{high}"
    return value  # a gender or a funding source: its own code


def _codelist(cid: str, codes: dict[str, dict[str, str]]) -> Codelist:
    """A code list with its English names; the others are added to the XML (with_languages)."""
    return Codelist(id=cid, name=names.CODELIST_NAMES[cid]["en"], agency=AGENCY, version=VERSION, is_final=True,
                    items=[Code(id=k, name=v["en"]) for k, v in codes.items()])


def _in(table: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    return {lang: table[key][lang] for lang in names.LANGUAGES}


def code_names(catalogue: pl.DataFrame, regions: pl.DataFrame) -> dict[str, dict[str, dict[str, str]]]:
    """Per code list, every code's name per language."""
    areas = {**{c: _in(COUNTRY_NAMES, c) for c in COUNTRIES},
             **{r["region_code"]: {lang: r[f"name_{lang}"] for lang in names.LANGUAGES}
                for r in regions.sort("region_code").iter_rows(named=True)}}
    breakdowns = {"_T": names.TOTAL, **{g: _in(BREAKDOWN_VALUES, g) for g in BINARY_GENDERS},
                  **{breakdown_code("age_band", a): {lang: t.format(band=a) for lang, t in names.AGED.items()}
                     for a in AGE_BANDS},
                  **{f: {lang: t.format(code=f) for lang, t in names.FUNDING.items()} for f in FUNDING_SOURCES}}
    return {
        "CL_FREQ": names.FREQ_NAMES,
        "CL_AREA": areas,
        "CL_INDICATOR": {r["indicator_id"]: {lang: r[f"name_{lang}"] for lang in names.LANGUAGES}
                         for r in catalogue.sort("indicator_id").iter_rows(named=True)},
        "CL_BREAKDOWN": breakdowns,
        "CL_BASIS": names.BASIS_NAMES,
        "CL_OBS_STATUS": {c: _in(OBS_STATUS_TEXT, c) for c in OBS_STATUS_TEXT},
        "CL_CONF_STATUS": {c: _in(CONF_STATUS_TEXT, c) for c in CONF_STATUS_TEXT},
        "CL_UNIT_MEASURE": {u: names.UNIT_NAMES[u] for u in UNITS_OF_MEASURE},
        "CL_UNIT_MULT": names.UNIT_MULT_NAMES,
        "CL_DECIMALS": names.decimals_names(MAX_DECIMALS),
    }


def _concepts() -> dict[str, Concept]:
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{CONCEPTS_ID}({VERSION})."
    return {k: Concept(id=k, name=v, urn=urn + k) for k, v in CONCEPT_NAMES.items()}


def structure_artefacts(catalogue: pl.DataFrame, regions: pl.DataFrame, number: DataType = DataType.DOUBLE) -> list:
    """The code lists, concepts, data structure and dataflow; number: the type of the value and the attributes
    that are numbers (the data writer passes STRING, so pysdmx writes them as extract_numbers formats them)."""
    concepts = _concepts()
    component_lists = {"FREQ": "CL_FREQ", "REF_AREA": "CL_AREA", "INDICATOR": "CL_INDICATOR", "BREAKDOWN": "CL_BREAKDOWN",
                       "BASIS": "CL_BASIS", "OBS_STATUS": "CL_OBS_STATUS", "CONF_STATUS": "CL_CONF_STATUS",
                       "UNIT_MEASURE": "CL_UNIT_MEASURE", "UNIT_MULT": "CL_UNIT_MULT", "DECIMALS": "CL_DECIMALS"}
    codes = code_names(catalogue, regions)
    codelists = {component: _codelist(cid, codes[cid]) for component, cid in component_lists.items()}

    def dimension(cid, dtype=None):
        return Component(id=cid, required=True, role=Role.DIMENSION, concept=concepts[cid],
                         local_codes=codelists.get(cid), local_dtype=dtype)

    def attribute(cid, dtype=None, required=False):
        return Component(id=cid, required=required, role=Role.ATTRIBUTE, concept=concepts[cid],
                         local_codes=codelists.get(cid), local_dtype=dtype, attachment_level="O")

    dsd = DataStructureDefinition(
        id=DSD_ID, name="Lifelong-guidance quality indicators", agency=AGENCY, version=VERSION, is_final=True,
        components=Components([
            dimension("FREQ"), dimension("REF_AREA"), dimension("INDICATOR"), dimension("BREAKDOWN"),
            dimension("BASIS"), dimension("TIME_PERIOD", DataType.PERIOD),
            Component(id="OBS_VALUE", required=True, role=Role.MEASURE, concept=concepts["OBS_VALUE"],
                      local_dtype=number),
            attribute("OBS_STATUS", required=True), attribute("CONF_STATUS", required=True),
            attribute("UNIT_MEASURE", required=True), attribute("UNIT_MULT", required=True),
            attribute("DECIMALS", required=True),
            attribute("LOWER_BOUND", number), attribute("UPPER_BOUND", number),
            attribute("NUMERATOR", number), attribute("DENOMINATOR", number),
        ]),
    )
    dataflow = Dataflow(id=DATAFLOW_ID, name="Lifelong-guidance quality indicators", agency=AGENCY,
                        version=VERSION, is_final=True, structure=dsd)
    scheme = ConceptScheme(id=CONCEPTS_ID, name="Guidestat concepts", agency=AGENCY, version=VERSION,
                           is_final=True, items=list(concepts.values()))
    return [*codelists.values(), scheme, dsd, dataflow]


def with_languages(path: Path, codes: dict[str, dict[str, dict[str, str]]]) -> None:
    """Add the nb, sv and fi names after the English one of every code list and code in the XML at path."""
    tree = etree.parse(str(path))

    def add(element, translations: dict[str, str]) -> None:
        english = element.find("com:Name", NAMESPACES)
        for lang in reversed([x for x in names.LANGUAGES if x != "en"]):
            name = etree.Element(english.tag, {XML_LANG: lang})
            name.text, name.tail = translations[lang], english.tail
            english.addnext(name)

    for codelist in tree.iterfind(".//str:Codelist", NAMESPACES):
        cid = codelist.get("id")
        add(codelist, names.CODELIST_NAMES[cid])
        for code in codelist.iterfind("str:Code", NAMESPACES):
            add(code, codes[cid][code.get("id")])
    etree.indent(tree, space="\t")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def write_structure(catalogue: pl.DataFrame, regions: pl.DataFrame, path: Path) -> Path:
    write_sdmx(structure_artefacts(catalogue, regions), Format.STRUCTURE_SDMX_ML_2_1,
               output_path=str(path), header=HEADER)
    with_languages(path, code_names(catalogue, regions))
    return path


def _schema():
    # Only the components matter for the CSV; the codes are in the structure file.
    no_names = {f"name_{lang}": pl.String for lang in names.LANGUAGES}
    artefacts = structure_artefacts(pl.DataFrame(schema={"indicator_id": pl.String, **no_names}),
                                    pl.DataFrame(schema={"region_code": pl.String, **no_names}), DataType.STRING)
    dsd = next(a for a in artefacts if isinstance(a, DataStructureDefinition))
    return msgspec.structs.replace(dsd.to_schema(), context="dataflow", id=DATAFLOW_ID, name=dsd.name)


def observations(rows: pl.DataFrame) -> pl.DataFrame:
    """Extract file rows (extracts.file_rows: rounded, with unit_measure and the decimals) as SDMX observations,
    in the rows' order; numbers as text with exactly their decimals."""
    return rows.select(
        FREQ=pl.lit("A"),
        REF_AREA=pl.col("reporter"),
        INDICATOR=pl.col("indicator_id"),
        BREAKDOWN=pl.struct("breakdown", "breakdown_value").map_elements(
            lambda s: breakdown_code(s["breakdown"], s["breakdown_value"]), return_dtype=pl.String),
        BASIS=pl.col("basis").replace_strict(BASES),
        TIME_PERIOD=pl.col("year").cast(pl.String),
        OBS_VALUE=text_of("value", "decimals").fill_null("NaN"),   # SDMX-CSV's missing number
        OBS_STATUS=pl.col("obs_status"),
        CONF_STATUS=pl.col("conf_status"),
        UNIT_MEASURE=pl.col("unit_measure"),
        UNIT_MULT=pl.lit(UNIT_MULT_UNITS),
        DECIMALS=pl.col("decimals").cast(pl.String),
        LOWER_BOUND=text_of("ci_low", "decimals"),
        UPPER_BOUND=text_of("ci_high", "decimals"),
        NUMERATOR=text_of("numerator", "numerator_decimals"),
        DENOMINATOR=text_of("denominator", "denominator_decimals"),
    )


def write_data(rows: pl.DataFrame, path: Path) -> Path:
    from pysdmx.io.pd import PandasDataset  # pandas: 1 s of import that only writing data needs

    dataset = PandasDataset(structure=_schema(), data=observations(rows).to_pandas())
    write_sdmx(dataset, Format.DATA_SDMX_CSV_2_0_0, output_path=str(path))
    return path
