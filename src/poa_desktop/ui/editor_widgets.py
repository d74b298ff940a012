"""Field widgets of the editor: each says ``committed`` when the user is done with a value
(Enter, leaving the field, picking from a list), never on every keystroke, and Escape
puts back the value that was shown. ``FieldErrorLabel`` shows a refusal beside a field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QWidget,
)

ERROR_COLOUR = "#c92a2a"


class FieldErrorLabel(QWidget):
    """Red text with a warning icon under a field; hidden while the field is fine."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"fieldError_{field}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._icon = QLabel()
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel()
        self._text.setObjectName(f"fieldErrorText_{field}")
        self._text.setWordWrap(True)
        palette = self._text.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self._text.setPalette(palette)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.setVisible(False)

    @property
    def text(self) -> str:
        return self._text.text() if self.isVisibleTo(self.parentWidget() or self) else ""

    def show_message(self, message: str) -> None:
        if self._icon.pixmap().isNull():  # drawn when first needed: most fields never err
            size = self.fontMetrics().height()
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._icon.setPixmap(icon.pixmap(QSize(size, size)))
        self._text.setText(message)
        self.setAccessibleName(message)
        self.setVisible(True)

    def clear(self) -> None:
        self._text.clear()
        self.setVisible(False)


class CommitLineEdit(QLineEdit):
    """A one-line field that commits on Enter or when focus leaves it."""

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shown = ""
        self.editingFinished.connect(self._finish)

    def set_value(self, text: str) -> None:
        """Show a stored value (this also ends the field's own typing history)."""
        self._shown = text
        position = self.cursorPosition() if self.text() == text else 0
        self.setText(text)
        self.setCursorPosition(min(position, len(text)))

    def value(self) -> str:
        return self.text()

    def is_modified(self) -> bool:
        return self.text() != self._shown

    def revert(self) -> None:
        self.setText(self._shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.is_modified():
            self.revert()
            return
        super().keyPressEvent(event)

    def _finish(self) -> None:
        if self.is_modified():
            self.committed.emit()


class CommitTextEdit(QPlainTextEdit):
    """A wrapping text field that grows with its text (between ``lines`` and ``max_lines``).

    With ``single_paragraph`` (titles) Enter commits and no line break can be typed;
    otherwise Enter starts a new line and Ctrl+Enter commits. Leaving the field commits.
    """

    committed = Signal()

    def __init__(
        self,
        name: str,
        *,
        lines: int = 2,
        max_lines: int = 6,
        single_paragraph: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shown = ""
        self._lines = lines
        self._max_lines = max_lines
        self._single = single_paragraph
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    def set_value(self, text: str) -> None:
        """Show a stored value (this also ends the field's own typing history)."""
        self._shown = text
        if self.toPlainText() != text:
            self.setPlainText(text)
        else:
            self.document().clearUndoRedoStacks()

    def value(self) -> str:
        text = self.toPlainText()
        return " ".join(text.split()) if self._single else text

    def is_modified(self) -> bool:
        return self.value() != self._shown

    def revert(self) -> None:
        self.setPlainText(self._shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.is_modified():
            self.revert()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if self._single or ctrl:
                if self.is_modified():
                    self.committed.emit()
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.is_modified() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.committed.emit()

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def _fit_height(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._lines, min(self._max_lines, self._line_count()))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * line + frame + 2)

    def _line_count(self) -> int:
        layout = self.document().documentLayout()
        height = layout.documentSize().height()  # in lines for a plain text document
        return max(1, int(height))


class OptionalDateEdit(QWidget):
    """A date, or none: a date field and a "No date" box. Commits on Enter, leaving the
    field, a pick in the calendar, or ticking the box."""

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shown: date | None = None
        self._fallback: date = date.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName(f"{name}Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.date_edit.setMaximumDate(QDate(2200, 12, 31))
        width = self.date_edit.fontMetrics().horizontalAdvance("88 Mmm 8888")
        self.date_edit.setMinimumWidth(width + 48)
        self.none_box = QCheckBox(self.tr("No date"))
        self.none_box.setObjectName(f"{name}None")
        layout.addWidget(self.date_edit)
        layout.addWidget(self.none_box)
        layout.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.date_edit.editingFinished.connect(self._finish)
        calendar = self.date_edit.calendarWidget()
        calendar.clicked.connect(lambda _d: QTimer.singleShot(0, self._finish))
        calendar.activated.connect(lambda _d: QTimer.singleShot(0, self._finish))
        self.none_box.toggled.connect(self._on_none_toggled)

    def allow_none(self, allowed: bool) -> None:
        """Offer "No date" or not (a key output and a milestone always have dates)."""
        self.none_box.setVisible(allowed)

    def set_value(self, value: date | None, fallback: date | None = None) -> None:
        """Show ``value``; ``fallback`` is the date offered when the user unticks "No date"."""
        self._shown = value
        self._fallback = fallback or value or date.today()
        shown = value or self._fallback
        self.none_box.blockSignals(True)
        self.date_edit.blockSignals(True)
        self.none_box.setChecked(value is None)
        self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.date_edit.setEnabled(value is not None)
        self.none_box.blockSignals(False)
        self.date_edit.blockSignals(False)

    def value(self) -> date | None:
        if self.none_box.isChecked():
            return None
        qdate = self.date_edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_date(self, value: date) -> None:
        """Type a date in (for tests and keyboard helpers); commits like the user would."""
        self.none_box.setChecked(False)
        self.date_edit.setDate(QDate(value.year, value.month, value.day))
        self._finish()

    def is_modified(self) -> bool:
        return self.value() != self._shown

    def _on_none_toggled(self, checked: bool) -> None:
        self.date_edit.setEnabled(not checked)
        self._finish()

    def _finish(self) -> None:
        if self.is_modified():
            self.committed.emit()


class ChoiceCombo(QComboBox):
    """A closed list of values with labels (and icons); commits on each pick."""

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shown: object = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(self._finish)

    def add_choice(self, label: str, value: object, icon: QIcon | None = None) -> None:
        if icon is None:
            self.addItem(label, value)
        else:
            self.addItem(icon, label, value)

    def set_value(self, value: object) -> None:
        self._shown = value
        index = self.findData(value)
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def value(self) -> object:
        return self.currentData()

    def choose(self, value: object) -> None:
        """Pick ``value`` as the user would (for keyboard helpers and tests)."""
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)
            self.activated.emit(index)

    def _finish(self, _index: int) -> None:
        if self.value() != self._shown:
            self.committed.emit()


class CommitSpinBox(QSpinBox):
    """A whole number; commits on Enter, leaving the field, or each arrow step (the steps
    merge into one undo step)."""

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._shown = 0
        self.setKeyboardTracking(False)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.valueChanged.connect(self._finish)

    def set_value(self, value: int) -> None:
        self._shown = value
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)

    def _finish(self, _value: int) -> None:
        if self.value() != self._shown:
            self.committed.emit()


class UndoPassThrough(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y reach the window's undo and redo when the
    focused field has no typing of its own to undo: after a field is saved, Ctrl+Z undoes
    the saved edit instead of being swallowed by the text box."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo) or _is_redo_key(event)
        if not (undo or redo):
            return False
        if _has_own_history(watched, undo=undo):
            return False
        event.ignore()
        return True


def _is_redo_key(event: QKeyEvent) -> bool:
    combo = event.keyCombination()
    ctrl = Qt.KeyboardModifier.ControlModifier
    shift_ctrl = ctrl | Qt.KeyboardModifier.ShiftModifier
    return (combo.key() == Qt.Key.Key_Y and combo.keyboardModifiers() == ctrl) or (
        combo.key() == Qt.Key.Key_Z and combo.keyboardModifiers() == shift_ctrl
    )


def _has_own_history(widget: QObject, *, undo: bool) -> bool:
    """Whether the widget itself has typing to undo (or redo)."""
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable() if undo else widget.isRedoAvailable()
    if isinstance(widget, QPlainTextEdit):
        document = widget.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    return False


class WheelGuard(QObject):
    """Lets the mouse wheel scroll the form instead of changing the spin box or combo the
    pointer happens to pass over (only a focused field takes the wheel)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return False


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" when there is not room (the full text is
    its tooltip), so that it never pushes other things out of a status bar."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._full) + 8
        return QSize(width, super().sizeHint().height())

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideLeft, max(0, self.width() - 8)
        )
        if shown != self.text():
            self.setText(shown)


def muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
