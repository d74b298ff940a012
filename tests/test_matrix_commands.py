"""``export matrix`` and ``import matrix [--dry-run]`` on the command line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl


def set_timeline_cell(path: Path, code: str, header: str, value: object) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Timeline"]
    header_cell = next(c for row in sheet.iter_rows(max_row=5) for c in row if c.value == header)
    code_cell = next(c for row in sheet.iter_rows(max_row=5) for c in row if c.value == "Code")
    row = next(r[0].row for r in sheet.iter_rows() if r[code_cell.column - 1].value == code)
    sheet.cell(row=row, column=header_cell.column, value=value)
    workbook.save(path)


def test_export_edit_dry_run_then_import(cli, db_path: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack.xlsx"
    status, _, err = cli(
        "--db", db_path, "export", "matrix", pack, "--baseline", "GB.312, November 2011"
    )
    assert status == 0, err
    names = openpyxl.load_workbook(pack, read_only=True).sheetnames
    assert any(name.startswith("Changes since GB.312") for name in names)
    set_timeline_cell(pack, "II.2(ii)", "Start", datetime(2014, 1, 1))

    status, out, _ = cli("--db", db_path, "import", "matrix", pack, "--dry-run")
    assert status == 0 and "II.2(ii) start: 2013-01-01 → 2014-01-01" in out
    _, exported, _ = cli("--db", db_path, "export", "json", "-")
    start = next(
        m["start"] for m in json.loads(exported)["means_of_action"] if m["code"] == "II.2(ii)"
    )
    assert start == "2013-01-01"  # the dry run changed nothing

    assert cli("--db", db_path, "import", "matrix", pack)[0] == 0
    _, exported, _ = cli("--db", db_path, "export", "json", "-")
    start = next(
        m["start"] for m in json.loads(exported)["means_of_action"] if m["code"] == "II.2(ii)"
    )
    assert start == "2014-01-01"


def test_a_file_that_is_not_a_workbook_is_refused(cli, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    status, _, err = cli("--db", db_path, "import", "matrix", bad)
    assert status == 2 and "Traceback" not in err and err.count("\n") == 1
