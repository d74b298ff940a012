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

from poa_desktop.domain.enums import GenderMarker, MouStatus, PartnerKind, Status
from poa_desktop.domain.filters import APPLICABLE, BIENNIA, FilterCriteria
from poa_desktop.domain.records import ComponentRow, PartnerRow
from poa_desktop.ui.filter_menu import ChoiceMenu, menu_button, show_count
from poa_desktop.ui.status_style import status_label

#: How long typing must pause before the views filter again.
TYPING_DELAY_MS = 150
#: The years the From/To boxes offer until ``set_year_span`` is given the plan's period.
DEFAULT_YEAR_SPAN = (2011, 2019)
#: What ``set_applicable`` is told for the network view, whose nodes are items, partners
#: and MOUs: every criterion that applies to one of them applies there.
NETWORK = "network"
_NETWORK_KINDS = ("item", "partner", "mou")
_PARTNER_LABEL_WIDTH = 44


class FilterBar(QWidget):
    """Search field, filter menus, biennium and year range, Clear, and a summary line.

    ``criteriaChanged(FilterCriteria)`` fires 150 ms after typing pauses and at once for
    every other control; it fires only when the criteria really changed.

    The partner kind, region and MOU status filters (for the partner and MOU registers and
    the network) share one "Partners & MOUs" button with a submenu each, so the bar still
    fits a 1024-pixel screen.
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
        self._search.setMinimumWidth(130)
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
        self._status_menu.set_choices((s.value, status_label(s)) for s in Status)
        self._gender_menu, self._gender_button = self._filter_menu(
            "gender", self.tr("Gender"), self.tr("Any gender marker")
        )
        self._gender_menu.set_choices(self._gender_labels().items())
        self._gender_button.setToolTip(self.tr("Gender equality marker"))
        self._build_partner_menus()

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
            self._partner_facets_button,
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

    def _build_partner_menus(self) -> None:
        """One "Partners & MOUs" button: "Any …" on top, then a submenu per criterion."""
        title = self.tr("Partners & MOUs")
        menu = QMenu(self)
        menu.setObjectName("partnerFacetsFilterMenu")
        menu.setToolTipsVisible(True)
        any_action = QAction(self.tr("Any kind, region or MOU status"), menu)
        any_action.setObjectName("partnerFacetsFilterAny")
        any_action.triggered.connect(self._untick_partner_facets)
        menu.addAction(any_action)
        menu.addSeparator()
        self._kind_menu = ChoiceMenu("partnerKind", self.tr("Any kind of partner"), menu)
        self._kind_menu.set_choices(self._kind_labels().items())
        self._region_menu = ChoiceMenu("region", self.tr("Any region"), menu)
        self._mou_status_menu = ChoiceMenu("mouStatus", self.tr("Any MOU status"), menu)
        self._mou_status_menu.set_choices(self._mou_status_labels().items())
        for submenu, name, base, tip in (
            (self._kind_menu, "partnerKind", self.tr("Partner kind"),
             self.tr("Keep the partners of these kinds")),
            (self._region_menu, "region", self.tr("Region"),
             self.tr("Keep the partners in these regions")),
            (self._mou_status_menu, "mouStatus", self.tr("MOU status"),
             self.tr("Keep the MOUs in these statuses")),
        ):  # fmt: skip
            submenu.setTitle(base)
            submenu.setProperty("baseText", base)
            submenu.menuAction().setObjectName(f"{name}FilterEntry")
            submenu.menuAction().setToolTip(tip)
            submenu.ticksChanged.connect(self._after_control_change)
            menu.addMenu(submenu)
        self._partner_facets_button = menu_button("partnerFacets", title, menu)
        self._partner_facets_button.setToolTip(
            self.tr(
                "Keep partners by kind and region, and MOUs by status "
                "(the Partners and MOUs registers and the network)"
            )
        )

    def _filter_menu(self, name: str, title: str, any_text: str) -> tuple[ChoiceMenu, QToolButton]:
        menu = ChoiceMenu(name, any_text, self)
        menu.ticksChanged.connect(self._after_control_change)
        return menu, menu_button(name, title, menu)

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

    def _kind_labels(self) -> dict[PartnerKind, str]:
        return {
            PartnerKind.UN_AGENCY: self.tr("UN agency"),
            PartnerKind.IFI: self.tr("International financial institution"),
            PartnerKind.SOCIAL_SECURITY_ASSOCIATION: self.tr("Social security association"),
            PartnerKind.DONOR: self.tr("Donor"),
            PartnerKind.NGO: self.tr("NGO"),
            PartnerKind.ACADEMIC: self.tr("Academic"),
            PartnerKind.ILO_UNIT: self.tr("ILO unit"),
            PartnerKind.REGIONAL_ORGANISATION: self.tr("Regional organisation"),
            PartnerKind.SOCIAL_PARTNER: self.tr("Social partner"),
            PartnerKind.INTERAGENCY_INITIATIVE: self.tr("Interagency initiative"),
            PartnerKind.INTERGOVERNMENTAL_FORUM: self.tr("Intergovernmental forum"),
            PartnerKind.OTHER: self.tr("Other"),
        }

    def _mou_status_labels(self) -> dict[MouStatus, str]:
        return {
            MouStatus.PROPOSED: self.tr("Proposed"),
            MouStatus.NEGOTIATING: self.tr("Negotiating"),
            MouStatus.SIGNED: self.tr("Signed"),
            MouStatus.IN_FORCE: self.tr("In force"),
            MouStatus.EXPIRED: self.tr("Expired"),
            MouStatus.TERMINATED: self.tr("Terminated"),
        }

    def _region_label(self, region: str) -> str:
        return region or self.tr("No region given")

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
        self._component_menu.set_choices(
            (row.code, f"{row.code} — {row.title}") for row in rows if row.code
        )
        self._after_control_change()

    def set_partners(self, rows: Iterable[PartnerRow]) -> None:
        """Offer these partners (``RegisterService.partners``), and the regions they are in;
        keeps what is still there."""
        rows = list(rows)
        self._partner_menu.set_choices(
            (row.code, self._partner_text(row)) for row in rows if row.code
        )
        regions = sorted({row.region for row in rows}, key=lambda r: (not r, r.casefold()))
        self._region_menu.set_choices(
            (
                region,
                self._region_label(region),
                self.tr("Partners in {region}").format(region=region)
                if region
                else self.tr("Partners whose region is not given"),
            )
            for region in regions
        )
        self._after_control_change()

    def set_year_span(self, first: int, last: int) -> None:
        """Offer the years of the plan's period in the From/To boxes."""
        self._first_year, self._last_year = min(first, last), max(first, last)
        self._set_year_limits()
        self._after_control_change()

    def set_applicable(self, kind: str | None) -> None:
        """Grey out the controls that do not apply to the view showing rows of ``kind``
        (see ``domain.filters.APPLICABLE``; ``NETWORK`` for the network view, whose nodes
        are items, partners and MOUs); None enables every control."""
        self._kind = kind
        applicable = self._applicable(kind)
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
        facets = False
        for menu, criterion in (
            (self._kind_menu, "partner_kinds"),
            (self._region_menu, "regions"),
            (self._mou_status_menu, "mou_statuses"),
        ):
            menu.menuAction().setEnabled(criterion in applicable)
            menu.menuAction().setStatusTip("" if criterion in applicable else note)
            facets = facets or criterion in applicable
        self._partner_facets_button.setEnabled(facets)
        self._partner_facets_button.setStatusTip("" if facets else note)
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
            components=self._component_menu.checked(),
            partners=self._partner_menu.checked(),
            statuses=frozenset(Status(value) for value in self._status_menu.checked()),
            gender_markers=frozenset(GenderMarker(value) for value in self._gender_menu.checked()),
            first_year=first,
            last_year=last,
            partner_kinds=frozenset(PartnerKind(value) for value in self._kind_menu.checked()),
            regions=self._region_menu.checked(),
            mou_statuses=frozenset(MouStatus(value) for value in self._mou_status_menu.checked()),
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
            (self._kind_menu, {kind.value for kind in criteria.partner_kinds}),
            (self._region_menu, criteria.regions),
            (self._mou_status_menu, {status.value for status in criteria.mou_statuses}),
        ):
            menu.check_only(values)
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

    def _untick_partner_facets(self) -> None:
        for menu in (self._kind_menu, self._region_menu, self._mou_status_menu):
            menu.check_only(())
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

    @staticmethod
    def _applicable(kind: str | None) -> frozenset[str]:
        if kind is None:
            return frozenset().union(*APPLICABLE.values())
        if kind == NETWORK:
            return frozenset().union(*(APPLICABLE[k] for k in _NETWORK_KINDS))
        return APPLICABLE[kind]

    def _applies(self, criteria: FilterCriteria) -> bool:
        """Whether a criterion set applies to the view shown (always, without a view)."""
        if self._kind is None:
            return True
        kinds = _NETWORK_KINDS if self._kind == NETWORK else (self._kind,)
        return any(criteria.active_for(kind) for kind in kinds)

    def _partner_text(self, row: PartnerRow) -> str:
        name = (
            row.name
            if len(row.name) <= _PARTNER_LABEL_WIDTH
            else row.name[: _PARTNER_LABEL_WIDTH - 1] + "…"
        )
        return f"{row.code} — {name}" if name and name != row.code else row.code

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
            show_count(button, len(menu.checked()))
        total = 0
        for submenu in (self._kind_menu, self._region_menu, self._mou_status_menu):
            count = len(submenu.checked())
            total += count
            base = str(submenu.property("baseText"))
            submenu.setTitle(f"{base} ({count})" if count else base)
        show_count(self._partner_facets_button, total)

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
        if criteria.partner_kinds:
            kinds = self._kind_labels()
            names = [kinds[k] for k in kinds if k in criteria.partner_kinds]
            parts.append(self.tr("partner kind {names}").format(names=", ".join(names)))
        if criteria.regions:
            names = [self._region_label(r) for r in sorted(criteria.regions)]
            parts.append(self.tr("region {names}").format(names=", ".join(names)))
        if criteria.mou_statuses:
            statuses = self._mou_status_labels()
            names = [statuses[s] for s in statuses if s in criteria.mou_statuses]
            parts.append(self.tr("MOU status {names}").format(names=", ".join(names)))
        text = self.tr("Filtered by {parts}").format(parts=" · ".join(parts))
        if self._match_count is not None:
            text += " " + (
                self.tr("— 1 matching row")
                if self._match_count == 1
                else self.tr("— {n} matching rows").format(n=self._match_count)
            )
        if not self._applies(criteria):
            text += " " + self.tr("(none of these applies to this view)")
        self._summary.setText(text)
        self._summary.setToolTip(text)
