"""Where each tag's label goes on the timeline, so neighbouring labels never overlap.

No Qt: text widths come from a `measure` callable, so the layout is tested headless.

Labels sit in a few text rows above their lane's spans, starting at their span's left edge
(a narrow span at fit zoom still gets a readable label beside it). A label takes the longest
of its texts (full label first, then shorter abbreviations) that fits before the next label
in the same row; when a row is taken, it drops to the next row. A label never drifts more
than `max_shift_px` right of its span, so it still reads as that span's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_ELIDED_CHARS = 4  # shorter than this an elided word is noise ("L…"): draw nothing


@dataclass(frozen=True)
class LabelRequest:
    tag_id: int
    span_x0: float
    span_x1: float
    texts: tuple[str, ...]  # longest (full) first, then abbreviations


@dataclass(frozen=True)
class PlacedLabel:
    tag_id: int
    row: int
    x: float
    width: float
    text: str


def place_labels(
    requests: Sequence[LabelRequest],
    measure: Callable[[str], float],
    *,
    view_width: float,
    rows: int,
    gap_px: float = 8.0,
    max_shift_px: float = 24.0,
    elide: Callable[[str, float], str] | None = None,
) -> list[PlacedLabel]:
    """Labels for the spans visible in [0, view_width), in x order; tags whose label cannot
    fit anywhere get none (their tooltip still names them)."""
    visible = [r for r in requests if r.span_x1 >= 0 and r.span_x0 <= view_width and r.texts]
    visible.sort(key=lambda r: (r.span_x0, r.tag_id))
    row_ends = [float("-inf")] * max(rows, 1)
    placed: list[PlacedLabel] = []
    rows = len(row_ends)
    for i, request in enumerate(visible):
        # Leave room for the label `rows` ahead: it may need this label's row.
        ahead = visible[i + rows].span_x0 - gap_px if i + rows < len(visible) else view_width
        limit = min(view_width, max(ahead, request.span_x0 + max_shift_px))
        label = _place_one(request, row_ends, measure, limit, gap_px, max_shift_px, elide)
        if label is not None:
            row_ends[label.row] = label.x + label.width + gap_px
            placed.append(label)
    return placed


def _place_one(
    request: LabelRequest,
    row_ends: list[float],
    measure: Callable[[str], float],
    limit: float,
    gap_px: float,
    max_shift_px: float,
    elide: Callable[[str, float], str] | None,
) -> PlacedLabel | None:
    view_width = limit  # the right edge this label must end before
    preferred = min(max(request.span_x0, 0.0), view_width)
    for text in request.texts:
        width = measure(text)
        for row, end in enumerate(row_ends):
            x = max(preferred, end)
            if x + width > view_width:  # near the right edge: end the label there instead
                x = max(view_width - width, end)
            if abs(x - preferred) <= max_shift_px and x + width <= view_width and x >= end:
                return PlacedLabel(request.tag_id, row, x, width, text)
    if elide is None:
        return None
    # Nothing fits whole: the shortest text, elided into the widest free room near the span.
    best_row = min(range(len(row_ends)), key=lambda r: row_ends[r])
    x = max(preferred, row_ends[best_row])
    if x - preferred > max_shift_px:
        return None
    room = view_width - x
    text = elide(request.texts[-1], room)
    if len(text.rstrip("…")) < MIN_ELIDED_CHARS:
        return None
    return PlacedLabel(request.tag_id, best_row, x, measure(text), text)


def abbreviations(cue: str, response: str) -> tuple[str, ...]:
    """A tag's label texts, longest first: "Smiles → Smiles back", "Smiles → Smiles",
    "Smiles". Each still says which tag it is; none is a bare initial."""
    if not cue or not response:
        only = cue or response
        return (only, _first_word(only)) if _first_word(only) != only else (only,)
    texts = [f"{cue} → {response}", f"{cue} → {_first_word(response)}", cue, _first_word(cue)]
    unique: list[str] = []
    for text in texts:
        if text and text not in unique:
            unique.append(text)
    return tuple(unique)


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0] if text else text
