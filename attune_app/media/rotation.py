"""Display orientation: which way up, and which way round, a recording is shown.

A container's display matrix (MP4 `tkhd`, FFmpeg's AV_FRAME_DATA_DISPLAYMATRIX) can turn the
stored picture and mirror it (a front camera, an app that flipped the video). Together these
are the eight EXIF orientations, held here as "mirror left-right first, then turn clockwise".
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from av.sidedata.sidedata import Type as SideDataType
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


@dataclass(frozen=True)
class Orientation:
    """Mirror left-right first (if `mirrored`), then turn `rotation` degrees clockwise."""

    rotation: int = 0
    mirrored: bool = False

    @classmethod
    def from_display_matrix(
        cls, counterclockwise_deg: float, matrix: Sequence[int] | None
    ) -> Orientation:
        """From a frame's `rotation` angle and its raw 3x3 display matrix (9 integers).

        A matrix that reverses handedness (negative determinant) mirrors. FFmpeg's angle of
        a mirroring matrix is that of its columns, half a turn from the turn left after the
        mirror: a plain left-right mirror reads as -180 degrees.
        """
        turn = rotation_from_display_matrix(counterclockwise_deg)
        if matrix is None or len(matrix) < 5:
            return cls(turn)
        a, b, c, d = matrix[0], matrix[1], matrix[3], matrix[4]
        if a * d - b * c >= 0:
            return cls(turn)
        return cls((turn + 180) % 360, mirrored=True)

    @property
    def is_upright(self) -> bool:
        """The stored picture is shown as it is."""
        return self.rotation == 0 and not self.mirrored

    @property
    def swaps_axes(self) -> bool:
        return self.rotation in (90, 270)

    def shown_size(self, width: int, height: int) -> tuple[int, int]:
        """(width, height) as shown, from the stored size."""
        return (height, width) if self.swaps_axes else (width, height)

    def stored_size(self, width: int, height: int) -> tuple[int, int]:
        """(width, height) as stored, from the shown size."""
        return self.shown_size(width, height)

    def apply(self, picture: NDArray[np.uint8]) -> NDArray[np.uint8]:
        """The stored picture (one plane or RGB) as shown (a new contiguous array)."""
        if self.is_upright:
            return picture
        turned = picture[:, ::-1] if self.mirrored else picture
        if self.rotation:
            return np.ascontiguousarray(
                cv2.rotate(np.ascontiguousarray(turned), _CV2_ROTATE[self.rotation])
            )
        return np.ascontiguousarray(turned)

    def undo(self, picture: NDArray[np.uint8]) -> NDArray[np.uint8]:
        """A shown picture back as stored (the inverse of `apply`)."""
        if self.is_upright:
            return picture
        turned = picture
        if self.rotation:
            back = _CV2_ROTATE[(360 - self.rotation) % 360]
            turned = np.asarray(cv2.rotate(np.ascontiguousarray(picture), back), np.uint8)
        return np.ascontiguousarray(turned[:, ::-1] if self.mirrored else turned)


UPRIGHT = Orientation()


def display_matrix_of(frame: object) -> tuple[int, ...] | None:
    """The raw display matrix a decoded PyAV frame carries, or None."""
    try:
        entry = frame.side_data.get(SideDataType.DISPLAYMATRIX)  # type: ignore[attr-defined]
    except (AttributeError, KeyError, ValueError):
        return None
    if entry is None:
        return None
    raw = bytes(entry)
    if len(raw) < 36:
        return None
    return struct.unpack("=9i", raw[:36])


def orientation_of(frame: object) -> Orientation:
    """How a decoded PyAV frame is to be shown."""
    angle = float(getattr(frame, "rotation", 0.0) or 0.0)
    return Orientation.from_display_matrix(angle, display_matrix_of(frame))
