"""The editor of the selected item (or component): its fields, what it is linked to, its
progress notes, and read-only context (dependencies, the key outputs it delivers).

It reads what it shows itself (``PlanReader``, ``RegisterReader``) and writes only
through the ``EditSession``; after any change the window calls ``refresh()``, which reads
the same row again, so what is on screen is what the database holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ComponentRow, ItemDetail, LinkedItem, PlanOutline
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.item_editor import ItemFields
from poa_desktop.ui.links_editor import CheckListEditor, PartnerLinksEditor
from poa_desktop.ui.notes_editor import NoteEntry, NotesEditor
from poa_desktop.ui.record_models import Choice
from poa_desktop.ui.service_protocols import Builder, PlanReader, RegisterReader
from poa_desktop.ui.settings import AppSettings

#: The sections below the fields, in order: key → (heading, shown for which kinds).
_SECTIONS = (
    "outputs",
    "deliveredBy",
    "mandates",
    "partners",
    "dependencies",
    "notes",
    "activities",
    "keyOutputs",
)
_WIDEST_TEXT = 900


class DetailPane(QWidget):
    """Edits one item or component; an empty-state hint when nothing is selected."""

    def __init__(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        session: EditSession,
        settings: AppSettings,
        *,
        name: str = "detailPane",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._reader = reader
        self._registers = registers
        self._builder = builder
        self._session = session
        self._outline: PlanOutline | None = None
        self._component: ComponentRow | None = None
        self._current_uuid = ""
        self._sections: dict[str, tuple[QLabel, QWidget]] = {}

        self._stack = QStackedLayout(self)
        self._empty = QLabel(self.tr("Select an item in the plan to see and edit it."))
        self._empty.setObjectName("detailEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setMargin(24)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._stack.addWidget(self._empty)

        self.fields = ItemFields(builder, session)
        self.delivered_by = CheckListEditor("deliveredBy", "output_means", builder, session)
        self.mandates = CheckListEditor("mandates", "activity_mandate", builder, session)
        self.partners = PartnerLinksEditor(builder, session)
        self.notes = NotesEditor(builder, session, settings)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("detailScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = self._build_content()
        self._scroll.setWidget(content)
        # Never narrower than the form needs: a squeezed pane would cut fields off at the
        # right (it does not scroll sideways); the list beside it gives way instead.
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        self._scroll.setMinimumWidth(content.minimumSizeHint().width() + scrollbar + 2)
        self._stack.addWidget(self._scroll)
        self._stack.setCurrentWidget(self._empty)

    def _build_content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("detailContent")
        content.setMaximumWidth(_WIDEST_TEXT)
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(self.fields)
        headings = {
            "outputs": self.tr("Key outputs delivered"),
            "deliveredBy": self.tr("Delivered by (means of action)"),
            "mandates": self.tr("Mandate paragraphs implemented"),
            "partners": self.tr("Partners"),
            "dependencies": self.tr("Dependencies"),
            "notes": self.tr("Progress notes"),
            "activities": self.tr("Activities"),
            "keyOutputs": self.tr("Key outputs"),
        }
        bodies: Mapping[str, QWidget] = {
            "outputs": self._rich_label("detailOutputs"),
            "deliveredBy": self.delivered_by,
            "mandates": self.mandates,
            "partners": self.partners,
            "dependencies": self._rich_label("detailDependencies"),
            "notes": self.notes,
            "activities": self._rich_label("detailActivities"),
            "keyOutputs": self._rich_label("detailKeyOutputs"),
        }
        for key in _SECTIONS:
            heading = QLabel(headings[key])
            heading.setObjectName(f"section_{key}")
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setContentsMargins(0, 10, 0, 0)
            layout.addWidget(heading)
            layout.addWidget(bodies[key])
            self._sections[key] = (heading, bodies[key])
        layout.addStretch(1)
        return content

    @staticmethod
    def _rich_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    # State

    @property
    def current_uuid(self) -> str:
        """The uuid of what is shown, or "" in the empty state."""
        return self._current_uuid

    @property
    def is_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def set_outline(self, outline: PlanOutline | None) -> None:
        """The plan whose names the pane uses; another plan empties the pane."""
        other_plan = outline is None or (
            self._outline is not None and self._outline.plan.uuid != outline.plan.uuid
        )
        self._outline = outline
        if other_plan:
            self.show_empty()

    def show_empty(self, text: str | None = None) -> None:
        self._current_uuid = ""
        self._component = None
        self._empty.setText(text or self.tr("Select an item in the plan to see and edit it."))
        self._stack.setCurrentWidget(self._empty)

    def refresh(self) -> None:
        """Read what is shown again (after a change); empty if it no longer exists."""
        if not self._current_uuid:
            return
        if self._component is not None:
            component = self._find_component(self._component.uuid)
            if component is None:
                self.show_empty()
            else:
                self.show_component(component)
            return
        try:
            self.show_item(self._current_uuid)
        except UserError:
            self.show_empty()

    def focus_title(self) -> None:
        self.fields.focus_title()

    # Showing

    def show_item(self, item_uuid: str) -> None:
        """Read one item and its links and show them; raises ``UserError`` if unreadable."""
        detail = self._reader.item_detail(item_uuid)
        plan_uuid = self._outline.plan.uuid if self._outline else ""
        roles = tuple(self._registers.partner_roles(plan_uuid, item_uuid=item_uuid))
        partners = self._registers.partners(plan_uuid)
        same = item_uuid == self._current_uuid and self._component is None
        self._current_uuid = item_uuid
        self._component = None
        row = detail.row
        self.fields.show_item(detail, self._outline)
        kind = row.kind
        self._show_section("outputs", kind is ItemKind.MEANS)
        if kind is ItemKind.MEANS:
            self._set_html("outputs", [self._link_html(link) for link in detail.outputs])
        self._show_section("deliveredBy", kind is ItemKind.OUTPUT)
        if kind is ItemKind.OUTPUT:
            self._show_delivered_by(detail)
        self._show_section("mandates", kind is ItemKind.ACTIVITY)
        if kind is ItemKind.ACTIVITY:
            self._show_mandates(detail, plan_uuid)
        self._show_section("partners", True)
        self.partners.show_links(item_uuid, roles, partners)
        self._show_section("dependencies", True)
        self._set_html(
            "dependencies",
            [self.tr("<i>after</i> ") + self._link_html(link) for link in detail.predecessors]
            + [self.tr("<i>before</i> ") + self._link_html(link) for link in detail.successors],
        )
        self._show_section("notes", True)
        self.notes.show_notes(item_uuid, self._note_entries(detail, plan_uuid))
        for key in ("activities", "keyOutputs"):
            self._show_section(key, False)
        self._show_content(keep_scroll=same)

    def show_component(self, component: ComponentRow) -> None:
        """A component: its code and title, and what it holds."""
        same = component.uuid == self._current_uuid
        self._current_uuid = component.uuid
        self._component = component
        self.fields.show_component(component)
        outline = self._outline
        activities = (
            [a for a in outline.activities if a.component_code == component.code] if outline else []
        )
        outputs = (
            [k for k in outline.key_outputs if k.component_code == component.code]
            if outline
            else []
        )
        for key in _SECTIONS:
            self._show_section(key, key in ("activities", "keyOutputs"))
        self._set_html("activities", [_row_html(a.code, a.title) for a in activities])
        self._set_html("keyOutputs", [_row_html(k.code, k.title) for k in outputs])
        self._show_content(keep_scroll=same)

    def _show_delivered_by(self, detail: ItemDetail) -> None:
        means = self._outline.means_of_action if self._outline else ()
        by_code = {m.code: m.uuid for m in means}
        checked = [by_code[link.code] for link in detail.outputs if link.code in by_code]
        choices = [Choice(m.uuid, f"{m.code}  {m.title}", f"{m.code}: {m.title}") for m in means]
        self.delivered_by.show_choices(detail.row.uuid, choices, checked)

    def _show_mandates(self, detail: ItemDetail, plan_uuid: str) -> None:
        mandates = self._registers.mandates(plan_uuid)
        by_code = {m.code: m.uuid for m in mandates}
        checked = [by_code[m.code] for m in detail.mandates if m.code in by_code]
        choices = [Choice(m.uuid, f"{m.code}  {m.text}", m.text) for m in mandates]
        self.mandates.show_choices(detail.row.uuid, choices, checked)

    def _note_entries(self, detail: ItemDetail, plan_uuid: str) -> list[NoteEntry]:
        """The notes with their uuids (needed to delete one). Older services do not give
        the uuid on the note row, so it is then looked up in the plan's document."""
        notes = detail.progress_notes
        uuids = [str(getattr(note, "uuid", "") or "") for note in notes]
        if notes and not all(uuids) and plan_uuid:
            uuids = self._note_uuids_from_document(detail, plan_uuid)
        return [
            NoteEntry(uuid, note.noted_on, note.author, note.text)
            for uuid, note in zip(uuids, notes, strict=True)
        ]

    def _note_uuids_from_document(self, detail: ItemDetail, plan_uuid: str) -> list[str]:
        try:
            document: Any = self._reader.document(plan_uuid)
        except (UserError, AttributeError):
            return ["" for _ in detail.progress_notes]
        entries = [
            entry
            for entry in document.get("progress_notes", ())
            if entry.get("item") == detail.row.code
        ]
        found = []
        for note in detail.progress_notes:
            match = next(
                (
                    e
                    for e in entries
                    if str(e.get("noted_on")) == note.noted_on.isoformat()
                    and (e.get("author") or "") == note.author
                    and e.get("text") == note.text
                ),
                None,
            )
            if match is not None:
                entries.remove(match)
            found.append(str(match.get("uuid") or "") if match else "")
        return found

    # Helpers

    def _find_component(self, uuid: str) -> ComponentRow | None:
        outline = self._outline
        return next((c for c in outline.components if c.uuid == uuid), None) if outline else None

    def _show_content(self, *, keep_scroll: bool) -> None:
        self._stack.setCurrentWidget(self._scroll)
        if not keep_scroll:
            self._scroll.verticalScrollBar().setValue(0)

    def _show_section(self, key: str, visible: bool) -> None:
        for widget in self._sections[key]:
            widget.setVisible(visible)

    def _set_html(self, key: str, paragraphs: Iterable[str]) -> None:
        body = self._sections[key][1]
        assert isinstance(body, QLabel)
        items = list(paragraphs)
        if items:
            body.setText("".join(f"<p style='margin:0 0 4px 0'>{p}</p>" for p in items))
        else:
            body.setText(f"<i>{escape(self.tr('None recorded.'))}</i>")

    @staticmethod
    def _link_html(link: LinkedItem) -> str:
        html = _row_html(link.code, link.title)
        if link.relation:
            html += f" <i>({escape(link.relation)})</i>"
        return html


def _row_html(code: str, title: str) -> str:
    return f"<b>{escape(code)}</b>&nbsp; {escape(title)}"
