"""The views the window places (by name) and the find/filter bar wired to all of them.

``build_register_view`` makes a register view (ui/registers) when its dock is first shown;
``FilterWiring`` turns the filter bar's criteria into one predicate per view
(``domain.filters.predicate_for``; the network's ``network_predicate`` tests items,
partners and MOUs alike) and hands it to each view, re-reading the filter context after
edits.
"""

from __future__ import annotations

import contextlib
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QFrame, QMessageBox, QScrollArea, QSizePolicy, QToolBar, QWidget

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.filters import EMPTY_CONTEXT, FilterContext, FilterCriteria, predicate_for
from poa_desktop.domain.records import PlanCounts, PlanOutline, PlanRef
from poa_desktop.ui.filter_bar import NETWORK, FilterBar
from poa_desktop.ui.service_protocols import (
    Builder,
    PlanReader,
    RegisterReader,
    SearchReader,
)
from poa_desktop.ui.settings import AppSettings

if TYPE_CHECKING:
    from poa_desktop.ui.edit_session import EditSession
    from poa_desktop.ui.main_window import MainWindow

_CONTEXT = "views"
#: The window's docked views, in menu order (Ctrl+1 … Ctrl+8).
VIEW_NAMES: tuple[str, ...] = (
    "plan",
    "outputs",
    "partners",
    "mous",
    "dependencies",
    "mandates",
    "indicators",
    "network",
)
#: The register views (built when first shown).
REGISTER_NAMES: tuple[str, ...] = ("partners", "mous", "dependencies", "mandates", "indicators")
#: The kind of row each view filters (``domain.filters.KINDS``).
VIEW_KINDS = {
    "plan": "item",
    "outputs": "item",
    "partners": "partner",
    "mous": "mou",
    "dependencies": "dependency",
    "mandates": "mandate",
    "indicators": "indicator",
    "network": "item",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def view_titles() -> dict[str, str]:
    return {
        "plan": _tr("Plan"),
        "outputs": _tr("Key outputs"),
        "partners": _tr("Partners"),
        "mous": _tr("MOUs"),
        "dependencies": _tr("Dependencies"),
        "mandates": _tr("Mandates"),
        "indicators": _tr("Indicators"),
        "network": _tr("Network"),
    }


def build_register_view(
    name: str,
    reader: PlanReader,
    registers: RegisterReader,
    builder: Builder,
    session: EditSession,
    settings: AppSettings,
) -> QWidget:
    """One register view, ``View(reader, builder, submit, settings)`` (ui/registers is
    imported by the first one: the window starts without it)."""
    from poa_desktop.ui.registers import REGISTER_VIEWS, CombinedReader

    view_class = dict(REGISTER_VIEWS)[name]
    combined = CombinedReader(registers, reader)  # type: ignore[arg-type]
    return view_class(combined, builder, session.submit, settings)  # type: ignore[arg-type]


def build_register_views(
    reader: PlanReader,
    registers: RegisterReader,
    builder: Builder,
    session: EditSession,
    settings: AppSettings,
) -> dict[str, QWidget]:
    """Every register view by name."""
    return {
        name: build_register_view(name, reader, registers, builder, session, settings)
        for name in REGISTER_NAMES
    }


def counts_text(counts: PlanCounts) -> str:
    """The status-bar summary, e.g. "5 components + 1 cross-cutting line · 17 activities"."""

    def count(n: int, one: str, many: str) -> str:
        return _tr(one) if n == 1 else _tr(many).format(n=n)

    first = count(counts.components, "1 component", "{n} components")
    if counts.cross_cutting_lines:
        first += " + " + count(
            counts.cross_cutting_lines, "1 cross-cutting line", "{n} cross-cutting lines"
        )
    parts = [
        first,
        count(counts.activities, "1 activity", "{n} activities"),
        count(counts.means_of_action, "1 means of action", "{n} means of action"),
        count(counts.key_outputs, "1 key output", "{n} key outputs"),
        count(counts.milestones, "1 milestone", "{n} milestones"),
        count(counts.dependencies, "1 dependency", "{n} dependencies"),
        count(counts.partners, "1 partner", "{n} partners"),
        count(counts.mous, "1 MOU", "{n} MOUs"),
    ]
    return " · ".join(parts)


def about_box(parent: QWidget, plan: PlanRef | None) -> QMessageBox:
    """Help ▸ About: the version, and the plan shown with its source."""
    import poa_desktop

    lines = [
        _tr("<b>poa-desktop {version}</b>").format(version=poa_desktop.__version__),
        _tr("Keeps a multi-year plan of action current."),
    ]
    if plan is not None:
        lines.append(
            _tr("Plan: {title}<br>Source: {source}<br>Period: {start} to {end}").format(
                title=escape(plan.title),
                source=escape(plan.source_document),
                start=plan.period_start.isoformat(),
                end=plan.period_end.isoformat(),
            )
        )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr("About poa-desktop"),
        "<p>" + "</p><p>".join(lines) + "</p>",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("aboutDialog")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def storage_warning_box(parent: QWidget, text: str) -> QMessageBox:
    """A modeless warning about where the database is (the window stays usable)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Where the database is"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("storageWarning")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class SqueezeArea(QScrollArea):
    """Holds a wide bar: in a narrow window the bar scrolls sideways instead of forcing
    the whole window to be as wide as the bar."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.setObjectName("filterBarArea")
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        return QSize(200, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        widget = self.widget()
        return QSize(widget.sizeHint().width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        height = widget.sizeHint().height()
        if self.width() < widget.minimumSizeHint().width():
            height += self.horizontalScrollBar().sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)


class CachedRegisters:
    """The registers as read since the last change: every view that needs the partners
    (the editor's picker, the filter bar, the history's names) shares one read. The window
    calls ``clear()`` when the plan changed."""

    _METHODS = (
        "partners",
        "partner_roles",
        "mous",
        "dependencies",
        "mandates",
        "gender_coverage",
        "indicators",
    )

    def __init__(self, registers: Any) -> None:
        self._registers = registers
        self._cache: dict[tuple[str, str], Any] = {}

    @property
    def source(self) -> Any:
        """The registers themselves (for a read on the worker, which must not share the
        cache)."""
        return self._registers

    def clear(self) -> None:
        self._cache.clear()

    def prime(self, read: dict[tuple[str, str], Any]) -> None:
        """Take reads made elsewhere (``ui.first_load``), by (method, plan uuid)."""
        self._cache.update((key, value) for key, value in read.items() if key[0] in self._METHODS)

    def _read(self, method: str, plan_uuid: str) -> Any:
        key = (method, plan_uuid)
        if key not in self._cache:
            self._cache[key] = getattr(self._registers, method)(plan_uuid)
        return self._cache[key]

    def partners(self, plan_uuid: str) -> Any:
        return self._read("partners", plan_uuid)

    def partner_roles(self, plan_uuid: str, *, item_uuid: str | None = None) -> Any:
        if item_uuid is not None:  # one item's roles: a small read, not cached
            return self._registers.partner_roles(plan_uuid, item_uuid=item_uuid)
        return self._read("partner_roles", plan_uuid)

    def mous(self, plan_uuid: str) -> Any:
        return self._read("mous", plan_uuid)

    def dependencies(self, plan_uuid: str) -> Any:
        return self._read("dependencies", plan_uuid)

    def mandates(self, plan_uuid: str) -> Any:
        return self._read("mandates", plan_uuid)

    def gender_coverage(self, plan_uuid: str) -> Any:
        return self._read("gender_coverage", plan_uuid)

    def indicators(self, plan_uuid: str) -> Any:
        return self._read("indicators", plan_uuid)


class FilterWiring:
    """The filter bar in its toolbar, and what its criteria mean for each view."""

    def __init__(
        self,
        window: MainWindow,
        reader: PlanReader,
        registers: RegisterReader,
        search: SearchReader | None,
    ) -> None:
        self._window = window
        self._registers = registers
        self._search = search
        self._criteria = FilterCriteria()
        self._context: FilterContext = EMPTY_CONTEXT
        self._outline: PlanOutline | None = None
        #: Views off screen (a dock behind another's tab) filter when they come into view.
        self._pending: set[str] = set()
        self.bar: FilterBar | None = FilterBar()
        self.toolbar = QToolBar(_tr("Find and filter"), window)
        self.toolbar.setObjectName("filterToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(SqueezeArea(self.bar))
        self.bar.criteriaChanged.connect(self._on_criteria)
        self.find_action: QAction | None = self.bar.findAction
        del reader

    # Events from the window

    def plan_opened(self, outline: PlanOutline, switching: bool) -> None:
        """A plan was opened (``switching``) or re-read after a change."""
        self._outline = outline
        bar = self.bar
        if bar is None:
            return
        if switching:
            bar.set_components(outline.components)
            plan = outline.plan
            bar.set_year_span(plan.period_start.year, plan.period_end.year)
        with contextlib.suppress(UserError):
            bar.set_partners(self._registers.partners(outline.plan.uuid))
        if self._criteria.active:
            self._read_context()
            self.apply_all()

    def view_activated(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_applicable(NETWORK if name == "network" else VIEW_KINDS.get(name))
            self._update_count()

    # Filtering

    def _on_criteria(self, criteria: object) -> None:
        assert isinstance(criteria, FilterCriteria)
        self._criteria = criteria
        self._read_context()
        self.apply_all()
        if criteria.active and self._window.active_view == "plan":
            self._window.plan_view.tree.expandAll()

    def _read_context(self) -> None:
        self._context = EMPTY_CONTEXT
        needs_context = bool(self._criteria.text.strip() or self._criteria.partners)
        if self._search is None or self._outline is None or not needs_context:
            return
        try:
            self._context = self._search.context(self._outline.plan.uuid)
        except UserError:
            self._context = EMPTY_CONTEXT

    def apply_all(self) -> None:
        """Filter the views on screen now, the others when they are shown (re-filtering a
        hidden register costs a layout of every row)."""
        on_screen = self._window.layout_.on_screen
        for name in VIEW_NAMES:
            if name == "plan" or on_screen(name):  # the plan's rows are the chart's too
                self.apply_to(name)
            elif name in self._window.views:
                self._pending.add(name)
        self._update_count()

    def apply_pending(self, name: str) -> None:
        if name in self._pending:
            self.apply_to(name)

    def apply_to(self, name: str) -> None:
        self._pending.discard(name)
        view: Any = self._window.views.get(name)
        if view is None or not hasattr(view, "set_predicate"):
            return
        items = _items(self._outline) if self._outline is not None else ()
        if name == "network":
            from poa_desktop.domain.network import network_predicate

            predicate = network_predicate(self._criteria, self._context, items)
        else:
            predicate = predicate_for(VIEW_KINDS[name], self._criteria, self._context, items)
        view.set_predicate(predicate)

    def _update_count(self) -> None:
        if self.bar is None:
            return
        if not self._criteria.active:
            self.bar.set_match_count(None)
            return
        window = self._window
        name = window.active_view
        if name == "plan":
            count = window.plan_view.proxy.match_count()  # type: ignore[attr-defined]
        elif name == "network":
            count = None
        elif name == "outputs":
            outputs = window.outputs_view
            count = outputs.ko_proxy.match_count() + outputs.ms_proxy.match_count()  # type: ignore[attr-defined]
        else:
            table = getattr(window.views.get(name), "table", None)
            count = table.model().rowCount() if table is not None else None
        self.bar.set_match_count(count)


def _items(outline: PlanOutline) -> tuple[Any, ...]:
    return (
        *outline.activities,
        *outline.means_of_action,
        *outline.key_outputs,
        *outline.milestones,
    )
