"""Memoranda of understanding: status, dates, parties and the key outputs they serve."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QWidget

from poa_desktop.domain.records import MouRow
from poa_desktop.ui.registers.dialogs import ChecklistDialog
from poa_desktop.ui.registers.labels import item_choice_text, pickable_items, tr
from poa_desktop.ui.registers.models import MouTableModel
from poa_desktop.ui.registers.record_table import RecordTable
from poa_desktop.ui.registers.views import RegisterView, added_uuid

SP = QStyle.StandardPixmap


class MousView(RegisterView):
    """Add and delete MOUs, edit them in place, choose their parties and outputs."""

    NAME = "mous"

    def _build_body(self) -> QWidget:
        self._add_button = self._button(
            "Add", tr("Add MOU"), SP.SP_FileDialogNewFolder, self.add_mou, tr("Add an MOU (Insert)")
        )
        self._delete_button = self._button(
            "Delete",
            tr("Delete MOU"),
            SP.SP_TrashIcon,
            self.delete_mou,
            tr("Delete the selected MOU (Delete)"),
        )
        self._separator()
        self._parties_button = self._button(
            "Parties",
            tr("Parties…"),
            SP.SP_DirLinkIcon,
            self.edit_parties,
            tr("Choose the partners that are parties to it"),
        )
        self._outputs_button = self._button("Outputs", tr("Outputs…"), SP.SP_FileLinkIcon,
                                            self.edit_outputs,
                                            tr("Choose the key outputs it serves"))  # fmt: skip
        self._model = MouTableModel(self)
        self._table = self._table_for(
            RecordTable(self._model, self._settings, "mousTable"),
            on_add=self.add_mou,
            on_delete=self.delete_mou,
        )
        self._table.setAccessibleName(tr("Memoranda of understanding"))
        self._table.set_empty_text(tr("No MOUs yet. “Add MOU” adds one."))
        self._table.cellActivated.connect(self._on_cell_activated)
        return self._table

    def _load(self, plan_uuid: str) -> None:
        self._table.set_rows(self._reader.mous(plan_uuid))

    def _clear(self) -> None:
        self._table.set_rows(())

    def _count_text(self, shown: int, total: int) -> str:
        overdue = sum(1 for row in self._model.rows if row.overdue)
        text = (
            tr("{total} MOUs").format(total=total)
            if shown == total
            else tr("{shown} of {total} MOUs shown").format(shown=shown, total=total)
        )
        if overdue:
            text += " · " + tr("{count} overdue").format(count=overdue)
        return text

    def _update_actions(self) -> None:
        selected = self._table.current_uuid() is not None
        self._add_button.setEnabled(self._plan_uuid is not None)
        for button in (self._delete_button, self._parties_button, self._outputs_button):
            button.setEnabled(selected)

    def _on_cell_activated(self, key: str, _record: object) -> None:
        if key == "parties":
            self.edit_parties()
        elif key == "outputs":
            self.edit_outputs()

    # Editing

    def add_mou(self) -> None:
        """A new proposed MOU, its title ready to be typed over."""
        plan = self._plan_uuid
        if plan is None:
            return
        change = self._build_and_submit(lambda: self._builder.new_mou(plan, tr("New MOU")))
        uuid = added_uuid(change)
        if uuid is not None:
            self._table.edit_cell(uuid, "title")

    def delete_mou(self) -> None:
        mou: MouRow | None = self._table.current_record()
        if mou is not None:
            self._delete("mou", mou.uuid, mou.code)

    def edit_parties(self) -> None:
        mou: MouRow | None = self._table.current_record()
        if mou is None or self._plan_uuid is None:
            return
        partners = self._reader.partners(self._plan_uuid)
        by_code = {partner.code: partner.uuid for partner in partners}
        old = [by_code[code] for code in mou.party_codes if code in by_code]
        entries = [
            (p.uuid, f"{p.code} — {p.name}" if p.code != p.name else p.name) for p in partners
        ]
        dialog = ChecklistDialog(
            "mouPartiesDialog",
            tr("Parties to {mou}").format(mou=mou.code),
            tr("Tick the partners that are parties to “{title}”.").format(title=mou.title),
            entries,
            old,
            self,
        )

        def accepted() -> None:
            new = self._keep_order(old, dialog.checked_uuids())
            if new != old:
                self._build_and_submit(
                    lambda: self._builder.set_links(
                        "mou_party", mou.uuid, new, tr("Parties to {mou}").format(mou=mou.code)
                    )
                )

        self._open_dialog(dialog, accepted)

    def edit_outputs(self) -> None:
        mou: MouRow | None = self._table.current_record()
        outline = self._outline() if mou is not None else None
        if mou is None or outline is None:
            return
        # Key outputs, plus any other item it already serves (kept unless unticked).
        linked = set(mou.output_codes)
        outputs = list(outline.key_outputs) + [
            item
            for item in pickable_items(outline)
            if item.code in linked and item not in outline.key_outputs
        ]
        by_code = {item.code: item.uuid for item in outputs}
        old = [by_code[code] for code in mou.output_codes if code in by_code]
        dialog = ChecklistDialog(
            "mouOutputsDialog",
            tr("Key outputs of {mou}").format(mou=mou.code),
            tr("Tick the key outputs “{title}” serves.").format(title=mou.title),
            [(item.uuid, item_choice_text(item)) for item in outputs],
            old,
            self,
        )

        def accepted() -> None:
            new = self._keep_order(old, dialog.checked_uuids())
            if new != old:
                self._build_and_submit(
                    lambda: self._builder.set_links(
                        "mou_output", mou.uuid, new, tr("Outputs of {mou}").format(mou=mou.code)
                    )
                )

        self._open_dialog(dialog, accepted)
