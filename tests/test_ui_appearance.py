"""Light and dark palettes: View → Appearance, the remembered choice, and dark screenshots."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from poa_desktop.store.urls import url_for_path
from poa_desktop.ui.appearance import DARK, LIGHT, SYSTEM, Appearance, dark_palette, is_dark
from poa_desktop.ui.main_window import MainWindow
from poa_desktop.ui.screenshot import screenshot_main
from poa_desktop.ui.settings import APPEARANCE
from ui_driver import Services, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def restore_palette(qapp):  # type: ignore[no-untyped-def]
    """The application object is shared by the whole session: put its look back."""
    style = qapp.style().name()
    yield
    qapp.setStyle(style)
    qapp.setPalette(QPalette())


@pytest.fixture
def window(qtbot, database, app_settings, restore_palette):  # type: ignore[no-untyped-def]
    appearance = Appearance(QApplication.instance(), app_settings)
    appearance.apply()
    return open_window(qtbot, Services.over(database), app_settings, appearance=appearance)


def choose(window: MainWindow, choice: str) -> None:
    """Open View → Appearance and trigger the entry, as a user picks it from the menu."""
    menu = window.findChild(QMenu, "appearanceMenu")
    assert menu is not None and menu.menuAction() in window.findChild(QMenu, "viewMenu").actions()
    entry = window.findChild(QAction, f"appearance_{choice}")
    assert entry is not None and entry in menu.actions()
    entry.trigger()


def test_the_offscreen_system_starts_light_and_offers_three_choices(window) -> None:  # type: ignore[no-untyped-def]
    assert not is_dark(QApplication.palette())
    checked = [a.objectName() for a in window.findChild(QMenu, "appearanceMenu").actions()]
    assert checked == ["appearance_system", "appearance_light", "appearance_dark"]
    assert window.findChild(QAction, "appearance_system").isChecked()


def test_choosing_dark_darkens_every_view_and_is_remembered(qtbot, window, app_settings) -> None:  # type: ignore[no-untyped-def]
    choose(window, DARK)
    assert is_dark(QApplication.palette())
    tree = window.plan_view.tree
    qtbot.waitUntil(lambda: is_dark(tree.palette()))  # the views follow the app's palette
    background = tree.palette().color(QPalette.ColorRole.Base)
    text = tree.palette().color(QPalette.ColorRole.Text)
    assert text.lightness() - background.lightness() > 150  # light text on a dark base
    assert app_settings.appearance == DARK
    assert app_settings.get(APPEARANCE) == DARK
    assert window.findChild(QAction, "appearance_dark").isChecked()

    choose(window, LIGHT)
    assert not is_dark(QApplication.palette())
    assert app_settings.appearance == LIGHT
    choose(window, SYSTEM)
    assert not is_dark(QApplication.palette())  # offscreen has no dark system scheme
    assert app_settings.appearance == SYSTEM


def test_a_remembered_dark_choice_applies_at_the_next_start(
    qtbot, database, app_settings, restore_palette
) -> None:  # type: ignore[no-untyped-def]
    app_settings.appearance = DARK
    Appearance(QApplication.instance(), app_settings).apply()
    assert is_dark(QApplication.palette())


def test_a_bad_stored_value_falls_back_to_the_system(app_settings) -> None:  # type: ignore[no-untyped-def]
    app_settings.set(APPEARANCE, "purple")
    assert app_settings.appearance == SYSTEM


def test_the_dark_palette_has_readable_contrast() -> None:
    palette = dark_palette()
    for fore, back in (
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    ):
        assert _contrast(palette.color(fore), palette.color(back)) >= 4.5, fore


def test_a_dark_screenshot_leaves_the_users_choice_alone(
    qapp, tmp_path, db_path, restore_palette
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "dark.png"
    assert screenshot_main(url_for_path(db_path), "partners", out, palette=DARK) == 0
    image = QImage(str(out))
    darkness = [
        image.pixelColor(x, y).lightness() for x in range(0, 1366, 50) for y in range(0, 768, 50)
    ]
    assert sorted(darkness)[len(darkness) // 2] < 100  # mostly dark
    from poa_desktop.app import window_settings

    assert window_settings().appearance == SYSTEM  # not stored as the user's choice


def _contrast(one, two) -> float:  # type: ignore[no-untyped-def]
    """WCAG contrast ratio of two colours."""

    def luminance(colour) -> float:  # type: ignore[no-untyped-def]
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)
