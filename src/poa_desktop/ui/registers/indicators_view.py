"""Indicators with baseline, target and progress, and below them the measurements of the
selected indicator."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QStyle, QWidget

from poa_desktop.domain.records import IndicatorRow, MeasurementRow
from poa_desktop.ui.registers.dialogs import MeasurementDialog
from poa_desktop.ui.registers.labels import tr
from poa_desktop.ui.registers.models import IndicatorTableModel, MeasurementTableModel
from poa_desktop.ui.registers.record_table import RecordTable
from poa_desktop.ui.registers.views import RegisterView, added_uuid

SP = QStyle.StandardPixmap


class IndicatorsView(RegisterView):
    """Add, edit and delete indicators; record and correct their measurements."""

    NAME = "indicators"

    def _build_body(self) -> QWidget:
        self._add_button = self._button(
            "Add",
            tr("Add indicator"),
            SP.SP_FileDialogNewFolder,
            self.add_indicator,
            tr("Add an indicator (Insert)"),
        )
        self._delete_button = self._button(
            "Delete",
            tr("Delete indicator"),
            SP.SP_TrashIcon,
            self.delete_indicator,
            tr("Delete the selected indicator (Delete)"),
        )
        self._separator()
        self._add_measurement_button = self._button(
            "AddMeasurement",
            tr("Add measurement…"),
            SP.SP_FileIcon,
            self.add_measurement,
            tr("Record a measurement of the selected indicator"),
        )
        self._delete_measurement_button = self._button(
            "DeleteMeasurement", tr("Delete measurement"), SP.SP_DialogDiscardButton,
            self.delete_measurement, tr("Delete the selected measurement"))  # fmt: skip

        self._model = IndicatorTableModel(self)
        self._table = self._table_for(
            RecordTable(self._model, self._settings, "indicatorsTable"),
            on_add=self.add_indicator,
            on_delete=self.delete_indicator,
        )
        self._table.setAccessibleName(tr("Indicators"))
        self._table.currentUuidChanged.connect(lambda _uuid: self._show_measurements())

        self._measurements_model = MeasurementTableModel(self)
        self._measurements_table = self._table_for(
            RecordTable(self._measurements_model, self._settings, "measurementsTable"),
            on_add=self.add_measurement,
            on_delete=self.delete_measurement,
        )
        self._measurements_table.setAccessibleName(tr("Measurements of the selected indicator"))
        self._measurements_table.set_empty_text(
            tr("No measurements yet. “Add measurement…” records one; progress is then "
               "shown against the baseline and the target.")
        )  # fmt: skip
        self._table.set_empty_text(tr("No indicators yet. “Add indicator” adds one."))
        self._measurements_heading = self._heading("measurementsHeading")
        self._measurements_heading.setBuddy(self._measurements_table)

        return self._split_with(self._measurements_heading, self._measurements_table)

    @property
    def measurements_table(self) -> RecordTable:
        return self._measurements_table

    # Reading

    def _load(self, plan_uuid: str) -> None:
        self._table.set_rows(self._reader.indicators(plan_uuid))
        self._show_measurements()

    def _clear(self) -> None:
        self._table.set_rows(())
        self._show_measurements()

    def _show_measurements(self) -> None:
        indicator: IndicatorRow | None = self._table.current_record()
        if indicator is None:
            self._measurements_table.set_rows(())
            self._measurements_heading.setText(tr("Measurements: select an indicator above"))
        else:
            self._measurements_table.set_rows(indicator.measurements)
            if indicator.measurements and not self._measurements_table.currentIndex().isValid():
                self._measurements_table.setCurrentIndex(
                    self._measurements_table.model().index(0, 0)
                )
            count = len(indicator.measurements)
            heading = tr("Measurements of {code}").format(code=indicator.code)
            if indicator.unit:
                heading += " " + tr("(in {unit})").format(unit=indicator.unit)
            if count:
                heading += ": " + (
                    tr("1 measurement") if count == 1 else tr("{n} measurements").format(n=count)
                )
            self._measurements_heading.setText(heading)
        self._update_actions()

    def _count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return tr("{total} indicators").format(total=total)
        return tr("{shown} of {total} indicators shown").format(shown=shown, total=total)

    def _update_actions(self) -> None:
        indicator = self._table.current_uuid()
        self._add_button.setEnabled(self._plan_uuid is not None)
        self._delete_button.setEnabled(indicator is not None)
        self._add_measurement_button.setEnabled(indicator is not None)
        self._delete_measurement_button.setEnabled(
            self._measurements_table.current_uuid() is not None
        )

    # Editing

    def add_indicator(self) -> None:
        plan = self._plan_uuid
        if plan is None:
            return
        change = self._build_and_submit(
            lambda: self._builder.new_indicator(plan, tr("New indicator"))
        )
        uuid = added_uuid(change)
        if uuid is not None:
            self._table.edit_cell(uuid, "title")

    def delete_indicator(self) -> None:
        indicator: IndicatorRow | None = self._table.current_record()
        if indicator is not None:
            self._delete("indicator", indicator.uuid, indicator.code)

    def add_measurement(self) -> None:
        indicator: IndicatorRow | None = self._table.current_record()
        if indicator is None:
            return
        dialog = MeasurementDialog(indicator.code, indicator.unit, date.today(), self)

        def accepted() -> None:
            value = dialog.value()
            if value is None:
                return
            measured_on, note = dialog.measured_on(), dialog.note()
            change = self._build_and_submit(
                lambda: self._builder.new_measurement(indicator.uuid, measured_on, value, note)
            )
            uuid = added_uuid(change)
            if uuid is not None:
                self._measurements_table.select_uuid(uuid)

        self._open_dialog(dialog, accepted)

    def delete_measurement(self) -> None:
        row: MeasurementRow | None = self._measurements_table.current_record()
        if row is not None:
            self._delete("measurement", row.uuid, row.measured_on.isoformat())
