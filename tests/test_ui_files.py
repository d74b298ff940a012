"""The File menu used as a coordinator would: export and import the plan (JSON), the review
pack (Excel) with its preview, the Gantt chart and network figures; each long step on a
worker thread with a progress dialog that can cancel it. Every test checks the files
written or what the database then holds.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QRunnable, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QProgressDialog, QPushButton

from poa_desktop.services.files import dump_json
from ui_driver import DialogAnswer, Services, child, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

BASELINE = "GB.312, November 2011"


@pytest.fixture
def services(database) -> Services:
    return Services.over(database)


@pytest.fixture
def window(qtbot, services, app_settings, tmp_path):
    app_settings.export_folder = str(tmp_path)
    return open_window(qtbot, services, app_settings)


class Chooser:
    """Stands for the platform's file dialog: answers with the paths a test sets."""

    def __init__(self) -> None:
        self.open: Path | None = None
        self.asked: list[str] = []

    def open_path(self, parent, title, start, filters):  # type: ignore[no-untyped-def]
        self.asked.append(filters)
        return self.open

    def save_path(self, parent, title, start, filters):  # type: ignore[no-untyped-def]
        raise AssertionError("the export dialog's path field is typed in these tests")


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def export_to(path: Path, **combos: str) -> DialogAnswer:
    """Answer the next export dialog: type the path, pick the options, press Save."""

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        child(dialog, QLineEdit, "exportPathEdit").setText(str(path))
        for name, value in combos.items():
            combo = child(dialog, QComboBox, name)
            index = combo.findData(value)
            assert index >= 0, f"{value!r} is not offered in {name}"
            combo.setCurrentIndex(index)
        child(dialog, QPushButton, "exportSaveButton").click()

    return DialogAnswer(answer, "exportDialog")


def wait_jobs(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30000)


def no_partial_files(folder: Path) -> bool:
    return not [path for path in folder.iterdir() if ".partial-" in path.name]


# --- the plan as JSON -------------------------------------------------------------------------


def test_export_the_plan_as_json(window, qtbot, services, tmp_path) -> None:
    target = tmp_path / "plan.json"
    answerer = export_to(target)
    action(window, "actionExportJson").trigger()
    answerer.check()
    wait_jobs(qtbot, window)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document == json.loads(dump_json(services.plans.document(services.plan().uuid)))
    assert str(target) in window.statusBar().currentMessage()
    assert no_partial_files(tmp_path)


def test_import_a_new_plan_from_json_then_undo(window, qtbot, services, tmp_path) -> None:
    shipped = services.plan()
    successor = services.builder.duplicate_plan(shipped.uuid, "ilo-ss-2020-25", "Plan 2020–25")
    source = tmp_path / "successor.json"
    source.write_text(dump_json(successor.document), encoding="utf-8")
    window.files.chooser = chooser = Chooser()
    chooser.open = source
    action(window, "actionImportJson").trigger()
    wait_jobs(qtbot, window)
    new = services.plans.find_plan("ilo-ss-2020-25")
    assert services.plans.counts(new.uuid) == services.plans.counts(shipped.uuid)
    assert window.plan is not None and window.plan.uuid == new.uuid
    assert window.session.stack.count() == 1
    window.session.undo()
    assert {plan.code for plan in services.plans.list_plans()} == {shipped.code}
    assert window.plan.uuid == shipped.uuid


def test_import_a_plan_with_the_same_code_asks_before_replacing(
    window, qtbot, services, tmp_path
) -> None:
    shipped = services.plan()
    document = services.plans.document(shipped.uuid)
    activity = next(row for row in document["activities"] if row["code"] == "I.1")
    activity["title"] = "Recommendation on social protection floors (revised in the file)"
    source = tmp_path / "revised.json"
    source.write_text(dump_json(document), encoding="utf-8")
    window.files.chooser = chooser = Chooser()
    chooser.open = source

    answerer = DialogAnswer(lambda box: box.reject(), "replacePlanDialog")
    action(window, "actionImportJson").trigger()
    wait_jobs(qtbot, window)
    answerer.check()
    assert services.item("I.1").title.startswith("Development of and discussion")
    assert window.session.stack.count() == 0

    texts: list[str] = []

    def replace(box) -> None:  # type: ignore[no-untyped-def]
        texts.append(box.text())
        child(box, QPushButton, "replacePlanButton").click()

    answerer = DialogAnswer(replace, "replacePlanDialog")
    action(window, "actionImportJson").trigger()
    wait_jobs(qtbot, window)
    answerer.check()
    assert shipped.code in texts[0]
    assert services.item("I.1").title.endswith("(revised in the file)")
    assert len(services.plans.list_plans()) == 1
    assert window.plan.uuid == shipped.uuid
    window.session.undo()  # one step puts the old plan back
    assert services.item("I.1").title.startswith("Development of and discussion")


def test_a_broken_json_file_is_a_message_and_changes_nothing(
    window, qtbot, services, tmp_path
) -> None:
    source = tmp_path / "broken.json"
    source.write_text('{"format": "poa-desktop/plan", "plan": ', encoding="utf-8")
    window.files.chooser = chooser = Chooser()
    chooser.open = source
    before = services.plans.document(services.plan().uuid)
    action(window, "actionImportJson").trigger()
    wait_jobs(qtbot, window)
    box = child(window, QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert "broken.json: not valid JSON at line 1" in box.text()
    assert services.plans.document(services.plan().uuid) == before


# --- the review pack --------------------------------------------------------------------------


def test_export_the_review_pack_with_the_changes_since_a_baseline(window, qtbot, tmp_path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "pack.xlsx"
    answerer = export_to(target, exportBaselineCombo=BASELINE)
    action(window, "actionExportReviewPack").trigger()
    answerer.check()
    wait_jobs(qtbot, window)
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames[:3] == ["Activity matrix", "Timeline", "Key outputs"]
    assert any(name.startswith("Changes since GB.312") for name in workbook.sheetnames)
    assert no_partial_files(tmp_path)


def _edited_pack(services: Services, folder: Path, change) -> Path:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = folder / "edited.xlsx"
    plan = services.plan()
    services.files.export_review_pack(plan.uuid, path, None, lambda *_: None, lambda: False)
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def _set(workbook: Any, sheet: str, code: str, header: str, value: Any) -> str:
    ws = workbook[sheet]
    headers = {
        str(cell.value).split("\n")[0]: cell.column
        for row in ws.iter_rows(max_row=6)
        for cell in row
        if isinstance(cell.value, str)
    }
    code_column = headers["Code"]
    row = next(r[0].row for r in ws.iter_rows() if ws.cell(r[0].row, code_column).value == code)
    cell = ws.cell(row=row, column=next(c for h, c in headers.items() if h.startswith(header)))
    cell.value = value
    return cell.coordinate


def test_import_a_review_pack_shows_the_differences_then_applies_one_step(
    window, qtbot, services, tmp_path
) -> None:
    def edits(workbook: Any) -> None:
        _set(workbook, "Timeline", "II.2(ii)", "Start", datetime(2014, 1, 1))
        _set(workbook, "Key outputs", "KO3", "Status", "Completed")

    path = _edited_pack(services, tmp_path, edits)
    window.files.chooser = chooser = Chooser()
    chooser.open = path
    shown: list[str] = []

    def look_then_cancel(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.model
        shown.extend(
            " | ".join(model.index(row, column).data() for column in range(3))
            for row in range(model.rowCount())
        )
        child(dialog, QPushButton, "cancelImportButton").click()

    answerer = DialogAnswer(look_then_cancel, "reviewPackPreview")
    action(window, "actionImportReviewPack").trigger()
    qtbot.waitUntil(lambda: answerer.called, timeout=30000)
    answerer.check()
    assert any(line.startswith("Timeline!F") and "II.2(ii)" in line for line in shown)
    assert any("KO3 status: Not started → Completed" in line for line in shown)
    assert services.item("KO3").status == "not_started"  # nothing before it is applied
    assert chooser.asked == ["Excel workbook (*.xlsx)"]

    answerer = DialogAnswer(
        lambda dialog: child(dialog, QPushButton, "applyImportButton").click(),
        "reviewPackPreview",
    )
    action(window, "actionImportReviewPack").trigger()
    qtbot.waitUntil(lambda: answerer.called, timeout=30000)
    answerer.check()
    qtbot.waitUntil(lambda: services.item("KO3").status == "completed")
    assert services.item("II.2(ii)").start.isoformat() == "2014-01-01"
    assert window.session.stack.count() == 1
    window.session.undo()  # the whole import in one step
    assert services.item("KO3").status == "not_started"
    assert services.item("II.2(ii)").start.isoformat() == "2013-01-01"


def test_a_cell_the_import_cannot_read_is_named_by_sheet_row_and_column(
    window, qtbot, services, tmp_path
) -> None:
    where: list[str] = []
    path = _edited_pack(
        services,
        tmp_path,
        lambda workbook: where.append(_set(workbook, "Timeline", "II.2(iv)", "Start", "next year")),
    )
    before = services.plans.document(services.plan().uuid)
    window.files.chooser = chooser = Chooser()
    chooser.open = path
    action(window, "actionImportReviewPack").trigger()
    wait_jobs(qtbot, window)
    box = child(window, QMessageBox, "fileProblemsDialog")
    qtbot.waitUntil(box.isVisible)
    assert "nothing was changed" in box.text()
    assert f"Timeline!{where[0]}: 'next year' is not a date or a year" in box.informativeText()
    assert services.plans.document(services.plan().uuid) == before
    box.close()


# --- progress and cancel ----------------------------------------------------------------------


class Blocker(QRunnable):
    """Holds the window's one worker thread until released, so a test can cancel a job
    before it starts, as a user pressing Cancel at once would."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(30)


def test_cancelling_an_export_leaves_no_file(window, qtbot, tmp_path) -> None:
    blocker = Blocker()
    window.jobs.pool.start(blocker)
    target = tmp_path / "pack.xlsx"
    answerer = export_to(target)
    action(window, "actionExportReviewPack").trigger()
    answerer.check()
    dialog = window.findChild(QProgressDialog, "jobProgressDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)  # shown while the job waits
    assert dialog.labelText() == "Writing pack.xlsx…"
    qtbot.mouseClick(child(dialog, QPushButton, "jobCancelButton"), Qt.MouseButton.LeftButton)
    blocker.release.set()
    wait_jobs(qtbot, window)
    assert not target.exists()
    assert no_partial_files(tmp_path)
    assert "cancelled; nothing was written" in window.statusBar().currentMessage()


def test_cancelling_an_export_keeps_the_older_file(window, qtbot, tmp_path) -> None:
    target = tmp_path / "chart.svg"
    target.write_text("the older chart", encoding="utf-8")
    blocker = Blocker()
    window.jobs.pool.start(blocker)
    answerer = export_to(target)
    action(window, "actionExportGantt").trigger()
    answerer.check()
    dialog = window.jobs.jobs[-1].dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(child(dialog, QPushButton, "jobCancelButton"), Qt.MouseButton.LeftButton)
    blocker.release.set()
    wait_jobs(qtbot, window)
    assert target.read_text(encoding="utf-8") == "the older chart"
    assert no_partial_files(tmp_path)


# --- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "paper", "magic"),
    [("chart.pdf", "a4", b"%PDF"), ("chart.png", "a3", b"\x89PNG"), ("chart.svg", "a4", b"<?xml")],
)
def test_export_the_gantt_chart(window, qtbot, tmp_path, name, paper, magic) -> None:
    target = tmp_path / name
    answerer = export_to(target, exportPaperCombo=paper)
    action(window, "actionExportGantt").trigger()
    answerer.check()
    wait_jobs(qtbot, window)
    assert target.read_bytes().startswith(magic)
    if name.endswith(".png"):
        from PySide6.QtGui import QImage

        image = QImage(str(target))
        assert image.width() > image.height() > 2000  # A3 landscape at 200 dpi


def test_export_a_network_figure_and_graphml(window, qtbot, tmp_path) -> None:
    import networkx as nx

    figure = tmp_path / "partners.png"
    answerer = export_to(figure, exportLensCombo="partners", exportPaperCombo="a4")
    action(window, "actionExportNetworkFigure").trigger()
    answerer.check()
    wait_jobs(qtbot, window)
    assert figure.read_bytes().startswith(b"\x89PNG")

    graph_file = tmp_path / "dependencies.graphml"
    answerer = export_to(graph_file, exportLensCombo="dependencies")
    action(window, "actionExportNetworkGraph").trigger()
    answerer.check()
    wait_jobs(qtbot, window)
    graph = nx.read_graphml(graph_file)
    labels = {data.get("label") for _node, data in graph.nodes(data=True)}
    assert {"KO6", "II.2(iv)"} <= labels


def test_an_export_to_a_missing_folder_is_refused_in_the_dialog(window, qtbot, tmp_path) -> None:
    seen: list[str] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        child(dialog, QLineEdit, "exportPathEdit").setText(str(tmp_path / "nowhere" / "x.json"))
        child(dialog, QPushButton, "exportSaveButton").click()
        seen.append(child(dialog, type(dialog.problem), "exportProblem").text())
        dialog.reject()

    answerer = DialogAnswer(answer, "exportDialog")
    action(window, "actionExportJson").trigger()
    answerer.check()
    assert "does not exist" in seen[0]
    assert not window.jobs.busy
