"""Frames that carry their own index, for tests, benchmarks and checks of exactness.

Each frame shows two rows of 16 large cells: the top row holds the frame index in binary, the
bottom row its bitwise complement, so a misread is detected rather than trusted. The cells are
big and use studio-range grey levels, so the pattern survives lossy codecs (H.264, HEVC 10-bit,
VP8/9, MJPEG), chroma subsampling and downscaling to thumbnails. A moving disc below gives the
encoder real motion, so P- and B-frames differ from their references.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

BITS = 16
MAX_INDEX = (1 << BITS) - 1
_DARK, _LIGHT = 24, 232
_BAND_FRACTION = 0.4  # of the frame height, split between the two rows


def draw_index_frame(index: int, width: int, height: int) -> NDArray[np.uint8]:
    """An RGB frame (height, width, 3) that encodes `index` (0..65535)."""
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"index {index} is outside 0..{MAX_INDEX}")
    frame = np.full((height, width, 3), 96, dtype=np.uint8)
    row_h = int(height * _BAND_FRACTION / 2)
    for row, value in enumerate((index, index ^ MAX_INDEX)):
        for bit in range(BITS):
            x0, x1 = _cell_span(bit, width)
            on = (value >> (BITS - 1 - bit)) & 1
            frame[row * row_h : (row + 1) * row_h, x0:x1] = _LIGHT if on else _DARK
    _draw_motion(frame, index, top=2 * row_h)
    return frame


def read_frame_index(rgb: NDArray[np.uint8]) -> int | None:
    """The index drawn by `draw_index_frame`, or None when the pattern does not check out."""
    height, width = rgb.shape[:2]
    grey = rgb.mean(axis=2) if rgb.ndim == 3 else rgb.astype(np.float64)
    row_h = int(height * _BAND_FRACTION / 2)
    values = []
    for row in range(2):
        value = 0
        for bit in range(BITS):
            x0, x1 = _cell_span(bit, width)
            cell = _inner(grey[row * row_h : (row + 1) * row_h, x0:x1])
            value = (value << 1) | int(cell.mean() > (_DARK + _LIGHT) / 2)
        values.append(value)
    top, bottom = values
    return top if top ^ bottom == MAX_INDEX else None


def rotate_to_storage(rgb: NDArray[np.uint8], rotation: int) -> NDArray[np.uint8]:
    """Undo a display rotation (clockwise degrees), to read a frame's stored pattern."""
    turns = {0: 0, 90: 1, 180: 2, 270: 3}[rotation % 360]
    return np.ascontiguousarray(np.rot90(rgb, k=turns))


def _cell_span(bit: int, width: int) -> tuple[int, int]:
    return bit * width // BITS, (bit + 1) * width // BITS


def _inner(cell: NDArray[np.float64]) -> NDArray[np.float64]:
    """The middle of a cell, away from edges blurred by the codec or by scaling."""
    h, w = cell.shape
    dy, dx = max(h // 4, 0), max(w // 4, 0)
    inner = cell[dy : h - dy or None, dx : w - dx or None]
    return inner if inner.size else cell


def _draw_motion(frame: NDArray[np.uint8], index: int, top: int) -> None:
    height, width = frame.shape[:2]
    span = height - top
    if span < 8:
        return
    radius = max(span // 5, 2)
    x = int((index * 7) % max(width - 2 * radius, 1)) + radius
    y = top + span // 2
    colour = (200, 80 + (index * 5) % 150, 60)
    cv2.circle(frame, (x, y), radius, colour, thickness=-1)
    cv2.putText(
        frame,
        str(index),
        (8, height - 8),
        cv2.FONT_HERSHEY_SIMPLEX,
        max(span / 160, 0.4),
        (255, 255, 255),
        max(span // 80, 1),
        cv2.LINE_AA,
    )
