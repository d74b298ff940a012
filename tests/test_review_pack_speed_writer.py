"""The review pack's fast worksheet (services/review_pack/fast_sheet.py) writes the same
bytes as XlsxWriter's own cell writers: it reaches into XlsxWriter's private structures,
so these tests are what notices an XlsxWriter release that changed them."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from poa_desktop.bench.portfolio import portfolio
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.plan_import import import_document
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.review_pack import cells, export_review_pack
from poa_desktop.services.review_pack.cells import Look, PackBook, SheetWriter
from poa_desktop.services.review_pack.fast_sheet import PackSheet, ReferenceSheet
from poa_desktop.services.review_pack.layout import Column
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path

TODAY = date(2024, 3, 1)


def _export(database: Database, plan_uuid: str, out: Path, baseline: str | None) -> bytes:
    export_review_pack(PlanService(database), RegisterService(database),
                       BaselineService(database), plan_uuid, out, baseline_name=baseline,
                       today=TODAY)  # fmt: skip
    return out.read_bytes()


def _fast_and_reference(
    monkeypatch: pytest.MonkeyPatch, database: Database, plan_uuid: str, folder: Path,
    baseline: str | None = None,
) -> tuple[bytes, bytes]:  # fmt: skip
    fast = _export(database, plan_uuid, folder / "fast.xlsx", baseline)
    original = PackBook.__init__

    def reference(self: PackBook) -> None:
        original(self)
        self.sheet_class = ReferenceSheet

    monkeypatch.setattr(PackBook, "__init__", reference)
    slow = _export(database, plan_uuid, folder / "reference.xlsx", baseline)
    return fast, slow


def _assert_same(fast: bytes, slow: bytes, folder: Path) -> None:
    if fast == slow:
        return
    (folder / "f.xlsx").write_bytes(fast)
    (folder / "s.xlsx").write_bytes(slow)
    with zipfile.ZipFile(folder / "f.xlsx") as f, zipfile.ZipFile(folder / "s.xlsx") as s:
        assert f.namelist() == s.namelist()
        for name in f.namelist():
            assert f.read(name) == s.read(name), f"{name} differs"
    raise AssertionError("same parts, different bytes")


def test_the_shipped_plans_pack_is_byte_for_byte_xlsxwriters(
    monkeypatch: pytest.MonkeyPatch, database: Database, shipped_plan: PlanRef, tmp_path: Path
) -> None:
    fast, slow = _fast_and_reference(monkeypatch, database, shipped_plan.uuid, tmp_path,
                                     "GB.312, November 2011")  # fmt: skip
    _assert_same(fast, slow, tmp_path)


def test_a_generated_portfolios_pack_is_byte_for_byte_xlsxwriters(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = open_database(url_for_path(tmp_path / "plan.sqlite"), seed=False).database
    try:
        plan = import_document(database, portfolio("S"))
        fast, slow = _fast_and_reference(monkeypatch, database, plan.uuid, tmp_path)
    finally:
        database.dispose()
    _assert_same(fast, slow, tmp_path)


def _every_kind_of_value(sheet_class: type) -> bytes:
    book = PackBook()
    book.sheet_class = sheet_class
    # A fixed creation time, as the export sets: else two books written either side of a
    # second differ in docProps/core.xml.
    book.workbook.set_properties({"created": datetime(2024, 3, 1)})
    writer = SheetWriter(book, "Values", [Column("A", 10), Column("B", 20)])
    values = [True, False, date(1900, 1, 15), date(2012, 5, 1), datetime(2013, 4, 2, 9, 30),
              float("inf"), float("nan"), 2.5, -7, 10**15, "=1+1", "x" * 20_000, "a\tb\r\nc",
              "", None, "_x0041_ & <b>"]  # fmt: skip
    for row, value in enumerate(values, start=4):
        writer.write(row, 2, value, writer.style(Look(bold=row % 2 == 0)))
    writer.put(40, 300, "far", fill="EEEEEE")
    writer.blanks(41, 1, 30, fill="EEEEEE")
    writer.set_height(60, 30)
    writer.finish(header_rows=(3, 3), last_row=60, last_column=2, freeze="A4",
                  heading="Heading", footer="Footer")  # fmt: skip
    return book.close()


def test_every_kind_of_value_the_writer_takes(tmp_path: Path) -> None:
    """Values and rows the plans above may not hold: booleans, old dates, date-times,
    infinities, a long text, a row with only a height, cells far apart."""
    fast = _every_kind_of_value(PackSheet)
    _assert_same(fast, _every_kind_of_value(ReferenceSheet), tmp_path)
    with zipfile.ZipFile(io.BytesIO(fast)) as pack:
        sheet = pack.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B4" s="' in sheet and 't="b"' in sheet and 'r="KN40"' in sheet


def test_the_writer_still_refuses_what_a_cell_cannot_hold(tmp_path: Path) -> None:
    writer = SheetWriter(PackBook(), "Values", [Column("A", 10)])
    with pytest.raises(Exception, match=r"Values!A4: the text holds the control character U\+0007"):
        writer.write(4, 1, "Bell\x07", writer.style())
    assert cells.MAX_CELL_TEXT == 32_767
