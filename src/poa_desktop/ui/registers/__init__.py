"""The register views of the main window: partners, MOUs, dependencies, mandates (with
gender coverage) and indicators (with measurements).

Each view is a self-contained widget built as
``View(reader, builder, submit, settings, parent=None)``; the window places them by
``REGISTER_VIEWS`` and calls ``set_plan``/``refresh``/``set_predicate`` on them.
"""

from __future__ import annotations

from poa_desktop.ui.registers.dependencies_view import DependenciesView
from poa_desktop.ui.registers.indicators_view import IndicatorsView
from poa_desktop.ui.registers.mandates_view import MandatesView
from poa_desktop.ui.registers.models import (
    DependencyTableModel,
    GenderCoverageTableModel,
    IndicatorTableModel,
    MandateTableModel,
    MeasurementTableModel,
    MouTableModel,
    PartnerRoleTableModel,
    PartnerTableModel,
)
from poa_desktop.ui.registers.mous_view import MousView
from poa_desktop.ui.registers.partners_view import PartnersView
from poa_desktop.ui.registers.record_table import RecordProxy, RecordTable
from poa_desktop.ui.registers.table_model import LinkedItemRole, RecordTableModel
from poa_desktop.ui.registers.views import (
    CombinedReader,
    RegisterBuilder,
    RegisterReader,
    RegisterView,
    Submit,
)

#: (name, view class) in the order the window shows them.
REGISTER_VIEWS: tuple[tuple[str, type[RegisterView]], ...] = (
    ("partners", PartnersView),
    ("mous", MousView),
    ("dependencies", DependenciesView),
    ("mandates", MandatesView),
    ("indicators", IndicatorsView),
)

__all__ = [
    "REGISTER_VIEWS",
    "CombinedReader",
    "DependenciesView",
    "DependencyTableModel",
    "GenderCoverageTableModel",
    "IndicatorTableModel",
    "IndicatorsView",
    "LinkedItemRole",
    "MandateTableModel",
    "MandatesView",
    "MeasurementTableModel",
    "MouTableModel",
    "MousView",
    "PartnerRoleTableModel",
    "PartnerTableModel",
    "PartnersView",
    "RecordProxy",
    "RecordTable",
    "RecordTableModel",
    "RegisterBuilder",
    "RegisterReader",
    "RegisterView",
    "Submit",
]
