"""Where the network's labels go: beside their node, never on another label or node, the
most important first; the rest are left out (a tooltip names every node).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LabelBox:
    """A label to place beside its node: anchor (node centre), size and node radius in the
    same units, and a priority (higher placed first)."""

    key: str
    x: float
    y: float
    width: float
    height: float
    radius: float
    priority: float


def place_labels(
    boxes: Sequence[LabelBox], obstacles: Sequence[tuple[float, float, float]] = ()
) -> dict[str, tuple[float, float]]:
    """The top-left corner of every label that fits, by priority: each tries right, left,
    below, above and the four diagonals of its node, and takes the first place that overlaps
    no placed label and no node (``obstacles``: (x, y, radius) discs, every box's own node
    included). Labels that fit nowhere are left out: thinned, never piled up."""
    if not boxes:
        return {}
    cell = max(sum(box.width for box in boxes) / len(boxes), 1e-9)
    # Grid entries: a placed label (x0, y0, x1, y1, 0) or a node disc (x0, y0, x1, y1, r).
    grid: dict[tuple[int, int], list[tuple[float, float, float, float, float]]] = defaultdict(list)

    def cells(rect: Sequence[float]) -> Iterable[tuple[int, int]]:
        for i in range(math.floor(rect[0] / cell), math.floor(rect[2] / cell) + 1):
            for j in range(math.floor(rect[1] / cell), math.floor(rect[3] / cell) + 1):
                yield i, j

    def hits(rect: Sequence[float], other: Sequence[float]) -> bool:
        if rect[2] <= other[0] or other[2] <= rect[0] or rect[3] <= other[1] or other[3] <= rect[1]:
            return False
        if not other[4]:
            return True
        cx, cy, r = (other[0] + other[2]) / 2, (other[1] + other[3]) / 2, other[4]
        nx_, ny_ = min(max(cx, rect[0]), rect[2]), min(max(cy, rect[1]), rect[3])
        return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r * r

    def free(rect: Sequence[float], own: object) -> bool:
        return not any(
            other is not own and hits(rect, other) for c in cells(rect) for other in grid[c]
        )

    discs = {}
    for x, y, r in obstacles or [(b.x, b.y, b.radius) for b in boxes]:
        disc = (x - r, y - r, x + r, y + r, max(r, 1e-9))
        discs[(x, y)] = disc
        for c in cells(disc):
            grid[c].append(disc)
    order = sorted(boxes, key=lambda b: (-b.priority, b.x, b.y, b.key))
    sure = (
        _blocked_by_discs(order, list(discs.values()) if obstacles else [])
        if _crowded(order)
        else None
    )
    blocked: list[list[bool]] | None = None if sure is None else sure.tolist()
    hopeless: list[bool] = [] if sure is None else sure.all(axis=1).tolist()
    placed: dict[str, tuple[float, float]] = {}
    for number, box in enumerate(order):
        if blocked is not None and hopeless[number]:
            continue  # every place beside it is on a node
        own = discs.get((box.x, box.y))
        for side, (dx, dy) in enumerate(_offsets(box)):
            if blocked is not None and blocked[number][side]:
                continue
            rect = (box.x + dx, box.y + dy, box.x + dx + box.width, box.y + dy + box.height, 0.0)
            if free(rect, own):
                placed[box.key] = (rect[0], rect[1])
                for c in cells(rect):
                    grid[c].append(rect)
                break
    return placed


#: From this many labels a quick pass (numpy) first rules out the places that lie on a
#: node: 15,000 labels at a zoom where nodes touch took 1.2 s in plain Python, and most
#: of them fit nowhere.
_PREFILTER_FROM = 500
#: The prefilter's grid: cells of this many units (pixels on screen), and at most this
#: many of them (beyond, the plain pass alone runs).
_CELL = 2.0
_MAX_CELLS = 6_000_000


def _crowded(boxes: Sequence[LabelBox]) -> bool:
    """Many labels, together larger than the area their nodes spread over: most will not
    fit, and ruling places out in bulk pays."""
    if len(boxes) < _PREFILTER_FROM:
        return False
    xs, ys = [box.x for box in boxes], [box.y for box in boxes]
    area = (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1)
    return sum(box.width * box.height for box in boxes) >= area


def _offsets(box: LabelBox) -> tuple[tuple[float, float], ...]:
    """Where a label's top-left corner may go relative to its node, in order of
    preference: right, left, below, above, then the four diagonals."""
    gap, w, h, r = box.height * 0.15, box.width, box.height, box.radius
    return (
        (r + gap, -h / 2),
        (-r - gap - w, -h / 2),
        (-w / 2, r + gap),
        (-w / 2, -r - gap - h),
        (r * 0.75, r * 0.75),
        (-r * 0.75 - w, r * 0.75),
        (r * 0.75, -r * 0.75 - h),
        (-r * 0.75 - w, -r * 0.75 - h),
    )


def _blocked_by_discs(
    boxes: Sequence[LabelBox], discs: Sequence[tuple[float, float, float, float, float]]
) -> Any:
    """For each box and each of its eight places, True where the place surely overlaps a
    node: a grid cell lies wholly inside both the place and the square inscribed in a
    node's disc. Only sure overlaps are marked, so the exact test is left to decide the
    rest and the labels placed are the same as without this pass. None when the grid
    would be too large."""
    import numpy as np

    # A label is never kept off by its own node, so the sure overlaps must not count it:
    # this pass runs only when no node's inscribed square reaches the places beside its
    # centre (so when the boxes' radii are the obstacles', as in the view).
    reach: dict[tuple[float, float], float] = {}
    for x0, y0, x1, y1, r in discs:
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        reach[centre] = max(reach.get(centre, 0.0), r)
    if any(reach.get((b.x, b.y), 0.0) / math.sqrt(2) >= b.radius * 0.75 for b in boxes):
        return None
    x, y, w, h, r = (
        np.array([getattr(b, name) for b in boxes], dtype=float)[:, None]
        for name in ("x", "y", "width", "height", "radius")
    )
    gap = h * 0.15  # the places of ``_offsets``, for every box at once
    dx = np.hstack([r + gap, -r - gap - w, -w / 2, -w / 2,
                    r * 0.75, -r * 0.75 - w, r * 0.75, -r * 0.75 - w])  # fmt: skip
    dy = np.hstack([-h / 2, -h / 2, r + gap, -r - gap - h,
                    r * 0.75, r * 0.75, -r * 0.75 - h, -r * 0.75 - h])  # fmt: skip
    places = np.stack([x + dx, y + dy, x + dx + w, y + dy + h], axis=2)  # boxes × 8 × 4
    if not len(discs):
        return np.zeros(places.shape[:2], dtype=bool)
    left, top = places[..., 0].min(), places[..., 1].min()
    columns = math.ceil((places[..., 2].max() - left) / _CELL) + 1
    rows = math.ceil((places[..., 3].max() - top) / _CELL) + 1
    if columns * rows > _MAX_CELLS:
        return None
    disc = np.array(discs)  # x0, y0, x1, y1, r
    cx, cy = (disc[:, 0] + disc[:, 2]) / 2, (disc[:, 1] + disc[:, 3]) / 2
    half = disc[:, 4] / math.sqrt(2) * 0.999  # the inscribed square, a hair inside
    # The cells wholly inside each square: [first, last) in columns and rows.
    i0 = np.clip(np.ceil((cx - half - left) / _CELL), 0, columns).astype(int)
    i1 = np.clip(np.floor((cx + half - left) / _CELL), 0, columns).astype(int)
    j0 = np.clip(np.ceil((cy - half - top) / _CELL), 0, rows).astype(int)
    j1 = np.clip(np.floor((cy + half - top) / _CELL), 0, rows).astype(int)
    keep = (i1 > i0) & (j1 > j0)
    marks = np.zeros((rows + 1, columns + 1), dtype=np.int32)
    np.add.at(marks, (j0[keep], i0[keep]), 1)
    np.add.at(marks, (j0[keep], i1[keep]), -1)
    np.add.at(marks, (j1[keep], i0[keep]), -1)
    np.add.at(marks, (j1[keep], i1[keep]), 1)
    covered = (marks.cumsum(axis=0).cumsum(axis=1) > 0).astype(np.int32)
    total = np.zeros((rows + 2, columns + 2), dtype=np.int32)
    total[1:, 1:] = covered.cumsum(axis=0).cumsum(axis=1)
    # The cells wholly inside each place, and how many of them are covered.
    a0 = np.clip(np.ceil((places[..., 0] - left) / _CELL), 0, columns + 1).astype(int)
    a1 = np.clip(np.floor((places[..., 2] - left) / _CELL), 0, columns + 1).astype(int)
    b0 = np.clip(np.ceil((places[..., 1] - top) / _CELL), 0, rows + 1).astype(int)
    b1 = np.clip(np.floor((places[..., 3] - top) / _CELL), 0, rows + 1).astype(int)
    a1, b1 = np.maximum(a1, a0), np.maximum(b1, b0)
    count = total[b1, a1] - total[b0, a1] - total[b1, a0] + total[b0, a0]
    return count > 0


# --- one look for the window and the figure ---------------------------------------------------
