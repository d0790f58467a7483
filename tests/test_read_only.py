"""A folder a refresh must write, read-only (a mount, a full disk, permissions): one line naming the folder, the
step and the reason, a non-zero exit, no traceback, nothing changed. A read-only landing is fine: it is only read.
As root, permissions are ignored, so the folders are made read-only with a read-only bind mount; where the
machine does not allow mounting, the tests are skipped with the reason printed (make test shows it: -rs)."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest
from support.landing_kit import build_small_landing
from support.refresh import pointed_at
from typer.testing import CliRunner

from guidestat.cli import app


@contextlib.contextmanager
def read_only(folder: Path):
    """folder read-only for the block: itself bind-mounted on itself, then remounted read-only."""
    folder.mkdir(parents=True, exist_ok=True)
    for command in (["mount", "--bind", str(folder), str(folder)], ["mount", "-o", "remount,ro,bind", str(folder)]):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(["umount", str(folder)], capture_output=True)
            pytest.skip(f"cannot make a read-only mount here ({' '.join(command[:3])}: {done.stderr.strip()}); "
                        "needs root with CAP_SYS_ADMIN")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _refresh(data: Path) -> tuple[int, str]:
    with pointed_at(data):
        out = CliRunner().invoke(app, ["refresh"])
    return out.exit_code, " ".join(out.output.split())


@pytest.mark.parametrize("where,step", [("", "refresh lock"), ("reports", "reports to reporters"),
                                        ("marts", "publication (releases)")])
def test_a_read_only_folder_is_one_line_naming_it_and_the_step(tmp_path, where, step):
    data = tmp_path / "data"
    build_small_landing(data / "raw")
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    with read_only(data / where if where else data) as folder:
        code, said = _refresh(data)
    assert code == 1 and "Traceback" not in said, said
    assert f"cannot refresh: {folder} is not writable (read-only file system)" in said and step in said
    assert not (data / "warehouse" / "guidestat.duckdb").exists()
    if not where:
        assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_check_out_to_a_read_only_folder_says_so_in_one_line(tmp_path):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    with read_only(tmp_path / "out") as out:
        result = CliRunner().invoke(app, ["check", str(raw / "NO-03/2024-01/providers.csv"), "--out", str(out)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "read-only file system" in said and "Traceback" not in said, said


@pytest.mark.slow   # a whole refresh
def test_a_read_only_landing_is_only_read(tmp_path):
    data = tmp_path / "data"
    build_small_landing(data / "raw")
    with read_only(data / "raw"):
        code, said = _refresh(data)
    assert code == 0, said
    assert list((data / "reports").rglob("*.html"))


def test_a_full_disk_is_one_line_before_anything_is_written(tmp_path):
    """A data folder on a disk with 2 MB free (a small tmpfs): the refresh refuses before its first write, in one
    line that says how much is free and what to do; before this check it died in Dagster's run storage with a
    60-line SQLite traceback ("disk I/O error")."""
    data = tmp_path / "data"
    data.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(data)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}); needs root with CAP_SYS_ADMIN")
    try:
        build_small_landing(data / "raw")
        before = sorted(p.relative_to(data) for p in data.rglob("*"))
        code, said = _refresh(data)
        after = sorted(p.relative_to(data) for p in data.rglob("*"))
    finally:
        subprocess.run(["umount", str(data)], check=True)
    assert code == 1 and "Traceback" not in said, said
    assert f"cannot refresh: the disk holding {data} has" in said and "MB free" in said and "at least 64 MB" in said
    assert set(after) - set(before) <= {Path("dagster_home"), Path("logs"), Path("warehouse"), Path("reports"),
                                        Path("marts")}   # empty folders at most: the check creates what it tests
