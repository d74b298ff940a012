"""The find-and-filter bar above every view: a search field and the plan's filters.

The bar only gathers what the user asked for into a ``FilterCriteria`` and emits it; the
window turns it into a predicate per view (``domain.filters.predicate_for``) and hands that
to each view's ``RecordFilterProxy``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import GenderMarker, Status
from poa_desktop.domain.filters import APPLICABLE, BIENNIA, FilterCriteria
from poa_desktop.domain.records import ComponentRow, PartnerRow
from poa_desktop.ui.status_style import status_label

#: How long typing must pause before the views filter again.
TYPING_DELAY_MS = 150
#: The years the From/To boxes offer until ``set_year_span`` is given the plan's period.
DEFAULT_YEAR_SPAN = (2011, 2019)
_PARTNER_LABEL_WIDTH = 44


class FilterBar(QWidget):
    """Search field, filter menus, biennium and year range, Clear, and a summary line.

    ``criteriaChanged(FilterCriteria)`` fires 150 ms after typing pauses and at once for
    every other control; it fires only when the criteria really changed.
    """

    criteriaChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._emitted = FilterCriteria()
        self._match_count: int | None = None
        self._kind: str | None = None
        self._first_year, self._last_year = DEFAULT_YEAR_SPAN

        self._typing = QTimer(self)
        self._typing.setObjectName("searchDelay")
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit_if_changed)

        self._build()
        self._update_summary()

    # Construction

    def _build(self) -> None:
        self._search = QLineEdit()
        self._search.setObjectName("searchField")
        self._search.setPlaceholderText(self.tr("Find (Ctrl+F): code, title, partner, note"))
        self._search.setClearButtonEnabled(True)
        self._search.setAccessibleName(self.tr("Find"))
        self._search.setToolTip(
            self.tr(
                "Every word must occur in a row: its code, title, timing, partners or "
                "progress notes. Case and accents do not matter."
            )
        )
        self._search.setMinimumWidth(220)
        self._search.textChanged.connect(self._on_text_changed)
        self._search.returnPressed.connect(self._flush_typing)
        clear_text = QAction(self._search)
        clear_text.setObjectName("actionClearSearch")
        clear_text.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_text.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_text.triggered.connect(self._search.clear)
        self._search.addAction(clear_text)

        self.findAction = QAction(self.tr("&Find…"), self)
        self.findAction.setObjectName("actionFind")
        self.findAction.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.findAction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.findAction.setStatusTip(self.tr("Find rows by code, title, partner or note"))
        self.findAction.triggered.connect(self.focus_search)
        self.addAction(self.findAction)  # works before the window puts it in a menu

        self._component_menu, self._component_button = self._filter_menu(
            "component", self.tr("Component"), self.tr("Any component")
        )
        self._partner_menu, self._partner_button = self._filter_menu(
            "partner", self.tr("Partner"), self.tr("Any partner")
        )
        self._status_menu, self._status_button = self._filter_menu(
            "status", self.tr("Status"), self.tr("Any status")
        )
        for status in Status:
            self._add_choice(self._status_menu, "status", status.value, status_label(status))
        self._gender_menu, self._gender_button = self._filter_menu(
            "gender", self.tr("Gender"), self.tr("Any gender marker")
        )
        for marker, label in self._gender_labels().items():
            self._add_choice(self._gender_menu, "gender", marker.value, label)
        self._gender_button.setToolTip(self.tr("Gender equality marker"))

        self._biennium = QComboBox()
        self._biennium.setObjectName("bienniumCombo")
        self._biennium.setAccessibleName(self.tr("Biennium"))
        self._biennium.setToolTip(self.tr("Keep what is planned during a biennium"))
        self._biennium.setPlaceholderText(self.tr("Other years"))
        self._biennium.addItem(self.tr("All biennia"), None)
        for label, first, last in BIENNIA:
            self._biennium.addItem(label, (first, last))
        self._biennium.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._biennium.currentIndexChanged.connect(self._on_biennium_chosen)

        self._from_year = self._year_box("yearFromSpin", self.tr("From year"))
        self._to_year = self._year_box("yearToSpin", self.tr("To year"))
        from_label = QLabel(self.tr("From"))
        from_label.setObjectName("yearFromLabel")
        from_label.setBuddy(self._from_year)
        to_label = QLabel(self.tr("to"))
        to_label.setObjectName("yearToLabel")
        to_label.setBuddy(self._to_year)
        self._set_year_limits()

        self._clear = QPushButton(self.tr("Clear filters"))
        self._clear.setObjectName("clearFiltersButton")
        self._clear.setToolTip(self.tr("Show every row again"))
        self._clear.clicked.connect(self.clear)

        self._summary = QLabel()
        self._summary.setObjectName("filterSummary")
        self._summary.setTextFormat(Qt.TextFormat.PlainText)
        self._summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = self._summary.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self._summary.setFont(font)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(6)
        controls.addWidget(self._search, 1)
        for button in (
            self._component_button,
            self._partner_button,
            self._status_button,
            self._gender_button,
        ):
            controls.addWidget(button)
        controls.addSpacing(6)
        controls.addWidget(self._biennium)
        controls.addWidget(from_label)
        controls.addWidget(self._from_year)
        controls.addWidget(to_label)
        controls.addWidget(self._to_year)
        controls.addSpacing(6)
        controls.addWidget(self._clear)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self._summary)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _filter_menu(self, name: str, title: str, any_text: str) -> tuple[QMenu, QToolButton]:
        menu = QMenu(self)
        menu.setObjectName(f"{name}FilterMenu")
        menu.setToolTipsVisible(True)
        any_action = QAction(any_text, menu)
        any_action.setObjectName(f"{name}FilterAny")
        any_action.triggered.connect(lambda _checked=False, m=menu: self._uncheck_all(m))
        menu.addAction(any_action)
        menu.addSeparator()
        button = QToolButton()
        button.setObjectName(f"{name}FilterButton")
        button.setAccessibleName(title)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The style's small corner arrow overlaps the text; a ▾ after it reads better.
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        button.setProperty("baseText", title)
        button.setText(f"{title} ▾")
        return menu, button

    def _add_choice(self, menu: QMenu, name: str, value: str, label: str) -> QAction:
        action = QAction(label, menu)
        action.setObjectName(f"{name}Filter_{value}")
        action.setCheckable(True)
        action.setData(value)
        action.toggled.connect(self._on_choice_toggled)
        menu.addAction(action)
        return action

    def _year_box(self, name: str, accessible: str) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setSpecialValueText(self.tr("Any"))
        box.setAccelerated(True)
        box.setKeyboardTracking(False)
        box.valueChanged.connect(self._on_years_changed)
        return box

    def _gender_labels(self) -> dict[GenderMarker, str]:
        return {
            GenderMarker.PRINCIPAL: self.tr("Principal"),
            GenderMarker.SIGNIFICANT: self.tr("Significant"),
            GenderMarker.NOT_TARGETED: self.tr("Not targeted"),
            GenderMarker.NOT_SCREENED: self.tr("Not screened"),
        }

    # Public API

    @property
    def search_field(self) -> QLineEdit:
        return self._search

    def focus_search(self) -> None:
        """Put the cursor in the search field with its text selected (Ctrl+F)."""
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def set_components(self, rows: Iterable[ComponentRow]) -> None:
        """Offer these components (a plan was opened or edited); keeps what is still there."""
        choices = [(row.code, f"{row.code} — {row.title}") for row in rows if row.code]
        self._fill(self._component_menu, "component", choices)

    def set_partners(self, rows: Iterable[PartnerRow]) -> None:
        """Offer these partners (``RegisterService.partners``); keeps what is still there."""
        choices = [(row.code, self._partner_text(row)) for row in rows if row.code]
        self._fill(self._partner_menu, "partner", choices)

    def set_year_span(self, first: int, last: int) -> None:
        """Offer the years of the plan's period in the From/To boxes."""
        self._first_year, self._last_year = min(first, last), max(first, last)
        self._set_year_limits()
        self._after_control_change()

    def set_applicable(self, kind: str | None) -> None:
        """Grey out the controls that do not apply to the view showing rows of ``kind``
        (see ``domain.filters.APPLICABLE``); None enables every control."""
        self._kind = kind
        applicable = APPLICABLE[kind] if kind is not None else APPLICABLE["item"]
        note = self.tr("Does not apply to this view")
        for widgets, criterion in (
            ((self._search,), "text"),
            ((self._component_button,), "components"),
            ((self._partner_button,), "partners"),
            ((self._status_button,), "statuses"),
            ((self._gender_button,), "gender_markers"),
            ((self._biennium, self._from_year, self._to_year), "years"),
        ):
            for widget in widgets:
                widget.setEnabled(criterion in applicable)
                widget.setStatusTip("" if criterion in applicable else note)
        self._update_summary()

    def set_match_count(self, count: int | None) -> None:
        """Show how many rows of the current view match (None hides the count)."""
        self._match_count = count
        self._update_summary()

    def criteria(self) -> FilterCriteria:
        """What the controls say now (including text still waiting for the typing delay)."""
        first = self._year_value(self._from_year)
        last = self._year_value(self._to_year)
        return FilterCriteria(
            text=self._search.text().strip(),
            components=self._checked(self._component_menu),
            partners=self._checked(self._partner_menu),
            statuses=frozenset(Status(value) for value in self._checked(self._status_menu)),
            gender_markers=frozenset(
                GenderMarker(value) for value in self._checked(self._gender_menu)
            ),
            first_year=first,
            last_year=last,
        )

    def set_criteria(self, criteria: FilterCriteria) -> None:
        """Show these criteria in the controls (emits once if they differ)."""
        blockers = [
            QSignalBlocker(widget)
            for widget in (self._search, self._biennium, self._from_year, self._to_year)
        ]
        self._search.setText(criteria.text)
        for menu, values in (
            (self._component_menu, criteria.components),
            (self._partner_menu, criteria.partners),
            (self._status_menu, {status.value for status in criteria.statuses}),
            (self._gender_menu, {marker.value for marker in criteria.gender_markers}),
        ):
            self._check_only(menu, values)
        self._from_year.setValue(criteria.first_year or self._from_year.minimum())
        self._to_year.setValue(criteria.last_year or self._to_year.minimum())
        for blocker in blockers:
            blocker.unblock()
        self._sync_biennium()
        self._after_control_change()

    def clear(self) -> None:
        """Forget the search text and every filter."""
        self.set_criteria(FilterCriteria())

    # Reacting to the controls

    def _on_text_changed(self, _text: str) -> None:
        self._update_summary()
        self._typing.start()

    def _flush_typing(self) -> None:
        self._typing.stop()
        self._emit_if_changed()

    def _on_choice_toggled(self, _checked: bool) -> None:
        self._after_control_change()

    def _uncheck_all(self, menu: QMenu) -> None:
        self._check_only(menu, set())
        self._after_control_change()

    def _on_biennium_chosen(self, index: int) -> None:
        if index < 0:
            return
        years = self._biennium.itemData(index)
        with QSignalBlocker(self._from_year), QSignalBlocker(self._to_year):
            if years is None:
                self._from_year.setValue(self._from_year.minimum())
                self._to_year.setValue(self._to_year.minimum())
            else:
                self._from_year.setValue(years[0])
                self._to_year.setValue(years[1])
        self._after_control_change()

    def _on_years_changed(self, _value: int) -> None:
        self._sync_biennium()
        self._after_control_change()

    def _after_control_change(self) -> None:
        """Filters other than typing apply at once (with any text typed so far)."""
        self._typing.stop()
        self._update_buttons()
        self._emit_if_changed()

    def _emit_if_changed(self) -> None:
        criteria = self.criteria()
        self._update_summary(criteria)
        if criteria != self._emitted:
            self._emitted = criteria
            self.criteriaChanged.emit(criteria)

    # Helpers

    def _fill(self, menu: QMenu, name: str, choices: list[tuple[str, str]]) -> None:
        checked = self._checked(menu)
        for action in self._choices(menu):
            menu.removeAction(action)
            action.deleteLater()
        for value, label in choices:
            action = self._add_choice(menu, name, value, label)
            with QSignalBlocker(action):
                action.setChecked(value in checked)
            action.setToolTip(label)
        self._after_control_change()

    def _partner_text(self, row: PartnerRow) -> str:
        name = (
            row.name
            if len(row.name) <= _PARTNER_LABEL_WIDTH
            else row.name[: _PARTNER_LABEL_WIDTH - 1] + "…"
        )
        return f"{row.code} — {name}" if name and name != row.code else row.code

    @staticmethod
    def _choices(menu: QMenu) -> list[QAction]:
        return [action for action in menu.actions() if action.isCheckable()]

    def _checked(self, menu: QMenu) -> frozenset[str]:
        return frozenset(str(a.data()) for a in self._choices(menu) if a.isChecked())

    def _check_only(self, menu: QMenu, values: Iterable[str]) -> None:
        wanted = set(values)
        for action in self._choices(menu):
            with QSignalBlocker(action):
                action.setChecked(str(action.data()) in wanted)

    def _set_year_limits(self) -> None:
        for box in (self._from_year, self._to_year):
            with QSignalBlocker(box):
                value = box.value()
                box.setRange(self._first_year - 1, self._last_year)  # minimum means "Any"
                box.setValue(value if value >= self._first_year else box.minimum())
        self._sync_biennium()

    @staticmethod
    def _year_value(box: QSpinBox) -> int | None:
        return None if box.value() == box.minimum() else box.value()

    def _sync_biennium(self) -> None:
        years = (self._year_value(self._from_year), self._year_value(self._to_year))
        index = self._biennium.findData(None) if years == (None, None) else -1
        for row in range(self._biennium.count()):
            if self._biennium.itemData(row) == years:
                index = row
        with QSignalBlocker(self._biennium):
            self._biennium.setCurrentIndex(index)

    def _update_buttons(self) -> None:
        for menu, button in (
            (self._component_menu, self._component_button),
            (self._partner_menu, self._partner_button),
            (self._status_menu, self._status_button),
            (self._gender_menu, self._gender_button),
        ):
            count = len(self._checked(menu))
            base = str(button.property("baseText"))
            button.setText(f"{base} ({count}) ▾" if count else f"{base} ▾")

    def _update_summary(self, criteria: FilterCriteria | None = None) -> None:
        criteria = criteria or self.criteria()
        self._clear.setEnabled(criteria.active)
        if not criteria.active:
            self._summary.setText(self.tr("No filter: every row is shown."))
            self._summary.setToolTip("")
            return
        parts: list[str] = []
        if criteria.text:
            parts.append(self.tr("text “{text}”").format(text=criteria.text))
        if criteria.components:
            parts.append(
                self.tr("component {codes}").format(codes=", ".join(sorted(criteria.components)))
            )
        if criteria.partners:
            parts.append(
                self.tr("partner {codes}").format(codes=", ".join(sorted(criteria.partners)))
            )
        if criteria.statuses:
            names = [status_label(s) for s in Status if s in criteria.statuses]
            parts.append(self.tr("status {names}").format(names=", ".join(names)))
        if criteria.gender_markers:
            labels = self._gender_labels()
            names = [labels[m] for m in labels if m in criteria.gender_markers]
            parts.append(self.tr("gender marker {names}").format(names=", ".join(names)))
        first, last = criteria.years
        if criteria.biennium is not None:
            parts.append(self.tr("biennium {label}").format(label=criteria.biennium))
        elif first is not None and last is not None:
            parts.append(self.tr("years {first}–{last}").format(first=first, last=last))
        elif first is not None:
            parts.append(self.tr("from {year}").format(year=first))
        elif last is not None:
            parts.append(self.tr("until {year}").format(year=last))
        text = self.tr("Filtered by {parts}").format(parts=" · ".join(parts))
        if self._match_count is not None:
            text += " " + (
                self.tr("— 1 matching row")
                if self._match_count == 1
                else self.tr("— {n} matching rows").format(n=self._match_count)
            )
        if self._kind is not None and not criteria.active_for(self._kind):
            text += " " + self.tr("(none of these applies to this view)")
        self._summary.setText(text)
        self._summary.setToolTip(text)
