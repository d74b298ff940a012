"""Cell editors of the register tables: a list of the allowed values for a closed
vocabulary, a calendar for dates (with a button to clear an optional date), a spin box for
whole days, a checked line edit for numbers.

Delegates only move a value between an editor and ``model.setData``; the model turns it
into a change, so an invalid value never reaches the database unnoticed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QDoubleValidator, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from poa_desktop.ui.registers.labels import ENUM_LABELS, number_text, parse_number, tr
from poa_desktop.ui.registers.table_model import (
    DATE,
    ENUM,
    INTEGER,
    NUMBER,
    OPTIONAL_DATE,
    OPTIONAL_NUMBER,
    Column,
    ShareRole,
)

_ModelIndex = QModelIndex | QPersistentModelIndex
#: The earliest date an editor offers; showing it means "no date" (its special text).
NO_DATE = QDate(1900, 1, 1)
DATE_FORMAT = "yyyy-MM-dd"
#: Longest lag a dependency may be given, in days (ten years either way).
MAX_LAG_DAYS = 3650


class EnumDelegate(QStyledItemDelegate):
    """A combo box of an enum's values, shown with their translated labels."""

    def __init__(self, enum: type[StrEnum], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._enum = enum

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("enumEditor")
        label = ENUM_LABELS[self._enum]
        for member in self._enum:
            combo.addItem(label(member), member.value)
        return combo

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _ModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DateEditor(QWidget):
    """A date with a calendar; an optional date also gets a "No date" button."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None, optional: bool) -> None:
        super().__init__(parent)
        self.setObjectName("dateEditor")
        self.setAutoFillBackground(True)
        self.edit = QDateEdit(self)
        self.edit.setObjectName("dateEdit")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setMinimumDate(NO_DATE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        self.clear_button: QToolButton | None = None
        if optional:
            self.edit.setSpecialValueText(tr("No date"))
            button = QToolButton(self)
            button.setObjectName("clearDateButton")
            button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton))
            button.setToolTip(tr("No date"))
            button.setAccessibleName(tr("Clear the date"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(self.clear)
            layout.addWidget(button)
            self.clear_button = button
        self.setFocusProxy(self.edit)

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(QDate(value) if value is not None else NO_DATE)

    def value(self) -> date | None:
        current = self.edit.date()
        return None if current <= NO_DATE else current.toPython()

    def clear(self) -> None:
        self.edit.setDate(NO_DATE)
        self.cleared.emit()


class DateDelegate(QStyledItemDelegate):
    """Dates as yyyy-MM-dd with a calendar; ``optional`` dates can be cleared."""

    def __init__(self, optional: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._optional = optional

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> QWidget:
        editor = DateEditor(parent, self._optional)
        editor.cleared.connect(lambda: self._finish(editor))
        return editor

    def _finish(self, editor: DateEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        assert isinstance(editor, DateEditor)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        if value is None and not self._optional:
            value = date.today()
        editor.set_value(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _ModelIndex) -> None:
        assert isinstance(editor, DateEditor)
        value = editor.value()
        if value is None and not self._optional:
            return
        model.setData(index, QDate(value) if value is not None else None)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> None:
        # The calendar button and the clear button need more room than a date column.
        hint = editor.sizeHint()
        rect = option.rect
        editor.setGeometry(
            rect.x(), rect.y(), max(rect.width(), hint.width()), max(rect.height(), hint.height())
        )


class LagDelegate(QStyledItemDelegate):
    """Whole days, negative for an overlap."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setObjectName("lagEditor")
        spin.setRange(-MAX_LAG_DAYS, MAX_LAG_DAYS)
        spin.setSuffix(tr(" days"))
        return spin

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _ModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value())


class NumberDelegate(QStyledItemDelegate):
    """A number typed in the user's locale; an optional number may be left empty."""

    def __init__(self, optional: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._optional = optional

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> QWidget:
        line = QLineEdit(parent)
        line.setObjectName("numberEditor")
        validator = QDoubleValidator(line)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale())
        line.setValidator(validator)
        if self._optional:
            line.setPlaceholderText(tr("none"))
        return line

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText(number_text(value) if isinstance(value, int | float) else "")
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _ModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        try:
            value = parse_number(editor.text())
        except ValueError:
            return
        if value is None and not self._optional:
            return
        model.setData(index, value)


class ShareDelegate(QStyledItemDelegate):
    """The cell's text with a thin bar along its foot showing the share (0 to 1); the text
    says the number, so the bar is never the only cue."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        super().paint(painter, option, index)
        share = index.data(ShareRole)
        if not isinstance(share, int | float):
            return
        rect = option.rect.adjusted(4, 0, -4, -3)
        track = QRect(rect.left(), rect.bottom() - 3, rect.width(), 4)
        filled = QRect(track)
        filled.setWidth(round(track.width() * min(1.0, max(0.0, float(share)))))
        palette = option.palette
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(track)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        )
        painter.setBrush(color)
        painter.drawRect(filled)
        painter.restore()


def delegate_for(column: Column[Any], parent: QObject) -> QStyledItemDelegate | None:
    """The delegate a column's editor kind needs (None: the default line edit)."""
    if column.share is not None:
        return ShareDelegate(parent)
    if not column.editable:
        return None
    if column.editor == ENUM and column.enum is not None:
        return EnumDelegate(column.enum, parent)
    if column.editor in (DATE, OPTIONAL_DATE):
        return DateDelegate(column.editor == OPTIONAL_DATE, parent)
    if column.editor == INTEGER:
        return LagDelegate(parent)
    if column.editor in (NUMBER, OPTIONAL_NUMBER):
        return NumberDelegate(column.editor == OPTIONAL_NUMBER, parent)
    return None
