"""SDMX for the ministry: the data structure (SDMX-ML 2.1) and the data (SDMX-CSV 2.0),
both written by pysdmx.

Dataflow GUIDESTAT:DF_GUIDANCE_INDICATORS(1.0), structure DSD_GUIDANCE_INDICATORS:
dimensions FREQ, REF_AREA (reporter or country), INDICATOR, BREAKDOWN, BASIS,
TIME_PERIOD; measure OBS_VALUE; attributes OBS_STATUS and CONF_STATUS (the SDMX
cross-domain codes), UNIT_MEASURE, LOWER_BOUND, UPPER_BOUND, NUMERATOR, DENOMINATOR.
A suppressed observation has OBS_VALUE NaN, OBS_STATUS Q and CONF_STATUS C or D.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import msgspec
import polars as pl
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

from guidestat.contract import AGE_BANDS, BINARY_GENDERS, COUNTRIES, FUNDING_SOURCES, age_band_bounds
from guidestat.publication.status_codes import CONF_STATUS, OBS_STATUS

AGENCY, VERSION = "GUIDESTAT", "1.0"
DATAFLOW_ID, DSD_ID, CONCEPTS_ID = "DF_GUIDANCE_INDICATORS", "DSD_GUIDANCE_INDICATORS", "CS_GUIDANCE"
HEADER = Header(id="GUIDESTAT_STRUCTURE", prepared=datetime(2000, 1, 1, tzinfo=timezone.utc), sender="GUIDESTAT")

GENDER_NAMES = {"F": "Female", "M": "Male"}
COUNTRY_NAMES = {"NO": "Norway", "FI": "Finland"}
BASES = {"as_reported": "AS_REPORTED", "restated_2024": "RESTATED_2024"}

CONCEPT_NAMES = {
    "FREQ": "Frequency", "REF_AREA": "Reference area (reporter or country)", "INDICATOR": "Indicator",
    "BREAKDOWN": "Breakdown", "BASIS": "Regional basis", "TIME_PERIOD": "Time period",
    "OBS_VALUE": "Observation value", "OBS_STATUS": "Observation status", "CONF_STATUS": "Confidentiality status",
    "UNIT_MEASURE": "Unit of measure", "LOWER_BOUND": "Lower bound of the 95 % interval",
    "UPPER_BOUND": "Upper bound of the 95 % interval", "NUMERATOR": "Numerator", "DENOMINATOR": "Denominator",
}


def breakdown_code(breakdown: str, value: str | None) -> str:
    if breakdown == "total":
        return "_T"
    if breakdown == "age_band":
        low, high = age_band_bounds(value)
        return f"Y{low}T{high}"
    return value  # a gender or a funding source: its own code


def _codelist(cid: str, name: str, codes: dict[str, str]) -> Codelist:
    return Codelist(id=cid, name=name, agency=AGENCY, version=VERSION, is_final=True,
                    items=[Code(id=k, name=v) for k, v in codes.items()])


def _concepts() -> dict[str, Concept]:
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{CONCEPTS_ID}({VERSION})."
    return {k: Concept(id=k, name=v, urn=urn + k) for k, v in CONCEPT_NAMES.items()}


def structure_artefacts(catalogue: pl.DataFrame, regions: pl.DataFrame) -> list:
    concepts = _concepts()
    areas = {**{c: COUNTRY_NAMES[c] for c in COUNTRIES},
             **{r["region_code"]: r["name_en"] for r in regions.sort("region_code").iter_rows(named=True)}}
    breakdowns = {"_T": "Total", **{g: GENDER_NAMES[g] for g in BINARY_GENDERS},
                  **{breakdown_code("age_band", a): f"Aged {a}" for a in AGE_BANDS},
                  **{f: f"Funding source {f}" for f in FUNDING_SOURCES}}
    codelists = {
        "FREQ": _codelist("CL_FREQ", "Frequency", {"A": "Annual"}),
        "REF_AREA": _codelist("CL_AREA", "Reporters and countries", areas),
        "INDICATOR": _codelist("CL_INDICATOR", "Guidance quality indicators",
                               dict(catalogue.sort("indicator_id").select("indicator_id", "name_en").iter_rows())),
        "BREAKDOWN": _codelist("CL_BREAKDOWN", "Breakdown", breakdowns),
        "BASIS": _codelist("CL_BASIS", "Regional basis", {
            "AS_REPORTED": "As reported, by the regions in force in the year",
            "RESTATED_2024": "Restated on the 2024 Norwegian counties"}),
        "OBS_STATUS": _codelist("CL_OBS_STATUS", "Observation status (SDMX cross-domain subset)", OBS_STATUS),
        "CONF_STATUS": _codelist("CL_CONF_STATUS", "Confidentiality status (SDMX cross-domain subset)", CONF_STATUS),
    }

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
                      local_dtype=DataType.DOUBLE),
            attribute("OBS_STATUS", required=True), attribute("CONF_STATUS", required=True),
            attribute("UNIT_MEASURE", DataType.STRING),
            attribute("LOWER_BOUND", DataType.DOUBLE), attribute("UPPER_BOUND", DataType.DOUBLE),
            attribute("NUMERATOR", DataType.DOUBLE), attribute("DENOMINATOR", DataType.DOUBLE),
        ]),
    )
    dataflow = Dataflow(id=DATAFLOW_ID, name="Lifelong-guidance quality indicators", agency=AGENCY,
                        version=VERSION, is_final=True, structure=dsd)
    scheme = ConceptScheme(id=CONCEPTS_ID, name="Guidestat concepts", agency=AGENCY, version=VERSION,
                           is_final=True, items=list(concepts.values()))
    return [*codelists.values(), scheme, dsd, dataflow]


def write_structure(catalogue: pl.DataFrame, regions: pl.DataFrame, path: Path) -> Path:
    write_sdmx(structure_artefacts(catalogue, regions), Format.STRUCTURE_SDMX_ML_2_1,
               output_path=str(path), header=HEADER)
    return path


def _schema():
    # Only the components matter for the CSV; the codes are in the structure file.
    artefacts = structure_artefacts(pl.DataFrame({"indicator_id": [], "name_en": []}, schema={"indicator_id": pl.String, "name_en": pl.String}),
                                    pl.DataFrame({"region_code": [], "name_en": []}, schema={"region_code": pl.String, "name_en": pl.String}))
    dsd = next(a for a in artefacts if isinstance(a, DataStructureDefinition))
    return msgspec.structs.replace(dsd.to_schema(), context="dataflow", id=DATAFLOW_ID, name=dsd.name)


def observations(rows: pl.DataFrame) -> pl.DataFrame:
    """Extract rows (extracts.extract_rows) as SDMX observations, in the rows' order."""
    return rows.select(
        FREQ=pl.lit("A"),
        REF_AREA=pl.col("reporter"),
        INDICATOR=pl.col("indicator_id"),
        BREAKDOWN=pl.struct("breakdown", "breakdown_value").map_elements(
            lambda s: breakdown_code(s["breakdown"], s["breakdown_value"]), return_dtype=pl.String),
        BASIS=pl.col("basis").replace_strict(BASES),
        TIME_PERIOD=pl.col("year").cast(pl.String),
        OBS_VALUE=pl.col("value"),
        OBS_STATUS=pl.col("obs_status"),
        CONF_STATUS=pl.col("conf_status"),
        UNIT_MEASURE=pl.col("unit"),
        LOWER_BOUND=pl.col("ci_low"),
        UPPER_BOUND=pl.col("ci_high"),
        NUMERATOR=pl.col("numerator"),
        DENOMINATOR=pl.col("denominator"),
    )


def write_data(rows: pl.DataFrame, path: Path) -> Path:
    from pysdmx.io.pd import PandasDataset  # pandas: 1 s of import that only writing data needs

    dataset = PandasDataset(structure=_schema(), data=observations(rows).to_pandas())
    write_sdmx(dataset, Format.DATA_SDMX_CSV_2_0_0, output_path=str(path))
    return path
