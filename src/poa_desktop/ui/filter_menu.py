"""The filter bar's multi-select drop-downs: a menu of checkable choices under a button.

A ``ChoiceMenu`` starts with an "Any …" entry (which unticks everything) and a separator,
then one checkable action per choice. Ticks are read with ``checked()`` and set without
signals with ``check_only()``; a tick the user makes says ``ticksChanged``. ``menu_button``
puts a menu under a flat button whose text says how many choices are ticked.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QAction, QPaintEvent
from PySide6.QtWidgets import (
    QMenu,
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QWidget,
)

#: The number of ticks is shown after the title, then this arrow (the style's own small
#: corner arrow overlaps the text).
ARROW = "▾"


class ChoiceMenu(QMenu):
    """Checkable choices named ``<name>Filter_<value>`` after an ``<name>FilterAny`` entry."""

    #: The user ticked or unticked a choice, or chose "Any".
    ticksChanged = Signal()

    def __init__(self, name: str, any_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"{name}FilterMenu")
        self.setToolTipsVisible(True)
        self.any_action = QAction(any_text, self)
        self.any_action.setObjectName(f"{name}FilterAny")
        self.any_action.triggered.connect(self._untick_all)
        self.addAction(self.any_action)
        self.addSeparator()

    def add_choice(self, value: str, label: str, tooltip: str = "") -> QAction:
        action = QAction(escape_mnemonic(label), self)
        action.setObjectName(f"{self.name}Filter_{value!s}")
        action.setCheckable(True)
        action.setData(str(value))
        if tooltip:
            action.setToolTip(tooltip)
        action.toggled.connect(self._on_toggled)
        self.addAction(action)
        return action

    def set_choices(self, choices: Iterable[tuple[str, str] | tuple[str, str, str]]) -> None:
        """Offer these (value, label[, tooltip]) choices instead; a ticked value that is
        still offered stays ticked. Says nothing: the caller decides what changed."""
        ticked = self.checked()
        for action in self.choices():
            self.removeAction(action)
            action.deleteLater()
        for value, label, *rest in choices:
            action = self.add_choice(value, label, rest[0] if rest else label)
            with QSignalBlocker(action):
                action.setChecked(value in ticked)

    def choices(self) -> list[QAction]:
        return [action for action in self.actions() if action.isCheckable()]

    def checked(self) -> frozenset[str]:
        return frozenset(str(a.data()) for a in self.choices() if a.isChecked())

    def check_only(self, values: Iterable[str]) -> None:
        """Tick exactly these values (no signal)."""
        wanted = {str(value) for value in values}
        for action in self.choices():
            with QSignalBlocker(action):
                action.setChecked(str(action.data()) in wanted)

    def _on_toggled(self, _checked: bool) -> None:
        self.ticksChanged.emit()

    def _untick_all(self) -> None:
        self.check_only(())
        self.ticksChanged.emit()


class MenuButton(QToolButton):
    """A button that opens its menu at once and draws no menu arrow of the style's own
    (its text ends with one). Painted without a style sheet, so it follows the palette
    when the user switches between light and dark."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.features &= ~QStyleOptionToolButton.ToolButtonFeature.HasMenu
        QStylePainter(self).drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        indicator = self.style().pixelMetric(
            QStyle.PixelMetric.PM_MenuButtonIndicator, option, self
        )
        return QSize(hint.width() - indicator + 8, hint.height())  # 4 px either side


def menu_button(name: str, title: str, menu: QMenu) -> QToolButton:
    """A flat button named ``<name>FilterButton`` that opens ``menu`` at once."""
    button = MenuButton()
    button.setObjectName(f"{name}FilterButton")
    button.setAccessibleName(title)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setProperty("baseText", title)
    show_count(button, 0)
    return button


def show_count(button: QToolButton, count: int) -> None:
    """Show "Title ▾", or "Title (2) ▾" when two choices are ticked."""
    base = escape_mnemonic(str(button.property("baseText")))
    button.setText(f"{base} ({count}) {ARROW}" if count else f"{base} {ARROW}")


def escape_mnemonic(text: str) -> str:
    """``text`` shown as is on a button or in a menu, where "&" marks a shortcut letter
    ("Partners & MOUs", a partner called "Research & Training")."""
    return text.replace("&", "&&")
