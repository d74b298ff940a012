"""Dependencies between items: which waits for which, how, and where the plan says so."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QWidget

from poa_desktop.domain.records import DependencyRow
from poa_desktop.ui.registers.dialogs import DependencyDialog
from poa_desktop.ui.registers.labels import pickable_items, tr
from poa_desktop.ui.registers.models import DependencyTableModel
from poa_desktop.ui.registers.record_table import RecordTable
from poa_desktop.ui.registers.views import RegisterView, added_uuid

SP = QStyle.StandardPixmap


class DependenciesView(RegisterView):
    """Add and delete dependencies; edit type, lag and the source's words in place;
    double-click From or To to select that item in the plan."""

    NAME = "dependencies"

    def _build_body(self) -> QWidget:
        self._add_button = self._button(
            "Add",
            tr("Add dependency…"),
            SP.SP_FileDialogNewFolder,
            self.add_dependency,
            tr("Add a dependency (Insert)"),
        )
        self._delete_button = self._button(
            "Delete",
            tr("Delete dependency"),
            SP.SP_TrashIcon,
            self.delete_dependency,
            tr("Delete the selected dependency (Delete)"),
        )
        self._separator()
        self._show_from_button = self._button(
            "ShowFrom",
            tr("Show From"),
            SP.SP_ArrowBack,
            lambda: self.show_end("from"),
            tr("Select the item that comes first in the plan"),
        )
        self._show_to_button = self._button(
            "ShowTo",
            tr("Show To"),
            SP.SP_ArrowForward,
            lambda: self.show_end("to"),
            tr("Select the item that waits in the plan"),
        )
        self._model = DependencyTableModel(self)
        self._table = self._table_for(
            RecordTable(self._model, self._settings, "dependenciesTable"),
            on_add=self.add_dependency,
            on_delete=self.delete_dependency,
        )
        self._table.setAccessibleName(tr("Dependencies"))
        self._table.set_empty_text(tr("No dependencies yet. “Add dependency…” adds one."))
        return self._table

    def _load(self, plan_uuid: str) -> None:
        self._table.set_rows(self._reader.dependencies(plan_uuid))

    def _clear(self) -> None:
        self._table.set_rows(())

    def _count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return tr("{total} dependencies").format(total=total)
        return tr("{shown} of {total} dependencies shown").format(shown=shown, total=total)

    def _update_actions(self) -> None:
        selected = self._table.current_uuid() is not None
        self._add_button.setEnabled(self._plan_uuid is not None)
        for button in (self._delete_button, self._show_from_button, self._show_to_button):
            button.setEnabled(selected)

    # Editing

    def add_dependency(self) -> None:
        plan = self._plan_uuid
        outline = self._outline()
        if plan is None or outline is None:
            return
        dialog = DependencyDialog(pickable_items(outline), self)
        current: DependencyRow | None = self._table.current_record()
        if current is not None:  # a common case: another successor of the same item
            dialog.from_combo.select_uuid(current.from_uuid)

        def accepted() -> None:
            first, then = dialog.from_uuid(), dialog.to_uuid()
            if first is None or then is None:
                return
            kind, lag, words = dialog.dependency_type(), dialog.lag_days(), dialog.source_text()
            change = self._build_and_submit(
                lambda: self._builder.new_dependency(plan, first, then, kind, lag, words)
            )
            uuid = added_uuid(change)
            if uuid is not None:
                self._table.select_uuid(uuid)

        self._open_dialog(dialog, accepted)

    def delete_dependency(self) -> None:
        row: DependencyRow | None = self._table.current_record()
        if row is not None:
            self._delete("dependency", row.uuid, f"{row.from_code} → {row.to_code}")

    def show_end(self, end: str) -> None:
        """Ask the window to select the From or To item of the current dependency."""
        row: DependencyRow | None = self._table.current_record()
        if row is not None:
            self.itemActivated.emit(row.from_uuid if end == "from" else row.to_uuid)
