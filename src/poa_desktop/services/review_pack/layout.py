"""What the review pack's sheets look like, shared by the writer and the reader.

The writer lays the columns out from these tables and the reader finds them again by their
header text, so a coordinator may move, insert or delete columns in Excel and the file still
imports. Only the sheets in :data:`IMPORTABLE` are read back; the others are for reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from poa_desktop.domain.enums import ItemKind, MouStatus, PartnerKind, Status

# --- sheet names --------------------------------------------------------------------------

ACTIVITY_MATRIX = "Activity matrix"
TIMELINE = "Timeline"
KEY_OUTPUTS = "Key outputs"
PARTNERS = "Partners & MOUs"
DEPENDENCIES = "Dependencies"
MANDATES = "Mandate coverage"
INDICATORS = "Indicators"
CHANGES_PREFIX = "Changes since "
DATA_QUALITY = "Data quality"

#: The sheets an import reads, in the order their differences are listed.
IMPORTABLE = (ACTIVITY_MATRIX, TIMELINE, KEY_OUTPUTS)

#: Excel's limits: characters in a cell, characters in a sheet name.
MAX_CELL_TEXT = 32_767
MAX_SHEET_NAME = 31

# --- vocabularies as a reader sees them ---------------------------------------------------

STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.DELAYED: "Delayed",
    Status.COMPLETED: "Completed",
    Status.CANCELLED: "Cancelled",
}
KIND_LABELS = {
    ItemKind.ACTIVITY: "Activity",
    ItemKind.MEANS: "Means of action",
    ItemKind.OUTPUT: "Key output",
    ItemKind.MILESTONE: "Milestone",
}
COMPONENT_KIND = "Component"
MOU_STATUS_LABELS = {
    MouStatus.PROPOSED: "Proposed",
    MouStatus.NEGOTIATING: "Negotiating",
    MouStatus.SIGNED: "Signed",
    MouStatus.IN_FORCE: "In force",
    MouStatus.EXPIRED: "Expired",
    MouStatus.TERMINATED: "Terminated",
}
_PARTNER_KIND_WORDS = {"un": "UN", "ifi": "IFI", "ilo": "ILO", "ngo": "NGO"}


def partner_kind_label(kind: PartnerKind) -> str:
    words = [_PARTNER_KIND_WORDS.get(word, word) for word in kind.value.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _key(text: str) -> str:
    """A label reduced to what a reader compares: lower case, single spaces, no ``_``."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


_STATUS_BY_KEY = {_key(label): status for status, label in STATUS_LABELS.items()} | {
    _key(status.value): status for status in Status
}
_KIND_BY_KEY = {_key(label): kind.value for kind, label in KIND_LABELS.items()} | {
    _key(kind.value): kind.value for kind in ItemKind
} | {"means": ItemKind.MEANS.value, "output": ItemKind.OUTPUT.value,
     _key(COMPONENT_KIND): "component"}  # fmt: skip


def status_from_label(text: str) -> Status | None:
    """``Not started``, ``not_started``, ``NOT STARTED`` … → the status; None if unknown."""
    return _STATUS_BY_KEY.get(_key(text))


def kind_from_label(text: str) -> str | None:
    """A Kind cell → ``activity``, ``means``, ``output``, ``milestone``, ``component``."""
    return _KIND_BY_KEY.get(_key(text))


# --- columns ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its header, width (Excel units) and, for a column the import
    reads, the item ``field`` it holds (document names: title, start, end, status…)."""

    header: str
    width: float
    field: str | None = None

    @property
    def key(self) -> str:
        """What a reader matches the header on: the words before any bracket."""
        return _key(self.header.split("(")[0])


def header_key(text: str) -> str:
    return _key(str(text).split("(")[0])


CODE = "code"

MATRIX_COLUMNS = (
    Column("Code", 10, CODE),
    Column("Category of activities", 20),
    Column("Activity (conclusions paragraph)", 44),
    Column("Means of action (key outputs in bold)", 60, "title"),
    Column("Timing", 16, "timing_text"),
    Column("Start", 11.5, "start"),
    Column("End", 11.5, "end"),
    Column("Status", 12, "status"),
)
TIMELINE_COLUMNS = (
    Column("Code", 16, CODE),
    Column("Kind", 11, "kind"),
    Column("Title", 52, "title"),
    Column("Status", 11, "status"),
    Column("% done", 7, "percent_complete"),
    Column("Start", 11.5, "start"),
    Column("End", 11.5, "end"),
)
TIMELINE_YEAR_WIDTH = 6.5
KEY_OUTPUT_COLUMNS = (
    Column("No.", 5),
    Column("Code", 7, CODE),
    Column("Component", 26),
    Column("Key output", 46, "title"),
    Column("Timing", 14, "timing_text"),
    Column("Start", 11.5, "start"),
    Column("End", 11.5, "end"),
    Column("Status", 11, "status"),
    Column("% done", 7, "percent_complete"),
    Column("Delivered by", 22),
)

#: The columns of each importable sheet.
IMPORT_COLUMNS = {
    ACTIVITY_MATRIX: MATRIX_COLUMNS,
    TIMELINE: TIMELINE_COLUMNS,
    KEY_OUTPUTS: KEY_OUTPUT_COLUMNS,
}

#: A means of action's label as the matrix prints it before the text: ``(iv) ``.
MEANS_LABEL = re.compile(r"^\s*(\([ivxlc]+\))\s+", re.IGNORECASE)
#: A means code: its activity's code and a label in brackets (``II.2(iv)``).
MEANS_CODE = re.compile(r"^(?P<activity>.+?)\.?(?P<label>\([ivxlc]+\))$", re.IGNORECASE)

# --- looks --------------------------------------------------------------------------------

FONT = "Arial"
FONT_SIZE = 10
HEADER_FILL = "DCE3EC"
TITLE_SIZE = 14
GROUP_FILL = "EEF2F7"
ACTIVITY_BAR = "7F8FA6"
#: Year cells of the Timeline, by status: light tints that still print in grey.
STATUS_FILLS = {
    Status.NOT_STARTED: "C9D3E0",
    Status.ON_TRACK: "B9DEC6",
    Status.AT_RISK: "F7D794",
    Status.DELAYED: "F1B5AE",
    Status.COMPLETED: "A9C8E8",
    Status.CANCELLED: "DDDDDD",
}
OVERDUE_FONT = "B42318"
MILESTONE_MARK = "◆"
COVERAGE_MARK = "●"


def biennium_of(year: int) -> tuple[int, int]:
    """The ILO biennium a year belongs to (biennia start in even years: 2012–13)."""
    first = year if year % 2 == 0 else year - 1
    return first, first + 1


def biennium_label(first: int) -> str:
    return f"{first}–{(first + 1) % 100:02d}"


def sheet_name_for_changes(baseline_name: str) -> str:
    """``Changes since NAME``, cut to Excel's 31 characters with characters Excel refuses
    in sheet names replaced (the full name stands in the sheet's title)."""
    name = re.sub(r"[\[\]:*?/\\]", "-", baseline_name).strip("'")
    title = CHANGES_PREFIX + name
    if len(title) > MAX_SHEET_NAME:
        title = title[: MAX_SHEET_NAME - 1].rstrip() + "…"
    return title
