"""A read-only view of one item of the plan (or a component summary).

Everything is plain word-wrapped text in a scroll area, so long titles and mandate
paragraphs are never clipped and can be selected and copied.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import GenderMarker, ItemKind, PartnerRoleKind
from poa_desktop.domain.records import (
    ComponentRow,
    ItemDetail,
    ItemRow,
    LinkedItem,
    PartnerLink,
    PlanOutline,
)
from poa_desktop.ui.plan_tree_model import timing_display
from poa_desktop.ui.status_style import status_label, status_pixmap

_SECTIONS = (
    "description",
    "mandates",
    "partners",
    "predecessors",
    "successors",
    "notes",
    "activities",
    "keyOutputs",
)


class DetailPane(QWidget):
    """Shows an ``ItemDetail``, a component summary, or an empty-state hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self._outline: PlanOutline | None = None
        self._current_uuid = ""
        self._form_rows: dict[str, tuple[QLabel, QWidget]] = {}
        self._sections: dict[str, tuple[QLabel, QLabel]] = {}

        self._stack = QStackedLayout(self)
        self._stack.setObjectName("detailStack")

        self._empty = QLabel(self.tr("Select an item in the plan to see its details."))
        self._empty.setObjectName("detailEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setMargin(24)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._stack.addWidget(self._empty)

        self._scroll = QScrollArea()
        self._scroll.setObjectName("detailScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._build_content())
        self._stack.addWidget(self._scroll)
        self._stack.setCurrentWidget(self._empty)

    # Construction

    def _build_content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("detailContent")
        # Word-wrapped labels report a tall minimum (measured at their narrowest), which
        # would make the scroll area scroll needlessly; its height-for-width is the truth.
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)

        header = QHBoxLayout()
        self._code = self._label("detailCode", scale=1.5, bold=True)
        self._kind = self._label("detailKind", muted=True)
        self._kind.setWordWrap(False)
        header.addWidget(self._code)
        header.addWidget(self._kind, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        layout.addLayout(header)
        self._title = self._label("detailTitle", scale=1.15, bold=True)
        layout.addWidget(self._title)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        self._form = QFormLayout()
        self._form.setObjectName("detailForm")
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._form.setHorizontalSpacing(16)
        self._add_row("component", self.tr("Component"), self._label("detailComponent"))
        self._add_row("activity", self.tr("Activity"), self._label("detailActivity"))
        self._add_row("timing", self.tr("Timing"), self._label("detailTiming"))
        self._add_row("start", self.tr("Planned start"), self._label("detailStart"))
        self._add_row("end", self.tr("Planned end"), self._label("detailEnd"))
        self._add_row("status", self.tr("Status"), self._build_status())
        self._percent = QProgressBar()
        self._percent.setObjectName("detailPercent")
        self._percent.setRange(0, 100)
        self._percent.setFormat("%p\u00a0%")
        self._percent.setMaximumWidth(240)
        self._add_row("percent", self.tr("% complete"), self._percent)
        self._add_row("gender", self.tr("Gender marker"), self._label("detailGender"))
        self._add_row("genderNote", self.tr("Gender note"), self._label("detailGenderNote"))
        self._add_row("outputs", self.tr("Key outputs"), self._label("detailOutputs", rich=True))
        self._add_row("counts", self.tr("Contents"), self._label("detailCounts"))
        layout.addLayout(self._form)

        titles = {
            "description": self.tr("Description"),
            "mandates": self.tr("Mandates"),
            "partners": self.tr("Partners"),
            "predecessors": self.tr("Predecessors"),
            "successors": self.tr("Successors"),
            "notes": self.tr("Progress notes"),
            "activities": self.tr("Activities"),
            "keyOutputs": self.tr("Key outputs"),
        }
        for key in _SECTIONS:
            name = key[0].upper() + key[1:]
            heading = self._label(f"detail{name}Heading", bold=True)
            heading.setText(titles[key])
            heading.setContentsMargins(0, 8, 0, 0)
            body = self._label(f"detail{name}", rich=True)
            layout.addWidget(heading)
            layout.addWidget(body)
            self._sections[key] = (heading, body)
        layout.addStretch(1)
        return content

    def _build_status(self) -> QWidget:
        box = QWidget()
        box.setObjectName("detailStatusBox")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self._status_icon = QLabel()
        self._status_icon.setObjectName("detailStatusIcon")
        self._status_text = self._label("detailStatus")
        row.addWidget(self._status_icon)
        row.addWidget(self._status_text, 1)
        return box

    def _label(
        self,
        name: str,
        *,
        scale: float = 1.0,
        bold: bool = False,
        muted: bool = False,
        rich: bool = False,
    ) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if scale != 1.0 or bold:
            font = QFont(label.font())
            if scale != 1.0:
                font.setPointSizeF(font.pointSizeF() * scale)
            font.setBold(bold)
            label.setFont(font)
        if muted:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    def _add_row(self, key: str, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setObjectName(f"detailLabel{key[0].upper()}{key[1:]}")
        label.setBuddy(field)
        self._form.addRow(label, field)
        self._form_rows[key] = (label, field)

    # State

    @property
    def current_uuid(self) -> str:
        """The uuid of what is shown, or "" in the empty state."""
        return self._current_uuid

    @property
    def is_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def set_outline(self, outline: PlanOutline | None) -> None:
        """Give the outline used to name components and activities; clears the pane."""
        self._outline = outline
        self.show_empty()

    def show_empty(self, text: str | None = None) -> None:
        self._current_uuid = ""
        self._empty.setText(text or self.tr("Select an item in the plan to see its details."))
        self._stack.setCurrentWidget(self._empty)

    def show_item(self, detail: ItemDetail) -> None:
        """Show one activity, means of action, key output or milestone."""
        row = detail.row
        self._current_uuid = row.uuid
        self._code.setText(row.code)
        self._kind.setText(self._kind_name(row.kind))
        self._title.setText(row.title)

        self._set_row("component", bool(row.component_code), self._component_text(row))
        is_means = row.kind == ItemKind.MEANS
        self._set_row("activity", is_means and bool(row.parent_code), self._activity_text(row))
        self._set_row("timing", True, row.timing_text or timing_display(row) or self._none())
        self._set_row("start", True, self._date_text(row.start))
        self._set_row("end", True, self._date_text(row.end))
        self._status_text.setText(status_label(row.status))
        size = self._status_text.fontMetrics().height()
        self._status_icon.setPixmap(status_pixmap(row.status, size))
        self._status_icon.setToolTip(status_label(row.status))
        self._form.setRowVisible(self._form_rows["status"][1], True)
        self._percent.setValue(row.percent_complete)
        self._form.setRowVisible(self._percent, True)
        self._set_row("gender", True, self._gender_text(row.gender_marker))
        self._set_row("genderNote", bool(detail.gender_note), detail.gender_note)
        self._show_outputs(detail)
        self._set_row("counts", False, "")

        # Optional texts are left out when empty; mandates belong to activities.
        if detail.description:
            self._set_section("description", [escape(detail.description)])
        else:
            self._hide_section("description")
        if detail.mandates or row.kind == ItemKind.ACTIVITY:
            self._set_section(
                "mandates",
                [f"<b>{escape(m.code)}</b>&nbsp; {escape(m.text)}" for m in detail.mandates],
            )
        else:
            self._hide_section("mandates")
        self._set_section("partners", [self._partner_html(p) for p in detail.partners])
        self._set_section("predecessors", [self._link_html(link) for link in detail.predecessors])
        self._set_section("successors", [self._link_html(link) for link in detail.successors])
        self._set_section(
            "notes",
            [
                f"<b>{escape(self._date_text(n.noted_on))}</b>"
                + (f" — {escape(n.author)}" if n.author else "")
                + f"<br>{escape(n.text)}"
                for n in detail.progress_notes
            ],
        )
        for key in ("activities", "keyOutputs"):
            self._hide_section(key)
        self._show_content()

    def show_component(self, component: ComponentRow) -> None:
        """Summarise a component: its activities and the key outputs it answers for."""
        self._current_uuid = component.uuid
        self._code.setText(component.code)
        self._kind.setText(
            self.tr("Cross-cutting component") if component.cross_cutting else self.tr("Component")
        )
        self._title.setText(component.title)
        outline = self._outline
        activities = (
            [a for a in outline.activities if a.component_code == component.code] if outline else []
        )
        activity_codes = {a.code for a in activities}
        means = (
            [m for m in outline.means_of_action if m.parent_code in activity_codes]
            if outline
            else []
        )
        outputs = (
            [k for k in outline.key_outputs if k.component_code == component.code]
            if outline
            else []
        )
        for key in self._form_rows:
            self._form.setRowVisible(self._form_rows[key][1], False)
        self._set_row(
            "counts",
            True,
            self.tr("{a} activities, {m} means of action, {k} key outputs").format(
                a=len(activities), m=len(means), k=len(outputs)
            ),
        )
        for key in ("description", "mandates", "partners", "predecessors", "successors", "notes"):
            self._hide_section(key)
        self._set_section("activities", [self._row_html(a.code, a.title) for a in activities])
        self._set_section("keyOutputs", [self._row_html(k.code, k.title) for k in outputs])
        self._show_content()

    # Helpers

    def _show_content(self) -> None:
        self._stack.setCurrentWidget(self._scroll)
        self._scroll.verticalScrollBar().setValue(0)

    def _set_row(self, key: str, visible: bool, text: str) -> None:
        field = self._form_rows[key][1]
        if isinstance(field, QLabel):
            field.setText(text)
        self._form.setRowVisible(field, visible)

    def _set_section(self, key: str, paragraphs: Iterable[str]) -> None:
        heading, body = self._sections[key]
        items = list(paragraphs)
        if items:
            body.setText("".join(f"<p style='margin-bottom:6px'>{p}</p>" for p in items))
        else:
            body.setText(f"<i>{escape(self.tr('None recorded.'))}</i>")
        heading.setVisible(True)
        body.setVisible(True)

    def _hide_section(self, key: str) -> None:
        for widget in self._sections[key]:
            widget.setVisible(False)

    def _show_outputs(self, detail: ItemDetail) -> None:
        kind = detail.row.kind
        label = self._form_rows["outputs"][0]
        if kind == ItemKind.OUTPUT:
            label.setText(self.tr("Delivered by"))
        else:
            label.setText(self.tr("Key outputs delivered"))
        visible = bool(detail.outputs) or kind in (ItemKind.MEANS, ItemKind.OUTPUT)
        text = (
            "<br>".join(self._row_html(o.code, o.title) for o in detail.outputs)
            if detail.outputs
            else escape(self._none())
        )
        self._set_row("outputs", visible, text)

    def _component_text(self, row: ItemRow) -> str:
        code = row.component_code or ""
        title = self._component_title(code)
        return f"{code} — {title}" if title else code

    def _component_title(self, code: str) -> str:
        if self._outline is None:
            return ""
        return next((c.title for c in self._outline.components if c.code == code), "")

    def _activity_text(self, row: ItemRow) -> str:
        code = row.parent_code or ""
        title = ""
        if self._outline is not None:
            title = next((a.title for a in self._outline.activities if a.code == code), "")
        return f"{code} — {title}" if title else code

    def _kind_name(self, kind: ItemKind | str) -> str:
        names = {
            ItemKind.ACTIVITY: self.tr("Activity"),
            ItemKind.MEANS: self.tr("Means of action"),
            ItemKind.OUTPUT: self.tr("Key output"),
            ItemKind.MILESTONE: self.tr("Milestone"),
        }
        return names.get(ItemKind(kind), str(kind))

    def _gender_text(self, marker: GenderMarker | str) -> str:
        names = {
            GenderMarker.NOT_SCREENED: self.tr("Not screened"),
            GenderMarker.NOT_TARGETED: self.tr("Not targeted"),
            GenderMarker.SIGNIFICANT: self.tr("Significant (gender equality is a goal)"),
            GenderMarker.PRINCIPAL: self.tr("Principal (gender equality is the main goal)"),
        }
        return names.get(GenderMarker(marker), str(marker))

    def _role_text(self, role: str) -> str:
        names = {
            PartnerRoleKind.LEAD: self.tr("Lead"),
            PartnerRoleKind.PARTNER: self.tr("Partner"),
            PartnerRoleKind.FUNDER: self.tr("Funder"),
            PartnerRoleKind.HOST: self.tr("Host"),
        }
        try:
            return names[PartnerRoleKind(role)]
        except ValueError:
            return role

    def _partner_html(self, partner: PartnerLink) -> str:
        name = escape(partner.partner_name or partner.partner_code)
        if _adds_to_name(partner.partner_code, partner.partner_name):
            name += f" ({escape(partner.partner_code)})"
        return f"<b>{name}</b> — {escape(self._role_text(partner.role))}"

    def _link_html(self, link: LinkedItem) -> str:
        html = self._row_html(link.code, link.title)
        if link.relation:
            html += f" <i>({escape(link.relation)})</i>"
        return html

    @staticmethod
    def _row_html(code: str, title: str) -> str:
        return f"<b>{escape(code)}</b>&nbsp; {escape(title)}"

    def _date_text(self, value: date | None) -> str:
        if value is None:
            return self._none()
        qdate = QDate(value.year, value.month, value.day)
        return QLocale().toString(qdate, "d MMMM yyyy")

    def _none(self) -> str:
        return self.tr("Not set")


def _adds_to_name(code: str, name: str) -> bool:
    """Whether a partner's code tells the reader more than its name ("ISSA" does,
    "WORLD-BANK" for "World Bank" does not)."""

    def letters(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return bool(code) and letters(code) != letters(name)
