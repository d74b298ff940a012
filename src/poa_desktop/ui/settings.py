"""Typed access to the user's persistent settings.

This is the one place that touches ``QSettings``: every setting is declared once below as
(key, type, default), so a key cannot be misspelt in one module and a stored value of the
wrong type (an ini file edited by hand, an older version) falls back to its default
instead of reaching a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One persistent setting: where it is stored, what it holds, and its default."""

    key: str
    type: type[T]
    default: T


WINDOW_GEOMETRY: Setting[QByteArray] = Setting("main_window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("main_window/state", QByteArray, QByteArray())
SPLITTER_STATE: Setting[QByteArray] = Setting("main_window/splitter", QByteArray, QByteArray())
TREE_HEADER_STATE: Setting[QByteArray] = Setting(
    "main_window/plan_tree_header", QByteArray, QByteArray()
)
KEY_OUTPUTS_HEADER_STATE: Setting[QByteArray] = Setting(
    "main_window/key_outputs_header", QByteArray, QByteArray()
)
LAST_PLAN_UUID: Setting[str] = Setting("plan/last_uuid", str, "")
#: The name written as the author of progress notes (asked once, editable in the note).
AUTHOR_NAME: Setting[str] = Setting("user/name", str, "")
#: A family of settings, one per table or tree view: its header state (column order,
#: widths, hidden columns, sort). ``{view}`` is the view's objectName.
VIEW_HEADER_STATE: Setting[QByteArray] = Setting("views/{view}/header", QByteArray, QByteArray())
#: A family: node positions the user pinned in a network lens, per plan and lens, as JSON
#: ({"node key": [x, y], …}). ``{view}`` is "<plan uuid>.<lens>".
NETWORK_POSITIONS: Setting[str] = Setting("network/{view}/positions", str, "{}")
#: The Gantt chart's zoom ("year", "quarter", "month") and the baseline shown under it.
GANTT_ZOOM: Setting[str] = Setting("gantt/zoom", str, "year")
GANTT_BASELINE: Setting[str] = Setting("gantt/baseline", str, "")
#: How many automatic backups (daily, on close) are kept; manual ones are never deleted.
BACKUP_KEEP: Setting[int] = Setting("backups/keep", int, 10)
#: The folder the last export was written to (the next one starts there).
EXPORT_FOLDER: Setting[str] = Setting("files/export_folder", str, "")
#: Whether the plan view shows the editor of the selected row beside the tree and chart.
EDITOR_SHOWN: Setting[bool] = Setting("main_window/editor_shown", bool, True)
#: The palette: "system" (follow the system's light or dark scheme), "light" or "dark".
APPEARANCE: Setting[str] = Setting("appearance/palette", str, "system")

#: Every setting the application knows, for documentation and tests.
ALL_SETTINGS: tuple[Setting[Any], ...] = (
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    SPLITTER_STATE,
    TREE_HEADER_STATE,
    KEY_OUTPUTS_HEADER_STATE,
    LAST_PLAN_UUID,
    AUTHOR_NAME,
    VIEW_HEADER_STATE,
    NETWORK_POSITIONS,
    GANTT_ZOOM,
    GANTT_BASELINE,
    BACKUP_KEEP,
    EXPORT_FOLDER,
    EDITOR_SHOWN,
    APPEARANCE,
)


class AppSettings:
    """A typed wrapper around the ``QSettings`` object given to it.

    The caller chooses the storage (the composition root passes the platform default,
    tests pass an ini file in a temporary directory), so nothing here reads global state.
    """

    def __init__(self, qsettings: QSettings) -> None:
        self._qsettings = qsettings

    @property
    def file_name(self) -> str:
        """Where the settings are stored, for diagnostics."""
        return self._qsettings.fileName()

    def get(self, setting: Setting[T]) -> T:
        """The stored value, or the default when absent or not of the declared type."""
        if not self._qsettings.contains(setting.key):
            return _copy(setting.default)
        try:
            value = self._qsettings.value(setting.key, setting.default, type=setting.type)
        except (TypeError, ValueError):
            return _copy(setting.default)
        if not isinstance(value, setting.type):
            return _copy(setting.default)
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a value, refusing one of the wrong type (a programming error)."""
        if not isinstance(value, setting.type):
            raise TypeError(
                f"setting {setting.key!r} holds {setting.type.__name__}, not {type(value).__name__}"
            )
        self._qsettings.setValue(setting.key, value)

    def reset(self, setting: Setting[Any]) -> None:
        """Forget a stored value so that the default applies again."""
        self._qsettings.remove(setting.key)

    def sync(self) -> None:
        """Write pending changes to storage now (Qt also does it on destruction)."""
        self._qsettings.sync()

    def header_state(self, view: str) -> QByteArray:
        """The saved header state of the view named ``view`` (its objectName)."""
        return self.get(_member(VIEW_HEADER_STATE, view))

    def set_header_state(self, view: str, value: QByteArray) -> None:
        self.set(_member(VIEW_HEADER_STATE, view), value)

    def network_positions(self, plan_uuid: str, lens: str) -> str:
        """Pinned node positions of one lens of one plan, as JSON text."""
        return self.get(_member(NETWORK_POSITIONS, f"{plan_uuid}.{lens}"))

    def set_network_positions(self, plan_uuid: str, lens: str, value: str) -> None:
        self.set(_member(NETWORK_POSITIONS, f"{plan_uuid}.{lens}"), value)

    @property
    def gantt_zoom(self) -> str:
        return self.get(GANTT_ZOOM)

    @gantt_zoom.setter
    def gantt_zoom(self, value: str) -> None:
        self.set(GANTT_ZOOM, value)

    @property
    def gantt_baseline(self) -> str:
        return self.get(GANTT_BASELINE)

    @gantt_baseline.setter
    def gantt_baseline(self, value: str) -> None:
        self.set(GANTT_BASELINE, value)

    @property
    def backup_keep(self) -> int:
        """Automatic backups kept (at least 1: the newest is never rotated away)."""
        return max(1, self.get(BACKUP_KEEP))

    @backup_keep.setter
    def backup_keep(self, value: int) -> None:
        self.set(BACKUP_KEEP, value)

    @property
    def export_folder(self) -> str:
        return self.get(EXPORT_FOLDER)

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self.set(EXPORT_FOLDER, value)

    @property
    def editor_shown(self) -> bool:
        return self.get(EDITOR_SHOWN)

    @editor_shown.setter
    def editor_shown(self, value: bool) -> None:
        self.set(EDITOR_SHOWN, value)

    @property
    def appearance(self) -> str:
        value = self.get(APPEARANCE)
        return value if value in ("system", "light", "dark") else APPEARANCE.default

    @appearance.setter
    def appearance(self, value: str) -> None:
        self.set(APPEARANCE, value)

    @property
    def author_name(self) -> str:
        return self.get(AUTHOR_NAME)

    @author_name.setter
    def author_name(self, value: str) -> None:
        self.set(AUTHOR_NAME, value)

    # Typed shortcuts for the settings the main window uses.

    @property
    def window_geometry(self) -> QByteArray:
        return self.get(WINDOW_GEOMETRY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.set(WINDOW_GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray:
        return self.get(WINDOW_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.set(WINDOW_STATE, value)

    @property
    def splitter_state(self) -> QByteArray:
        return self.get(SPLITTER_STATE)

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.set(SPLITTER_STATE, value)

    @property
    def tree_header_state(self) -> QByteArray:
        return self.get(TREE_HEADER_STATE)

    @tree_header_state.setter
    def tree_header_state(self, value: QByteArray) -> None:
        self.set(TREE_HEADER_STATE, value)

    @property
    def key_outputs_header_state(self) -> QByteArray:
        return self.get(KEY_OUTPUTS_HEADER_STATE)

    @key_outputs_header_state.setter
    def key_outputs_header_state(self, value: QByteArray) -> None:
        self.set(KEY_OUTPUTS_HEADER_STATE, value)

    @property
    def last_plan_uuid(self) -> str:
        return self.get(LAST_PLAN_UUID)

    @last_plan_uuid.setter
    def last_plan_uuid(self, value: str) -> None:
        self.set(LAST_PLAN_UUID, value)


def _member(family: Setting[T], view: str) -> Setting[T]:
    """One member of a family of settings (the ``{view}`` in its key filled in)."""
    if not view or "/" in view:
        raise ValueError(f"not a view name: {view!r}")
    return Setting(family.key.format(view=view), family.type, family.default)


def _copy(value: T) -> T:
    """A fresh copy of a mutable default, so callers cannot alter the declared one."""
    if isinstance(value, QByteArray):
        return QByteArray(value)  # type: ignore[return-value]
    return value
