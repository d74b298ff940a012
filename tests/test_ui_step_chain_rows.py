"""The two pieces that keep an edit short on the GUI thread: the chain that brings the
other views up to date one per turn, and tables that measure a row's height once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QStringListModel, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView

from poa_desktop.ui.step_chain import StepChain
from poa_desktop.ui.table_rows import TextRowsTable, fit_rows_to_text


def test_steps_run_one_per_turn_and_a_new_run_replaces_the_rest(qtbot) -> None:
    chain = StepChain()
    ran: list[str] = []
    ticks = QTimer()  # the rest of the window: it gets a turn between two steps
    ticks.setInterval(0)
    ticks.timeout.connect(lambda: ran.append("tick"))
    ticks.start()
    chain.run([lambda: ran.append("a1"), lambda: ran.append("a2")])
    assert "a1" not in ran and chain.pending  # nothing before the event loop turns
    chain.run([lambda: ran.append("b1"), lambda: ran.append("b2")])  # a newer edit
    with qtbot.waitSignal(chain.finished):
        pass
    ticks.stop()
    steps = [entry for entry in ran if entry != "tick"]
    assert steps == ["b1", "b2"]  # the older steps were dropped
    between = ran[ran.index("b1") + 1 : ran.index("b2")]
    assert "tick" in between  # the window was served between the two steps
    assert not chain.pending


def test_flush_runs_what_is_left_now_and_cancel_forgets_it(qtbot) -> None:
    chain = StepChain()
    ran: list[int] = []
    chain.run([lambda: ran.append(1), lambda: ran.append(2)])
    with qtbot.waitSignal(chain.finished, timeout=100):
        chain.flush()
    assert ran == [1, 2]
    chain.run([lambda: ran.append(3)])
    chain.cancel()
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()
    assert ran == [1, 2] and not chain.pending


class CountingTable(TextRowsTable):
    def __init__(self) -> None:
        super().__init__()
        self.measured: list[int] = []

    def sizeHintForRow(self, row: int) -> int:
        before = len(self._row_heights)
        height = super().sizeHintForRow(row)
        if len(self._row_heights) > before:
            self.measured.append(row)
        return height


def table_of(texts: list[str], qtbot) -> tuple[CountingTable, QStringListModel]:  # type: ignore[no-untyped-def]
    table = CountingTable()
    qtbot.addWidget(table)
    model = QStringListModel(texts)
    table.setModel(model)
    table.setWordWrap(True)
    fit_rows_to_text(table)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(0, 120)
    table.resize(200, 300)
    table.show()
    qtbot.waitExposed(table)
    return table, model


def test_a_row_is_measured_again_only_when_its_text_or_width_changes(qtbot) -> None:
    long = "A memorandum of understanding with the regional social security association"
    table, model = table_of(["ISSA", long, "ILO"], qtbot)
    table.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    tall = table.rowHeight(1)
    assert tall > table.rowHeight(0)  # the long text wraps: its row is taller
    table.measured.clear()

    model.setData(model.index(2, 0), "OECD")  # one row's text changes
    table.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    assert table.measured == [2]  # the others are remembered

    table.measured.clear()
    table.setColumnWidth(0, 600)  # wider: the long text fits on one line
    table.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    assert sorted(table.measured) == [0, 1, 2]
    assert table.rowHeight(1) < tall


def test_a_font_change_measures_every_row_again(qtbot) -> None:
    table, _model = table_of(["ISSA", "ILO"], qtbot)
    table.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    small = table.rowHeight(0)
    table.measured.clear()
    font = QFont(table.font())
    font.setPointSize(font.pointSize() * 2)
    table.setFont(font)
    QCoreApplication.sendEvent(table, QEvent(QEvent.Type.FontChange))
    table.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    assert sorted(table.measured) == [0, 1]
    assert table.rowHeight(0) > small
