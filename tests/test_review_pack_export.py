"""The Governing Body review pack, written: the structure of every sheet, text that stays
text, real dates, refusals instead of cut text, cancelling and atomic replacement.

Golden files: tests/golden/review_pack/*.json pin, per sheet of the shipped plan's pack, the
header rows, merged ranges, column widths, print settings, cell values, bold cells and
fills. After an intended change of the layout, regenerate them and review the diff:

    POA_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_review_pack_export.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.review_pack import Cancelled, export_review_pack
from poa_desktop.store.database import Database

GOLDEN = Path(__file__).parent / "golden" / "review_pack"
TODAY = date(2024, 3, 1)
SHIPPED_BASELINE = "GB.312, November 2011"
INJECTIONS = ["=1+1", "+1", "-1", "@SUM(A1)", '=HYPERLINK("http://x","y")', "\tTabbed",
              "\nNew line"]  # fmt: skip
SHEETS = ["Activity matrix", "Timeline", "Key outputs", "Partners & MOUs", "Dependencies",
          "Mandate coverage", "Indicators", "Changes since GB.312, November…",
          "Data quality"]  # fmt: skip


@pytest.fixture
def export(database: Database, plan_service: PlanService, shipped_plan: PlanRef, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Export the shipped plan's pack (with the shipped baseline) into tmp_path/out."""
    folder = tmp_path / "out"
    folder.mkdir()

    def run(name: str = "pack.xlsx", **options: Any) -> Path:
        options.setdefault("baseline_name", SHIPPED_BASELINE)
        options.setdefault("today", TODAY)
        return export_review_pack(plan_service, RegisterService(database),
                                  BaselineService(database), shipped_plan.uuid,
                                  folder / name, **options)  # fmt: skip

    return run


def uuid_of(plan_service: PlanService, plan: PlanRef, code: str) -> str:
    outline = plan_service.outline(plan.uuid)
    rows = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    return next(row.uuid for row in rows if row.code == code)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            f"date:{value.date().isoformat()}"
            if value.time() == datetime.min.time()
            else str(value)
        )
    return value


def _fit(value: int | None) -> int:
    """fitToWidth and fitToHeight default to 1 in SpreadsheetML: a writer may leave 1 out."""
    return 1 if value is None else value


def _widths(sheet: Any) -> dict[str, float]:
    """Column widths one column at a time: a writer may store equal neighbours as a range."""
    widths = {}
    for _, dim in sorted(sheet.column_dimensions.items(), key=lambda item: item[1].min):
        if dim.width:
            for index in range(dim.min, dim.max + 1):
                letter = get_column_letter(index)
                widths[f"{letter}:{letter}"] = round(dim.width, 1)
    return widths


def sheet_structure(sheet: Any) -> dict[str, Any]:
    """What the golden file of one sheet pins (fills as RRGGBB: Excel ignores the alpha)."""
    header_last = int(sheet.print_title_rows.split(":")[1].strip("$"))
    rows = list(sheet.iter_rows())
    setup = sheet.page_setup
    return {
        "name": sheet.title,
        "dimensions": sheet.dimensions,
        "print": {
            "orientation": setup.orientation,
            "paper_size": setup.paperSize,
            "fit_to_page": sheet.sheet_properties.pageSetUpPr.fitToPage,
            "fit_to_width": _fit(setup.fitToWidth),
            "fit_to_height": _fit(setup.fitToHeight),
            "repeat_rows": sheet.print_title_rows,
            "freeze_panes": sheet.freeze_panes,
            "auto_filter": sheet.auto_filter.ref,
            "header": [sheet.oddHeader.left.text, sheet.oddHeader.right.text],
            "footer": [sheet.oddFooter.left.text, sheet.oddFooter.right.text],
        },
        "column_widths": _widths(sheet),
        "merged": sorted(str(merged) for merged in sheet.merged_cells.ranges),
        "header_rows": [[_value(cell.value) for cell in row] for row in rows[:header_last]],
        "rows": [[_value(cell.value) for cell in row] for row in rows[header_last:]],
        "bold": [
            cell.coordinate
            for row in rows
            for cell in row
            if cell.value is not None and cell.font.b
        ],
        "fills": {
            cell.coordinate: cell.fill.fgColor.rgb[-6:]
            for row in rows[header_last:]
            for cell in row
            if cell.fill.fill_type == "solid"
        },
    }


def _slug(index: int, name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{index:02d}-{words}.json"


def test_every_sheet_matches_its_golden_file(export) -> None:  # type: ignore[no-untyped-def]
    workbook = load_workbook(export())
    assert workbook.sheetnames == SHEETS
    update = os.environ.get("POA_UPDATE_GOLDEN") == "1"
    if update:
        GOLDEN.mkdir(parents=True, exist_ok=True)
    for index, sheet in enumerate(workbook.worksheets, start=1):
        structure = json.loads(json.dumps(sheet_structure(sheet), ensure_ascii=False))
        golden = GOLDEN / _slug(index, sheet.title)
        if update:
            golden.write_text(json.dumps(structure, indent=1, ensure_ascii=False) + "\n")
            continue
        assert golden.exists(), f"{golden} is missing; run with POA_UPDATE_GOLDEN=1"
        expected = json.loads(golden.read_text())
        for key in expected:
            assert structure[key] == expected[key], (
                f"{sheet.title}: {key} differs from {golden.name}"
            )


def test_the_matrix_follows_appendix_one(export) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(export())["Activity matrix"]
    assert [cell.value for cell in sheet[3]] == [
        "Code", "Category of activities", "Activity (conclusions paragraph)",
        "Means of action (key outputs in bold)", "Timing", "Start", "End", "Status",
    ]  # fmt: skip
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    assert rows["I.3(i)"][3].value.startswith("(i) Establishment of draft social security")
    assert rows["I.3(i)"][3].font.b and not rows["I.2(ii)"][3].font.b  # key outputs in bold
    assert (
        rows["I.3(i)"][2].value
        == "3. Develop a good practices guide for social security (para. 35(l))"
    )
    assert rows["I.4(i)"][2].value.endswith("(paras 35(k), 35(i))")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first, last = rows["I.1(i)"][0].row, rows["I.5(i)"][0].row
    assert f"B{first}:B{last}" in merged  # the category down its activities
    assert rows["I.1(i)"][1].value == "I. Policy development and standards-related activities"


def test_properties_say_what_plan_when_and_which_version(export) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop import __version__

    workbook = load_workbook(export())
    props = workbook.properties
    assert props.title == "Social security plan of action 2011–19 – review pack"
    assert props.subject == "Plan ilo-ss-2011-19"
    assert props.creator == f"poa-desktop {__version__}"
    assert props.created == props.modified == datetime(2024, 3, 1)
    custom = {prop.name: prop.value for prop in workbook.custom_doc_props}
    assert custom["Plan"] == "ilo-ss-2011-19" and custom["Exported on"] == "2024-03-01"
    assert custom["App version"] == __version__ and custom["Baseline"] == SHIPPED_BASELINE


def test_a_fixed_day_makes_the_file_reproducible(export) -> None:  # type: ignore[no-untyped-def]
    assert export("a.xlsx").read_bytes() == export("b.xlsx").read_bytes()


def test_every_sheet_is_print_ready(export) -> None:  # type: ignore[no-untyped-def]
    for sheet in load_workbook(export()).worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, _fit(setup.fitToWidth), _fit(setup.fitToHeight)) == (
            "landscape",
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows and sheet.freeze_panes and sheet.auto_filter.ref
        widths = list(_widths(sheet).values())
        assert widths and all(5 <= width <= 110 for width in widths), sheet.title
        data = [
            cell
            for row in sheet.iter_rows(min_row=5)
            for cell in row
            if isinstance(cell.value, str)
        ]
        assert all(cell.alignment.wrap_text for cell in data), sheet.title


def test_user_text_stays_text_and_reads_back_identical(
    export, database, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    editor, build = PlanEditor(database), ChangeBuilder(database)
    registers = RegisterService(database)
    partners = registers.partners(shipped_plan.uuid)
    codes = ["I.1(i)", "I.2(i)", "I.2(ii)", "I.3(i)", "I.3(ii)", "KO1", "KO2"]
    for text, partner, code in zip(INJECTIONS, partners, codes, strict=False):
        editor.apply(build.edit("partner", partner.uuid, {"name": text}))
        editor.apply(build.edit("item", uuid_of(plan_service, shipped_plan, code), {"title": text}))
    path = export()
    for read_only in (False, True):
        workbook = load_workbook(path, read_only=read_only)
        names = {row[0].value: row[1] for row in workbook["Partners & MOUs"].iter_rows(min_row=4)}
        titles = {row[0].value: row[2] for row in workbook["Timeline"].iter_rows(min_row=5)}
        for text, partner, code in zip(INJECTIONS, partners, codes, strict=False):
            for cell in (names[partner.code], titles[code]):
                assert (cell.data_type, cell.value) == ("s", text)
        formulas = [cell.coordinate for sheet in workbook.worksheets
                    for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]  # fmt: skip
        assert formulas == []
        workbook.close()
    cell = titles["I.1(i)"]
    assert load_workbook(path)["Timeline"][cell.coordinate].quotePrefix  # Excel keeps it text


def test_dates_are_real_excel_dates(export) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(export())["Timeline"]
    row = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "II.2(iv)")
    start, end = row[5], row[6]
    assert (start.data_type, start.is_date, start.value) == ("d", True, datetime(2012, 1, 1))
    assert end.value == datetime(2019, 12, 31) and end.number_format == "yyyy-mm-dd"


def test_text_too_long_for_a_cell_is_refused_naming_sheet_and_cell(
    export, database, plan_service, shipped_plan, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import poa_desktop.services.review_pack.cells as cells

    # A plan document holds at most 20,000 characters per text, below Excel's 32,767, so
    # the limit is lowered to reach the refusal with the shipped plan.
    assert cells.MAX_CELL_TEXT == 32_767
    monkeypatch.setattr(cells, "MAX_CELL_TEXT", 5_000)
    uuid = uuid_of(plan_service, shipped_plan, "II.2(iv)")
    PlanEditor(database).apply(ChangeBuilder(database).edit("item", uuid, {"title": "x" * 6_000}))
    with pytest.raises(
        UserError,
        match=r"Activity matrix!D\d+: the text is 6,005 characters long "
        r"and an Excel cell holds at most 5,000",
    ):
        export()
    assert not list((tmp_path / "out").iterdir())


def test_a_control_character_is_refused_not_dropped(
    export, database, plan_service, shipped_plan, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    uuid = uuid_of(plan_service, shipped_plan, "KO4")
    # The editor refuses such text now; a database written by other means may still hold it.
    with database.writer.begin() as connection:
        connection.exec_driver_sql("UPDATE item SET title = ? WHERE uuid = ?", ("Bell\x07", uuid))
    # Refused before a sheet is written, naming the item (the cell writer would name only
    # the cell, "Timeline!C23: the text holds the control character U+0007").
    with pytest.raises(UserError, match=r"KO4.*control character U\+0007"):
        export()
    assert not list((tmp_path / "out").iterdir())


def test_cancelling_leaves_no_file_and_keeps_the_old_one(export, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    calls: list[tuple[int, int]] = []
    with pytest.raises(Cancelled, match="cancelled"):
        export("new.xlsx", progress=lambda done, total: calls.append((done, total)),
               cancelled=lambda: len(calls) >= 3)  # fmt: skip
    assert not (out / "new.xlsx").exists()
    old = out / "old.xlsx"
    old.write_bytes(b"the old pack")
    with pytest.raises(Cancelled):
        export("old.xlsx", cancelled=lambda: True)
    assert old.read_bytes() == b"the old pack"
    assert [p.name for p in out.iterdir()] == ["old.xlsx"]


def test_progress_counts_every_sheet_and_the_save(export) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    export(progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 10) and calls[-1] == (10, 10)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_file_is_replaced_through_a_temporary_file(export, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import poa_desktop.services.files as files

    out = tmp_path / "out"
    target = out / "pack.xlsx"
    target.write_bytes(b"the old pack")
    renames: list[tuple[Path, Path]] = []
    real_replace = files.os.replace

    def spy(source: Any, destination: Any) -> None:
        renames.append((Path(source), Path(destination)))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", spy)
    export()
    [(source, destination)] = renames
    assert destination == target and source.parent == out and source != target
    assert load_workbook(target).sheetnames == SHEETS

    def crash(source: Any, destination: Any) -> None:
        raise OSError(28, "No space left on device")

    target.write_bytes(b"the old pack")
    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(UserError, match="No space left"):
        export()
    assert target.read_bytes() == b"the old pack"
    assert [p.name for p in out.iterdir()] == ["pack.xlsx"]


def test_changes_since_the_baseline_show_old_and_new_values(
    export, database, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    editor, build = PlanEditor(database), ChangeBuilder(database)
    editor.apply(build.edit("item", uuid_of(plan_service, shipped_plan, "I.3(i)"),
                            {"start": date(2014, 7, 1), "end": date(2015, 6, 30),
                             "status": "delayed"}))  # fmt: skip
    editor.apply(build.edit("item", uuid_of(plan_service, shipped_plan, "KO5"),
                            {"title": "Improved modelling toolbox"}))  # fmt: skip
    activity = uuid_of(plan_service, shipped_plan, "II.2")
    editor.apply(build.new_item(shipped_plan.uuid, ItemKind.MEANS, "New study", activity=activity))
    milestone = uuid_of(plan_service, shipped_plan, "MS-CENTENARY-2019")
    editor.apply(build.delete("item", milestone, remove_links=True))
    sheet = load_workbook(export())["Changes since GB.312, November…"]
    rows = {
        row[0].value: [_value(cell.value) for cell in row] for row in sheet.iter_rows(min_row=4)
    }
    assert rows["I.3(i)"][3:12] == ["retimed, status changed", "date:2014-01-01", "date:2014-07-01",
                                    181, "date:2014-12-31", "date:2015-06-30", 181, "Not started",
                                    "Delayed"]  # fmt: skip
    assert rows["KO5"][3] == "renamed" and rows["KO5"][14] == "Improve modelling toolbox"
    assert rows["II.2(vii)"][3] == "added" and rows["MS-CENTENARY-2019"][3] == "removed"
    assert set(rows) == {"I.3(i)", "KO5", "II.2(vii)", "MS-CENTENARY-2019"}


def test_without_a_baseline_there_is_no_changes_sheet(export) -> None:  # type: ignore[no-untyped-def]
    names = load_workbook(export(baseline_name=None)).sheetnames
    assert names == [name for name in SHEETS if not name.startswith("Changes")]


def test_refusals_before_any_file_is_touched(export, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="No baseline 'Nope'"):
        export(baseline_name="Nope")
    with pytest.raises(UserError, match=r"name it ….xlsx"):
        export("pack.csv")
    with pytest.raises(UserError, match="no such folder"):
        export("missing/pack.xlsx")
    assert not list((tmp_path / "out").iterdir())


def test_importing_the_package_does_not_load_openpyxl() -> None:
    code = ("import sys, poa_desktop.services.review_pack as pack; "
            "print('openpyxl' in sys.modules)")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_empty_plan_exports_and_reads_back_unchanged(database, plan_service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.services.review_pack import import_review_pack

    PlanEditor(database).apply(
        ChangeBuilder(database).new_plan(
            "empty", "Plan A & B", date(2020, 1, 1), date(2020, 12, 31)
        )
    )
    plan = plan_service.find_plan("empty")
    path = export_review_pack(plan_service, RegisterService(database), BaselineService(database),
                              plan.uuid, tmp_path / "empty.xlsx", today=TODAY)  # fmt: skip
    workbook = load_workbook(path)
    assert workbook.sheetnames == [name for name in SHEETS if not name.startswith("Changes")]
    timeline = workbook["Timeline"]
    assert [cell.value for cell in timeline[4]][-1] == 2020 and timeline.max_row == 4
    assert timeline.oddHeader.left.text == "Plan A && B (empty)"  # "&" starts a header code
    report = import_review_pack(plan_service, ChangeBuilder(database), PlanEditor(database),
                                plan.uuid, path)  # fmt: skip
    assert report.changes == () and not report.applied


def test_an_ampersand_before_g_stays_in_the_page_header(database, plan_service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``&G`` is a header's picture code: ``R&G`` is written ``R&&G`` and kept, not refused
    (XlsxWriter would take it for a picture placeholder)."""
    PlanEditor(database).apply(
        ChangeBuilder(database).new_plan("rg", "R&G review", date(2020, 1, 1), date(2021, 12, 31))
    )
    plan = plan_service.find_plan("rg")
    path = export_review_pack(plan_service, RegisterService(database), BaselineService(database),
                              plan.uuid, tmp_path / "rg.xlsx", today=TODAY)  # fmt: skip
    for sheet in load_workbook(path).worksheets:
        assert sheet.oddHeader.left.text == "R&&G review (rg)"
        assert sheet.oddFooter.right.text == "Page &P of &N"


def test_the_empty_cells_of_the_year_and_mandate_grids_are_bordered(export) -> None:  # type: ignore[no-untyped-def]
    """The Timeline's years and the mandate matrix leave most cells empty; one conditional
    format borders them all (an empty bordered cell each made most of a large plan's file)."""
    workbook = load_workbook(export())
    for name, block in (("Timeline", "H5:P{last}"), ("Mandate coverage", "C4:S{last}")):
        sheet = workbook[name]
        [(ranges, [rule])] = [(str(cf.sqref), cf.rules) for cf in sheet.conditional_formatting]
        assert ranges == block.format(last=sheet.max_row)
        assert rule.formula == ["TRUE"] and rule.dxf.border.left.style == "thin"
        empty = sheet.cell(row=sheet.max_row, column=9)
        assert empty.value is None and not empty.has_style


def test_a_long_title_full_of_ampersands_still_fits_the_page_header(
    database, plan_service, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Excel refuses page headers over 255 characters: a title is cut (with …) after its
    ampersands are doubled, not before."""
    title = "A&B " * 60
    PlanEditor(database).apply(
        ChangeBuilder(database).new_plan("amp", title, date(2020, 1, 1), date(2020, 12, 31))
    )
    plan = plan_service.find_plan("amp")
    path = export_review_pack(plan_service, RegisterService(database), BaselineService(database),
                              plan.uuid, tmp_path / "amp.xlsx", today=TODAY)  # fmt: skip
    sheet = load_workbook(path)["Activity matrix"]
    heading = sheet.oddHeader.left.text
    assert heading.startswith("A&&B A&&B") and heading.endswith("…") and len(heading) <= 110
