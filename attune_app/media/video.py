"""`Video`: frame-exact reading of one clip, and `open_video` to get one."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from types import TracebackType
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from attune_app.media import memory, probe
from attune_app.media.audio import AudioReader
from attune_app.media.backward_prefetch import BackwardPrefetcher
from attune_app.media.decoder import FrameDecoder, FrameUnavailableError
from attune_app.media.errors import CorruptMediaError, UnsupportedMediaError
from attune_app.media.frame_cache import FrameCache
from attune_app.media.frame_index import FrameIndex
from attune_app.media.landing import LandingPictures
from attune_app.media.rotation import UPRIGHT, Orientation, orientation_of
from attune_app.media.source import MediaSource, Opener, split_source
from attune_app.media.thumbnails import Thumbnail, Thumbnails

DEFAULT_CACHE_BYTES = 512 * 2**20
_THUMBNAIL_CACHE_BYTES = 16 * 2**20  # ~370 thumbnails of 160x90
_BACKWARD_WINDOW = 4  # a request this close behind the last one is "stepping backwards"

Frame = NDArray[np.uint8]


def open_video(
    path: str | os.PathLike[str] | MediaSource,
    frame_index: FrameIndex | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> Video:
    """Open a clip for frame-exact reading; use it as a context manager (or call close()).

    `path` is a file, or a `MediaSource` (e.g. a clip of an encrypted library) whose file
    objects PyAV reads from directly. `frame_index` is a saved `FrameIndex` of this file; it
    skips demuxing when it still fits the file. Raises a `MediaError` subclass whose message
    tells the user what to do.
    """
    memory.return_freed_frames_to_the_system()
    text_path, opener = split_source(path)
    # a source's name need not be a file (an in-memory preview)
    size = (
        probe.check_file(text_path) if opener is None else probe.check_source(text_path, path)  # type: ignore[arg-type]
    )
    container = probe.open_container(text_path, opener)
    try:
        stream = probe.choose_video_stream(container, text_path)
        index = frame_index
        if index is None or index.source_size != size or index.stream_index != stream.index:
            index = probe.build_index(container, stream, size)
        probe.reject_still_image(container, stream, index, text_path)
        return Video(text_path, container, stream, index, cache_bytes, opener)
    except BaseException:
        container.close()
        raise


class Video:
    """One open clip. Frame i is the i-th frame a sequential decode shows.

    Thread-safety: every method may be called from any thread. `read` and `frames` share one
    decoder behind a lock; `thumbnail`/`preview` have their own decoders and containers, so a
    filmstrip worker does not wait for playback; so do `prefetch_before` and `audio`. Returned
    frames are read-only arrays shared with the cache: copy one before drawing on it.

    Frames are display pictures: `read` returns RGB at `size`, rotated as the display matrix
    says and with non-square pixels made square (a 720x576 frame of aspect 64:45 comes back
    1024x576). Which frame is frame i does not depend on this.
    """

    def __init__(
        self,
        path: str,
        container: Any,
        stream: Any,
        index: FrameIndex,
        cache_bytes: int,
        opener: Opener | None = None,
    ) -> None:
        self.path = path
        self._opener = opener
        self.codec_name: str = stream.codec_context.name
        self.recorded_at: datetime | None = probe.recorded_at(container, stream)
        audio_stream = probe.choose_audio_stream(container)
        self.has_audio = audio_stream is not None
        self._audio_stream_index = audio_stream.index if audio_stream is not None else None
        self._stream_start_s = float(index.pts[0] * index.time_base) if index.pts else 0.0
        self._coded_size = (stream.codec_context.width, stream.codec_context.height)
        self.stream_index: int = stream.index
        self.sample_aspect = probe.sample_aspect(stream)
        coded_w, coded_h = self._coded_size
        # non-square pixels (PAL widescreen 64:45, DV) are shown square: the width is scaled
        self._square_size = (max(1, round(coded_w * self.sample_aspect)), coded_h)
        self._cache = FrameCache(cache_bytes)
        self._landing = LandingPictures(self._cache, self._to_rgb)
        self._lock = threading.Lock()
        self._audio: AudioReader | None = None
        self._closed = False
        self.orientation: Orientation = UPRIGHT  # learnt from frame 0's display matrix
        self._index = index
        self._decoder = FrameDecoder(path, index, container=container, opener=opener)
        if index.frame_count == 0:
            self.close()
            raise CorruptMediaError(
                path,
                "no video frame in this file can be shown.",
                "The recording may be damaged; copy it again from the device.",
            )
        self._check_first_frame()
        if index.damaged:
            self._trim_undecodable_tail()
        self._thumbnails = Thumbnails(
            path, self._index, self._cache, self.orientation, _THUMBNAIL_CACHE_BYTES, opener
        )
        width, height = self.size
        self._thumbnails.frame_bytes = width * height * 3  # its decoders count in these
        self._prefetcher = BackwardPrefetcher(
            path,
            self._index,
            self._cache,
            self._to_rgb,
            width * height * 3,
            opener,
            self._ready,
        )

    # -- facts ---------------------------------------------------------------------------

    @property
    def frame_index(self) -> FrameIndex:
        return self._index

    @property
    def frame_count(self) -> int:
        return self._index.frame_count

    @property
    def fps(self) -> float:
        times = self._index.times_s
        if len(times) > 1 and times[-1] > 0:
            return (len(times) - 1) / times[-1]
        duration = self._index.duration_s
        return 1.0 / duration if duration > 0 else 0.0

    @property
    def duration_s(self) -> float:
        return self._index.duration_s

    @property
    def size(self) -> tuple[int, int]:
        return self.orientation.shown_size(*self._square_size)

    @property
    def rotation(self) -> int:
        """Clockwise degrees the picture is turned to be shown (after any mirroring)."""
        return self.orientation.rotation

    @property
    def mirrored(self) -> bool:
        """The picture is shown mirrored left-right (its display matrix says so)."""
        return self.orientation.mirrored

    @property
    def keyframes(self) -> list[int]:
        return list(self._index.keyframes)

    def frame_time_s(self, i: int) -> float:
        """Presentation time of frame i in seconds; frame 0 is at 0.0."""
        return self._index.frame_time_s(self._checked(i))

    def frame_at_time(self, t_s: float) -> int:
        """The frame on screen at `t_s` seconds (clamped to the clip)."""
        return self._index.frame_at_time(t_s)

    # -- frames --------------------------------------------------------------------------

    def read(self, i: int) -> Frame:
        """Frame i as RGB uint8 (height, width, 3), display orientation. Thread-safe."""
        self._checked(i)
        cached = self._cache.get(i)
        if cached is not None:
            return cached
        self._landing.forget_unless_near(i, _BACKWARD_WINDOW)
        landed = self._landing.take(i)  # decoded by the seek that landed just after it
        if landed is not None:
            return landed
        self._prefetcher.wait_for(i)  # a background prefetch may be about to deliver it
        with self._lock:
            cached = self._cache.get(i)
            if cached is None:
                # A step back past what is decoded walks from the keyframe like any seek;
                # the frames on the way are kept undecoded-to-RGB for the next steps back.
                cached = self._decode_one(i)
            return cached

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, Frame]]:
        """(index, frame) from `start` up to `stop` (exclusive), for sequential playback."""
        end = self.frame_count if stop is None else min(stop, self.frame_count)
        for i in range(max(start, 0), end):
            yield i, self.read(i)

    def thumbnail(self, i: int, max_width: int, exact: bool = False) -> Frame:
        """A picture of frame i at most `max_width` pixels wide (display orientation).

        Fast by default, for filmstrips and scrubbing: when frame i is not decoded already it
        shows a *preview*, the nearest decoded frame before i in its GOP or else the GOP's
        keyframe (decoded alone, a few ms). `preview_frame(i, max_width)` says which frame
        that is; `preview` returns the picture and its frame together. With `exact=True` it
        is always frame i (decoded from the keyframe when needed: slower, for stills).
        Thread-safe; it never waits for `read`.
        """
        return self.preview(i, max_width, exact=exact).rgb

    def preview(self, i: int, max_width: int, exact: bool = False) -> Thumbnail:
        """`thumbnail(i, max_width, exact)` with the frame it shows (`.frame`, `.exact`)."""
        self._checked(i)
        try:
            return self._thumbnails.get(i, self._thumbnail_size(max_width), exact=exact)
        except FrameUnavailableError:
            raise self._undecodable(i) from None

    def preview_frame(self, i: int, max_width: int) -> int:
        """The frame that a fast `thumbnail(i, max_width)` shows now: i itself when it is
        decoded already (exact), else an earlier frame of its GOP, at the latest its keyframe.

        A snapshot: a `read` on another thread can make a later call show a nearer frame.
        Use `preview` to get a picture and the frame it shows without that race.
        """
        self._checked(i)
        return self._thumbnails.shown_frame(i, self._thumbnail_size(max_width)[0])

    def prefetch_before(self, i: int, should_stop: Callable[[], bool] | None = None) -> int:
        """While stepping backwards: decode the frames before the cached run ending at i.

        Opt-in, for the UI's decode worker (never the GUI thread): call it after each backward
        `read(i)`. It returns at once when enough frames before i are cached; otherwise it
        decodes the next chunk (bounded so that it evicts no frame the user will see next) on
        its own decoder, and returns how many frames it added. A newer call, `cancel_prefetch`
        or a true `should_stop()` stops it between frames. A `read` of a frame it is decoding
        waits for it instead of decoding it twice. Thread-safe.
        """
        self._checked(i)
        # First the frames below the landing's pictures (a decode from the keyframe), then
        # those pictures (a conversion each, also done by `read` when it gets there first).
        added = self._prefetcher.prefetch_before(i, should_stop)
        never: Callable[[], bool] = lambda: False  # noqa: E731
        return added + self._landing.fill_before(i, should_stop or never)

    def cancel_prefetch(self, wait: bool = False) -> None:
        """Stop a running `prefetch_before` after its current frame (e.g. the user pressed
        play); with `wait`, return only once it has stopped. Thread-safe."""
        self._landing.cancel()
        self._prefetcher.cancel(wait)

    def audio(
        self, start_s: float, end_s: float, rate: int = 48000, channels: int = 2
    ) -> NDArray[np.float32]:
        """Float32 samples (n, channels) for [start_s, end_s) of the video timeline.

        t = 0 is frame 0; where there is no audio the result is silence. Thread-safe.
        """
        count = max(round((end_s - start_s) * rate), 0)
        if self._audio_stream_index is None or count == 0:
            return np.zeros((count, channels), dtype=np.float32)
        if self._audio is None:
            self._audio = AudioReader(
                self.path, self._audio_stream_index, self._stream_start_s, self._opener
            )
        return self._audio.read(start_s, count, rate, channels)

    # -- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            self._decoder.close()
        for helper in ("_prefetcher", "_thumbnails"):  # absent when __init__ failed early
            if hasattr(self, helper):
                getattr(self, helper).close()
        if self._audio is not None:
            self._audio.close()
        self._landing.clear()
        self._cache.clear()

    def __enter__(self) -> Video:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------

    def _ready(self, i: int) -> bool:
        """Frame i can be shown without a decode: cached, or a landing's picture."""
        return i in self._cache or i in self._landing

    def _checked(self, i: int) -> int:
        if not 0 <= i < self._index.frame_count:
            raise IndexError(f"frame {i} is outside 0..{self._index.frame_count - 1}")
        return i

    def _to_rgb(self, frame: Any) -> Frame:
        rgb: Frame = frame.to_ndarray(format="rgb24")
        if (rgb.shape[1], rgb.shape[0]) != self._square_size:
            shrink = self._square_size[0] < rgb.shape[1]
            interpolation = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
            rgb = np.ascontiguousarray(
                cv2.resize(rgb, self._square_size, interpolation=interpolation)
            )
        return self.orientation.apply(rgb)

    def _decode_one(self, i: int) -> Frame:
        keep = self._landing.collector(i)  # the frames before i, for the first step back
        for index, frame in self._walk(i):
            keep(index, frame)
            if index == i:
                rgb = self._to_rgb(frame)
                self._cache.put(i, rgb)
                return rgb
        raise AssertionError("walk ends at its target")

    def _walk(self, i: int, from_frame: int | None = None) -> Iterator[tuple[int, Any]]:
        """The decoder's walk to frame i, retried once from a fresh seek."""
        for attempt in range(2):
            try:
                yield from self._decoder.walk(i, from_frame=from_frame)
                return
            except FrameUnavailableError:
                self._decoder.reset()
                if attempt == 1:
                    raise self._undecodable(i) from None

    def _undecodable(self, i: int) -> CorruptMediaError:
        return CorruptMediaError(
            self.path,
            f"frame {i} (at {self._index.frame_time_s(i):.2f} s) cannot be decoded; "
            "this part of the file is damaged.",
            "Other frames may still show; copy the recording again from the device.",
        )

    def _check_first_frame(self) -> None:
        """Decode frame 0: learns the orientation and fails early on undecodable streams."""
        try:
            with self._lock:
                for index, frame in self._decoder.walk(0):
                    if index == 0:
                        self.orientation = orientation_of(frame)
                        self._cache.put(0, self._to_rgb(frame))
        except FrameUnavailableError:
            self.close()
            raise UnsupportedMediaError(
                self.path,
                f"its video ({self.codec_name}) cannot be decoded.",
                "Convert it to MP4 (H.264) or choose another file.",
            ) from None

    def _trim_undecodable_tail(self) -> None:
        """A damaged file keeps only the frames that decode (the tail is checked once)."""
        last_point = self._index.seek_points[-1] if self._index.seek_points else None
        start = last_point.first_frame if last_point is not None else 0
        shown = start
        with self._lock:
            try:
                for index, _frame in self._decoder.walk(self.frame_count - 1, from_frame=start):
                    shown = index + 1
            except FrameUnavailableError:
                pass
            self._decoder.reset()
        if shown < self.frame_count:
            self._index = self._index.truncated(max(shown, 1))
            self._decoder = self._rebind_decoder()

    def _rebind_decoder(self) -> FrameDecoder:
        self._decoder.close()
        return FrameDecoder(self.path, self._index, opener=self._opener)

    def _thumbnail_size(self, max_width: int) -> tuple[int, int]:
        width, height = self.size
        scale = min(1.0, max_width / width) if max_width > 0 else 1.0
        return max(1, round(width * scale)), max(1, round(height * scale))
