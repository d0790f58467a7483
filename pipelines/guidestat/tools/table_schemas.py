"""Write the reporting contract as Frictionless Table Schemas, docs/spec/table-schema/<entity>.json, from
guidestat.contract (one source of truth; tests/test_table_schemas.py fails while the files and the contract differ).

Run `python -m guidestat.tools.table_schemas` after changing the contract.
"""

from __future__ import annotations

from pathlib import Path

from guidestat.contract import CONTRACT, table_schema_json

DOCS_DIR = Path(__file__).resolve().parents[3] / "docs" / "spec" / "table-schema"


def write_schemas(folder: Path = DOCS_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entity in CONTRACT:
        path = folder / f"{entity}.json"
        path.write_text(table_schema_json(entity), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(f"wrote {path}")
