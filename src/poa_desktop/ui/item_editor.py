"""The editable fields of one item (activity, means of action, key output, milestone) or
component: each field commits on its own (Enter, leaving it, a pick from a list) as one
``SetFields`` change that carries the value the user was shown, and a refusal is shown in
red beside the field it is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from poa_desktop.domain.changes import Value
from poa_desktop.domain.enums import ItemKind, Status
from poa_desktop.domain.records import ComponentRow, ItemDetail, PlanOutline
from poa_desktop.ui.describe import gender_labels, kind_labels
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.editor_widgets import (
    ChoiceCombo,
    CommitLineEdit,
    CommitSpinBox,
    CommitTextEdit,
    FieldErrorLabel,
    OptionalDateEdit,
    UndoPassThrough,
    WheelGuard,
    muted,
)
from poa_desktop.ui.service_protocols import Builder
from poa_desktop.ui.status_style import status_icon, status_label

#: The editable fields, in form order (database field names, as in FORMAT.md).
FIELDS = (
    "title",
    "code",
    "number",
    "timing_text",
    "start",
    "end",
    "status",
    "percent_complete",
    "gender_marker",
    "gender_note",
    "description",
)
#: What a component has of these (its other fields are not in the records the UI gets).
COMPONENT_FIELDS = ("title", "code")
#: Shown read-only, as lines under the header.
INFO_ROWS = ("component", "activity")


class ItemFields(QWidget):
    """The form: a header naming the item, then one row per field."""

    #: The user committed a field (after the change was applied): its name.
    fieldCommitted = Signal(str)

    def __init__(
        self, builder: Builder, session: EditSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("itemFields")
        self._builder = builder
        self._session = session
        self._entity = "item"
        self._uuid = ""
        self._kind: ItemKind | None = None
        self._dates: tuple[date | None, date | None] = (None, None)
        self._seen: dict[str, Value] = {}
        self._widgets: dict[str, Any] = {}
        self._errors: dict[str, FieldErrorLabel] = {}
        self._rows: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._info: dict[str, QLabel] = {}
        self._wheel_guard = WheelGuard(self)
        self._undo_pass = UndoPassThrough(self)
        self._build()

    # Construction

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        header = QHBoxLayout()
        self._code_label = QLabel()
        self._code_label.setObjectName("detailCode")
        font = QFont(self._code_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._code_label.setFont(font)
        self._code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind_label = muted(QLabel())
        self._kind_label.setObjectName("detailKind")
        header.addWidget(self._code_label)
        header.addWidget(self._kind_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        layout.addLayout(header)
        # Where the item sits, as wrapped lines above the form (a form row would not give a
        # long wrapped text its full height).
        for key in INFO_ROWS:
            label = muted(QLabel())
            label.setObjectName(f"detail{key.capitalize()}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            self._info[key] = label

        self._form = QFormLayout()
        self._form.setObjectName("detailForm")
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._form.setHorizontalSpacing(12)
        self._form.setVerticalSpacing(6)
        layout.addLayout(self._form)

        title = CommitTextEdit("editTitle", lines=1, max_lines=7, single_paragraph=True)
        title_font = QFont(title.font())
        title_font.setBold(True)
        title.setFont(title_font)
        title.setToolTip(self.tr("Enter saves the title; Escape puts back the saved one."))
        self._add_field("title", self.tr("&Title"), title)
        code = CommitLineEdit("editCode")
        code.setMaximumWidth(220)
        self._add_field("code", self.tr("&Code"), code)
        number = CommitSpinBox("editNumber")
        number.setRange(1, 999)
        number.setPrefix("KO")
        number.setMaximumWidth(120)
        self._add_field("number", self.tr("N&umber"), number)
        timing = CommitLineEdit("editTiming")
        timing.setPlaceholderText(self.tr("The plan's own words, e.g. “2012–13”"))
        self._add_field("timing_text", self.tr("T&iming"), timing)
        self._add_field("start", self.tr("&Start"), OptionalDateEdit("editStart"))
        self._add_field("end", self.tr("&End"), OptionalDateEdit("editEnd"))
        status = ChoiceCombo("editStatus")
        for value in Status:
            status.add_choice(status_label(value), value.value, status_icon(value))
        self._add_field("status", self.tr("Stat&us"), status)
        percent = CommitSpinBox("editPercent")
        percent.setRange(0, 100)
        percent.setSingleStep(5)
        percent.setSuffix(" %")
        percent.setMaximumWidth(120)
        self._add_field("percent_complete", self.tr("% com&plete"), percent)
        gender = ChoiceCombo("editGender")
        gender.setToolTip(self.tr("OECD DAC gender equality policy marker"))
        for marker, label in gender_labels().items():
            gender.add_choice(label, marker.value)
        self._add_field("gender_marker", self.tr("&Gender marker"), gender)
        note = CommitTextEdit("editGenderNote", lines=1, max_lines=4, single_paragraph=True)
        self._add_field("gender_note", self.tr("Gender &note"), note)
        description = CommitTextEdit("editDescription", lines=3, max_lines=12)
        description.setToolTip(self.tr("Ctrl+Enter or leaving the field saves it."))
        self._add_field("description", self.tr("&Description"), description)

    def _add_field(self, field: str, text: str, widget: QWidget) -> None:
        box = QWidget()
        box.setObjectName(f"fieldBox_{field}")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = FieldErrorLabel(field)
        column.addWidget(error)
        label = QLabel(text)
        label.setObjectName(f"fieldLabel_{field}")
        label.setBuddy(widget)
        self._form.addRow(label, box)
        self._widgets[field] = widget
        self._errors[field] = error
        self._rows[field] = box
        self._labels[field] = label
        widget.committed.connect(lambda f=field: self._commit(f))
        for child in [widget, *widget.findChildren(QWidget)]:
            child.installEventFilter(self._wheel_guard)
            child.installEventFilter(self._undo_pass)

    # Showing

    @property
    def uuid(self) -> str:
        return self._uuid

    def widget(self, field: str) -> Any:
        """The widget that edits ``field`` (for keyboard helpers and tests)."""
        return self._widgets[field]

    def show_item(self, detail: ItemDetail, outline: PlanOutline | None) -> None:
        """Show an item; the same item again (after an edit) keeps refused input."""
        row = detail.row
        same = row.uuid == self._uuid and self._entity == "item"
        if not same:
            self.clear_errors()
        self._entity, self._uuid, self._kind = "item", row.uuid, row.kind
        self._dates = (row.start, row.end)
        self._code_label.setText(row.code)
        self._kind_label.setText(kind_labels().get(row.kind, str(row.kind)))
        values: dict[str, Value] = {
            "title": row.title,
            "code": row.code,
            "number": row.number,
            "timing_text": row.timing_text,
            "start": row.start,
            "end": row.end,
            "status": str(row.status.value),
            "percent_complete": row.percent_complete,
            "gender_marker": str(row.gender_marker.value),
            "gender_note": detail.gender_note,
            "description": detail.description,
        }
        visible = set(FIELDS)
        if row.kind is not ItemKind.OUTPUT:
            visible.discard("number")
        milestone = row.kind is ItemKind.MILESTONE
        if milestone:
            visible.discard("end")  # a milestone is one day: "Date" sets both
        self._labels["start"].setText(self.tr("&Date") if milestone else self.tr("&Start"))
        dated = row.kind in (ItemKind.OUTPUT, ItemKind.MILESTONE)
        for field in ("start", "end"):
            self._widgets[field].allow_none(not dated)
        for field in FIELDS:
            self._set_row_visible(field, field in visible)
            self._seen[field] = values[field]
            if field in visible and not self._errors[field].isVisibleTo(self):
                self._set_widget(field, values[field], row.start, row.end)
        self._show_info("component", _component_text(row.component_code, outline))
        self._show_info(
            "activity",
            _activity_text(row.parent_code, outline) if row.kind is ItemKind.MEANS else "",
        )

    def show_component(self, component: ComponentRow) -> None:
        same = component.uuid == self._uuid and self._entity == "component"
        if not same:
            self.clear_errors()
        self._entity, self._uuid, self._kind = "component", component.uuid, None
        self._code_label.setText(component.code)
        self._kind_label.setText(
            self.tr("Cross-cutting component") if component.cross_cutting else self.tr("Component")
        )
        values: dict[str, Value] = {"title": component.title, "code": component.code}
        for field in FIELDS:
            self._set_row_visible(field, field in COMPONENT_FIELDS)
        for field in COMPONENT_FIELDS:
            self._seen[field] = values[field]
            if not self._errors[field].isVisibleTo(self):
                self._set_widget(field, values[field], None, None)
        self._show_info("component", "")
        self._show_info("activity", "")

    def _set_widget(self, field: str, value: Value, start: date | None, end: date | None) -> None:
        widget = self._widgets[field]
        if field == "start":
            widget.set_value(value, fallback=end)
        elif field == "end":
            widget.set_value(value, fallback=start)
        elif field in ("number", "percent_complete"):
            widget.set_value(int(value or 0))
        else:
            widget.set_value(value if value is not None else "")

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self._form.setRowVisible(self._rows[key], visible)

    def _show_info(self, key: str, text: str) -> None:
        captions = {"component": self.tr("Component"), "activity": self.tr("Activity")}
        label = self._info[key]
        label.setText(f"{captions[key]}: {text}" if text else "")
        label.setVisible(bool(text))

    def focus_title(self) -> None:
        """Put the cursor in the title with the text selected, for a new item's name."""
        title = self._widgets["title"]
        title.setFocus(Qt.FocusReason.OtherFocusReason)
        title.selectAll()

    # Committing

    def _commit(self, field: str) -> None:
        if not self._uuid or self._session.busy:
            return
        value = self._value(field)
        seen = self._seen.get(field)
        self._errors[field].clear()
        if value == seen:  # back to what is stored: nothing to save
            self._set_widget(field, seen, *self._dates)
            return
        new: dict[str, Value] = {field: value}
        if self._kind is ItemKind.MILESTONE and field == "start":
            new["end"] = value  # a milestone starts and ends on the same day
        change = self._builder.edit(
            self._entity, self._uuid, new, seen={name: self._seen.get(name) for name in new}
        )
        if self._session.submit(change, fields=self):
            # Stored: the field shows it as stored (ending its own typing history, so
            # Ctrl+Z now undoes the saved edit) before the pane is read again.
            self._seen.update(new)
            self._set_widget(field, value, *self._dates)
            self.fieldCommitted.emit(field)

    def _value(self, field: str) -> Value:
        value = self._widgets[field].value()
        if field == "code" and isinstance(value, str):
            return value.strip()
        return value  # type: ignore[no-any-return]

    # Errors (the session's FieldErrorSink)

    def show_field_error(self, field: str, message: str) -> bool:
        if field == "end" and self._kind is ItemKind.MILESTONE:
            field = "start"  # the one "Date" of a milestone
        if field not in self._errors or not self._rows[field].isVisibleTo(self):
            return False
        self._errors[field].show_message(message)
        return True

    def field_error(self, field: str) -> str:
        """The refusal shown beside ``field``, or ""."""
        error = self._errors.get(field)
        return error.text if error is not None else ""

    def clear_errors(self) -> None:
        for error in self._errors.values():
            error.clear()


def _component_text(code: str | None, outline: PlanOutline | None) -> str:
    if not code:
        return ""
    title = next((c.title for c in outline.components if c.code == code), "") if outline else ""
    return f"{code} — {title}" if title else code


def _activity_text(code: str | None, outline: PlanOutline | None) -> str:
    if not code:
        return ""
    title = next((a.title for a in outline.activities if a.code == code), "") if outline else ""
    return f"{code} — {title}" if title else code
