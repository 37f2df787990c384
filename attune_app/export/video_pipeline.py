"""Output pictures, step by step: each motion decoded once from its keyframe forward, each
source frame scaled into the output (letterboxed), covered by the redaction, captioned, and
handed on with how many output frames it fills. Title cards and freezes are drawn once.

Runs on the export's decoding thread; yields `(av.VideoFrame, repeat)` in output order.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import av
import cv2
import numpy as np

from attune_app.domain.reel_timeline import FreezeStep, MotionStep, TitleStep
from attune_app.export import yuv_picture
from attune_app.export.colour import SMPTE170M, swscale_name
from attune_app.export.output_plan import OutputPlan, PlannedStep, fit_size
from attune_app.export.redaction import Redaction
from attune_app.export.sources import ExportError, SourceClip
from attune_app.export.text_render import caption_overlay, title_card, watermark_overlay
from attune_app.export.yuv_picture import Picture, YuvOverlay
from attune_app.media.decoder import FrameUnavailableError
from attune_app.media.errors import MediaError
from attune_app.media.rotation import Orientation


@dataclass(frozen=True)
class Drawing:
    """What is drawn over the pictures: burned captions (or not) and the watermark."""

    burn_captions: bool
    watermark: str


class VideoPipeline:
    def __init__(
        self,
        plan: OutputPlan,
        sources: Mapping[int, SourceClip],
        drawing: Drawing,
        redaction: Redaction | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        *,
        matrix: int = SMPTE170M,
    ) -> None:
        self._plan = plan
        self._matrix = matrix  # the output's YUV matrix (see `colour`)
        self._size = (plan.width, plan.height)
        self._sources = sources
        self._drawing = drawing
        self._redaction = redaction
        self._should_stop = should_stop
        self._buffer: Any = None  # the RGB frame covering draws on (see `_cover_buffer`)
        mark = watermark_overlay(plan.width, plan.height, drawing.watermark)
        self._watermark = YuvOverlay.of(mark, matrix) if mark is not None else None

    def frames(self) -> Iterator[tuple[Any, int]]:
        for planned in self._plan.steps:
            yield from self._step_frames(planned)

    # -- steps ---------------------------------------------------------------------------

    def _step_frames(self, planned: PlannedStep) -> Iterator[tuple[Any, int]]:
        step = planned.step
        overlays = self._overlays(planned.caption)
        if isinstance(step, TitleStep):
            picture = yuv_picture.from_rgb(title_card(*self._size, step.text), self._matrix)
            yield self._finish(picture, overlays), planned.frame_count
        elif isinstance(step, FreezeStep):
            source = self._sources[step.clip_id]
            decoded = self._decode_run(source, [step.frame])
            picture = self._place(source, step.frame, next(decoded)[1])
            yield self._finish(picture, overlays), planned.frame_count
        elif isinstance(step, MotionStep):
            yield from self._motion(planned, self._sources[step.clip_id], overlays)

    def _motion(
        self, planned: PlannedStep, source: SourceClip, overlays: tuple[YuvOverlay, ...]
    ) -> Iterator[tuple[Any, int]]:
        runs = [(frame, len(list(group))) for frame, group in groupby(planned.source_frames)]
        repeats = dict(runs)
        for index, frame in self._decode_run(source, [f for f, _ in runs]):
            picture = self._place(source, index, frame)
            yield self._finish(picture, overlays), repeats[index]

    def _overlays(self, caption: str) -> tuple[YuvOverlay, ...]:
        found = []
        if self._drawing.burn_captions and caption:
            found.append(_caption(self._size, caption, self._matrix))
        if self._watermark is not None:
            found.append(self._watermark)
        return tuple(o for o in found if o is not None)

    # -- decoding ------------------------------------------------------------------------

    def _decode_run(self, source: SourceClip, wanted: list[int]) -> Iterator[tuple[int, Any]]:
        """The decoded frames `wanted` (increasing), one sequential decode from the keyframe."""
        pending = iter(wanted)
        need = next(pending, None)
        try:
            for index, frame in source.decoder.walk(wanted[-1], from_frame=wanted[0]):
                if self._should_stop():
                    return
                if need is None:
                    return
                if index > need:
                    raise FrameUnavailableError(need)
                if index == need:
                    yield index, frame
                    need = next(pending, None)
        except FrameUnavailableError as error:
            source.decoder.reset()
            frame_no = error.args[0] if error.args else wanted[0]
            raise ExportError(
                f"{source.label} cannot be decoded at frame {frame_no}: that part of the file "
                "is damaged. Nothing was written; leave that moment out of the reel or copy "
                "the recording again from the device."
            ) from None
        except MediaError as error:
            raise ExportError(f"{source.label}: {error}") from None

    # -- pictures ------------------------------------------------------------------------

    def _place(self, source: SourceClip, index: int, frame: Any) -> Any:
        """The source frame in the output's size: an av.VideoFrame when it fills the output
        untouched (no conversion at all), else a yuv420p array with the letterbox."""
        out_w, out_h = self._size
        x, y, w, h = fit_size(source.display_size, self._size)
        if self._redaction is not None:
            untouched = source.orientation.is_upright and frame.format.name == "yuv420p"
            if (w, h) == (out_w, out_h) and untouched and source.matrix == self._matrix:
                return self._cover_in_place(source, index, frame)
            return self._place_redacted(source, index, frame, (x, y, w, h))
        turned = source.orientation.swaps_axes
        scaled = frame.reformat(
            width=h if turned else w,
            height=w if turned else h,
            format="yuv420p",
            src_colorspace=swscale_name(source.matrix),
            dst_colorspace=swscale_name(self._matrix),
            interpolation="BICUBIC",
        )
        if (w, h) == (out_w, out_h) and source.orientation.is_upright:
            return scaled
        part = scaled.to_ndarray()
        if not source.orientation.is_upright:
            part = _orient_yuv(part, source.orientation)
        if (w, h) == (out_w, out_h):
            return part
        canvas = yuv_picture.black(out_w, out_h)
        yuv_picture.paste(canvas, self._size, part, (x, y))
        return canvas

    def _cover_in_place(self, source: SourceClip, index: int, frame: Any) -> Any:
        """A frame that fills the output untouched, covered over its redaction's regions only:
        those patches go to RGB, are covered and come back; the rest is the decoder's picture.
        """
        assert self._redaction is not None
        width, height = frame.width, frame.height
        boxes = self._redaction.regions(source.clip_id, index)
        x0 = max(0, min((b[0] for b in boxes), default=0)) // 2 * 2
        y0 = max(0, min((b[1] for b in boxes), default=0)) // 2 * 2
        x1 = min(width, -(-max((b[2] for b in boxes), default=0) // 2) * 2)
        y1 = min(height, -(-max((b[3] for b in boxes), default=0) // 2) * 2)
        if x1 <= x0 or y1 <= y0:
            return frame  # nothing to cover on this frame
        copy = yuv_picture.drawable_copy(frame)
        planes = yuv_picture.frame_planes(copy)
        patch = np.empty(((y1 - y0) * 3 // 2, x1 - x0), dtype=np.uint8)
        for target, plane, div in zip(
            yuv_picture.planes(patch, x1 - x0, y1 - y0), planes, (1, 2, 2), strict=True
        ):
            target[...] = plane[y0 // div : y1 // div, x0 // div : x1 // div]
        rgb = yuv_picture.to_rgb(patch, self._matrix)
        image = self._cover_buffer(width, height)
        image[y0:y1, x0:x1] = rgb
        covered = self._redaction.cover(source.clip_id, index, image)
        back = yuv_picture.from_rgb(covered[y0:y1, x0:x1], self._matrix)
        for plane, part, div in zip(
            planes, yuv_picture.planes(back, x1 - x0, y1 - y0), (1, 2, 2), strict=True
        ):
            plane[y0 // div : y1 // div, x0 // div : x1 // div] = part
        return copy

    def _cover_buffer(self, width: int, height: int) -> Any:
        """One RGB frame-sized buffer reused for covering (only the covered patch is set)."""
        buffer = self._buffer
        if buffer is None or buffer.shape[:2] != (height, width):
            buffer = np.zeros((height, width, 3), dtype=np.uint8)
            self._buffer = buffer
        return buffer

    def _place_redacted(
        self, source: SourceClip, index: int, frame: Any, box: tuple[int, int, int, int]
    ) -> Picture:
        assert self._redaction is not None
        rgb = source.orientation.apply(yuv_picture.to_rgb(frame, source.matrix))
        rgb = self._redaction.cover(source.clip_id, index, rgb)
        x, y, w, h = box
        scaled = np.asarray(cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA), np.uint8)
        canvas = yuv_picture.black(*self._size)
        yuv_picture.paste(canvas, self._size, yuv_picture.from_rgb(scaled, self._matrix), (x, y))
        return canvas

    def _finish(self, picture: Any, overlays: tuple[YuvOverlay, ...]) -> Any:
        if isinstance(picture, np.ndarray):
            for overlay in overlays:
                overlay.apply(picture, *self._size)
            return av.VideoFrame.from_ndarray(picture, format="yuv420p")
        if overlays:  # a decoded frame that fills the output: draw on a copy of its planes
            picture = yuv_picture.drawable_copy(picture)
            yuv = yuv_picture.frame_planes(picture)
            for overlay in overlays:
                overlay.apply_planes(yuv)
        picture.pict_type = av.video.frame.PictureType.NONE  # the encoder picks keyframes
        return picture


@functools.lru_cache(maxsize=64)
def _caption(size: tuple[int, int], text: str, matrix: int) -> YuvOverlay | None:
    overlay = caption_overlay(size[0], size[1], text)
    return YuvOverlay.of(overlay, matrix) if overlay is not None else None


def _orient_yuv(part: Picture, orientation: Orientation) -> Picture:
    """A yuv420p array as shown: each plane mirrored and turned as `orientation` says."""
    h = part.shape[0] * 2 // 3
    w = part.shape[1]
    y, u, v = yuv_picture.planes(part, w, h)
    ry, ru, rv = (orientation.apply(np.ascontiguousarray(p)) for p in (y, u, v))
    out_h, out_w = ry.shape
    out = np.empty((out_h * 3 // 2, out_w), dtype=np.uint8)
    oy, ou, ov = yuv_picture.planes(out, out_w, out_h)
    oy[...], ou[...], ov[...] = ry, ru, rv
    return out
