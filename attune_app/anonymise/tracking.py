"""Face tracks: detections linked across frames, so a face stays covered on the frames the
detector missed (each-frame-on-its-own blurring lets faces slip through exactly there).

A track covers every frame between its first and last detection (missed frames get a box
interpolated between the detections either side), extends EXTEND_FRAMES before and after,
and its boxes are smoothed (never shrunk below the raw detection) and padded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from attune_app.anonymise.boxes import Keyframe, Rect, interpolate, iou, outward, padded
from attune_app.anonymise.detectors import SURE_SCORE, TRACK_SCORE, Detection

MAX_GAP_FRAMES = 12  # a face missed for longer than this starts a new track
EXTEND_FRAMES = 4
SMOOTH_RADIUS = 2
PAD_SIDE, PAD_TOP, PAD_BOTTOM = 0.2, 0.3, 0.25
SIZE_FLOOR = 0.9  # of the track's median size: a half-cut face keeps its whole box
MIN_IOU = 0.1
MAX_CENTRE_STEP = 0.75  # of the face's size, per frame since the last detection (plus 1)

DETECTED = "detected"
INTERPOLATED = "interpolated"  # the detector missed the face here: look at these first
EXTENDED = "extended"


@dataclass(frozen=True)
class TrackFrame:
    frame: int
    rect: Rect
    kind: str
    score: float

    @property
    def unsure(self) -> bool:
        return self.kind != DETECTED or self.score < SURE_SCORE


@dataclass
class _Building:
    frames: list[int] = field(default_factory=list)
    boxes: list[Detection] = field(default_factory=list)


def _close_enough(track: _Building, box: Detection, frame: int) -> float | None:
    """How well `box` continues `track` (higher is better), or None when it does not."""
    last = track.boxes[-1]
    a, b = outward(last.x0, last.y0, last.x1, last.y1), outward(box.x0, box.y0, box.x1, box.y1)
    overlap = iou(a, b)
    (ax, ay), (bx, by) = a.centre, b.centre
    size = max(a.width, a.height, b.width, b.height, 1)
    gap = frame - track.frames[-1]
    step = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 / size
    if overlap < MIN_IOU and step > MAX_CENTRE_STEP * gap + 1:
        return None
    return float(overlap - step)


def link(detections: Mapping[int, Sequence[Detection]]) -> list[list[tuple[int, Detection]]]:
    """Detections (frame -> boxes scoring at least TRACK_SCORE) linked into tracks, greedily
    frame by frame (best continuation first)."""
    open_tracks: list[_Building] = []
    done: list[_Building] = []
    for frame in sorted(detections):
        still_open: list[_Building] = []
        for track in open_tracks:
            (still_open if frame - track.frames[-1] <= MAX_GAP_FRAMES + 1 else done).append(track)
        open_tracks = still_open
        boxes = [d for d in detections[frame] if d.score >= TRACK_SCORE]
        pairs = []
        for ti, track in enumerate(open_tracks):
            for bi, box in enumerate(boxes):
                fit = _close_enough(track, box, frame)
                if fit is not None:
                    pairs.append((fit, ti, bi))
        used_t: set[int] = set()
        used_b: set[int] = set()
        for _, ti, bi in sorted(pairs, reverse=True):
            if ti not in used_t and bi not in used_b:
                open_tracks[ti].frames.append(frame)
                open_tracks[ti].boxes.append(boxes[bi])
                used_t.add(ti)
                used_b.add(bi)
        for bi, box in enumerate(boxes):
            if bi not in used_b:
                open_tracks.append(_Building([frame], [box]))
    done.extend(open_tracks)
    done.sort(key=lambda t: (t.frames[0], t.boxes[0].x0))
    return [list(zip(t.frames, t.boxes, strict=True)) for t in done]


def build_track(
    linked: Sequence[tuple[int, Detection]], first_frame: int, last_frame: int
) -> list[TrackFrame]:
    """One track's boxes on every frame it covers, kept within first_frame..last_frame (the
    scanned range)."""
    raw = _size_floored({f: outward(d.x0, d.y0, d.x1, d.y1) for f, d in linked})
    scores = {f: d.score for f, d in linked}
    frames = sorted(raw)
    keys = [Keyframe(f, _smoothed(raw, frames, i)) for i, f in enumerate(frames)]
    start = max(first_frame, frames[0] - EXTEND_FRAMES)
    end = min(last_frame, frames[-1] + EXTEND_FRAMES)
    out = []
    for frame in range(start, end + 1):
        if frame in raw:
            rect, kind, score = interpolate(keys, frame), DETECTED, scores[frame]
        elif frame < frames[0] or frame > frames[-1]:
            rect, kind, score = keys[0 if frame < frames[0] else -1].rect, EXTENDED, 0.0
        else:
            rect, kind, score = interpolate(keys, frame), INTERPOLATED, 0.0
        assert rect is not None
        out.append(TrackFrame(frame, padded(rect, PAD_SIDE, PAD_TOP, PAD_BOTTOM), kind, score))
    return out


def _size_floored(raw: dict[int, Rect]) -> dict[int, Rect]:
    """Boxes grown about their centre to at least SIZE_FLOOR of the track's median size (a
    face half out of the frame or turned away is detected smaller than it is)."""
    widths = sorted(r.width for r in raw.values())
    heights = sorted(r.height for r in raw.values())
    min_w, min_h = SIZE_FLOOR * widths[len(widths) // 2], SIZE_FLOOR * heights[len(heights) // 2]
    out = {}
    for frame, r in raw.items():
        (cx, cy), w, h = r.centre, max(r.width, min_w), max(r.height, min_h)
        out[frame] = r.union(outward(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return out


def _smoothed(raw: Mapping[int, Rect], frames: Sequence[int], i: int) -> Rect:
    """The mean of the detections within SMOOTH_RADIUS, grown to hold this frame's own box."""
    near = frames[max(0, i - SMOOTH_RADIUS) : i + SMOOTH_RADIUS + 1]
    n = len(near)
    mean = outward(
        sum(raw[f].x0 for f in near) / n,
        sum(raw[f].y0 for f in near) / n,
        sum(raw[f].x1 for f in near) / n,
        sum(raw[f].y1 for f in near) / n,
    )
    return mean.union(raw[frames[i]])


def tracks_for_range(
    detections: Mapping[int, Sequence[Detection]], first_frame: int, last_frame: int
) -> list[list[TrackFrame]]:
    """The face tracks of one scanned range of frames."""
    inside = {f: d for f, d in detections.items() if first_frame <= f <= last_frame}
    return [build_track(t, first_frame, last_frame) for t in link(inside)]
