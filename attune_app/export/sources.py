"""The clips a reel shows, opened once for the whole export: frame times, display shape and a
sequential decoder of their own (decoding from each item's keyframe forward)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from attune_app.export.colour import effective_matrix
from attune_app.export.output_plan import SourceFacts, times_of_index
from attune_app.media import MediaError, open_video, probe
from attune_app.media.decoder import FrameDecoder
from attune_app.media.frame_index import FrameIndex
from attune_app.media.source import MediaSource, av_open, split_source


class ExportError(Exception):
    """The export stopped; the message says what happened and what to do. Nothing was left."""


@dataclass(frozen=True)
class ClipMedia:
    """Where a clip's file is, what to call it in messages (never a family reference) and its
    saved frame index (optional: skips demuxing)."""

    path: Path | MediaSource  # an encrypted library gives a MediaSource
    label: str
    frame_index: FrameIndex | None = None


class SourceClip:
    """One opened clip. Use from one thread at a time (the export's decoding thread)."""

    def __init__(self, clip_id: int, media: ClipMedia) -> None:
        self.clip_id = clip_id
        self.label = media.label
        try:
            with open_video(media.path, media.frame_index, cache_bytes=0) as video:
                self.index = video.frame_index
                self.orientation = video.orientation
                self.fps = video.fps
                self.has_audio = video.has_audio
            name, opener = split_source(media.path)
            container = av_open(name, opener)
        except (MediaError, OSError, av.error.FFmpegError) as error:
            raise ExportError(f"{media.label} cannot be opened: {error}") from error
        self.path = name
        self.opener = opener  # an encrypted library's clip: its decrypting reader
        stream: Any = container.streams[self.index.stream_index]
        self.coded_size = (stream.codec_context.width, stream.codec_context.height)
        self.sar = _sample_aspect(stream)
        self.matrix = effective_matrix(stream.codec_context.colorspace)  # the YUV it decodes to
        audio = probe.choose_audio_stream(container)
        self.audio_stream_index: int | None = audio.index if audio is not None else None
        first_pts = self.index.pts[0] if self.index.pts else 0
        self.video_start_s = float(first_pts * self.index.time_base)
        self.decoder = FrameDecoder(
            self.path, self.index, container=container, threads=2, opener=opener
        )
        self.times = times_of_index(self.index)

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) as a viewer shows it: square pixels, turned upright."""
        w, h = self.coded_size
        w = max(2, round(w * self.sar))
        return self.orientation.shown_size(w, h)

    @property
    def facts(self) -> SourceFacts:
        return SourceFacts(self.times, self.display_size, self.fps)

    def close(self) -> None:
        self.decoder.close()


def _sample_aspect(stream: Any) -> Fraction:
    for owner in (stream, stream.codec_context):
        ratio = getattr(owner, "sample_aspect_ratio", None)
        if ratio is not None and ratio.numerator > 0 and ratio.denominator > 0:
            return Fraction(ratio.numerator, ratio.denominator)
    return Fraction(1)


@contextlib.contextmanager
def opened_sources(
    clip_ids: tuple[int, ...], media: Mapping[int, ClipMedia]
) -> Iterator[dict[int, SourceClip]]:
    opened: dict[int, SourceClip] = {}
    try:
        for clip_id in clip_ids:
            if clip_id not in media:
                raise ExportError(f"Clip {clip_id} of the reel is not in the library any more.")
            opened[clip_id] = SourceClip(clip_id, media[clip_id])
        yield opened
    finally:
        for source in opened.values():
            source.close()
