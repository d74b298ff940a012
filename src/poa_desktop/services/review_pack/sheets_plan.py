"""The plan's own sheets: the Activity matrix (Appendix I), the Timeline (the Gantt in
Excel) and the Key outputs (Figure 1 as a table). These three are read back on import, so
each row carries its item's code and the editable values sit in plainly headed columns."""

from __future__ import annotations

from typing import Any

from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.records import ComponentRow, ItemRow
from poa_desktop.services.review_pack.cells import PackBook, SheetWriter
from poa_desktop.services.review_pack.layout import (
    ACTIVITY_BAR,
    ACTIVITY_MATRIX,
    COMPONENT_KIND,
    GROUP_FILL,
    KEY_OUTPUT_COLUMNS,
    KEY_OUTPUTS,
    KIND_LABELS,
    MATRIX_COLUMNS,
    MILESTONE_MARK,
    STATUS_FILLS,
    STATUS_LABELS,
    TIMELINE,
    TIMELINE_COLUMNS,
    TIMELINE_YEAR_WIDTH,
    biennium_label,
    biennium_of,
)
from poa_desktop.services.review_pack.source import PackData

CODE_GREY = "4A5565"


def component_label(component: ComponentRow) -> str:
    suffix = " (cross-cutting)" if component.cross_cutting else ""
    return f"{component.code}. {component.title}{suffix}"


def activity_text(activity: ItemRow, paragraphs: tuple[str, ...]) -> str:
    """``2. Strengthen the Office's research capacity … (para. 35(m))``, as in Appendix I."""
    prefix = f"{activity.component_code}."
    number = activity.code[len(prefix) :] if activity.code.startswith(prefix) else activity.code
    if not paragraphs:
        cited = ""
    elif len(paragraphs) == 1:
        cited = f" (para. {paragraphs[0]})"
    else:
        cited = f" (paras {', '.join(paragraphs)})"
    return f"{number}. {activity.title}{cited}"


def means_text(means: ItemRow) -> str:
    return f"{means.label} {means.title}" if means.label else means.title


def _status_validation(writer: SheetWriter, column: int, first: int, last: int) -> None:
    choices = list(STATUS_LABELS.values())
    writer.validate(column, first, last, {
        "validate": "list", "source": choices, "ignore_blank": True, "show_error": True,
        "error_title": "Status", "error_message": f"Choose one of: {', '.join(choices)}.",
    })  # fmt: skip


def _percent_validation(writer: SheetWriter, column: int, first: int, last: int) -> None:
    writer.validate(column, first, last, {
        "validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100,
        "ignore_blank": True, "show_error": True, "error_title": "% done",
        "error_message": "A whole number from 0 to 100.",
    })  # fmt: skip


def _kind_validation(writer: SheetWriter, column: int, first: int, last: int) -> None:
    """A drop-down of kinds that still lets a coordinator type another (the import says
    what it cannot read)."""
    writer.validate(column, first, last, {
        "validate": "list", "source": [COMPONENT_KIND, *KIND_LABELS.values()],
        "ignore_blank": True, "show_error": False,
    })  # fmt: skip


# --- Activity matrix ----------------------------------------------------------------------


def write_activity_matrix(book: PackBook, data: PackData) -> None:
    writer = SheetWriter(book, ACTIVITY_MATRIX, MATRIX_COLUMNS)
    width = len(MATRIX_COLUMNS)
    years = data.years()
    span = f"{years[0]}–{years[-1] % 100:02d}" if len(years) > 1 else str(years[0])
    writer.title(
        f"{data.plan.title} – Activity matrix {span}",
        data.subtitle("Means of action delivering key outputs in bold; edit Means of action, "
                      "Timing, Start, End and Status, keep the Code"),
        width,
    )  # fmt: skip
    writer.header(3)
    code, plain = writer.style(color=CODE_GREY, size=9), writer.style()
    key_means, centred = writer.style(bold=True), writer.style(horizontal="center")
    row = 4
    outline = data.outline
    for component in outline.components:
        component_first = row
        for activity in (a for a in outline.activities if a.component_code == component.code):
            activity_first = row
            means_rows = data.means_by_activity.get(activity.code, [])
            if not means_rows:  # an activity without means still shows, under its own code
                writer.put(row, 1, activity.code, color=CODE_GREY, size=9)
                writer.blanks(row, 4, width)
                row += 1
            for means in means_rows:
                writer.write(row, 1, means.code, code)
                writer.write(row, 4, means_text(means),
                             key_means if means.is_key_output_means else plain)  # fmt: skip
                writer.write(row, 5, means.timing_text, plain)
                writer.write(row, 6, means.start, plain)
                writer.write(row, 7, means.end, plain)
                writer.write(row, 8, STATUS_LABELS[means.status], centred)
                row += 1
            text = activity_text(activity, data.activity_mandates.get(activity.code, ()))
            writer.merged(activity_first, 3, row - 1, 3, text)
        if row == component_first:  # a component without activities keeps its line
            writer.blanks(row, 1, 1)
            writer.blanks(row, 3, width)
            row += 1
        writer.merged(component_first, 2, row - 1, 2, component_label(component), bold=True)
    last = row - 1
    _status_validation(writer, 8, 4, last)
    writer.finish(header_rows=(3, 3), last_row=last, last_column=width, freeze="B4",
                  heading=data.heading, footer=data.footer)  # fmt: skip


# --- Timeline -----------------------------------------------------------------------------


def _timeline_rows(data: PackData) -> list[tuple[str, Any]]:
    """(what, record) in the order the Timeline lists them."""
    rows: list[tuple[str, Any]] = []
    outline = data.outline
    for component in outline.components:
        rows.append(("component", component))
        for activity in (a for a in outline.activities if a.component_code == component.code):
            rows.append(("item", activity))
            rows.extend(("item", means) for means in data.means_by_activity.get(activity.code, []))
        rows.extend(
            ("item", output)
            for output in outline.key_outputs
            if output.component_code == component.code
        )
    if outline.milestones:
        rows.append(("group", "Milestones"))
        rows.extend(("item", milestone) for milestone in outline.milestones)
    return rows


def write_timeline(book: PackBook, data: PackData) -> None:
    writer = SheetWriter(book, TIMELINE, TIMELINE_COLUMNS)
    fixed = len(TIMELINE_COLUMNS)
    years = data.years()
    last_column = fixed + len(years)
    writer.title(
        f"{data.plan.title} – Timeline",
        data.subtitle(f"Shaded: planned years (shade = status); {MILESTONE_MARK} milestone; "
                      "edit Title, Status, % done, Start and End, keep the Code"),
        last_column,
    )  # fmt: skip
    # Row 3: biennia over the years; row 4: the column headers and the years.
    writer.merged(3, 1, 3, fixed, "Planned years by biennium →", italic=True, color=CODE_GREY,
                  horizontal="right")  # fmt: skip
    column = fixed + 1
    while column <= last_column:
        first_year = years[column - fixed - 1]
        biennium = biennium_of(first_year)
        end = column
        while end + 1 <= last_column and biennium_of(years[end - fixed]) == biennium:
            end += 1
        writer.merged(3, column, 3, end, biennium_label(biennium[0]), bold=True, fill="C4CFDD",
                      horizontal="center")  # fmt: skip
        column = end + 1
    writer.header(4)
    for offset, year in enumerate(years):
        writer.put(4, fixed + 1 + offset, year, bold=True, fill="DCE3EC", horizontal="center")
    row = 5
    styles = _TimelineStyles(writer)
    for what, record in _timeline_rows(data):
        if what == "component":
            _component_row(writer, row, record, last_column)
        elif what == "group":
            writer.put(row, 3, record, bold=True, fill=GROUP_FILL)
            writer.blanks(row, 1, 2, fill=GROUP_FILL)
            writer.blanks(row, 4, last_column, fill=GROUP_FILL)
        else:
            _item_row(writer, styles, row, record, years)
        row += 1
    last = row - 1
    writer.grid(5, fixed + 1, last, last_column)
    _status_validation(writer, 4, 5, last)
    _percent_validation(writer, 5, 5, last)
    _kind_validation(writer, 2, 5, last)
    writer.finish(
        header_rows=(3, 4), last_row=last, last_column=last_column, freeze="D5",
        heading=data.heading, footer=data.footer,
        extra_widths={fixed + 1 + index: TIMELINE_YEAR_WIDTH for index in range(len(years))},
    )  # fmt: skip


def _component_row(writer: SheetWriter, row: int, component: ComponentRow, last: int) -> None:
    writer.put(row, 1, component.code, bold=True, fill=GROUP_FILL)
    writer.put(row, 2, COMPONENT_KIND, fill=GROUP_FILL, color=CODE_GREY)
    writer.put(row, 3, component.title, bold=True, fill=GROUP_FILL)
    writer.blanks(row, 4, last, fill=GROUP_FILL)


class _TimelineStyles:
    """The looks of an item's row, resolved once for the thousands of rows of a large plan."""

    def __init__(self, writer: SheetWriter) -> None:
        self.code = writer.style(color=CODE_GREY, size=9)
        self.activity_code = writer.style(color=CODE_GREY, size=9, bold=True)
        self.plain, self.bold = writer.style(), writer.style(bold=True)
        self.indented = writer.style(indent=1)
        self.centred = writer.style(horizontal="center")
        self.years = {
            shade: writer.style(fill=shade, horizontal="center", bold=True, count_lines=False)
            for shade in (ACTIVITY_BAR, *STATUS_FILLS.values())
        }


def _item_row(
    writer: SheetWriter, styles: _TimelineStyles, row: int, item: ItemRow, years: list[int]
) -> None:
    activity = item.kind is ItemKind.ACTIVITY
    title = (styles.bold if item.kind in (ItemKind.ACTIVITY, ItemKind.OUTPUT)
             else styles.indented if item.kind is ItemKind.MEANS else styles.plain)  # fmt: skip
    writer.write(row, 1, item.code, styles.activity_code if activity else styles.code)
    writer.write(row, 2, KIND_LABELS[item.kind], styles.code)
    writer.write(row, 3, item.title, title)
    writer.write(row, 4, STATUS_LABELS[item.status], styles.centred)
    writer.write(row, 5, item.percent_complete, styles.centred)
    writer.write(row, 6, item.start, styles.plain)
    writer.write(row, 7, item.end, styles.plain)
    fixed = len(TIMELINE_COLUMNS)
    shade = styles.years[ACTIVITY_BAR if activity else STATUS_FILLS[item.status]]
    first_year, last_year = years[0], years[-1]
    if item.start is None or item.end is None:
        return  # no year is shaded
    active_from = max(item.start.year, first_year) - first_year
    active_to = min(item.end.year, last_year) - first_year
    # The years before and after the item's are left empty (the sheet's grid borders them);
    # its own years are shaded, with a mark where it is a milestone or runs past the plan.
    for offset in range(active_from, active_to + 1):
        year = years[offset]
        mark: str | None = None
        if item.kind is ItemKind.MILESTONE:
            mark = MILESTONE_MARK
        elif offset == 0 and item.start.year < year:
            mark = "◄"  # it began before the plan's period
        elif year == last_year and item.end.year > year:
            mark = "►"  # it runs on after the plan's period
        writer.write(row, fixed + 1 + offset, mark, shade)


# --- Key outputs --------------------------------------------------------------------------


def write_key_outputs(book: PackBook, data: PackData) -> None:
    writer = SheetWriter(book, KEY_OUTPUTS, KEY_OUTPUT_COLUMNS)
    width = len(KEY_OUTPUT_COLUMNS)
    writer.title(
        f"{data.plan.title} – Key outputs by component",
        data.subtitle("Figure 1 as a table; edit Key output, Timing, Start, End, Status and "
                      "% done, keep the Code"),
        width,
    )  # fmt: skip
    writer.header(3)
    delivered_by: dict[int, list[str]] = {}
    for means in data.outline.means_of_action:
        for number in means.key_output_numbers:
            delivered_by.setdefault(number, []).append(means.code)
    row = 4
    for component in data.outline.components:
        outputs = [o for o in data.outline.key_outputs if o.component_code == component.code]
        if not outputs:
            continue
        first = row
        for output in outputs:
            writer.put(row, 1, output.number, horizontal="center")
            writer.put(row, 2, output.code, color=CODE_GREY, size=9)
            writer.put(row, 4, output.title, bold=True)
            writer.put(row, 5, output.timing_text)
            writer.put(row, 6, output.start)
            writer.put(row, 7, output.end)
            writer.put(row, 8, STATUS_LABELS[output.status], horizontal="center")
            writer.put(row, 9, output.percent_complete, horizontal="center")
            writer.put(row, 10, ", ".join(delivered_by.get(output.number or 0, [])))
            row += 1
        writer.merged(first, 3, row - 1, 3, component_label(component))
    last = row - 1
    _status_validation(writer, 8, 4, last)
    _percent_validation(writer, 9, 4, last)
    writer.finish(header_rows=(3, 3), last_row=last, last_column=width, freeze="C4",
                  heading=data.heading, footer=data.footer)  # fmt: skip
