"""Output pictures as yuv420p arrays, the encoder's own format, so that a frame that needs no
drawing goes from decoder to encoder without a colour conversion, and a caption or watermark
is blended over its patch only (in Y, U and V) instead of converting the whole frame to RGB.

A picture is PyAV's yuv420p ndarray: shape (H * 3 // 2, W), the Y plane, then U, then V.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import av
import numpy as np
import numpy.typing as npt

from attune_app.export.colour import MPEG_RANGE, swscale_name
from attune_app.export.text_render import Overlay

Picture = npt.NDArray[np.uint8]
BLACK_Y, NEUTRAL_UV = 16, 128


def planes(picture: Picture, width: int, height: int) -> tuple[Picture, Picture, Picture]:
    """Views of the Y, U and V planes of a contiguous yuv420p array (any even height)."""
    flat = picture.reshape(-1)
    luma, chroma = width * height, (width // 2) * (height // 2)
    y = flat[:luma].reshape(height, width)
    u = flat[luma : luma + chroma].reshape(height // 2, width // 2)
    v = flat[luma + chroma : luma + 2 * chroma].reshape(height // 2, width // 2)
    return y, u, v


def black(width: int, height: int) -> Picture:
    picture = np.full((height * 3 // 2, width), NEUTRAL_UV, dtype=np.uint8)
    planes(picture, width, height)[0][...] = BLACK_Y
    return picture


def from_rgb(rgb: npt.NDArray[np.uint8], matrix: int) -> Picture:
    """An RGB image (even width and height) as a limited-range yuv420p array in `matrix`."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    yuv = frame.reformat(
        format="yuv420p", dst_colorspace=swscale_name(matrix), dst_color_range=MPEG_RANGE
    )
    array: Picture = np.asarray(yuv.to_ndarray(), dtype=np.uint8)
    return array


def to_rgb(frame: Any, matrix: int) -> npt.NDArray[np.uint8]:
    """A decoded frame (or yuv420p array) whose YUV is in `matrix`, as RGB."""
    if isinstance(frame, np.ndarray):
        frame = av.VideoFrame.from_ndarray(frame, format="yuv420p")
    rgb = frame.reformat(format="rgb24", src_colorspace=swscale_name(matrix))
    return np.asarray(rgb.to_ndarray(), dtype=np.uint8)


def paste(canvas: Picture, size: tuple[int, int], part: Picture, at: tuple[int, int]) -> None:
    """Copy the yuv420p picture `part` into `canvas` (of `size`) with its corner at even `at`."""
    cw, ch = size
    x, y = at
    ph = part.shape[0] * 2 // 3
    pw = part.shape[1]
    for target, source, div in zip(
        planes(canvas, cw, ch), planes(part, pw, ph), (1, 2, 2), strict=True
    ):
        target[y // div : y // div + source.shape[0], x // div : x // div + source.shape[1]] = (
            source
        )


@dataclass(frozen=True)
class YuvOverlay:
    """An `Overlay` converted once to Y, U, V patches with their alphas (full and half size)."""

    x: int
    y: int
    patch_y: Picture
    patch_u: Picture
    patch_v: Picture
    alpha_y: npt.NDArray[np.uint16]
    alpha_uv: npt.NDArray[np.uint16]

    @classmethod
    def of(cls, overlay: Overlay, matrix: int) -> YuvOverlay:
        rgba = overlay.rgba
        h, w = rgba.shape[:2]
        x, y = overlay.x // 2 * 2, overlay.y // 2 * 2
        even = np.zeros((h + h % 2, w + w % 2, 4), dtype=np.uint8)
        even[:h, :w] = rgba
        py, pu, pv = planes(from_rgb(even[..., :3], matrix), even.shape[1], even.shape[0])
        alpha = even[..., 3].astype(np.uint16)
        alpha_uv = (
            alpha[0::2, 0::2] + alpha[1::2, 0::2] + alpha[0::2, 1::2] + alpha[1::2, 1::2] + 2
        ) // 4
        return cls(x, y, py.copy(), pu.copy(), pv.copy(), alpha, alpha_uv)

    def apply(self, picture: Picture, width: int, height: int) -> None:
        """Blend onto a writable yuv420p picture in place (over the patch only)."""
        self.apply_planes(planes(picture, width, height))

    def apply_planes(self, yuv: tuple[Picture, Picture, Picture]) -> None:
        """Blend onto writable Y, U and V planes in place (over the patch only)."""
        for plane, patch, alpha, div in zip(
            yuv,
            (self.patch_y, self.patch_u, self.patch_v),
            (self.alpha_y, self.alpha_uv, self.alpha_uv),
            (1, 2, 2),
            strict=True,
        ):
            region = plane[self.y // div :, self.x // div :][: patch.shape[0], : patch.shape[1]]
            a = alpha[: region.shape[0], : region.shape[1]]
            p = patch[: region.shape[0], : region.shape[1]]
            region[...] = ((p * a + region * (255 - a) + 127) // 255).astype(np.uint8)


def frame_planes(frame: Any) -> tuple[Picture, Picture, Picture]:
    """Writable views of the Y, U and V planes of a yuv420p av.VideoFrame (its own memory)."""
    views = []
    for plane in frame.planes[:3]:
        data = np.frombuffer(plane, dtype=np.uint8)
        views.append(data.reshape(plane.height, plane.line_size)[:, : plane.width])
    return views[0], views[1], views[2]


def drawable_copy(frame: Any) -> Any:
    """A yuv420p frame of its own with the picture of `frame` (a decoder's frame may be a
    reference for the next ones, so it is never drawn on): one copy, no conversion."""
    copy = av.VideoFrame(frame.width, frame.height, "yuv420p")
    for target, source in zip(frame_planes(copy), frame_planes(frame), strict=True):
        target[...] = source
    return copy
