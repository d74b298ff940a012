"""The key outputs (Figure 1) as a table, over a ``PlanOutline``: the key outputs view's
model. Plain rows only, like the plan tree's model (``plan_tree_model``)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from poa_desktop.domain.enums import Status
from poa_desktop.domain.records import ItemRow, PlanOutline
from poa_desktop.ui.plan_tree_model import (
    ItemKindRole,
    percent_display,
    timing_display,
)
from poa_desktop.ui.record_models import Column, RecordTableModel
from poa_desktop.ui.status_style import status_icon, status_label

_ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTreeModel", text)  # its words' first context


class KeyOutputColumn(IntEnum):
    NUMBER = 0
    TITLE = 1
    COMPONENT = 2
    TIMING = 3
    STATUS = 4
    PERCENT = 5


#: Statuses sort in their vocabulary's order (not started, on track, ..., cancelled).
_STATUS_ORDER = {status: position for position, status in enumerate(Status)}


def _named(item: ItemRow) -> str:
    return f"{item.code}: {item.title}"


class KeyOutputTableModel(RecordTableModel):
    """The key outputs of Figure 1 as a flat, sortable table (``RecordTableModel`` columns,
    with each row's item kind and its number down the side)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column(
                    _tr("No."),
                    lambda r: r.code,
                    _named,
                    sort=lambda r: r.number if r.number is not None else 0,
                    align_right=True,
                ),
                Column(_tr("Title"), lambda r: r.title, _named),
                Column(_tr("Component"), lambda r: r.component_code or "", self._component_tip),
                Column(
                    _tr("Timing"),
                    timing_display,
                    _named,
                    sort=lambda r: r.start.isoformat() if r.start else "",
                ),
                Column(
                    _tr("Status"),
                    lambda r: status_label(r.status),
                    icon=lambda r: status_icon(r.status),
                    sort=lambda r: _STATUS_ORDER[r.status],
                ),
                Column(
                    _tr("%"),
                    percent_display,
                    _named,
                    sort=lambda r: r.percent_complete,
                    align_right=True,
                ),
            ),
            parent,
        )
        self._component_titles: dict[str, str] = {}

    def set_outline(self, outline: PlanOutline | None) -> None:
        self._component_titles = (
            {c.code: c.title for c in outline.components} if outline is not None else {}
        )
        self.set_rows(outline.key_outputs if outline is not None else ())

    def _component_tip(self, item: ItemRow) -> str:
        title = self._component_titles.get(item.component_code or "", "")
        return f"{item.component_code}: {title}" if title else item.component_code or ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.rows)
        ):
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ItemKindRole:
            item = self.row_at(index.row()) if index.isValid() else None
            return str(item.kind.value) if item is not None else None
        return super().data(index, role)
