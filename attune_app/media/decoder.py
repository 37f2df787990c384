"""`FrameDecoder`: decodes frames by index with PyAV's exact-seek idiom.

To reach frame i it seeks back to the keyframe packet at or before i, then decodes forward,
counting the frames the decoder shows (checked against their timestamps). When the next
request lies ahead of where the decoder is, it keeps decoding instead of seeking again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator
from typing import Any

import av

from attune_app.media.errors import MediaError, MissingMediaError
from attune_app.media.frame_index import FrameIndex, SeekPoint
from attune_app.media.source import Opener, av_open

# What a one-thread decoder holds at most (reference pictures, reordering, its frame pool),
# in RGB frames of the video's size: about 25 MB at 1080p. A decoder other than the video's
# own counts this against the frame cache's bound while it lives.
DECODER_FRAMES = 4


class FrameUnavailableError(Exception):
    """The decoder did not produce the requested frame (damaged data)."""


class FrameDecoder:
    """Decodes one video stream of an open container by frame index.

    Not thread-safe: use it from one thread at a time (`Video` holds a lock around it).
    """

    def __init__(
        self,
        path: str,
        index: FrameIndex,
        *,
        container: Any = None,
        threads: int = 2,
        keyframes_only: bool = False,
        opener: Opener | None = None,
    ) -> None:
        self._path = path
        self._opener = opener
        self._index = index
        self._threads = threads
        self._keyframes_only = keyframes_only
        self._attach(container if container is not None else _reopen(path, opener))
        self._session: Iterator[tuple[int, Any]] | None = None
        self._pending: tuple[int, Any] | None = None
        self._next = 0  # the session shows no frame before this one
        self.seeks = 0  # how many times it had to seek (for tests and the benchmark)

    def _attach(self, container: Any) -> None:
        self._container = container
        self._stream = container.streams[self._index.stream_index]
        self._codec = self._stream.codec_context
        if self._threads > 1:
            self._codec.thread_type = "AUTO"
            self._codec.thread_count = self._threads
        if self._keyframes_only:
            self._codec.skip_frame = "NONKEY"  # the decoder drops every other packet unread

    @property
    def next_frame(self) -> int | None:
        """The frame the decoder would show next without seeking (None before any decode)."""
        return self._next if self._session is not None else None

    def close(self) -> None:
        self._session = None
        self._pending = None
        self._container.close()

    def reset(self) -> None:
        """Forget the decoder position, so the next walk seeks."""
        self._session = None
        self._pending = None

    def walk(self, target: int, *, from_frame: int | None = None) -> Iterator[tuple[int, Any]]:
        """Yield (index, av.VideoFrame) for every frame decoded on the way to `target`.

        The last item is `target`. With `from_frame`, every frame from there on is yielded
        (it seeks if the decoder has already passed it). Raises FrameUnavailableError when
        the data for `target` cannot be decoded.
        """
        start = target if from_frame is None else min(from_frame, target)
        point = self._index.seek_point_for(start)
        if self._session is None or not (point.first_frame <= self._next <= start):
            self._start(point)
        while True:
            item = self._pending or self._next_decoded()
            self._pending = None
            if item is None:
                self._session = None
                raise FrameUnavailableError(target)
            frame_index = item[0]
            if frame_index > target:
                self._pending = item
                raise FrameUnavailableError(target)
            self._next = frame_index + 1
            yield item
            if frame_index == target:
                return

    def keyframe(self, point: SeekPoint) -> Any | None:
        """The picture of the keyframe packet `point` alone: seek, decode one packet, drain.

        For a decoder built with `keyframes_only`. Returns the av.VideoFrame, or None when the
        packet shows nothing by itself (an edit list hides it, or the codec skipped it); the
        caller checks its pts before trusting it.
        """
        self.reset()
        packets = self._packets_from(point)
        try:
            packet = next(packets, None)
        finally:
            packets.close()
        if packet is None:
            return None
        frames = self._decode(packet) + self._decode(None)  # None drains: no reorder delay
        self._codec.flush_buffers()
        return frames[0] if frames else None

    def _next_decoded(self) -> tuple[int, Any] | None:
        assert self._session is not None
        return next(self._session, None)

    def _start(self, point: SeekPoint) -> None:
        self.seeks += 1
        self._pending = None
        self._next = point.first_frame
        self._session = self._decode_from(point)

    def _decode_from(self, point: SeekPoint) -> Iterator[tuple[int, Any]]:
        expected = point.first_frame
        for packet in self._packets_from(point):
            for frame in self._decode(packet):
                found = self._index.identify(frame.pts, expected)
                if found is None or found < expected:
                    continue  # a leading picture that needs data from before the keyframe
                expected = found + 1
                yield found, frame

    def _decode(self, packet: Any) -> list[Any]:
        try:
            frames: list[Any] = self._codec.decode(packet)
        except av.error.EOFError:
            return []
        except av.error.FFmpegError:
            return []  # like ffmpeg: skip a packet that does not decode and go on
        return frames

    def _packets_from(self, point: SeekPoint) -> Generator[Any | None, None, None]:
        """The stream's packets from the keyframe packet `point` on, then None (flush)."""
        for seek_ts in self._seek_targets(point):
            packets = self._seek(seek_ts)
            first = self._skip_to(packets, point)
            if first is None:
                continue
            yield first
            with contextlib.suppress(av.error.FFmpegError):  # a damaged tail: keep what was read
                yield from packets
            yield None
            return

    def _seek_targets(self, point: SeekPoint) -> Iterator[int | None]:
        """Timestamps to try: the keyframe's own, then earlier ones, then the file start."""
        ts = point.dts if point.dts is not None else point.pts
        if ts is not None:
            yield ts
            step = max(int(1 / self._index.time_base), 1)  # about one second
            yield ts - 10 * step
        yield None

    def _seek(self, ts: int | None) -> Iterator[Any]:
        self._codec.flush_buffers()
        if ts is None:  # reopening is the one sure way back to the start
            try:
                container = _reopen(self._path, self._opener)
            except MediaError:
                self.reset()  # the next walk tries again (the drive may be back)
                raise
            self._container.close()
            self._attach(container)
        else:
            try:
                self._container.seek(ts, stream=self._stream, backward=True, any_frame=False)
            except (av.error.FFmpegError, OSError):
                return iter(())  # the caller tries an earlier timestamp, then reopens
        return (p for p in self._container.demux(self._stream) if p.size)

    def _skip_to(self, packets: Iterator[Any], point: SeekPoint) -> Any | None:
        """Demux (without decoding) up to the keyframe packet; None if the seek overshot."""
        try:
            for packet in packets:
                order = _compare(packet, point)
                if order == 0:
                    return packet
                if order > 0:
                    return None
        except av.error.FFmpegError:
            return None
        return None


def _reopen(path: str, opener: Opener | None = None) -> Any:
    """Open the file again; when it is gone (moved, drive unplugged) say so, naming it."""
    try:
        return av_open(path, opener)
    except FileNotFoundError as error:
        raise MissingMediaError(
            path,
            "the file was moved or its drive unplugged while it was open.",
            "Reconnect the drive, or relink the clip to where the file is now.",
        ) from error
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(
            path,
            f"the file can no longer be read ({error}).",
            "Check that its drive is connected and the file was not changed, then reopen it.",
        ) from error


def _compare(packet: Any, point: SeekPoint) -> int:
    """-1, 0 or 1: is the packet before, at or after the keyframe packet (decode order)?"""
    pos = packet.pos if packet.pos is not None and packet.pos >= 0 else None
    if pos is not None and point.byte_pos is not None:
        return int(pos > point.byte_pos) - int(pos < point.byte_pos)
    if packet.dts is not None and point.dts is not None and packet.dts != point.dts:
        return 1 if packet.dts > point.dts else -1
    if packet.pts == point.pts and packet.is_keyframe:
        return 0
    if packet.pts is not None and point.pts is not None and packet.dts is None:
        return 1 if packet.pts > point.pts else -1
    return -1
