"""Covering a region so it cannot be recognised or reversed: large-block pixelation or a solid
fill. Never a light blur (a blurred face can be recognised, and partly restored)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from attune_app.anonymise.boxes import Rect

Frame = npt.NDArray[np.uint8]

PIXELATE = "pixelate"
SOLID = "solid"
FILLS = (PIXELATE, SOLID)
SOLID_RGB = (48, 48, 48)
BLOCKS_ACROSS = 4  # a face is at most this many blocks on its longer side
MIN_BLOCK_PX = 8


def cover_rect(image: Frame, rect: Rect, fill: str) -> None:
    """Cover `rect` of `image` in place."""
    height, width = image.shape[:2]
    r = rect.clipped(width, height)
    if r.width <= 0 or r.height <= 0:
        return
    region = image[r.y0 : r.y1, r.x0 : r.x1]
    if fill == SOLID:
        region[:] = SOLID_RGB
        return
    block = max(MIN_BLOCK_PX, -(-max(r.width, r.height) // BLOCKS_ACROSS))
    for y in range(0, r.height, block):
        for x in range(0, r.width, block):
            cell = region[y : y + block, x : x + block]
            cell[:] = cell.reshape(-1, 3).mean(axis=0).round().astype(np.uint8)
