"""The network lenses written for other tools (GraphML, GEXF) and drawn for reports.

``write_graph`` keeps only the attribute types GraphML and GEXF allow (str, int, float,
bool): enums become their values, dates ISO text, None an empty string. ``render_network``
draws the same layout as the window with matplotlib (imported when first needed), with a
legend, shapes and colours by kind, and labels placed so that they never overlap (the
least important are left out when there is no room). Files are written through
``files.replacing``: a crash leaves the old file or the complete new one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date
from enum import Enum
from itertools import pairwise
from pathlib import Path
from typing import Any

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.network import DEPENDENCIES, PARTNERS
from poa_desktop.domain.network_labels import LabelBox, place_labels
from poa_desktop.domain.network_layout import (
    EDGE_LOOKS,
    MOU_COLOURS,
    NODE_LOOKS,
    OVERDUE_COLOUR,
    PARTNER_COLOURS,
    STATUS_OUTLINES,
    Point,
    dependency_layout,
    label_priority,
    node_colour,
    node_shape,
    partner_layout,
)
from poa_desktop.domain.network_metrics import longest_chain
from poa_desktop.services.files import replacing
from poa_desktop.store.database import Database

GRAPH_FORMATS = (".graphml", ".gexf")
FIGURE_FORMATS = (".png", ".pdf", ".svg")
PAPER_INCHES = {"a4": (11.69, 8.27), "a3": (16.54, 11.69)}
_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "hexagon": "h", "roundrect": "s"}
_DASHES = {"solid": "-", "dash": "--", "dot": ":", "dashdot": "-."}
_SCALARS = (bool, int, float, str)


# --- GraphML and GEXF ---------------------------------------------------------------------


def _plain(value: Any) -> bool | int | float | str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def exportable(graph: Any) -> Any:
    """A copy of ``graph`` whose attributes are all str, int, float or bool, each key with
    one type (a key that mixes types becomes text); non-scalar graph attributes dropped."""
    result = graph.__class__()
    result.graph.update(
        {key: _plain(value) for key, value in graph.graph.items() if _is_scalar(value)}
    )
    for node, data in graph.nodes(data=True):
        result.add_node(node, **{key: _plain(value) for key, value in data.items()})
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            result.add_edge(u, v, key=key, **{k: _plain(value) for k, value in data.items()})
    else:
        for u, v, data in graph.edges(data=True):
            result.add_edge(u, v, **{k: _plain(value) for k, value in data.items()})
    for view in (result.nodes, result.edges):
        types: dict[str, set[type]] = {}
        for *_, data in view(data=True):
            for key, value in data.items():
                types.setdefault(key, set()).add(type(value))
        mixed = {key for key, found in types.items() if len(found) > 1}
        for *_, data in view(data=True):
            for key in mixed & data.keys():
                data[key] = str(data[key])
    return result


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (*_SCALARS, date, Enum))


def write_graph(graph: Any, path: str | Path) -> Path:
    """Write ``graph`` as GraphML or GEXF, chosen by the suffix (anything else: UserError)."""
    import networkx as nx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise UserError(
            f"{path.name}: a network is written as GraphML or GEXF; "
            f"name the file *.graphml or *.gexf."
        )
    plain = exportable(graph)
    with replacing(path) as temporary:
        if suffix == ".graphml":
            nx.write_graphml(plain, temporary, encoding="utf-8", named_key_ids=True)
        else:
            nx.write_gexf(plain, temporary, encoding="utf-8")
    return path


# --- figures ------------------------------------------------------------------------------

_FONT = {"a4": 6.4, "a3": 8.0}


def render_network(
    graph: Any,
    lens: str,
    path: str | Path,
    paper: str = "a4",
    *,
    pinned: Mapping[str, Point] | None = None,
    title: str = "",
) -> Path:
    """Draw one lens to ``path`` (.png, .pdf or .svg) on landscape ``paper`` (a4, a3)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FIGURE_FORMATS:
        raise UserError(f"{path.name}: the network is drawn as PNG, PDF or SVG (.png, .pdf, .svg).")
    if paper not in PAPER_INCHES:
        raise UserError(f"Unknown paper size {paper!r}; use a4 or a3.")
    if lens not in (PARTNERS, DEPENDENCIES):
        raise UserError(f"No network lens called {lens!r}; choose {PARTNERS} or {DEPENDENCIES}.")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    width, height = PAPER_INCHES[paper]
    figure = Figure(figsize=(width, height))
    font = _FONT[paper]
    if lens == PARTNERS:
        _draw_partners(figure, graph, pinned, font)
    else:
        _draw_dependencies(figure, graph, pinned, font)
    heading = title or graph.graph.get("title", "")
    figure.suptitle(heading, x=0.015, y=0.985, ha="left", fontsize=font + 5, fontweight="bold")
    # A fixed salt: the SVG's clip-path ids are the same from run to run.
    with replacing(path) as temporary, matplotlib.rc_context({"svg.hashsalt": "poa-desktop"}):
        figure.savefig(
            temporary,
            format=suffix[1:],
            dpi=200 if suffix == ".png" else None,
            metadata=_metadata(suffix, heading),
        )
    return path


def _metadata(suffix: str, title: str) -> dict[str, Any]:
    """No creation date, so a figure is the same from run to run."""
    if suffix == ".pdf":
        return {"Title": title, "Creator": "poa-desktop", "CreationDate": None}
    if suffix == ".svg":
        return {"Title": title, "Date": None}
    return {"Title": title}


def _fit(axes: Any, positions: Mapping[str, Point], pad: float, equal: bool) -> tuple[float, float]:
    """Set the limits around ``positions`` and return points per unit across and down."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    left, right, low, high = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    box = axes.get_position()
    fig_w, fig_h = axes.figure.get_size_inches()
    width_pt, height_pt = box.width * fig_w * 72, box.height * fig_h * 72
    if equal:
        scale = min(width_pt / (right - left), height_pt / (high - low))
        cx, cy = (left + right) / 2, (low + high) / 2
        left, right = cx - width_pt / scale / 2, cx + width_pt / scale / 2
        low, high = cy - height_pt / scale / 2, cy + height_pt / scale / 2
    axes.set_xlim(left, right)
    axes.set_ylim(low, high)
    return width_pt / (right - left), height_pt / (high - low)


def _place(
    graph: Any,
    positions: Mapping[str, Point],
    radius_pt: Mapping[str, float],
    scale: tuple[float, float],
    font: float,
    labelled: set[str],
) -> dict[str, tuple[float, float]]:
    """Labels placed in points (the page's own units), returned as data corners (left, bottom)."""
    sx, sy = scale
    boxes = [
        LabelBox(
            node,
            positions[node][0] * sx,
            positions[node][1] * sy,
            len(graph.nodes[node]["label"]) * font * 0.56 + 2,
            font * 1.2,
            radius_pt[node],
            label_priority(graph.nodes[node], graph.degree(node)),
        )
        for node in labelled
    ]
    obstacles = [(positions[n][0] * sx, positions[n][1] * sy, radius_pt[n]) for n in positions]
    return {node: (x / sx, y / sy) for node, (x, y) in place_labels(boxes, obstacles).items()}


def _draw_nodes(axes: Any, graph: Any, positions: Mapping[str, Point], radius_pt: Any) -> None:
    """One scatter per marker shape (a scatter per node is ten times slower)."""
    groups: dict[str, list[tuple[float, float, float, str, str, float]]] = {}
    for node, (x, y) in positions.items():
        data = graph.nodes[node]
        outline, line = "white", 0.6
        if data["kind"] == "mou" and data["overdue"]:
            outline, line = OVERDUE_COLOUR, 1.6
        elif data["status"] in STATUS_OUTLINES and data["kind"] not in ("mou", "partner"):
            outline, line = STATUS_OUTLINES[data["status"]], 1.0
        size = (2 * radius_pt[node]) ** 2 * 0.8
        groups.setdefault(_MARKERS[node_shape(data)], []).append(
            (x, y, size, node_colour(data), outline, line)
        )
    for marker, rows in groups.items():
        xs, ys, sizes, fills, outlines, lines = zip(*rows, strict=True)
        axes.scatter(
            xs, ys, s=sizes, marker=marker, c=fills, edgecolors=outlines, linewidths=lines, zorder=3
        )


def _draw_partners(figure: Any, graph: Any, pinned: Any, font: float) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    positions = partner_layout(graph, pinned).positions
    axes = figure.add_axes((0.01, 0.02, 0.76, 0.90))
    axes.set_axis_off()
    scale = _fit(axes, positions, 1.0, equal=True)
    axes.invert_yaxis()  # as in the window: y grows downwards
    largest = max((graph.degree(n) for n in graph), default=1) or 1
    radius = {}
    for node in graph:
        kind = graph.nodes[node]["kind"]
        base = {"component": 9.0, "mou": 5.5, "output": 5.0}.get(kind, 3.5)
        radius[node] = base + (4.0 * graph.degree(node) / largest if kind == "partner" else 0)
    for role, look in EDGE_LOOKS.items():
        segments = [
            (positions[u], positions[v]) for u, v, r in graph.edges(data="role") if r == role
        ]
        if segments:
            axes.add_collection(
                LineCollection(
                    segments,
                    colors=look.colour,
                    linewidths=look.width * 0.8,
                    linestyles=_DASHES[look.shape],
                    zorder=1,
                    alpha=0.85,
                )
            )
    _draw_nodes(axes, graph, positions, radius)
    components = [n for n in graph if graph.nodes[n]["kind"] == "component"]
    for node in components:
        x, y = positions[node]
        axes.text(
            x,
            y,
            graph.nodes[node]["label"],
            ha="center",
            va="center",
            color="white",
            fontsize=font + 1,
            fontweight="bold",
            zorder=4,
        )
    others = {n for n in graph if n not in set(components)}
    placed = _place(graph, positions, radius, (scale[0], -scale[1]), font, others)
    for node, (x, y) in placed.items():
        data = graph.nodes[node]
        strong = data["kind"] == "mou" or data["partner_kind"] == "social_security_association"
        axes.text(
            x,
            y,
            data["label"],
            ha="left",
            va="bottom",
            fontsize=font,
            zorder=5,
            fontweight="bold" if strong else "normal",
            color="#7b3fa0" if data["kind"] == "output" else "#222222",
        )
    handles = []
    kinds = {graph.nodes[n]["partner_kind"] for n in graph if graph.nodes[n]["kind"] == "partner"}
    for kind, (colour, words) in PARTNER_COLOURS.items():
        if kind in kinds:
            shape = "s" if kind == "ilo_unit" else "o"
            handles.append(_marker(shape, colour, f"Partner: {words}"))
    handles.append(_marker("h", NODE_LOOKS["output"].colour, "Key output"))
    handles.append(_marker("s", NODE_LOOKS["component"].colour, "Component"))
    statuses = {graph.nodes[n]["mou_status"] for n in graph if graph.nodes[n]["kind"] == "mou"}
    for status, colour in MOU_COLOURS.items():
        if status in statuses:
            handles.append(_marker("D", colour, f"MOU {status.replace('_', ' ')}"))
    if any(graph.nodes[n]["overdue"] for n in graph):
        handles.append(_marker("D", "white", "MOU overdue (red outline)", OVERDUE_COLOUR))
    roles = {role for *_, role in graph.edges(data="role")}
    for role, look in EDGE_LOOKS.items():
        if role in roles:
            handles.append(
                Line2D(
                    [0],
                    [0],
                    color=look.colour,
                    linewidth=look.width,
                    linestyle=_DASHES[look.shape],
                    label=look.label,
                )
            )
    legend = figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.78, 0.93),
        fontsize=font,
        frameon=False,
        title="Legend",
        title_fontproperties={"weight": "bold", "size": font + 1},
    )
    legend.set_zorder(6)
    key = "\n".join(
        textwrap.shorten(f"{row.code}  {row.title}", 46, placeholder="…")
        for row in graph.graph.get("components", ())
    )
    figure.text(
        0.785,
        0.05,
        f"Components\n{key}",
        fontsize=font,
        va="bottom",
        color="#33414f",
        linespacing=1.5,
    )
    partners = sum(1 for n in graph if graph.nodes[n]["kind"] == "partner")
    mous = sum(1 for n in graph if graph.nodes[n]["kind"] == "mou")
    figure.text(
        0.015,
        0.935,
        f"Partners and MOUs: {partners} partners, {mous} MOUs. A line "
        "stands for every role a partner has on a key output (or the means of action "
        "delivering it) or, failing that, on a component; partners without a role are "
        "lined up at the bottom.",
        fontsize=font,
        color="#52606d",
    )


def _marker(shape: str, colour: str, label: str, edge: str = "white") -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [0],
        [0],
        marker=shape,
        linestyle="none",
        markerfacecolor=colour,
        markeredgecolor=edge,
        markersize=7,
        label=label,
    )


def _draw_dependencies(figure: Any, graph: Any, pinned: Any, font: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.transforms import blended_transform_factory

    result = dependency_layout(graph, pinned)
    positions = result.positions
    axes = figure.add_axes((0.17, 0.05, 0.66, 0.86))
    scale = _fit(axes, positions, 1.2, equal=False)
    axes.invert_yaxis()
    edge = blended_transform_factory(axes.transAxes, axes.transData)
    for number, band in enumerate(result.bands):
        axes.axhspan(band.top, band.bottom, color="#eef2f7" if number % 2 else "#f8f9fb", zorder=0)
        axes.text(
            -0.01,
            (band.top + band.bottom) / 2,
            textwrap.fill(band.title, 30),
            transform=edge,
            ha="right",
            va="center",
            fontsize=font + 0.5,
            color="#33414f",
            fontweight="bold",
        )
    axes.set_xticks([x for x, _ in result.ticks], [label for _, label in result.ticks])
    axes.tick_params(axis="x", labelsize=font + 1, length=0, labeltop=True)
    axes.set_yticks([])
    axes.grid(axis="x", color="#c5cdd6", linewidth=0.5)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    radius = {
        node: {"activity": 4.2, "output": 5.0, "milestone": 4.0}.get(kind, 3.6)
        for node, kind in graph.nodes(data="kind")
    }
    chain, _ = longest_chain(graph)
    on_chain = {(a.key, b.key) for a, b in pairwise(chain)}
    for u, v, kind in graph.edges(data="dependency_type"):
        look = EDGE_LOOKS[kind]
        if (u, v) in on_chain:
            axes.add_patch(
                FancyArrowPatch(
                    positions[u],
                    positions[v],
                    arrowstyle="-",
                    connectionstyle="arc3,rad=0.12",
                    color="#ffa8a8",
                    linewidth=5,
                    shrinkA=0,
                    shrinkB=0,
                    zorder=1,
                )
            )
        axes.add_patch(
            FancyArrowPatch(
                positions[u],
                positions[v],
                arrowstyle="-|>",
                mutation_scale=7,
                connectionstyle="arc3,rad=0.12",
                color=look.colour,
                linewidth=look.width * 0.8,
                linestyle=_DASHES[look.shape],
                shrinkA=radius[u] + 1,
                shrinkB=radius[v] + 1,
                zorder=2,
            )
        )
    _draw_nodes(axes, graph, positions, radius)
    for node, (x, y) in _place(
        graph, positions, radius, (scale[0], -scale[1]), font, set(graph)
    ).items():
        data = graph.nodes[node]
        axes.text(
            x,
            y,
            data["label"],
            ha="left",
            va="bottom",
            fontsize=font,
            zorder=5,
            color="#7b3fa0" if data["kind"] == "output" else "#222222",
        )
    handles = [
        _marker(_MARKERS[look.shape], look.colour, look.label)
        for kind, look in NODE_LOOKS.items()
        if kind in {"activity", "means", "output", "milestone"}
    ]
    kinds = {kind for *_, kind in graph.edges(data="dependency_type")}
    for kind in ("FS", "SS", "FF", "SF", "delivers"):
        if kind in kinds:
            look = EDGE_LOOKS[kind]
            handles.append(
                Line2D(
                    [0],
                    [0],
                    color=look.colour,
                    linewidth=look.width,
                    linestyle=_DASHES[look.shape],
                    label=look.label,
                )
            )
    if chain:
        handles.append(
            Line2D(
                [0],
                [0],
                color="#ffa8a8",
                linewidth=5,
                label=f"Longest chain ({len(chain) - 1} links)",
            )
        )
    for status, colour in STATUS_OUTLINES.items():
        if any(graph.nodes[n]["status"] == status for n in graph):
            handles.append(_marker("o", "white", f"Status: {status.replace('_', ' ')}", colour))
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.84, 0.92),
        fontsize=font,
        frameon=False,
        title="Legend",
        title_fontproperties={"weight": "bold", "size": font + 1},
    )
    figure.text(
        0.17,
        0.945,
        "Output dependencies, left to right by planned start (one column "
        "per quarter; a successor always stands right of its predecessors).",
        fontsize=font,
        color="#52606d",
    )


# --- what the command line calls ------------------------------------------------------------


def _network(database: Database, plan_uuid: str, lens: str) -> Any:
    from poa_desktop.services.network_service import NetworkService, check_lens

    check_lens(lens)
    return NetworkService(database).network(plan_uuid, lens)


def render_network_command(
    database: Database, plan_uuid: str, lens: str, out: str | Path, paper: str = "a4"
) -> Path:
    """``poa-desktop render network --lens partners|dependencies OUT``: returns the path."""
    from poa_desktop.services.plan_service import PlanService

    suffix = Path(out).suffix.lower()
    if suffix not in FIGURE_FORMATS:  # before the database is read
        raise UserError(
            f"{Path(out).name}: the network is drawn as PNG, PDF or SVG (.png, .pdf, .svg)."
        )
    network = _network(database, plan_uuid, lens)
    plan = next(p for p in PlanService(database).list_plans() if p.uuid == plan_uuid)
    words = "Partners and MOUs" if lens == PARTNERS else "Output dependencies"
    return render_network(network.graph, lens, out, paper, title=f"{words} — {plan.title}")


def export_graph_command(
    database: Database, plan_uuid: str, lens: str, out: str | Path, expected: str | None = None
) -> Path:
    """``poa-desktop export graphml|gexf OUT``: the format from the suffix (.graphml, .gexf);
    ``expected`` ("graphml" or "gexf", the subcommand) refuses a file named for the other."""
    suffix = Path(out).suffix.lower()
    if suffix not in GRAPH_FORMATS:  # before the database is read
        raise UserError(
            f"{Path(out).name}: a network is written as GraphML or GEXF; "
            "name the file *.graphml or *.gexf."
        )
    if expected is not None and suffix != f".{expected.lower()}":
        raise UserError(f"{Path(out).name}: export {expected} writes a *.{expected.lower()} file.")
    return write_graph(_network(database, plan_uuid, lens).graph, out)
