"""The reporting contract (shared/spec/reporting-contract.md) as data.

Everything that knows which columns an entity has, their types and their
simple rules reads it from here: the ingest validation, the demo generator
and the tests. Its code lists (CODE_LISTS: the contract's codes, the spec's age
bands, the subsets indicators use) are the only copy: dbt reads them from the seed
dbt/seeds/ref_code_lists.csv written from here (`python -m guidestat.tools.code_list_seed`;
tests/test_code_lists.py fails when the two differ), the gate's suites name them
instead of listing codes, and the SDMX structure imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MONTHLY_ENTITIES = ("contacts", "outcomes", "survey")
SNAPSHOT_ENTITIES = ("providers", "practitioners", "projects")
ENTITIES = ("providers", "practitioners", "projects", "contacts", "outcomes", "survey")

# A file with more than this share of invalid rows is rejected whole.
MAX_INVALID_SHARE = 0.20

BOOL_TRUE = ("true", "1", "ja", "kyllä")
BOOL_FALSE = ("false", "0", "nei", "ei", "nej")

CHANNELS = ("face_to_face", "phone", "video", "chat", "email", "group")
DIGITAL_CHANNELS = ("phone", "video", "chat", "email")
SERVICE_TYPES = ("information", "advice", "guidance", "assessment")
GENDERS = ("F", "M", "X", "U")
LIFE_SITUATIONS = ("pupil", "student", "employed", "unemployed", "outside_labour_force", "other", "unknown")
OUTCOME_STATUSES = ("employed", "self_employed", "education", "employed_and_education", "unemployed", "inactive", "unknown")
OUTCOME_SOURCES = ("register", "survey")
SECTORS = ("education", "employment_service", "municipality", "one_stop_centre", "ngo", "private")
QUALIFICATIONS = ("guidance_degree", "guidance_further_education", "related_degree", "none")
FUNDING_SOURCES = ("RRF", "ESF_plus", "national", "regional", "other")
CURRENCIES = ("NOK", "EUR")
PROJECT_STATUSES = ("planned", "active", "completed", "cancelled")
SURVEY_ITEMS = ("self_knowledge", "opportunity_awareness", "decision_readiness")

# Not codes a reporter sends, but codes the spec gives the published figures (shared/spec/indicators.md).
COUNTRIES = ("NO", "FI")
AGE_BANDS = ("15-19", "20-24", "25-29", "30-44", "45-59", "60-74")   # "low-high", both ages included
BINARY_GENDERS = ("F", "M")   # what a national ID encodes; the gender breakdown (X and U count in the total only)
IN_WORK_OR_EDUCATION = ("employed", "self_employed", "education", "employed_and_education")   # OUT-01
QUALIFIED_QUALIFICATIONS = ("guidance_degree", "guidance_further_education")   # PRO-01's qualified FTE
EVALUATED_PROJECT_STATUSES = ("active", "completed")   # the projects PRJ-01..03 are computed over
OPEN_PROJECT_STATUSES = ("planned", "active")   # projects with days remaining (project_evaluation)
SUBMISSION_STATUSES = ("loaded", "loaded_with_quarantine", "rejected")   # a submitted file's outcome
# The units the extracts publish values in (SDMX UNIT_MEASURE; the catalogue gives each indicator one).
UNITS_OF_MEASURE = ("PER_1000", "PER_PERSON", "DAYS", "PERCENT", "RATIO", "INDEX", "SCORE", "EFFECT_SIZE", "HOURS",
                    "NUMBER", "EUR")

# Every code list by the name dbt, the gate and the SDMX output know it by, in the spec's order.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "channel": CHANNELS,
    "digital_channel": DIGITAL_CHANNELS,
    "service_type": SERVICE_TYPES,
    "gender": GENDERS,
    "binary_gender": BINARY_GENDERS,
    "life_situation": LIFE_SITUATIONS,
    "outcome_status": OUTCOME_STATUSES,
    "in_work_or_education": IN_WORK_OR_EDUCATION,
    "outcome_source": OUTCOME_SOURCES,
    "sector": SECTORS,
    "qualification": QUALIFICATIONS,
    "qualified_qualification": QUALIFIED_QUALIFICATIONS,
    "funding_source": FUNDING_SOURCES,
    "currency": CURRENCIES,
    "project_status": PROJECT_STATUSES,
    "evaluated_project_status": EVALUATED_PROJECT_STATUSES,
    "open_project_status": OPEN_PROJECT_STATUSES,
    "survey_item": SURVEY_ITEMS,
    "country": COUNTRIES,
    "age_band": AGE_BANDS,
    "submission_status": SUBMISSION_STATUSES,
    "unit_measure": UNITS_OF_MEASURE,
}


def age_band_bounds(band: str) -> tuple[int, int]:
    """The first and last age of an age band: "30-44" -> (30, 44)."""
    low, high = band.split("-")
    return int(low), int(high)


def age_band_of(age: int) -> str | None:
    """The age band an age falls in, None outside 15-74."""
    return next((b for b in AGE_BANDS if age_band_bounds(b)[0] <= age <= age_band_bounds(b)[1]), None)


def code_list_rows() -> list[tuple[str, str, int]]:
    """(list_name, code, position) for every code of every list, positions from 1: the seed's rows."""
    return [(name, code, i) for name, codes in CODE_LISTS.items() for i, code in enumerate(codes, start=1)]


def code_list_seed_csv() -> str:
    """The text of dbt/seeds/ref_code_lists.csv (no code needs quoting: tests/test_code_lists.py checks)."""
    return "list_name,code,position\n" + "".join(f"{n},{c},{p}\n" for n, c, p in code_list_rows())


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str | int | dec | date | code | bool
    required: bool = True
    codes: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False


@dataclass(frozen=True)
class Entity:
    name: str
    columns: tuple[Column, ...]
    unique_key: str | None = None
    # "reporter": unique across all the reporter's files; "file": within one snapshot
    unique_scope: str | None = None
    kind: str = "monthly"
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_item_cols = tuple(
    Column(f"{item}_{when}", "int", required=False, min=1, max=5)
    for item in SURVEY_ITEMS
    for when in ("before", "after")
)

CONTRACT: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "contacts",
            (
                Column("contact_id", "str"),
                Column("provider_id", "str"),
                Column("person_ref", "str"),
                Column("contact_date", "date"),
                Column("request_date", "date", required=False),
                Column("channel", "code", codes=CHANNELS),
                Column("service_type", "code", codes=SERVICE_TYPES),
                Column("duration_min", "int", min=1, max=480),
                Column("birth_year", "int", required=False),
                Column("gender", "code", codes=GENDERS),
                Column("life_situation", "code", codes=LIFE_SITUATIONS),
                Column("municipality_code", "str", required=False),
            ),
            unique_key="contact_id",
            unique_scope="reporter",
        ),
        Entity(
            "outcomes",
            (
                Column("person_ref", "str"),
                Column("followup_date", "date"),
                Column("status", "code", codes=OUTCOME_STATUSES),
                Column("source", "code", codes=OUTCOME_SOURCES),
            ),
        ),
        Entity(
            "survey",
            (
                Column("response_id", "str"),
                Column("provider_id", "str"),
                Column("response_date", "date"),
                Column("satisfaction", "int", required=False, min=1, max=5),
                *_item_cols,
            ),
            unique_key="response_id",
            unique_scope="reporter",
        ),
        Entity(
            "providers",
            (
                Column("provider_id", "str"),
                Column("name", "str"),
                Column("sector", "code", codes=SECTORS),
                Column("partnership_member", "bool"),
            ),
            unique_key="provider_id",
            unique_scope="file",
            kind="snapshot",
        ),
        Entity(
            "practitioners",
            (
                Column("practitioner_ref", "str"),
                Column("provider_id", "str"),
                Column("fte", "dec", min=0, max=1, min_exclusive=True),
                Column("qualification", "code", codes=QUALIFICATIONS),
                Column("cpd_hours", "dec", min=0, max=500),
            ),
            unique_key="practitioner_ref",
            unique_scope="file",
            kind="snapshot",
        ),
        Entity(
            "projects",
            (
                Column("project_id", "str"),
                Column("name", "str"),
                Column("funding_source", "code", codes=FUNDING_SOURCES),
                Column("currency", "code", codes=CURRENCIES),
                Column("budget", "dec", min=0, min_exclusive=True),
                Column("spent", "dec", min=0),
                Column("start_date", "date"),
                Column("end_date", "date"),
                Column("target_participants", "int", min=0),
                Column("participants", "int", min=0),
                Column("national_goals", "str"),
                Column("status", "code", codes=PROJECT_STATUSES),
            ),
            unique_key="project_id",
            unique_scope="file",
            kind="snapshot",
        ),
    )
}

# Entities whose rows must name a provider that exists in the reporter's providers.
PROVIDER_REFERENCING = ("contacts", "survey", "practitioners")

# Every rule a row or a file can break, with the message template a reporter reads.
ROW_RULES: dict[str, str] = {
    "required": "a value is required",
    "type_int": "not a whole number",
    "type_dec": "not a finite decimal number (use . or, in ;-separated files, ,)",
    "type_date": "not a date from 1900 to 2099 (YYYY-MM-DD or DD.MM.YYYY)",
    "type_bool": "not a yes/no value (true/false, 1/0, ja/nei, kyllä/ei, ja/nej)",
    "code": "not one of the allowed codes",
    "range": "outside the allowed range",
    "date_in_period": "date is not inside the file's period",
    "request_after_contact": "request_date is after contact_date",
    "request_too_early": "request_date is more than 365 days before contact_date",
    "birth_year_required": "birth_year is required when person_ref is not a national ID",
    "age_range": "age at contact is outside 10..100",
    "municipality_format": "municipality code has the wrong form for the country (NO: 4 digits, FI: 3 digits)",
    "national_id_invalid": "national ID is malformed or its check digits fail",
    "national_id_in_other_column": "a national ID belongs in person_ref only: remove it from this column (it is not kept)",
    "id_birth_year_mismatch": "birth_year differs from the one in the national ID",
    "id_gender_mismatch": "gender differs from the one in the national ID",
    "no_answered_item": "the response has no answered item",
    "end_before_start": "end_date is before start_date",
    "national_goals": "national_goals must be a |-separated subset of 1..5",
    "provider_unknown": "provider_id does not exist in the reporter's providers",
    "duplicate_key": "the key repeats an earlier row; the first occurrence was loaded",
}

FILE_RULES: dict[str, str] = {
    "unreadable": "the file cannot be read",
    "unknown_reporter": "the reporter code is not a known reporting unit",
    "reporter_not_valid": "the reporter is not a valid reporting unit in this period",
    "unknown_entity": "the file name is not one of the contract's entities",
    "bad_period": "the period folder is not YYYY-MM",
    "future_period": "the period is after the month the refresh runs in: it cannot be reported yet",
    "not_a_regular_file": "a symbolic link, a folder or a device where a file belongs (never followed or read)",
    "file_name_not_utf8": "the file name is not valid UTF-8 (never read; shown with \\xNN escapes)",
    "bad_format": "the file is neither .csv nor .xlsx",
    "missing_columns": "required columns are missing",
    "duplicate_columns": "a column is named twice (compared without case and surrounding spaces)",
    "too_many_invalid": "more than 20 % of the rows are invalid",
    "empty": "the file has no data rows",
}


# Table Schema types of the contract's types (https://specs.frictionlessdata.io/table-schema/, v1).
_TABLE_SCHEMA_TYPES = {"str": "string", "code": "string", "int": "integer", "dec": "number", "date": "date",
                       "bool": "boolean"}


def table_schema(entity: str) -> dict:
    """The entity's columns as a Frictionless Table Schema (v1), generated from CONTRACT: what a reporter's tools
    can validate a file against. It describes a file in its canonical form (comma-separated, decimal point, ISO
    dates, the header exactly the contract's names); the forms Guidestat also accepts (';' with a decimal comma,
    DD.MM.YYYY, names in any case, extra columns) and the rules across rows and files are in the descriptions
    and docs/spec/reporting-contract.md. A bound the v1 standard cannot state (fte > 0) is in the description."""
    spec = CONTRACT[entity]
    fields = []
    for col in spec.columns:
        field: dict = {"name": col.name, "type": _TABLE_SCHEMA_TYPES[col.type]}
        constraints: dict = {"required": col.required}
        notes = []
        if col.codes:
            constraints["enum"] = list(col.codes)
        if col.type == "bool":
            field["trueValues"] = [w for v in BOOL_TRUE for w in dict.fromkeys((v, v.capitalize(), v.upper()))]
            field["falseValues"] = [w for v in BOOL_FALSE for w in dict.fromkeys((v, v.capitalize(), v.upper()))]
        if col.min is not None and not col.min_exclusive:
            constraints["minimum"] = col.min
        elif col.min is not None:
            notes.append(f"must be greater than {col.min:g}")
        if col.max is not None:
            constraints["maximum"] = col.max
        if col.type == "date":
            notes.append("YYYY-MM-DD (Guidestat also accepts DD.MM.YYYY), from 1900 to 2099")
        if col.type == "dec":
            notes.append("a decimal point (in a file separated by ';', Guidestat also accepts a decimal comma)")
        if col.name == "person_ref":
            notes.append("a national ID (fødselsnummer, D-number, henkilötunnus) or the reporter's own pseudonym, "
                         "which must contain a non-digit")
        if col.name == spec.unique_key:
            constraints["unique"] = True
            notes.append("unique within the reporter" if spec.unique_scope == "reporter" else "unique within the file")
        field["constraints"] = constraints
        if notes:
            field["description"] = "; ".join(notes)
        fields.append(field)
    return {"fields": fields, "missingValues": [""],
            "description": f"Reporting contract v1, entity {entity} ({spec.kind}): docs/spec/reporting-contract.md"}


def table_schema_json(entity: str) -> str:
    """table_schema as the text of docs/spec/table-schema/<entity>.json and of each release's public copy."""
    import json

    return json.dumps(table_schema(entity), indent=2, ensure_ascii=False) + "\n"
