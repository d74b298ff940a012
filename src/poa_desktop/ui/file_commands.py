"""What the File menu (and Plan ▸ Save baseline) does: exports, imports, printing and
backups, each long step on a worker thread (``ui.workers``).

An export is written to a temporary file beside the target and renamed into place only
if the user did not cancel (``JobContext.commit``), so a cancel leaves no file and never
harms an older one. An import reads and checks the file on the worker thread and changes
nothing there: the change it makes is handed to the window's ``submit`` on the GUI thread,
as one undoable step.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from poa_desktop.domain.changes import AddPlan, Batch, Change
from poa_desktop.domain.errors import UserError
from poa_desktop.ui.service_protocols import BackupControl, FileServices
from poa_desktop.ui.workers import JobContext, JobRunner

if TYPE_CHECKING:
    from poa_desktop.ui.file_dialogs import ExportChoice
    from poa_desktop.ui.main_window import MainWindow

GANTT_FORMATS = (".pdf", ".png", ".svg")
NETWORK_GRAPH_FORMATS = (".graphml", ".gexf")
LENSES = (("partners", "Partners & MOUs"), ("dependencies", "Output dependencies"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_commands", text)


def partial_path(target: Path) -> Path:
    """A temporary name beside ``target`` with its suffix (the writers go by it)."""
    return target.with_name(f".{target.stem}.partial-{uuid.uuid4().hex[:8]}{target.suffix}")


def write_then_commit(job: JobContext, target: Path, write: Callable[[Path], object]) -> Path:
    """``write(temporary)``, then rename it over ``target`` unless the user cancelled."""
    job.check()  # cancelled before it started: nothing to undo
    temporary = partial_path(target)
    try:
        write(temporary)
        job.commit(lambda: os.replace(temporary, target))
    finally:
        temporary.unlink(missing_ok=True)
    return target


class FileCommands:
    """The window's file commands; ``chooser`` picks paths (a test may replace it)."""

    def __init__(
        self,
        window: MainWindow,
        jobs: JobRunner,
        files: FileServices | None,
        backups: BackupControl | None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._window = window
        self._jobs = jobs
        self._files = files
        self._backups = backups
        self._today = today
        #: Asks for paths (``file_dialogs.FileChooser``, made when first needed; a test
        #: puts its own here).
        self.chooser: Any = None
        self._dialog: Any = None

    @property
    def has_files(self) -> bool:
        return self._files is not None

    @property
    def has_backups(self) -> bool:
        return self._backups is not None

    # --- helpers -----------------------------------------------------------------------------

    def _chooser(self) -> Any:
        if self.chooser is None:
            from poa_desktop.ui.file_dialogs import FileChooser

            self.chooser = FileChooser()
        return self.chooser

    def _folder(self) -> Path:
        folder = Path(self._window.settings.export_folder or "")
        if folder.parts and folder.is_dir():
            return folder
        documents = Path.home() / "Documents"
        return documents if documents.is_dir() else Path.home()

    def _ask_export(
        self, title: str, name: str, suffixes: tuple[str, ...], **options: Any
    ) -> ExportChoice | None:
        from poa_desktop.ui.file_dialogs import ExportDialog

        dialog = ExportDialog(
            self._window, title, self._folder() / name, suffixes, self._chooser(), **options
        )
        self._dialog = dialog
        try:
            if dialog.exec() != ExportDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        finally:
            self._dialog = None
            dialog.deleteLater()
        self._window.settings.export_folder = str(choice.path.parent)
        return choice

    def _export(
        self, title: str, target: Path, write: Callable[[Path, JobContext], object]
    ) -> None:
        """Write ``target`` on the worker thread; say where it went."""

        def work(job: JobContext) -> Path:
            return write_then_commit(job, target, lambda temporary: write(temporary, job))

        self._jobs.run(
            title,
            work,
            lambda path: self._window.show_status(
                _tr("{title}: written to {path}.").format(title=title, path=path)
            ),
            label=_tr("Writing {name}…").format(name=target.name),
        )

    def _plan(self) -> Any:
        plan = self._window.plan
        if plan is None:
            self._window.show_error(_tr("Open a plan first."))
        return plan

    # --- plan documents (JSON) ----------------------------------------------------------------

    def export_plan_json(self) -> None:
        plan, files = self._plan(), self._files
        if plan is None or files is None:
            return
        choice = self._ask_export(_tr("Export plan (JSON)"), f"{plan.code}.json", (".json",))
        if choice is not None:
            self._export(
                _tr("Export plan (JSON)"),
                choice.path,
                lambda path, _job: files.export_plan_json(plan.uuid, path),
            )

    def import_plan_json(self) -> None:
        files = self._files
        if files is None:
            return
        path = self._chooser().open_path(
            self._window, _tr("Import plan (JSON)"), self._folder(), _tr("Plan (*.json)")
        )
        if path is None:
            return
        self._jobs.run(
            _tr("Import plan (JSON)"),
            lambda job: files.read_plan_json(path),
            lambda document: self._add_plan(document, path),
            label=_tr("Reading {name}…").format(name=path.name),
        )

    def _add_plan(self, document: Any, path: Path) -> bool:
        window = self._window
        code, title = document["plan"]["code"], document["plan"]["title"]
        existing = next((plan for plan in window.plans if plan.code == code), None)
        add = AddPlan(
            document, label=_tr("Import plan {code} from {name}").format(code=code, name=path.name)
        )
        change: Change = add
        if existing is not None:
            from poa_desktop.ui.file_dialogs import confirm_replace_plan

            if not confirm_replace_plan(window, code, existing.title):
                window.show_status(
                    _tr("Nothing imported; the plan {code} is as it was.").format(code=code)
                )
                return False
            try:
                remove = window.builder.delete_plan(existing.uuid)
            except UserError as error:
                window.show_error(str(error))
                return False
            change = Batch(
                (remove, add),
                label=_tr("Replace plan {code} from {name}").format(code=code, name=path.name),
            )
        if not window.session.submit(change):
            return False
        window.show_status(
            _tr("Imported the plan {title} ({code}) from {name}.").format(
                title=title, code=code, name=path.name
            )
        )
        return True

    # --- the Gantt chart ----------------------------------------------------------------------

    def export_gantt(self) -> None:
        window, files = self._window, self._files
        outline = window.outline
        if outline is None or files is None:
            return
        choice = self._ask_export(
            _tr("Export Gantt chart"), f"{outline.plan.code}-gantt.pdf", GANTT_FORMATS,
            papers=True,
        )  # fmt: skip
        if choice is None:
            return
        today = self._today()
        self._export(
            _tr("Gantt chart"),
            choice.path,
            lambda path, _job: files.draw_gantt(outline, path, choice.paper, today),
        )

    def print_gantt(self) -> None:
        chart = self._window.chart
        if chart is not None and self._window.plan is not None and chart.print_chart():
            self._window.show_status(_tr("The Gantt chart was sent to the printer."))

    # --- the review pack ----------------------------------------------------------------------

    def export_review_pack(self) -> None:
        window, plan, files = self._window, self._plan(), self._files
        if plan is None or files is None:
            return
        names = [baseline.name for baseline in window.baseline_refs()]
        choice = self._ask_export(
            _tr("Export review pack (Excel)"), f"{plan.code}-review-pack.xlsx", (".xlsx",),
            baselines=names,
        )  # fmt: skip
        if choice is None:
            return
        self._export(
            _tr("Review pack"),
            choice.path,
            lambda path, job: files.export_review_pack(
                plan.uuid, path, choice.baseline, job.progress, job.cancelled
            ),
        )

    def import_review_pack(self) -> None:
        window, plan, files = self._window, self._plan(), self._files
        if plan is None or files is None:
            return
        path = self._chooser().open_path(
            window, _tr("Import review pack (Excel)"), self._folder(),
            _tr("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        if path is None:
            return
        self._jobs.run(
            _tr("Import review pack"),
            lambda job: files.preview_review_pack(plan.uuid, path, job.progress, job.cancelled),
            lambda report: self._preview(report, plan.uuid),
            label=_tr("Reading {name}…").format(name=path.name),
            on_error=lambda text: self._problems(
                _tr("Cannot import {name}").format(name=path.name), text
            ),
        )

    def _problems(self, title: str, text: str) -> None:
        from poa_desktop.ui.file_dialogs import ProblemsDialog

        box = ProblemsDialog(self._window, title, text)
        self._dialog = box
        box.open()

    def _preview(self, report: Any, plan_uuid: str) -> bool:
        window = self._window
        if report.batch is None:
            window.show_status(str(report.summary()))
            window.show_error(str(report.summary()))
            return False
        from poa_desktop.ui.file_dialogs import ReviewPackPreview

        dialog = ReviewPackPreview(window, report)
        self._dialog = dialog
        try:
            accepted = dialog.exec() == ReviewPackPreview.DialogCode.Accepted
        finally:
            self._dialog = None
            dialog.deleteLater()
        if not accepted:
            window.show_status(_tr("Nothing imported; the plan is as it was."))
            return False
        if window.plan is None or window.plan.uuid != plan_uuid:
            window.show_error(_tr("The plan was closed meanwhile; nothing imported."))
            return False
        if not window.session.submit(report.batch):
            return False
        window.show_status(
            _tr("Imported {count} changes from {name} as one step (Ctrl+Z undoes it).").format(
                count=len(report.changes), name=report.path.name
            )
        )
        return True

    # --- networks -----------------------------------------------------------------------------

    def _network_choice(self, title: str, suffixes: tuple[str, ...], papers: bool) -> Any:
        plan = self._plan()
        if plan is None or self._files is None:
            return None, None
        lens = self._window.network_lens()
        lenses = tuple((key, _tr(text)) for key, text in LENSES)
        name = f"{plan.code}-{lens}{suffixes[0]}"
        choice = self._ask_export(title, name, suffixes, papers=papers, lenses=lenses, lens=lens)
        return plan, choice

    def export_network_figure(self) -> None:
        plan, choice = self._network_choice(_tr("Export network figure"), GANTT_FORMATS, True)
        files = self._files
        if choice is None or files is None:
            return
        pinned = self._window.network_pins(plan.uuid, choice.lens)
        self._export(
            _tr("Network figure"),
            choice.path,
            lambda path, _job: files.draw_network(
                plan.uuid, choice.lens, path, choice.paper, pinned
            ),
        )

    def export_network_graph(self) -> None:
        plan, choice = self._network_choice(
            _tr("Export network (GraphML/GEXF)"), NETWORK_GRAPH_FORMATS, False
        )
        files = self._files
        if choice is None or files is None:
            return
        self._export(
            _tr("Network graph"),
            choice.path,
            lambda path, _job: files.write_network(plan.uuid, choice.lens, path),
        )

    # --- backups ------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        backups = self._backups
        if backups is None:
            return
        self._jobs.run(
            _tr("Back up"),
            lambda job: backups.back_up("manual"),
            lambda info: self._window.show_status(
                _tr("Backed up to {path}.").format(path=info.path)
            ),
            label=_tr("Backing up the database…"),
            cancellable=False,
        )

    def back_up_daily(self) -> None:
        """The day's automatic backup, quietly, if none was taken in the last day."""
        backups = self._backups
        if backups is None:
            return

        def done(info: Any) -> None:
            if info is not None:
                self._window.show_status(_tr("Daily backup: {path}.").format(path=info.path))

        self._jobs.run(
            _tr("Daily backup"), lambda job: backups.back_up_if_due("daily"), done, quiet=True
        )

    def back_up_on_close(self) -> None:
        if self._backups is None:
            return
        try:
            self._backups.back_up("close")
        except UserError as error:
            self._window.show_error(str(error))

    def restore(self) -> bool:
        window, backups = self._window, self._backups
        if backups is None:
            return False
        try:
            found = backups.backups()
        except OSError as error:
            window.show_error(str(error))
            return False
        if not found:
            window.show_error(
                _tr("There is no backup yet (File ▸ Back up now makes one); nothing to restore.")
            )
            return False
        from poa_desktop.ui.file_dialogs import RestoreDialog, confirm_restore

        dialog = RestoreDialog(window, found, backups.folder)
        self._dialog = dialog
        try:
            if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen() is None:
                return False
            chosen = dialog.chosen()
        finally:
            self._dialog = None
            dialog.deleteLater()
        if not confirm_restore(window, chosen):
            return False
        self._jobs.shutdown()  # no job reads the database while it is replaced
        try:
            aside = backups.restore(Path(chosen.path))
        except UserError as error:
            window.show_error(str(error))
            window.reload()
            return False
        finally:
            self._jobs.reopen()
        window.database_replaced()
        window.show_status(
            _tr("Restored the backup of {taken}; the previous database was kept as {aside}.")
            .format(taken=f"{chosen.taken_at:%Y-%m-%d %H:%M}", aside=aside)
        )  # fmt: skip
        return True

    # --- baselines ----------------------------------------------------------------------------

    def save_baseline(self) -> bool:
        window = self._window
        plan = self._plan()
        if plan is None:
            return False
        taken = [baseline.name for baseline in window.baseline_refs()]
        from poa_desktop.ui.file_dialogs import BaselineDialog

        dialog = BaselineDialog(window, taken, self._today())
        self._dialog = dialog
        try:
            if dialog.exec() != BaselineDialog.DialogCode.Accepted:
                return False
            name, note = dialog.answer()
        finally:
            self._dialog = None
            dialog.deleteLater()
        try:
            change = window.builder.new_baseline(plan.uuid, name, note)
        except UserError as error:
            window.show_error(str(error))
            return False
        return window.session.submit(change)
