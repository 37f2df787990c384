"""Display rotation: which way up a phone recording is shown."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

_CV2_ROTATE = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def rotation_from_display_matrix(counterclockwise_deg: float) -> int:
    """Clockwise degrees (0, 90, 180, 270) from `av_display_rotation_get`'s angle.

    The display matrix angle is counterclockwise; ffmpeg's autorotate turns the picture the
    other way, so a matrix angle of -90 means "show rotated 90 degrees clockwise".
    """
    return round(-counterclockwise_deg / 90.0) * 90 % 360


def rotate_frame(rgb: NDArray[np.uint8], rotation: int) -> NDArray[np.uint8]:
    """The stored picture turned clockwise by `rotation` degrees (a new contiguous array)."""
    if rotation == 0:
        return rgb
    return np.ascontiguousarray(cv2.rotate(rgb, _CV2_ROTATE[rotation]))


def displayed_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """(width, height) as shown, after rotation."""
    return (height, width) if rotation in (90, 270) else (width, height)
