"""Where the comparison timeline draws each event, pair link and tolerance band (pure
geometry, no painting), so tests can check what is shown against the agreement report."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.services.agreement import CodedEvent, PairComparison

LABEL_W = 130.0  # the coders' names, left of the lanes
RULER_H = 24.0
LANE_H = 52.0
LANE_GAP = 34.0  # between the two lanes: where the pair links run
ROW_OFFSET = {"cue": 16.0, "response": 36.0}  # cue marks above response marks in a lane
AGREE, DISAGREE, ONLY = "agree", "disagree", "only"


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    lane: int  # 0: coder a, 1: coder b
    family: str
    status: str  # AGREE, DISAGREE or ONLY (no partner within the tolerance)
    event: CodedEvent


@dataclass(frozen=True)
class Link:
    a: Mark
    b: Mark
    agrees: bool


@dataclass(frozen=True)
class Band:
    """The tolerance around one of coder a's events, drawn in coder b's lane."""

    x0: float
    x1: float
    y: float
    family: str


@dataclass(frozen=True)
class ComparisonLayout:
    marks: tuple[Mark, ...]
    links: tuple[Link, ...]
    bands: tuple[Band, ...]
    width: float
    height: float

    def lane_top(self, lane: int) -> float:
        return lane_top(lane)

    def mark_near(self, x: float, y: float, radius: float = 8.0) -> Mark | None:
        near = [m for m in self.marks if abs(m.x - x) <= radius and abs(m.y - y) <= radius]
        return min(near, key=lambda m: abs(m.x - x) + abs(m.y - y)) if near else None


def lane_top(lane: int) -> float:
    return RULER_H + 6.0 + lane * (LANE_H + LANE_GAP)


def x_of(time_s: float, px_per_s: float) -> float:
    return LABEL_W + time_s * px_per_s


def layout(
    pair: PairComparison,
    families: tuple[str, ...],
    duration_s: float,
    tolerance_s: float,
    px_per_s: float,
) -> ComparisonLayout:
    marks: list[Mark] = []
    links: list[Link] = []
    bands: list[Band] = []

    def mark(event: CodedEvent, lane: int, status: str) -> Mark:
        y = lane_top(lane) + ROW_OFFSET[event.family]
        found = Mark(x_of(event.time_s, px_per_s), y, lane, event.family, status, event)
        marks.append(found)
        return found

    for family in families:
        comparison = pair.events[family]
        for p in comparison.pairs:
            status = AGREE if p.agrees else DISAGREE
            links.append(Link(mark(p.a, 0, status), mark(p.b, 1, status), p.agrees))
        for event in comparison.only_a:
            mark(event, 0, ONLY)
        for event in comparison.only_b:
            mark(event, 1, ONLY)
        a_events = [p.a for p in comparison.pairs] + list(comparison.only_a)
        y = lane_top(1) + ROW_OFFSET[family]
        bands += [
            Band(
                x_of(e.time_s - tolerance_s, px_per_s),
                x_of(e.time_s + tolerance_s, px_per_s),
                y,
                family,
            )
            for e in a_events
        ]
    width = x_of(duration_s, px_per_s) + 40.0  # room for the last time on the ruler
    height = lane_top(1) + LANE_H + 28.0  # room for the legend below
    return ComparisonLayout(tuple(marks), tuple(links), tuple(bands), width, height)
