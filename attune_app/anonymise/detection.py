"""Finding the faces of a reel: the detector runs on the frames the reel shows (its items'
ranges) only, results are cached per clip, frame and detector version, then linked into face
tracks. Runs on any thread (the GUI drives it from a worker), with progress and cancel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from attune_app.anonymise import anon_store
from attune_app.anonymise.boxes import iou
from attune_app.anonymise.detectors import Detection, FaceDetector, make_detector
from attune_app.anonymise.model import FaceTrack, ItemRange
from attune_app.anonymise.tracking import TrackFrame, tracks_for_range
from attune_app.media.frame_index import FrameIndex
from attune_app.media.source import MediaSource
from attune_app.media.video import Video, open_video
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.reels import reel_timeline
from attune_app.store.library import Library

Progress = Callable[[int, int], None]  # frames done, frames to do
_BATCH_FRAMES = 25  # detections are saved in batches, so a cancel keeps what was found


class DetectionCancelledError(Exception):
    """The user cancelled; the frames already scanned stay in the cache."""


@dataclass(frozen=True)
class DetectionResult:
    frames_scanned: int  # by the detector now (the rest came from the cache)
    frames_cached: int
    tracks: int


def merged_ranges(items: tuple[ItemRange, ...]) -> dict[int, list[tuple[int, int]]]:
    """Per clip, the frame ranges its items show, overlapping or touching ranges merged."""
    by_clip: dict[int, list[tuple[int, int]]] = {}
    for item in sorted(items, key=lambda r: (r.clip_id, r.first_frame)):
        spans = by_clip.setdefault(item.clip_id, [])
        if spans and item.first_frame <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], item.last_frame))
        else:
            spans.append((item.first_frame, item.last_frame))
    return by_clip


def unscanned_frames(library: Library, reel_id: int, detector_version: str) -> int:
    """How many frames the reel shows that the detector has not looked at yet."""
    items = anon_store.item_ranges(reel_timeline(library, reel_id))
    missing = 0
    for clip_id, spans in merged_ranges(items).items():
        done = anon_store.cached_frames(library.db, clip_id, detector_version)
        missing += sum(1 for a, b in spans for f in range(a, b + 1) if f not in done)
    return missing


@contextmanager
def open_clip(library: Library, clip_id: int) -> Iterator[Video]:
    clip = get_clip(library, clip_id)
    with _open_source(library.media_source(clip), clip_frame_index_json(library, clip_id)) as video:
        yield video


@contextmanager
def _open_source(path: Path | MediaSource, index_json: str | None) -> Iterator[Video]:
    index = FrameIndex.from_json(index_json) if index_json is not None else None
    with open_video(path, index) as video:
        yield video


@dataclass(frozen=True)
class DetectionPlan:
    """What a detection run has to do: made on the library's thread, run anywhere."""

    reel_id: int
    version: str
    spans: dict[int, list[tuple[int, int]]]
    todo: dict[int, list[int]]  # clip -> frames not in the cache
    sources: dict[
        int, tuple[Path | MediaSource, str | None]
    ]  # clip -> media file, saved frame index
    total_frames: int

    @property
    def count(self) -> int:
        return sum(len(f) for f in self.todo.values())


def plan_detection(library: Library, reel_id: int, version: str) -> DetectionPlan:
    items = anon_store.item_ranges(reel_timeline(library, reel_id))
    spans = merged_ranges(items)
    todo: dict[int, list[int]] = {}
    sources: dict[int, tuple[Path | MediaSource, str | None]] = {}
    total = 0
    for clip_id, clip_spans in spans.items():
        done = anon_store.cached_frames(library.db, clip_id, version)
        frames = [f for a, b in clip_spans for f in range(a, b + 1)]
        total += len(frames)
        todo[clip_id] = [f for f in frames if f not in done]
        clip = get_clip(library, clip_id)
        sources[clip_id] = (library.media_source(clip), clip_frame_index_json(library, clip_id))
    return DetectionPlan(reel_id, version, spans, todo, sources, total)


Batch = list[tuple[int, list[Detection]]]


def scan(
    plan: DetectionPlan,
    detector: FaceDetector,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, Batch]]:
    """Run the detector on the plan's frames (no database: any thread), yielding (clip, batch)
    to save; on cancel the last partial batch is yielded, then DetectionCancelledError."""
    scanned = 0
    if progress:
        progress(0, plan.count)
    for clip_id, frames in plan.todo.items():
        if not frames:
            continue
        with _open_source(*plan.sources[clip_id]) as video:
            for start in range(0, len(frames), _BATCH_FRAMES):
                batch: Batch = []
                for frame in frames[start : start + _BATCH_FRAMES]:
                    if is_cancelled and is_cancelled():
                        yield clip_id, batch
                        raise DetectionCancelledError("Face detection was cancelled.")
                    batch.append((frame, detector.detect(video.read(frame))))
                    scanned += 1
                    if progress:
                        progress(scanned, plan.count)
                yield clip_id, batch


def save_batch(library: Library, plan: DetectionPlan, clip_id: int, batch: Batch) -> None:
    if batch:
        with library.transaction() as db:
            anon_store.store_detections(db, clip_id, plan.version, batch)


def finish_detection(library: Library, plan: DetectionPlan) -> DetectionResult:
    made = rebuild_tracks(library, plan.reel_id, plan.version, plan.spans)
    return DetectionResult(plan.count, plan.total_frames - plan.count, made)


def detect_reel(
    library: Library,
    reel_id: int,
    *,
    detector: FaceDetector | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> DetectionResult:
    """Scan the frames the reel shows (cached ones are skipped), then rebuild its face tracks.

    Raises `DetectionCancelledError` when `is_cancelled()` turns true (tracks unchanged)."""
    settings = anon_store.settings(library.db, reel_id)
    detector = detector or make_detector(settings.detector)
    plan = plan_detection(library, reel_id, detector.version)
    for clip_id, batch in scan(plan, detector, progress, is_cancelled):
        save_batch(library, plan, clip_id, batch)
    return finish_detection(library, plan)


def rebuild_tracks(
    library: Library, reel_id: int, version: str, spans: dict[int, list[tuple[int, int]]]
) -> int:
    """Replace the reel's tracks by those of the cached detections; a new track that follows
    an old keep-visible one (same face, same frames) stays keep-visible."""
    with library.transaction() as db:
        old = anon_store.tracks(db, reel_id)
        db.execute("DELETE FROM anon_tracks WHERE reel_id = ?", [reel_id])
        made = 0
        for clip_id, clip_spans in spans.items():
            kept = [t for t in old if t.clip_id == clip_id and t.keep_visible]
            for first, last in clip_spans:
                found = anon_store.cached_detections(db, clip_id, version, first, last)
                for frames in tracks_for_range(found, first, last):
                    keep = any(_same_face(frames, t) for t in kept)
                    anon_store.insert_track(db, reel_id, clip_id, version, frames, keep)
                    made += 1
        library.audit("detect_faces", "reel", reel_id, {"detector": version, "tracks": made})
    return made


def _same_face(frames: list[TrackFrame], old: FaceTrack) -> bool:
    shared = [(f.rect, r) for f in frames if (r := old.rect_at(f.frame)) is not None]
    if len(shared) * 2 < len(frames):
        return False
    return sum(iou(a, b) for a, b in shared) / len(shared) > 0.3
