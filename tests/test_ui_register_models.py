"""The register item models on the shipped plan: the model tester, sorting by value, status
shown with icon and words, and the views' order.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from poa_desktop.services.register_service import RegisterService
from poa_desktop.ui.plan_tree_model import ItemUuidRole, SortRole
from poa_desktop.ui.registers import (
    REGISTER_VIEWS,
    IndicatorTableModel,
    MandateTableModel,
    MouTableModel,
    PartnerTableModel,
)
from poa_desktop.ui.roles import RecordRole
from register_driver import (
    OFFSCREEN_NOTICES,
    shipped_rows,
)

pytestmark = OFFSCREEN_NOTICES


@pytest.mark.parametrize("force_py", [False, True])
def test_every_model_passes_the_model_tester(
    qtmodeltester, registers, shipped_plan, measured, force_py
) -> None:
    for cls, rows in shipped_rows(registers, shipped_plan.uuid).items():
        assert rows, cls.__name__
        model = cls()
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=force_py)
        model.set_rows(rows[:1])  # a reset while the tester watches
        model.set_rows(rows[:1])  # the same rows again: only the cells change


def test_models_answer_record_uuid_and_tooltips(qapp, registers, shipped_plan, measured) -> None:
    for cls, rows in shipped_rows(registers, shipped_plan.uuid).items():
        model = cls()
        model.set_rows(rows)
        first = model.index(0, 0)
        assert first.data(RecordRole) == rows[0], cls.__name__
        assert first.data(ItemUuidRole) == getattr(rows[0], "uuid", None)
        assert (
            model.index_for_uuid(getattr(rows[0], "uuid", None) or rows[0].component_code).row()
            == 0
        )
    mandates = MandateTableModel()
    mandates.set_rows(registers.mandates(shipped_plan.uuid))
    text = mandates.index(0, mandates.column_of("text"))
    assert len(text.data()) > 100 and text.data(Qt.ItemDataRole.ToolTipRole) == text.data()


def sorted_column(model, key: str, order=Qt.SortOrder.AscendingOrder) -> list[str]:
    proxy = QSortFilterProxyModel()
    proxy.setSortRole(SortRole)
    proxy.setSourceModel(model)
    column = model.column_of(key)
    proxy.sort(column, order)
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_numbers_dates_and_statuses_sort_by_value_not_text(qapp, registers, shipped_plan) -> None:
    partners = PartnerTableModel()
    partners.set_rows(registers.partners(shipped_plan.uuid))
    roles = sorted_column(partners, "roles", Qt.SortOrder.DescendingOrder)
    assert roles[0] == "18" and [int(n) for n in roles] == sorted(map(int, roles), reverse=True)
    indicators = IndicatorTableModel()
    indicators.set_rows(registers.indicators(shipped_plan.uuid))
    targets = [t for t in sorted_column(indicators, "target") if t]
    assert targets == sorted(targets, key=float)  # 1 before 30 before 60
    mous = MouTableModel()
    mous.set_rows(registers.mous(shipped_plan.uuid))
    dates = sorted_column(mous, "target")
    assert dates == sorted(dates) and dates[0] == "2011-12-31"
    assert sorted_column(mous, "status") == ["Proposed"] * 4 + ["Negotiating"]


def test_mou_status_and_overdue_show_icon_and_words(qapp, registers, shipped_plan) -> None:
    model = MouTableModel()
    model.set_rows(RegisterService(registers._database, today=lambda: date(2013, 5, 1)).mous(
        shipped_plan.uuid))  # fmt: skip
    rows = model.rows
    overdue = model.column_of("overdue")
    status = model.column_of("status")
    for number, row in enumerate(rows):
        flag = model.index(number, overdue)
        assert flag.data() == ("Overdue" if row.overdue else "")
        assert (flag.data(Qt.ItemDataRole.DecorationRole) is not None) == row.overdue
        assert model.index(number, status).data(Qt.ItemDataRole.DecorationRole) is not None
    assert [row.overdue for row in rows] == [True, False, False, False, False]


# --- editing in place ----------------------------------------------------------------------


def test_register_views_are_named_in_order() -> None:
    assert [name for name, _ in REGISTER_VIEWS] == [
        "partners",
        "mous",
        "dependencies",
        "mandates",
        "indicators",
    ]
    assert all(name == cls.NAME for name, cls in REGISTER_VIEWS)


def test_one_items_roles_are_read_alone(registers, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    """The editor shows one item's roles without reading every role of the plan."""
    every = registers.partner_roles(shipped_plan.uuid)
    item = every[0].item_uuid
    alone = registers.partner_roles(shipped_plan.uuid, item_uuid=item)
    assert alone == tuple(role for role in every if role.item_uuid == item)
    assert 0 < len(alone) < len(every)
