"""The mandate paragraphs and the activities implementing them (a paragraph nobody
implements is flagged), and below them how far gender markers cover the activities."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QWidget

from poa_desktop.domain.changes import Batch, Change
from poa_desktop.domain.records import GenderCoverageRow, MandateRow
from poa_desktop.ui.registers.dialogs import ChecklistDialog
from poa_desktop.ui.registers.labels import item_choice_text, tr
from poa_desktop.ui.registers.models import GenderCoverageTableModel, MandateTableModel
from poa_desktop.ui.registers.record_table import RecordTable
from poa_desktop.ui.registers.views import RegisterView

SP = QStyle.StandardPixmap


class MandatesView(RegisterView):
    """Edit a paragraph's text and which activities implement it; see gender coverage."""

    NAME = "mandates"

    def _build_body(self) -> QWidget:
        self._mandates: tuple[MandateRow, ...] = ()
        self._activities_button = self._button(
            "Activities", tr("Implemented by…"), SP.SP_FileLinkIcon, self.edit_activities,
            tr("Choose the activities that implement the selected paragraph"),
        )  # fmt: skip
        self._model = MandateTableModel(self)
        self._table = self._table_for(RecordTable(self._model, self._settings, "mandatesTable"))
        self._table.setAccessibleName(tr("Mandate paragraphs"))
        self._table.set_empty_text(tr("This plan names no mandate paragraphs."))
        self._table.cellActivated.connect(self._on_cell_activated)

        self._coverage_model = GenderCoverageTableModel(self)
        self._coverage_table = RecordTable(
            self._coverage_model, self._settings, "genderCoverageTable"
        )
        self._coverage_table.setAccessibleName(tr("Gender coverage"))
        self._coverage_table.cellActivated.connect(self._on_coverage_activated)
        self._coverage_heading = self._heading("genderCoverageHeading")
        self._coverage_heading.setBuddy(self._coverage_table)

        return self._split_with(self._coverage_heading, self._coverage_table)

    @property
    def coverage_table(self) -> RecordTable:
        return self._coverage_table

    @property
    def coverage_heading(self) -> str:
        return self._coverage_heading.text()

    # Reading

    def _load(self, plan_uuid: str) -> None:
        self._mandates = tuple(self._reader.mandates(plan_uuid))
        self._table.set_rows(self._mandates)
        self._show_coverage(tuple(self._reader.gender_coverage(plan_uuid)))

    def _clear(self) -> None:
        self._mandates = ()
        self._table.set_rows(())
        self._show_coverage(())

    def _show_coverage(self, rows: tuple[GenderCoverageRow, ...]) -> None:
        self._coverage_table.set_rows(rows)
        marked = sum(row.marked for row in rows)
        total = sum(row.activities for row in rows)
        if not rows:
            self._coverage_heading.setText(tr("Gender coverage"))
        else:
            self._coverage_heading.setText(
                tr("Gender coverage: {marked} of {total} activities carry a gender marker").format(
                    marked=marked, total=total
                )
            )

    def _count_text(self, shown: int, total: int) -> str:
        missing = sum(1 for row in self._model.rows if not row.implemented)
        text = (
            tr("{total} paragraphs").format(total=total)
            if shown == total
            else tr("{shown} of {total} paragraphs shown").format(shown=shown, total=total)
        )
        if missing:
            text += " · " + tr("{count} not implemented").format(count=missing)
        return text

    def _update_actions(self) -> None:
        self._activities_button.setEnabled(self._table.current_uuid() is not None)

    def _on_cell_activated(self, key: str, _record: object) -> None:
        if key == "activities":
            self.edit_activities()

    def _on_coverage_activated(self, key: str, record: object) -> None:
        """Activating a row's unscreened codes selects the first of them in the plan."""
        if not isinstance(record, GenderCoverageRow) or not record.unscreened_codes:
            return
        outline = self._outline()
        if outline is None:
            return
        first = record.unscreened_codes[0]
        for activity in outline.activities:
            if activity.code == first:
                self.itemActivated.emit(activity.uuid)
                return

    # Editing

    def edit_activities(self) -> None:
        """Tick the activities implementing the paragraph; each activity whose list of
        paragraphs changes gets new links, all in one undo step."""
        mandate: MandateRow | None = self._table.current_record()
        outline = self._outline() if mandate is not None else None
        if mandate is None or outline is None:
            return
        activities = outline.activities
        implementing = [a.uuid for a in activities if a.code in mandate.activity_codes]
        dialog = ChecklistDialog(
            "mandateActivitiesDialog",
            tr("Activities implementing {paragraph}").format(paragraph=mandate.code),
            mandate.text,
            [(activity.uuid, item_choice_text(activity)) for activity in activities],
            implementing,
            self,
        )

        def accepted() -> None:
            chosen = set(dialog.checked_uuids())
            links: list[tuple[str, list[str]]] = []
            for activity in activities:
                before = activity.uuid in implementing
                if before == (activity.uuid in chosen):
                    continue
                # The activity's paragraphs, in paragraph order, with this one added or not.
                new = [
                    row.uuid
                    for row in self._mandates
                    if (activity.code in row.activity_codes and row.uuid != mandate.uuid)
                    or (row.uuid == mandate.uuid and not before)
                ]
                links.append((activity.uuid, new))
            if links:
                label = tr("Activities implementing {paragraph}").format(paragraph=mandate.code)
                self._build_and_submit(lambda: self._links_batch(links, label))

        self._open_dialog(dialog, accepted)

    def _links_batch(self, links: list[tuple[str, list[str]]], label: str) -> Change:
        return Batch(
            tuple(
                self._builder.set_links("activity_mandate", activity, paragraphs)
                for activity, paragraphs in links
            ),
            label,
        )
