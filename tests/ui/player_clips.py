"""Clips for player tests and the benchmark, generated with PyAV; never real footage.

Each frame carries its own index (`draw_index_frame`), so a test reads back from the pixels
which frame it was shown.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from attune_app.media.synthetic import draw_index_frame


def make_index_clip(
    path: Path,
    frame_count: int = 90,
    fps: int = 30,
    size: tuple[int, int] = (320, 180),
    gop: int = 30,
    with_audio: bool = False,
) -> Path:
    """An H.264 clip whose frame i shows index i; optional 440 Hz tone."""
    width, height = size
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"crf": "23", "g": str(gop), "preset": "ultrafast"}
        audio = out.add_stream("aac", rate=48000, layout="stereo") if with_audio else None
        for i in range(frame_count):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, width, height), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if audio is not None:
            _write_tone(out, audio, frame_count / fps)
    return path


def _write_tone(out: av.container.OutputContainer, stream: av.AudioStream, seconds: float) -> None:
    rate, block = 48000, 1024
    total = int(seconds * rate)
    for start in range(0, total, block):
        n = min(block, total - start)
        t = (start + np.arange(n)) / rate
        tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = rate, start
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
