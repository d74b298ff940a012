"""Partners, and below them the roles of the selected partner on the plan's items."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QWidget

from poa_desktop.domain.records import PartnerRoleRow, PartnerRow
from poa_desktop.ui.registers.dialogs import PartnerRoleDialog
from poa_desktop.ui.registers.labels import pickable_items, tr
from poa_desktop.ui.registers.models import PartnerRoleTableModel, PartnerTableModel
from poa_desktop.ui.registers.record_table import RecordTable
from poa_desktop.ui.registers.views import RegisterView, added_uuid

SP = QStyle.StandardPixmap


class PartnersView(RegisterView):
    """Add, rename, classify and delete partners; give them roles on items."""

    NAME = "partners"

    def _build_body(self) -> QWidget:
        self._roles: tuple[PartnerRoleRow, ...] = ()
        self._add_button = self._button(
            "Add",
            tr("Add partner"),
            SP.SP_FileDialogNewFolder,
            self.add_partner,
            tr("Add a partner (Insert)"),
        )
        self._delete_button = self._button(
            "Delete",
            tr("Delete partner"),
            SP.SP_TrashIcon,
            self.delete_partner,
            tr("Delete the selected partner (Delete)"),
        )
        self._separator()
        self._add_role_button = self._button(
            "AddRole",
            tr("Add role…"),
            SP.SP_FileLinkIcon,
            self.add_role,
            tr("Give the partner a role on an item of the plan"),
        )
        self._remove_role_button = self._button(
            "RemoveRole",
            tr("Remove role"),
            SP.SP_DialogDiscardButton,
            self.remove_role,
            tr("Remove the selected role"),
        )
        self._show_button = self._button("ShowItem", tr("Show item"), SP.SP_ArrowForward,
                                         self.show_role_item,
                                         tr("Select the role's item in the plan"))  # fmt: skip

        self._model = PartnerTableModel(self)
        self._table = self._table_for(
            RecordTable(self._model, self._settings, "partnersTable"),
            on_add=self.add_partner,
            on_delete=self.delete_partner,
        )
        self._table.setAccessibleName(tr("Partners"))
        self._table.currentUuidChanged.connect(lambda _uuid: self._show_roles())

        self._roles_model = PartnerRoleTableModel(self)
        self._roles_table = self._table_for(
            RecordTable(self._roles_model, self._settings, "partnerRolesTable"),
            on_add=self.add_role,
            on_delete=self.remove_role,
        )
        self._roles_table.setAccessibleName(tr("Roles of the selected partner"))
        self._roles_table.set_empty_text(
            tr("No roles. “Add role…” gives the partner a role on an item of the plan.")
        )
        self._table.set_empty_text(tr("No partners yet. “Add partner” adds one."))
        self._roles_heading = self._heading("partnerRolesHeading")
        self._roles_heading.setBuddy(self._roles_table)

        return self._split_with(self._roles_heading, self._roles_table)

    @property
    def roles_table(self) -> RecordTable:
        return self._roles_table

    # Reading

    def _load(self, plan_uuid: str) -> None:
        partners = self._reader.partners(plan_uuid)
        self._roles = tuple(self._reader.partner_roles(plan_uuid))
        self._table.set_rows(partners)
        self._show_roles()

    def _clear(self) -> None:
        self._roles = ()
        self._table.set_rows(())
        self._show_roles()

    def _show_roles(self) -> None:
        partner: PartnerRow | None = self._table.current_record()
        if partner is None:
            self._roles_table.set_rows(())
            self._roles_heading.setText(tr("Roles: select a partner above"))
        else:
            rows = [role for role in self._roles if role.partner_uuid == partner.uuid]
            self._roles_table.set_rows(rows)
            self._roles_heading.setText(
                tr("Roles of {partner} on the plan's items ({count})").format(
                    partner=partner.acronym or partner.name, count=len(rows)
                )
            )
            if rows and not self._roles_table.currentIndex().isValid():
                self._roles_table.setCurrentIndex(self._roles_table.model().index(0, 0))
        self._update_actions()

    def _count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return tr("{total} partners").format(total=total)
        return tr("{shown} of {total} partners shown").format(shown=shown, total=total)

    def _update_actions(self) -> None:
        has_plan = self._plan_uuid is not None
        partner = self._table.current_uuid()
        role = self._roles_table.current_uuid()
        self._add_button.setEnabled(has_plan)
        self._delete_button.setEnabled(partner is not None)
        self._add_role_button.setEnabled(partner is not None)
        self._remove_role_button.setEnabled(role is not None)
        self._show_button.setEnabled(role is not None)

    # Editing

    def add_partner(self) -> None:
        """A new partner named "New partner", its name ready to be typed over."""
        plan = self._plan_uuid
        if plan is None:
            return
        change = self._build_and_submit(lambda: self._builder.new_partner(plan, tr("New partner")))
        uuid = added_uuid(change)
        if uuid is not None:
            self._table.edit_cell(uuid, "name")

    def delete_partner(self) -> None:
        partner: PartnerRow | None = self._table.current_record()
        if partner is not None:
            self._delete("partner", partner.uuid, partner.code)

    def add_role(self) -> None:
        partner: PartnerRow | None = self._table.current_record()
        if partner is None:
            return
        dialog = PartnerRoleDialog(partner.acronym or partner.name,
                                   pickable_items(self._outline()), self)  # fmt: skip

        def accepted() -> None:
            item = dialog.item_uuid()
            if item is not None:
                role = dialog.role()
                self._build_and_submit(
                    lambda: self._builder.new_partner_role(partner.uuid, item, role)
                )

        self._open_dialog(dialog, accepted)

    def remove_role(self) -> None:
        role: PartnerRoleRow | None = self._roles_table.current_record()
        if role is not None:
            self._delete("partner_role", role.uuid, f"{role.partner_code} → {role.item_code}")

    def show_role_item(self) -> None:
        role: PartnerRoleRow | None = self._roles_table.current_record()
        if role is not None:
            self.itemActivated.emit(role.item_uuid)
