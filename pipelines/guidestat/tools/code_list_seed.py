"""Write dbt's copy of the contract's code lists, dbt/seeds/ref_code_lists.csv, from guidestat.contract.

Run `python -m guidestat.tools.code_list_seed` after changing a code list in contract.py;
tests/test_code_lists.py fails while the seed and the contract differ.
"""

from __future__ import annotations

from pathlib import Path

from guidestat.config import SEEDS_DIR
from guidestat.contract import code_list_seed_csv

SEED = SEEDS_DIR / "ref_code_lists.csv"


def write_seed(path: Path = SEED) -> Path:
    path.write_text(code_list_seed_csv(), encoding="utf-8", newline="")
    return path


if __name__ == "__main__":
    print(f"wrote {write_seed()}")
