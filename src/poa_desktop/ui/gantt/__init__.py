"""The interactive Gantt chart of a plan: ``GanttWidget`` (toolbar and view, wired to the
services), ``GanttView`` (zoom, ruler, gestures) and ``GanttScene`` (the items)."""

from poa_desktop.ui.gantt.scene import GanttScene
from poa_desktop.ui.gantt.view import GanttView
from poa_desktop.ui.gantt.widget import GanttWidget

__all__ = ["GanttScene", "GanttView", "GanttWidget"]
