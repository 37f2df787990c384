"""The output file: H.264 (x264, yuv420p, High profile) and AAC 48 kHz stereo in MP4 with
`+faststart` (into a named file; a file object gets none: FFmpeg cannot reopen it). Nothing of
the sources' metadata is copied: the container and streams carry no title, device, place, date
or file name, only what the muxer needs."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import av
import numpy as np

from attune_app.export.audio_pipeline import Samples
from attune_app.export.colour import MPEG_RANGE, SMPTE170M
from attune_app.export.output_plan import (
    AUDIO_BITRATE,
    AUDIO_CHANNELS,
    AUDIO_RATE,
    QUALITY_PRESETS,
    OutputPlan,
)

_AAC_FRAME = 1024


class Mp4Writer:
    """Writes one MP4. `write_video`, `mux` and `close` are called from one thread (the
    muxing thread); `audio_packets` and `final_audio_packets` may run on another one (the
    sound worker), one call at a time and in order, so AAC encoding overlaps x264's feeding.
    `close(ok)` finishes (or abandons) the file."""

    def __init__(
        self, path: Path | BinaryIO, plan: OutputPlan, quality: str, matrix: int = SMPTE170M
    ) -> None:
        preset, crf = QUALITY_PRESETS[quality]
        if isinstance(path, Path):
            self._container: Any = av.open(
                str(path), "w", format="mp4", options={"movflags": "+faststart"}
            )
        else:
            self._container = av.open(path, "w", format="mp4")
        self._video: Any = self._container.add_stream("libx264", rate=plan.fps)
        self._video.width, self._video.height = plan.width, plan.height
        self._video.pix_fmt = "yuv420p"
        self._video.codec_context.time_base = 1 / Fraction(plan.fps)
        context = self._video.codec_context  # tagged, so players read the YUV as it was made
        context.colorspace = context.color_primaries = context.color_trc = matrix
        context.color_range = MPEG_RANGE
        self._video.options = {"preset": preset, "crf": str(crf), "profile": "high"}
        # x264's frame threads, as the ffmpeg CLI uses (PyAV's default, slices, packs less well)
        self._video.codec_context.thread_type = "FRAME"
        self._audio: Any = self._container.add_stream("aac", rate=AUDIO_RATE, layout="stereo")
        self._audio.bit_rate = AUDIO_BITRATE
        self._audio_pts = 0
        self._pending = np.zeros((0, AUDIO_CHANNELS), dtype=np.float32)
        self._video_pts = 0

    def write_video(self, frame: Any, repeat: int) -> None:
        for _ in range(repeat):
            frame.pts = self._video_pts
            frame.time_base = self._video.codec_context.time_base
            self._video_pts += 1
            self._container.mux(self._video.encode(frame))

    def audio_packets(self, samples: Samples) -> list[Any]:
        """The AAC packets of the next `samples` (whole 1024-sample frames; the rest waits)."""
        pending = np.concatenate([self._pending, samples]) if self._pending.size else samples
        whole = pending.shape[0] // _AAC_FRAME * _AAC_FRAME
        packets: list[Any] = []
        for start in range(0, whole, _AAC_FRAME):
            packets += self._encode_audio(pending[start : start + _AAC_FRAME])
        self._pending = pending[whole:]
        return packets

    def final_audio_packets(self) -> list[Any]:
        """The last (short) AAC frame and the encoder's tail: after the last `audio_packets`."""
        packets = self._encode_audio(self._pending) if self._pending.shape[0] else []
        self._pending = self._pending[:0]
        packets += self._audio.encode(None)
        return packets

    def write_audio(self, samples: Samples) -> None:
        self.mux(self.audio_packets(samples))

    def mux(self, packets: list[Any]) -> None:
        self._container.mux(packets)

    def close(self, *, ok: bool, audio_tail: list[Any] | None = None) -> None:
        """Finish the file (`audio_tail`: `final_audio_packets()` made on the sound worker,
        else made here) or, with `ok` False, abandon it."""
        try:
            if ok:
                tail = self.final_audio_packets() if audio_tail is None else audio_tail
                self._container.mux(self._video.encode(None))
                self._container.mux(tail)
        finally:
            self._container.close()

    def _encode_audio(self, block: Samples) -> list[Any]:
        planar = np.ascontiguousarray(block.T)
        frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._audio_pts
        frame.time_base = Fraction(1, AUDIO_RATE)
        self._audio_pts += block.shape[0]
        packets: list[Any] = self._audio.encode(frame)
        return packets
