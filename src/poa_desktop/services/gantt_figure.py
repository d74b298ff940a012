"""The plan as a publication-quality Gantt chart (matplotlib), for reports and reviews.

It draws plain records (``PlanOutline``), so it runs headless from the command line and
from the window alike; matplotlib is imported here, when a figure is first asked for.
Rows are grouped by component: each activity as a summary bar over its means of action,
then the component's key outputs in their own colour; milestones stand on a strip above,
biennia are shaded and labelled, and a legend explains every mark.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from poa_desktop.domain.enums import Status
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ItemRow, PlanOutline
from poa_desktop.services.files import replacing

PAPER_INCHES = {"a4": (11.69, 8.27), "a3": (16.54, 11.69)}
FORMATS = (".png", ".pdf", ".svg")
STATUS_COLOURS = {
    Status.NOT_STARTED: "#8a9bb0",
    Status.ON_TRACK: "#2f7d4f",
    Status.AT_RISK: "#d08c00",
    Status.DELAYED: "#c0392b",
    Status.COMPLETED: "#1f5f99",
    Status.CANCELLED: "#6d6d6d",
}
OUTPUT_COLOUR = "#7b3fa0"
ACTIVITY_COLOUR = "#33414f"
BAND_COLOUR = "#eef2f7"


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    kind: str  # "component", "activity", "means", "output"
    item: ItemRow | None


def _rows(outline: PlanOutline) -> list[_Row]:
    rows: list[_Row] = []
    for component in outline.components:
        rows.append(_Row(f"{component.code}  {component.title}", "component", None))
        for activity in outline.activities:
            if activity.component_code != component.code:
                continue
            rows.append(_Row(_label(activity), "activity", activity))
            for means in outline.means_of_action:
                if means.parent_code == activity.code:
                    rows.append(_Row(_label(means, indent=True), "means", means))
        for output in outline.key_outputs:
            if output.component_code == component.code:
                rows.append(_Row(_label(output), "output", output))
    return rows


def _label(row: ItemRow, indent: bool = False, width: int = 58) -> str:
    title = textwrap.shorten(row.title, width=width, placeholder="…")
    marker = f"  ★KO{','.join(map(str, row.key_output_numbers))}" if row.key_output_numbers else ""
    return f"{'   ' if indent else ''}{row.code}  {title}{marker}"


def draw_gantt(
    outline: PlanOutline, path: str | Path, *, paper: str = "a3", today: date | None = None
) -> Path:
    """Write the chart to ``path`` (.png, .pdf or .svg), sized for landscape ``paper``."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise UserError(
            f"{path.name}: the chart is written as PNG, PDF or SVG ({', '.join(FORMATS)})."
        )
    if paper not in PAPER_INCHES:
        raise UserError(f"Unknown paper size {paper!r}; use a4 or a3.")
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = _rows(outline)
    width, height = PAPER_INCHES[paper]
    figure = Figure(figsize=(width, height), layout="constrained")
    grid = figure.add_gridspec(2, 1, height_ratios=[1.6, 11])
    strip = figure.add_subplot(grid[0])
    axes = figure.add_subplot(grid[1], sharex=strip)
    font = 6.2 if paper == "a3" else 4.6

    first = date(outline.plan.period_start.year, 1, 1)
    last = date(outline.plan.period_end.year, 12, 31)
    biennia = [year for year in range(first.year, last.year + 1) if year % 2 == 0]
    for number, year in enumerate(biennia):  # biennia start in even years: 2012–13 … 2018–19
        end_of_biennium = date(min(year + 1, last.year), 12, 31) + timedelta(days=1)
        if number % 2 == 0:
            for ax in (strip, axes):
                ax.axvspan(date(year, 1, 1), end_of_biennium, color=BAND_COLOUR, zorder=0)
        middle = date(year, 1, 1) + (end_of_biennium - date(year, 1, 1)) / 2
        strip.text(middle, 0.97, f"Biennium {year}–{(year + 1) % 100:02d}", ha="center",
                   va="top", fontsize=font + 0.5, color="#52606d",
                   transform=strip.get_xaxis_transform())  # fmt: skip

    for index, row in enumerate(rows):
        y = index
        if row.kind == "component":
            axes.axhspan(y - 0.5, y + 0.5, color="#dfe6ee", zorder=0.5)
            continue
        item = row.item
        assert item is not None
        if item.start is None or item.end is None:
            axes.text(first + timedelta(days=20), y, "no dates given", fontsize=font - 0.5,
                      va="center", color="#7a8793", style="italic")  # fmt: skip
            continue
        start, end = item.start, item.end + timedelta(days=1)
        span = (end - start).days
        if row.kind == "activity":
            axes.barh(y, span, left=start, height=0.28, color=ACTIVITY_COLOUR, zorder=2)
        elif row.kind == "output":
            axes.barh(y, span, left=start, height=0.6, color=OUTPUT_COLOUR, zorder=2,
                      edgecolor="white", hatch="////", linewidth=0)  # fmt: skip
        else:
            colour = STATUS_COLOURS[item.status]
            axes.barh(y, span, left=start, height=0.6, color=colour, alpha=0.35, zorder=2)
            done = span * item.percent_complete / 100
            if done:
                axes.barh(y, done, left=start, height=0.6, color=colour, zorder=3)
            if item.key_output_numbers:
                axes.barh(y, span, left=start, height=0.6, fill=False, edgecolor=OUTPUT_COLOUR,
                          linewidth=1.1, zorder=4)  # fmt: skip

    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([row.label for row in rows], fontsize=font)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.kind in ("component", "activity"):
            tick.set_fontweight("bold")
        if row.kind == "output":
            tick.set_color(OUTPUT_COLOUR)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlim(first, last + timedelta(days=1))
    axes.xaxis.set_major_locator(mdates.YearLocator())
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes.tick_params(axis="x", labelsize=font + 1)
    axes.grid(axis="x", color="#c5cdd6", linewidth=0.5, zorder=1)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    # Milestones on their own strip; each label takes the lowest level where it does not
    # run into the label before it, so none collide however close the dates are.
    days_per_inch = (last - first).days / (width * 0.68)
    level_ends: list[date] = []
    placed = []
    for milestone in sorted(outline.milestones, key=lambda row: row.start or first):
        if milestone.start is None:
            continue
        text = textwrap.shorten(milestone.title, 52, placeholder="…")
        extent = timedelta(days=(len(text) * (font - 0.4) * 0.55 / 72 + 0.12) * days_per_inch)
        level = next((n for n, end in enumerate(level_ends) if end < milestone.start), None)
        if level is None:
            level = len(level_ends)
            level_ends.append(first)
        level_ends[level] = milestone.start + extent
        placed.append((milestone, text, level))
    levels = max(len(level_ends), 1)
    strip.set_ylim(levels + 0.9, -0.2)
    strip.set_yticks([])
    strip.tick_params(axis="x", labelbottom=False, length=0)
    for side in ("top", "right", "left"):
        strip.spines[side].set_visible(False)
    for milestone, text, level in placed:
        y = level + 1
        strip.plot([milestone.start], [y], marker="D", markersize=4.5, color="#b03a2e", zorder=3)
        strip.text(milestone.start + timedelta(days=0.06 * days_per_inch), y, text,
                   fontsize=font - 0.4, va="center", color="#333333", zorder=4)  # fmt: skip

    if today is not None and first <= today <= last:
        for ax in (strip, axes):
            ax.axvline(today, color="#c0392b", linewidth=0.8, linestyle="--", zorder=5)

    not_started = STATUS_COLOURS[Status.NOT_STARTED]
    legend = [
        Line2D([0], [0], color=ACTIVITY_COLOUR, linewidth=3, label="Activity (summary)"),
        Patch(facecolor=not_started, alpha=0.35, label="Means of action (shade: not done)"),
        Patch(facecolor=STATUS_COLOURS[Status.ON_TRACK], label="Progress (percent complete)"),
        Patch(facecolor="white", edgecolor=OUTPUT_COLOUR, label="Delivers a key output (★KO)"),
        Patch(facecolor=OUTPUT_COLOUR, hatch="////", edgecolor="white", label="Key output"),
        Line2D([0], [0], marker="D", color="#b03a2e", linestyle="none", label="Milestone"),
        Patch(facecolor=BAND_COLOUR, edgecolor="#c5cdd6", label="Biennium (alternate shading)"),
    ]
    figure.legend(
        handles=legend, loc="outside lower center", ncols=len(legend), fontsize=font + 1,
        frameon=False,
    )  # fmt: skip
    plan = outline.plan
    figure.suptitle(
        f"{plan.title} — {plan.source_document}" if plan.source_document else plan.title,
        fontsize=font + 5,
        fontweight="bold",
    )
    with replacing(path) as temporary:
        figure.savefig(
            temporary,
            format=path.suffix.lower()[1:],
            dpi=200 if path.suffix.lower() == ".png" else None,
            metadata=_metadata(path.suffix.lower(), plan.title),
        )
    return path


def _metadata(suffix: str, title: str) -> dict[str, str]:
    """Document metadata without a creation date, so a figure is the same from run to run."""
    if suffix == ".pdf":
        return {"Title": title, "Creator": "poa-desktop", "CreationDate": None}  # type: ignore[dict-item]
    if suffix == ".svg":
        return {"Title": title, "Date": None}  # type: ignore[dict-item]
    return {"Title": title}
