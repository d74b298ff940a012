"""The main window's commands: its actions, toolbar, menus and status bar, and what each
action calls.

Built by ``MainWindow.attach`` once the views exist (the actions act on the plan view, the
layout and the file commands); apart from the window so that its module keeps to loading
the plan and following changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from poa_desktop.domain.enums import ItemKind
from poa_desktop.ui.actions import (
    build_menus,
    build_toolbar,
    create_actions,
    create_file_actions,
    item_context_menu,
)
from poa_desktop.ui.editor_widgets import ElidedLabel

if TYPE_CHECKING:
    from poa_desktop.ui.main_window import MainWindow


def build_commands(window: MainWindow) -> None:
    """Actions, docks, toolbar, menus and status bar of an attached window, wired."""
    window.actions_ = create_actions(window, window.session.stack)
    window.file_actions = create_file_actions(window)
    window.layout_.build_docks(window.session.stack)
    build_toolbar(window, window.actions_)
    if window.filters.bar is not None:
        window.addToolBarBreak()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, window.filters.toolbar)
    build_menus(
        window,
        window.actions_,
        window.file_actions,
        window.layout_.view_actions(),
        window.layout_.history_toggle,
        window.filters.find_action,
    )
    appearance = window.appearance
    if appearance is not None and window.actions_.view_menu is not None:
        appearance.setParent(window)
        window.actions_.view_menu.addSeparator()
        window.actions_.view_menu.addMenu(appearance.menu(window))
    _connect(window)
    _build_status_bar(window)


def _connect(window: MainWindow) -> None:
    a, c, f = window.actions_, window.commands, window.file_actions
    plan_view = window.plan_view
    a.new_activity.triggered.connect(lambda: c.new_item(ItemKind.ACTIVITY))
    a.new_means.triggered.connect(lambda: c.new_item(ItemKind.MEANS))
    a.new_output.triggered.connect(lambda: c.new_item(ItemKind.OUTPUT))
    a.new_milestone.triggered.connect(lambda: c.new_item(ItemKind.MILESTONE))
    a.delete.triggered.connect(c.delete_current)
    a.move_up.triggered.connect(lambda: c.move_current(-1))
    a.move_down.triggered.connect(lambda: c.move_current(+1))
    a.new_plan.triggered.connect(c.new_plan)
    a.duplicate_plan.triggered.connect(c.duplicate_plan)
    a.rename_plan.triggered.connect(c.rename_plan)
    a.delete_plan.triggered.connect(c.delete_plan)
    a.expand_all.triggered.connect(plan_view.tree.expandAll)
    a.collapse.triggered.connect(plan_view.expand_default)
    a.reset_layout.triggered.connect(window.layout_.default_layout)
    a.quit.triggered.connect(window.close)
    a.about.triggered.connect(window.show_about)
    files = window.files
    for action, handler in (
        (f.export_json, files.export_plan_json),
        (f.export_gantt, files.export_gantt),
        (f.export_review_pack, files.export_review_pack),
        (f.export_network_figure, files.export_network_figure),
        (f.export_network_graph, files.export_network_graph),
        (f.import_json, files.import_plan_json),
        (f.import_review_pack, files.import_review_pack),
        (f.print_gantt, files.print_gantt),
        (f.back_up, files.back_up_now),
        (f.restore, files.restore),
        (f.save_baseline, files.save_baseline),
    ):
        action.triggered.connect(handler)
    f.show_gantt.triggered.connect(lambda: window.show_view("gantt"))
    f.editor_pane.setChecked(plan_view.editor_shown)
    f.editor_pane.toggled.connect(plan_view.set_editor_shown)
    plan_view.editorShown.connect(f.editor_pane.setChecked)
    plan_view.tree_bar.addActions([a.expand_all, a.collapse])
    window.context_menu = item_context_menu(window, a)
    window.add_item_list(plan_view.tree)
    plan_view.selectionChanged.connect(lambda *_: window.set_active("plan"))
    plan_view.problem.connect(window.show_error)
    window.tabifiedDockWidgetActivated.connect(window.layout_.on_dock_activated)


def _build_status_bar(window: MainWindow) -> None:
    bar = window.statusBar()
    bar.setObjectName("statusBar")
    window.counts_label = ElidedLabel("countsLabel")
    bar.addPermanentWidget(window.counts_label)
    bar.messageChanged.connect(lambda _text: window.fit_counts())
