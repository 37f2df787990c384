"""Small clips for the media tests, encoded with PyAV; each frame shows its own index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from attune_app.media.synthetic import draw_index_frame


@dataclass(frozen=True)
class ClipSpec:
    name: str
    frames: int = 90
    width: int = 320
    height: int = 240
    codec: str = "libx264"
    container: str = "mp4"
    rate: int = 25
    options: dict[str, str] = field(default_factory=dict)
    pix_fmt: str = "yuv420p"
    beeps_at: tuple[int, ...] = ()  # frames where a short 1 kHz beep starts


def write_clip(spec: ClipSpec, folder: Path) -> Path:
    path = folder / f"{spec.name}.{spec.container}"
    with av.open(str(path), "w") as out:
        video = out.add_stream(spec.codec, rate=spec.rate)
        video.width, video.height, video.pix_fmt = spec.width, spec.height, spec.pix_fmt
        video.options = spec.options
        audio = out.add_stream("aac", rate=48000, layout="stereo") if spec.beeps_at else None
        for i in range(spec.frames):
            picture = draw_index_frame(i, spec.width, spec.height)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        if audio is not None:
            _write_beeps(out, audio, spec)
    return path


def beep_track(spec: ClipSpec, rate: int = 48000) -> np.ndarray:
    """Mono samples: silence with a 50 ms 1 kHz beep starting at each of `spec.beeps_at`."""
    total = int(spec.frames / spec.rate * rate)
    track = np.zeros(total, dtype=np.float32)
    t = np.arange(int(0.05 * rate)) / rate
    tone = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    for frame in spec.beeps_at:
        start = int(frame / spec.rate * rate)
        track[start : start + tone.size] = tone[: total - start]
    return track


def _write_beeps(out: av.container.OutputContainer, audio: av.AudioStream, spec: ClipSpec) -> None:
    track = beep_track(spec)
    stereo = np.stack([track, track])  # planar float
    chunk = 1024
    for start in range(0, track.size, chunk):
        block = np.ascontiguousarray(stereo[:, start : start + chunk])
        frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
        frame.sample_rate = 48000
        frame.pts = start
        for packet in audio.encode(frame):
            out.mux(packet)
    for packet in audio.encode():
        out.mux(packet)
