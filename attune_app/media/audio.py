"""`AudioReader`: a clip's sound, resampled and placed on the video's timeline."""

from __future__ import annotations

import threading
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from attune_app.media.source import Opener, av_open

_LAYOUTS = {1: "mono", 2: "stereo"}


class AudioReader:
    """Reads stretches of one audio stream. Thread-safe (one lock around its container).

    Samples are placed by their own timestamps, so audio that starts before or after the
    video, or after a gap, lines up with the frames; t = 0 is the first video frame.
    """

    def __init__(
        self, path: str, stream_index: int, video_start_s: float, opener: Opener | None = None
    ) -> None:
        self._container: Any = av_open(path, opener)
        self._stream: Any = self._container.streams[stream_index]
        self._video_start_s = video_start_s
        self._lock = threading.Lock()
        self._pre_skip_s = _pre_skip_s(self._stream)

    def close(self) -> None:
        with self._lock:
            self._container.close()

    def read(self, start_s: float, count: int, rate: int, channels: int) -> NDArray[np.float32]:
        out = np.zeros((count, channels), dtype=np.float32)
        with self._lock:
            self._fill(out, start_s, rate, channels)
        return out

    def _fill(self, out: NDArray[np.float32], start_s: float, rate: int, channels: int) -> None:
        stream = self._stream
        time_base = float(stream.time_base)
        begin_abs_s = self._video_start_s + start_s
        count = out.shape[0]
        try:
            self._container.seek(int((begin_abs_s - 0.5) / time_base), stream=stream, backward=True)
        except av.error.FFmpegError:
            self._container.seek(0)
        resampler = av.AudioResampler(
            format="flt", layout=_LAYOUTS.get(channels, channels), rate=rate
        )
        position: int | None = None  # sample number (at `rate`) of the next resampled sample
        try:
            for frame in self._container.decode(stream):
                if frame.pts is not None and position is None:
                    frame_s = frame.pts * time_base
                    if self._pre_skip_s and frame.pts <= (stream.start_time or 0):
                        frame_s += self._pre_skip_s  # its first samples were dropped
                    position = round((frame_s - begin_abs_s) * rate)
                if position is None:
                    continue
                for converted in resampler.resample(frame):
                    samples = np.asarray(converted.to_ndarray(), dtype=np.float32).reshape(
                        -1, channels
                    )
                    _place(out, samples, position)
                    position += samples.shape[0]
                if position >= count:
                    return
        except av.error.FFmpegError:
            return  # a damaged tail: keep what decoded, the rest stays silent


def _pre_skip_s(stream: Any) -> float:
    """Opus drops its first `pre-skip` samples (312 at 48 kHz) but FFmpeg leaves the first
    frame's timestamp where the dropped samples began; without this the sound is ~7 ms early."""
    if stream.codec_context.name != "opus":
        return 0.0
    delay = int(getattr(stream.codec_context, "delay", 0) or 0)
    return delay / (stream.codec_context.sample_rate or 48_000)


def _place(out: NDArray[np.float32], samples: NDArray[np.float32], position: int) -> None:
    lo = max(position, 0)
    hi = min(position + samples.shape[0], out.shape[0])
    if hi > lo:
        out[lo:hi] = samples[lo - position : hi - position]
