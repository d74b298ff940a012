"""The Governing Body review pack: the plan as Excel sheets out, coordinators' edits back in.

- ``export_review_pack(...)`` writes the workbook with XlsxWriter (export.py, cells.py and
  the sheets_*.py modules);
- ``import_review_pack(...)`` reads one back, lists the differences and applies them as one
  undoable change (import_.py; reading.py, diff.py underneath);
- ``safety.check_workbook`` refuses hostile or broken files before openpyxl opens them.

Nothing here imports XlsxWriter or openpyxl until a workbook is written or read, so the
window may import this package at start-up.
"""

from poa_desktop.services.review_pack.diff import PackChange, changes_to_apply, diff_review_pack
from poa_desktop.services.review_pack.export import export_review_pack
from poa_desktop.services.review_pack.import_ import ImportReport, import_review_pack
from poa_desktop.services.review_pack.progress import Cancelled
from poa_desktop.services.review_pack.reading import PackContents, PackRow, read_review_pack

__all__ = [
    "Cancelled",
    "ImportReport",
    "PackChange",
    "PackContents",
    "PackRow",
    "changes_to_apply",
    "diff_review_pack",
    "export_review_pack",
    "import_review_pack",
    "read_review_pack",
]
