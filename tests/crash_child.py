"""A child process for the crash-safety tests: it edits (or exports) in a loop and reports
each edit on stdout only after the service said it was saved. The parent kills it with
SIGKILL at random moments and checks what the database holds.

Each edit is a Batch that sets the same counter into two items' titles in one transaction:
a half-applied edit would show two different counters.
"""

from __future__ import annotations

import sys
from pathlib import Path

from poa_desktop.domain.changes import Batch
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.files import dump_json, write_atomic
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.setup import open_database
from poa_desktop.store.urls import url_for_path


def main(database_file: str, mode: str, target: str = "") -> None:
    database = open_database(url_for_path(database_file)).database
    service = PlanService(database)
    plan = service.find_plan()
    outline = service.outline(plan.uuid)
    first, second = outline.activities[0], outline.activities[1]
    builder, editor = ChangeBuilder(database), PlanEditor(database)
    counter = 0
    print("ready", flush=True)
    while True:
        counter += 1
        if mode == "edits":
            text = f"edit {counter}"
            editor.apply(
                Batch(
                    (
                        builder.edit("item", first.uuid, {"title": text}),
                        builder.edit("item", second.uuid, {"title": text}),
                    )
                )
            )
        else:  # exports: the same plan, with a growing note, written over the target
            document = service.document(plan.uuid)
            document["plan"]["description"] = f"export {counter} " + "x" * 200_000
            write_atomic(Path(target), dump_json(document))
        print(counter, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
