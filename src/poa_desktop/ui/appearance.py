"""Light and dark palettes: follow the system, or the user's choice in View → Appearance.

Qt follows the system's colour scheme where the platform theme supports it (Windows 11,
macOS, GNOME and KDE with their platform themes). Where it reports a dark scheme but the
style keeps a light palette (the classic Windows style), or where the user asks for dark
on a platform with no scheme at all (plain X11, the offscreen platform of the tests), the
app switches to the Fusion style with the dark palette below. Tables, trees, the editor
and the filter bar paint with the palette's roles; the Gantt chart and the network keep
their light background in both palettes, as they print.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from poa_desktop.ui.settings import AppSettings

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = (SYSTEM, LIGHT, DARK)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appearance", text)


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style, with contrast of at least 4.5:1 for text."""
    window, base, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#e6e6e6")
    disabled = QColor("#8a8d91")
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, QColor("#27292c")),
        (roles.ToolTipBase, QColor("#3c3f41")),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, QColor("#9da0a4")),
        (roles.Text, text),
        (roles.Button, QColor("#35373a")),
        (roles.ButtonText, text),
        (roles.BrightText, QColor("#ff6b6b")),
        (roles.Light, QColor("#4a4d51")),
        (roles.Midlight, QColor("#3e4144")),
        (roles.Mid, QColor("#2f3134")),
        (roles.Dark, QColor("#1a1b1d")),
        (roles.Shadow, QColor("#000000")),
        (roles.Highlight, QColor("#2f65ca")),
        (roles.HighlightedText, QColor("#ffffff")),
        (roles.Link, QColor("#6ea8fe")),
        (roles.LinkVisited, QColor("#b39ddb")),
    ):
        palette.setColor(role, colour)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Highlight, QColor("#44474b"))
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class Appearance(QObject):
    """Applies the chosen palette to the application and re-applies it when the system's
    scheme changes while the choice is "system"."""

    def __init__(self, app: QApplication, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("appearance")
        self._app = app
        self._settings = settings
        self._original_style = app.style().name()
        self._choice = settings.appearance if settings is not None else SYSTEM
        app.styleHints().colorSchemeChanged.connect(self._on_system_changed)

    @property
    def choice(self) -> str:
        return self._choice

    def apply(self, choice: str | None = None, *, remember: bool = True) -> None:
        """Apply ``choice`` (or the current one); remember it in the settings unless told
        not to (a screenshot in the dark palette leaves the user's choice alone)."""
        if choice is not None:
            if choice not in CHOICES:
                raise ValueError(f"unknown appearance {choice!r}")
            self._choice = choice
            if remember and self._settings is not None:
                self._settings.appearance = choice
        hints = self._app.styleHints()
        scheme = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}
        hints.setColorScheme(scheme.get(self._choice, Qt.ColorScheme.Unknown))
        self._set_style(self._original_style)
        self._app.setPalette(QPalette())  # back to what the platform theme gives
        want_dark = self._choice == DARK or (self._choice == SYSTEM and system_prefers_dark())
        if want_dark and not is_dark(self._app.palette()):
            self._set_style("Fusion")
            self._app.setPalette(dark_palette())
        elif self._choice == LIGHT and is_dark(self._app.palette()):
            self._set_style("Fusion")
            self._app.setPalette(QPalette(QColor("#efefef")))

    def _set_style(self, name: str) -> None:
        if self._app.style().name().lower() != name.lower():
            self._app.setStyle(name)

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == SYSTEM:
            self.apply()

    def menu(self, parent: QWidget) -> QMenu:
        """View → Appearance: System, Light, Dark, as a radio group."""
        menu = QMenu(_tr("&Appearance"), parent)
        menu.setObjectName("appearanceMenu")
        group = QActionGroup(menu)
        group.setExclusive(True)
        labels = {
            SYSTEM: (_tr("Follow the &system"), _tr("Light or dark as the system is set")),
            LIGHT: (_tr("&Light"), _tr("Always the light palette")),
            DARK: (_tr("&Dark"), _tr("Always the dark palette")),
        }
        for choice, (text, tip) in labels.items():
            action = QAction(text, menu)
            action.setObjectName(f"appearance_{choice}")
            action.setCheckable(True)
            action.setChecked(choice == self._choice)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, c=choice: self.apply(c))
            group.addAction(action)
            menu.addAction(action)
        return menu
