"""Item-data roles shared by every model and proxy in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

#: The frozen record behind a row (an ItemRow, PartnerRow, MouRow…): proxies filter on it.
RecordRole = Qt.ItemDataRole.UserRole + 10
