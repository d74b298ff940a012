"""The window's actions (with shortcuts, icons and tips), its menus and its toolbar.

Actions are built here and connected by the window; the same action is in the menu, on
the toolbar and in the tree's context menu, so its shortcut, text and enabled state agree
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStyle, QToolBar, QToolButton

from poa_desktop.domain.records import PlanRef

_CONTEXT = "actions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass
class WindowActions:
    """Every action of the main window, by what it does."""

    undo: QAction
    redo: QAction
    new_activity: QAction
    new_means: QAction
    new_output: QAction
    new_milestone: QAction
    delete: QAction
    move_up: QAction
    move_down: QAction
    new_plan: QAction
    duplicate_plan: QAction
    rename_plan: QAction
    delete_plan: QAction
    expand_all: QAction
    collapse: QAction
    reset_layout: QAction
    quit: QAction
    about: QAction
    switch_plan_menu: QMenu
    plan_group: QActionGroup
    view_menu: QMenu | None = None
    edit_menu: QMenu | None = None
    toolbar: QToolBar | None = None
    item_actions: list[QAction] = field(default_factory=list)

    @property
    def new_actions(self) -> tuple[QAction, ...]:
        return (self.new_activity, self.new_means, self.new_output, self.new_milestone)


def _action(
    window: QMainWindow,
    name: str,
    text: str,
    *,
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = (),
    icon: QStyle.StandardPixmap | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    keys = [QKeySequence(key) for key in shortcuts]
    if keys:
        action.setShortcuts(keys)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    plain = text.replace("&", "").rstrip("…")
    shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setToolTip(f"{tip or plain} ({shown})" if shown else tip or plain)
    action.setStatusTip(tip or plain)
    return action


def create_actions(window: QMainWindow, stack: QUndoStack) -> WindowActions:
    """Build the actions; nothing is connected to the window's handlers yet."""
    sp = QStyle.StandardPixmap
    undo = stack.createUndoAction(window, _tr("&Undo"))
    undo.setObjectName("actionUndo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    undo.setIcon(window.style().standardIcon(sp.SP_ArrowBack))
    undo.setToolTip(_tr("Undo the last change (Ctrl+Z)"))
    redo = stack.createRedoAction(window, _tr("&Redo"))
    redo.setObjectName("actionRedo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(window.style().standardIcon(sp.SP_ArrowForward))
    redo.setToolTip(_tr("Redo what was undone (Ctrl+Shift+Z or Ctrl+Y)"))

    new_activity = _action(
        window,
        "actionNewActivity",
        _tr("New &activity"),
        shortcuts=("Ctrl+Shift+A",),
        icon=sp.SP_FileDialogNewFolder,
        tip=_tr("New activity in the selected component"),
    )
    new_means = _action(
        window,
        "actionNewMeans",
        _tr("New &means of action"),
        shortcuts=("Ctrl+Shift+N",),
        icon=sp.SP_FileIcon,
        tip=_tr("New means of action under the selected activity"),
    )
    new_output = _action(
        window,
        "actionNewKeyOutput",
        _tr("New &key output"),
        shortcuts=("Ctrl+Shift+K",),
        icon=sp.SP_DialogApplyButton,
        tip=_tr("New key output in the selected component"),
    )
    new_milestone = _action(
        window,
        "actionNewMilestone",
        _tr("New m&ilestone"),
        shortcuts=("Ctrl+Shift+M",),
        icon=sp.SP_FileDialogInfoView,
        tip=_tr("New milestone, dated today"),
    )
    delete = _action(
        window,
        "actionDelete",
        _tr("&Delete"),
        shortcuts=("Del",),
        icon=sp.SP_TrashIcon,
        tip=_tr("Delete the selected item"),
    )
    move_up = _action(
        window,
        "actionMoveUp",
        _tr("Move &up"),
        shortcuts=("Ctrl+Up",),
        icon=sp.SP_ArrowUp,
        tip=_tr("Move the selected item up"),
    )
    move_down = _action(
        window,
        "actionMoveDown",
        _tr("Move do&wn"),
        shortcuts=("Ctrl+Down",),
        icon=sp.SP_ArrowDown,
        tip=_tr("Move the selected item down"),
    )
    # Delete and the moves act on the list that has the focus (Del in a text field deletes
    # text); the window adds them to each list.
    for action in (delete, move_up, move_down):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    new_plan = _action(window, "actionNewPlan", _tr("&New plan…"), tip=_tr("Start an empty plan"))
    duplicate_plan = _action(
        window,
        "actionDuplicatePlan",
        _tr("&Duplicate plan…"),
        tip=_tr("Copy this plan as the start of a successor plan"),
    )
    rename_plan = _action(
        window,
        "actionRenamePlan",
        _tr("&Rename plan…"),
        tip=_tr("Change this plan's title and code"),
    )
    delete_plan = _action(
        window,
        "actionDeletePlan",
        _tr("De&lete plan…"),
        tip=_tr("Delete this plan and everything in it"),
    )
    switch_plan_menu = QMenu(_tr("&Switch plan"), window)
    switch_plan_menu.setObjectName("switchPlanMenu")
    plan_group = QActionGroup(window)
    plan_group.setExclusive(True)

    expand_all = _action(window, "actionExpandAll", _tr("&Expand all"), shortcuts=("Ctrl+Shift+E",))
    collapse = _action(
        window,
        "actionCollapseToActivities",
        _tr("&Collapse to activities"),
        shortcuts=("Ctrl+Shift+C",),
    )
    reset_layout = _action(
        window,
        "actionResetLayout",
        _tr("&Reset layout"),
        tip=_tr("Put every view back in its place"),
    )
    quit_action = _action(window, "actionQuit", _tr("&Quit"), shortcuts=("Ctrl+Q",))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    about = _action(window, "actionAbout", _tr("&About poa-desktop"))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    actions = WindowActions(
        undo=undo,
        redo=redo,
        new_activity=new_activity,
        new_means=new_means,
        new_output=new_output,
        new_milestone=new_milestone,
        delete=delete,
        move_up=move_up,
        move_down=move_down,
        new_plan=new_plan,
        duplicate_plan=duplicate_plan,
        rename_plan=rename_plan,
        delete_plan=delete_plan,
        expand_all=expand_all,
        collapse=collapse,
        reset_layout=reset_layout,
        quit=quit_action,
        about=about,
        switch_plan_menu=switch_plan_menu,
        plan_group=plan_group,
    )
    actions.item_actions = [*actions.new_actions, delete, move_up, move_down]
    return actions


@dataclass
class FileActions:
    """The File menu's exports, imports, printing and backups, and the chart's views."""

    export_json: QAction
    export_gantt: QAction
    export_review_pack: QAction
    export_network_figure: QAction
    export_network_graph: QAction
    import_json: QAction
    import_review_pack: QAction
    print_gantt: QAction
    back_up: QAction
    restore: QAction
    save_baseline: QAction
    show_gantt: QAction
    editor_pane: QAction

    @property
    def all(self) -> tuple[QAction, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def create_file_actions(window: QMainWindow) -> FileActions:
    sp = QStyle.StandardPixmap
    editor_pane = _action(
        window,
        "actionEditorPane",
        _tr("&Editor beside the chart"),
        shortcuts=("Ctrl+E",),
        tip=_tr("Show or hide the editor of the selected row in the plan view"),
    )
    editor_pane.setCheckable(True)
    return FileActions(
        export_json=_action(
            window,
            "actionExportJson",
            _tr("&Plan (JSON)…"),
            shortcuts=("Ctrl+Shift+J",),
            tip=_tr("Write the whole plan as a plan document (JSON)"),
        ),
        export_gantt=_action(
            window,
            "actionExportGantt",
            _tr("&Gantt chart…"),
            shortcuts=("Ctrl+Shift+G",),
            tip=_tr("Draw the Gantt chart for a report (PDF, PNG or SVG; A4 or A3)"),
        ),
        export_review_pack=_action(
            window,
            "actionExportReviewPack",
            _tr("&Review pack (Excel)…"),
            shortcuts=("Ctrl+Shift+X",),
            icon=sp.SP_DialogSaveButton,
            tip=_tr("Write the Governing Body review pack: the activity matrix and registers"),
        ),
        export_network_figure=_action(
            window,
            "actionExportNetworkFigure",
            _tr("&Network figure…"),
            tip=_tr("Draw a network lens for a report (PDF, PNG or SVG)"),
        ),
        export_network_graph=_action(
            window,
            "actionExportNetworkGraph",
            _tr("Network as Graph&ML/GEXF…"),
            tip=_tr("Write a network lens for Gephi, yEd or igraph"),
        ),
        import_json=_action(
            window,
            "actionImportJson",
            _tr("&Plan (JSON)…"),
            shortcuts=("Ctrl+O",),
            icon=sp.SP_DialogOpenButton,
            tip=_tr("Add the plan in a plan document (JSON) to this database"),
        ),
        import_review_pack=_action(
            window,
            "actionImportReviewPack",
            _tr("&Review pack (Excel)…"),
            shortcuts=("Ctrl+Shift+I",),
            tip=_tr("Read a coordinator's edited review pack; see the differences first"),
        ),
        print_gantt=_action(
            window,
            "actionPrintGantt",
            _tr("&Print Gantt chart…"),
            shortcuts=("Ctrl+P",),
            tip=_tr("Print the Gantt chart as shown, on landscape pages"),
        ),
        back_up=_action(
            window,
            "actionBackUpNow",
            _tr("&Back up now"),
            shortcuts=("Ctrl+Shift+B",),
            icon=sp.SP_DriveHDIcon,
            tip=_tr("Take a backup of the database now"),
        ),
        restore=_action(
            window,
            "actionRestore",
            _tr("Res&tore…"),
            tip=_tr("Go back to a backup (the database as it is now is kept aside)"),
        ),
        save_baseline=_action(
            window,
            "actionSaveBaseline",
            _tr("Save &baseline…"),
            shortcuts=("Ctrl+Shift+S",),
            tip=_tr("Keep the plan's current dates under a name, to compare with later"),
        ),
        show_gantt=_action(
            window,
            "actionShowGantt",
            _tr("&Gantt chart"),
            shortcuts=("Ctrl+G",),
            tip=_tr("The plan tree with the Gantt chart across the window"),
        ),
        editor_pane=editor_pane,
    )


def build_menus(
    window: QMainWindow,
    actions: WindowActions,
    files: FileActions,
    view_toggles: list[QAction],
    undo_history_toggle: QAction,
    find: QAction | None,
) -> None:
    bar = window.menuBar()
    bar.setObjectName("menuBar")
    file_menu = bar.addMenu(_tr("&File"))
    file_menu.setObjectName("fileMenu")
    export = file_menu.addMenu(_tr("&Export"))
    export.setObjectName("exportMenu")
    export.addActions([files.export_json, files.export_gantt, files.export_review_pack])
    export.addSeparator()
    export.addActions([files.export_network_figure, files.export_network_graph])
    imports = file_menu.addMenu(_tr("&Import"))
    imports.setObjectName("importMenu")
    imports.addActions([files.import_json, files.import_review_pack])
    file_menu.addSeparator()
    file_menu.addAction(files.print_gantt)
    file_menu.addSeparator()
    file_menu.addActions([files.back_up, files.restore])
    file_menu.addSeparator()
    file_menu.addMenu(actions.switch_plan_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit = bar.addMenu(_tr("&Edit"))
    edit.setObjectName("editMenu")
    edit.addActions([actions.undo, actions.redo])
    edit.addSeparator()
    edit.addActions(list(actions.new_actions))
    edit.addSeparator()
    edit.addActions([actions.delete, actions.move_up, actions.move_down])
    if find is not None:
        edit.addSeparator()
        edit.addAction(find)
    actions.edit_menu = edit

    plan = bar.addMenu(_tr("&Plan"))
    plan.setObjectName("planMenu")
    plan.addActions([actions.new_plan, actions.duplicate_plan, actions.rename_plan])
    plan.addSeparator()
    plan.addAction(files.save_baseline)
    plan.addSeparator()
    plan.addAction(actions.delete_plan)
    plan.addSeparator()
    plan.addMenu(actions.switch_plan_menu)

    view = bar.addMenu(_tr("&View"))
    view.setObjectName("viewMenu")
    view.addActions(view_toggles)
    view.addSeparator()
    view.addActions([files.show_gantt, files.editor_pane])
    view.addSeparator()
    view.addAction(undo_history_toggle)
    view.addSeparator()
    view.addActions([actions.expand_all, actions.collapse, actions.reset_layout])
    actions.view_menu = view

    help_menu = bar.addMenu(_tr("&Help"))
    help_menu.setObjectName("helpMenu")
    help_menu.addAction(actions.about)


def build_toolbar(window: QMainWindow, actions: WindowActions) -> QToolBar:
    toolbar = QToolBar(_tr("Edit"), window)
    toolbar.setObjectName("editToolBar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([actions.undo, actions.redo])
    for action in (actions.undo, actions.redo):  # their text names the step: too long here
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.addSeparator()
    new_label = QLabel(_tr("New:"))
    new_label.setObjectName("newItemLabel")
    new_label.setContentsMargins(6, 0, 2, 0)
    toolbar.addWidget(new_label)
    short = {
        actions.new_activity: _tr("Activity"),
        actions.new_means: _tr("Means of action"),
        actions.new_output: _tr("Key output"),
        actions.new_milestone: _tr("Milestone"),
        actions.delete: _tr("Delete"),
        actions.move_up: _tr("Up"),
        actions.move_down: _tr("Down"),
    }
    for action, text in short.items():
        action.setIconText(text)
    toolbar.addActions(list(actions.new_actions))
    toolbar.addSeparator()
    toolbar.addActions([actions.delete, actions.move_up, actions.move_down])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    actions.toolbar = toolbar
    return toolbar


def fill_switch_plan_menu(
    window: QMainWindow,
    actions: WindowActions,
    plans: Sequence[PlanRef],
    current_uuid: str | None,
    open_plan: Callable[[str], object],
) -> None:
    """File → Switch plan: one checkable entry per plan, the current one checked."""
    menu, group = actions.switch_plan_menu, actions.plan_group
    menu.clear()
    for action in group.actions():
        group.removeAction(action)
        action.deleteLater()
    for plan in plans:
        action = QAction(f"{plan.title} ({plan.code})", window)
        action.setObjectName(f"actionOpenPlan_{plan.code}")
        action.setCheckable(True)
        action.setData(plan.uuid)
        action.setChecked(plan.uuid == current_uuid)
        action.triggered.connect(lambda _checked=False, u=plan.uuid: open_plan(u))
        group.addAction(action)
        menu.addAction(action)
    menu.setEnabled(len(plans) > 1)


def item_context_menu(window: QMainWindow, actions: WindowActions) -> QMenu:
    """The menu of a row in the plan tree or the key output and milestone tables."""
    menu = QMenu(window)
    menu.setObjectName("itemContextMenu")
    menu.addActions(list(actions.new_actions))
    menu.addSeparator()
    menu.addActions([actions.move_up, actions.move_down])
    menu.addSeparator()
    menu.addAction(actions.delete)
    return menu


def icon_of(window: QMainWindow, pixmap: QStyle.StandardPixmap) -> QIcon:
    return window.style().standardIcon(pixmap)
