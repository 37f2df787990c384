"""Face pictures for the tests and the benchmarks, made here or taken from a package (nothing
is downloaded, no real family): the public-domain NASA portrait and the camera man that ship in
scikit-image (a dev dependency), and drawn infant-like faces (big round head, large eyes, small
features). `moving_face_frames` makes frames of a face moving, turning and leaving the frame,
with the true face box of each frame.

A dev tool, like the benchmarks: nothing the app runs imports this module, and scikit-image is
imported only when `photo_faces` is called (tests/test_runtime_dependencies.py checks both)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from attune_app.anonymise.boxes import Rect

Frame = npt.NDArray[np.uint8]


class DevDependencyMissingError(RuntimeError):
    """A benchmark or test helper needs a package of the dev extra that is not installed."""


@dataclass(frozen=True)
class FacePicture:
    name: str
    image: Frame  # RGB, the face filling most of it
    face: Rect  # where the face is in `image`


def photo_faces() -> list[FacePicture]:
    """Real faces from scikit-image's bundled sample images (public domain)."""
    try:
        from skimage import data
    except ImportError as error:  # pragma: no cover - a dev dependency
        raise DevDependencyMissingError(
            "The photo faces of the face benchmarks and tests are scikit-image's sample photos, "
            "and scikit-image is a dev dependency, not installed here: install the dev extra "
            "(.venv/bin/pip install -e '.[dev]'; ./run does)."
        ) from error
    astronaut_full: Frame = data.astronaut()  # type: ignore[no-untyped-call]
    camera_full: Frame = data.camera()  # type: ignore[no-untyped-call]
    astronaut = np.ascontiguousarray(astronaut_full[20:220, 140:310])
    camera = np.ascontiguousarray(np.stack([camera_full[70:240, 150:310]] * 3, axis=-1))
    return [
        FacePicture("astronaut (photo)", astronaut, Rect(40, 38, 130, 156)),
        FacePicture("camera man (photo, 3/4 view)", camera, Rect(45, 42, 112, 127)),
    ]


_SKIN = ((236, 200, 170), (200, 150, 115), (140, 95, 65), (250, 215, 190))


def drawn_infant_face(variant: int = 0, size: int = 160) -> FacePicture:
    """A drawn baby's face: round shaded head, large low-set eyes, small nose and mouth, soft
    cheeks, little hair (variants change skin tone, hair and background)."""
    rng = np.random.default_rng(variant)
    shade = np.zeros((size, size, 3), dtype=np.float32)
    shade[:] = (90 + 20 * (variant % 3), 120, 150)
    skin = np.array(_SKIN[variant % len(_SKIN)], dtype=np.float32)
    cx, cy = size // 2, size // 2 + 4
    rx, ry = int(size * 0.36), int(size * 0.40)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    light = (
        1.05
        - 0.35
        * np.clip(((xx - cx + 0.3 * rx) / rx) ** 2 + ((yy - cy + 0.3 * ry) / ry) ** 2, 0, 1.6)
        / 1.6
    )
    head = d <= 1.0
    shade[head] = skin * light[head, None]
    image: Frame = np.asarray(np.clip(shade, 0, 255), dtype=np.uint8)
    hair = (60 + 30 * (variant % 2), 40, 25)
    cv2.ellipse(image, (cx, cy - ry + 12), (rx - 6, 18), 0, 180, 360, hair, -1, cv2.LINE_AA)
    dark = tuple(int(v) for v in np.clip(skin * 0.55, 0, 255))
    eye_y = cy - int(ry * 0.02)
    for side in (-1, 1):
        ex = cx + side * int(rx * 0.40)
        cv2.ellipse(image, (ex, eye_y + 2), (17, 11), 0, 0, 360, dark, -1, cv2.LINE_AA)  # socket
        cv2.ellipse(image, (ex, eye_y), (12, 7), 0, 0, 360, (235, 235, 230), -1, cv2.LINE_AA)
        iris = (40 + int(rng.integers(0, 50)), 30, 20)
        cv2.circle(image, (ex, eye_y), 6, iris, -1, cv2.LINE_AA)
        cv2.circle(image, (ex, eye_y), 3, (10, 10, 10), -1, cv2.LINE_AA)
        cv2.circle(image, (ex + 2, eye_y - 2), 1, (255, 255, 255), -1, cv2.LINE_AA)
        cv2.ellipse(image, (ex, eye_y - 1), (13, 8), 0, 190, 350, (40, 30, 25), 2, cv2.LINE_AA)
        cv2.ellipse(image, (ex, eye_y - 18), (13, 4), 0, 200, 340, dark, 2, cv2.LINE_AA)
    nose_y = cy + int(ry * 0.28)
    cv2.ellipse(image, (cx, nose_y - 6), (5, 10), 0, 0, 360, dark, 1, cv2.LINE_AA)
    for side in (-1, 1):
        cv2.circle(image, (cx + side * 4, nose_y + 2), 2, (60, 35, 30), -1, cv2.LINE_AA)
    mouth_y = cy + int(ry * 0.52)
    cv2.ellipse(image, (cx, mouth_y), (15, 6), 0, 0, 180, (150, 60, 65), -1, cv2.LINE_AA)
    cv2.line(image, (cx - 15, mouth_y), (cx + 15, mouth_y), (90, 35, 40), 2, cv2.LINE_AA)
    soft: Frame = np.asarray(cv2.GaussianBlur(image, (5, 5), 0), dtype=np.uint8)
    return FacePicture(f"drawn infant {variant}", soft, Rect(cx - rx, cy - ry, cx + rx, cy + ry))


def infant_faces(count: int = 4) -> list[FacePicture]:
    return [drawn_infant_face(v) for v in range(count)]


def background(width: int, height: int, seed: int = 0) -> Frame:
    """A calm room-like background: a gradient with a little texture (no face in it)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    base = 150 + 60 * x * np.array([1.0, 0.8, 0.5]) - 50 * y * np.array([0.3, 0.5, 0.8])
    noise = rng.normal(0, 6, (height, width, 1))
    out: Frame = np.asarray(np.clip(base + noise, 0, 255), dtype=np.uint8)
    return out


def place(
    frame: Frame,
    picture: FacePicture,
    x: int,
    y: int,
    *,
    scale: float = 1.0,
    turn: float = 0.0,
    angle_deg: float = 0.0,
) -> Rect | None:
    """Paste the picture with its top-left at (x, y), scaled, squashed sideways by `turn`
    (0..0.6, a head turning) and rotated; returns the face's box on the frame (clipped), or
    None when no part of the face is on it."""
    src = picture.image
    w = max(2, round(src.shape[1] * scale * (1 - turn)))
    h = max(2, round(src.shape[0] * scale))
    img = cv2.resize(src, (w, h), interpolation=cv2.INTER_AREA)
    fx = picture.face.x0 * w / src.shape[1], picture.face.x1 * w / src.shape[1]
    fy = picture.face.y0 * h / src.shape[0], picture.face.y1 * h / src.shape[0]
    corners = np.array([[fx[0], fy[0]], [fx[1], fy[0]], [fx[0], fy[1]], [fx[1], fy[1]]])
    if angle_deg:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
        img = cv2.warpAffine(img, matrix, (w, h), borderMode=cv2.BORDER_REFLECT)
        corners = corners @ matrix[:, :2].T + matrix[:, 2]
    fh, fw = frame.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, fw), min(y + h, fh)
    if x1 > x0 and y1 > y0:
        frame[y0:y1, x0:x1] = img[y0 - y : y1 - y, x0 - x : x1 - x]
    face = Rect(
        math.floor(corners[:, 0].min()) + x,
        math.floor(corners[:, 1].min()) + y,
        math.ceil(corners[:, 0].max()) + x,
        math.ceil(corners[:, 1].max()) + y,
    ).clipped(fw, fh)
    return face if face.width > 0 and face.height > 0 else None


def moving_face_frames(
    picture: FacePicture, count: int, width: int = 320, height: int = 240, scale: float = 0.8
) -> Iterator[tuple[Frame, Rect | None]]:
    """A face crossing the frame left to right, turning its head half-way, tilting, and
    leaving the frame on the right for the last frames; yields (frame, true face box)."""
    back = background(width, height)
    pic_w = picture.image.shape[1] * scale
    for i in range(count):
        t = i / max(count - 1, 1)
        frame = back.copy()
        x = round(-0.1 * pic_w + t * (width + 0.2 * pic_w))  # starts just in, ends out
        y = round(height * 0.15 + 10 * math.sin(6 * t))
        turn = 0.45 * max(0.0, math.sin(math.pi * min(1.0, 2 * t)))  # turns and back
        angle = 20 * math.sin(4 * math.pi * t)
        yield frame, place(frame, picture, x, y, scale=scale, turn=turn, angle_deg=angle)
