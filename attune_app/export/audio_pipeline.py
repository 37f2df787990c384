"""The reel's sound, step by step, as float32 stereo at 48 kHz: each motion's source sound cut
at the same times as its pictures (sample-exact), slowed with its pitch kept by FFmpeg's
atempo filter (or silent when muted), the redaction's ranges silenced; silence for title cards
and freezes. Each step has exactly the samples of its output frames, so sound never drifts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction

import av
import numpy as np
import numpy.typing as npt

from attune_app.anonymise.sound import muffle
from attune_app.domain.reel_timeline import MotionStep
from attune_app.export.output_plan import AUDIO_CHANNELS, AUDIO_RATE, OutputPlan, PlannedStep
from attune_app.export.redaction import Redaction
from attune_app.export.sources import SourceClip
from attune_app.media.audio import AudioReader

Samples = npt.NDArray[np.float32]  # (n, channels)


class AudioPipeline:
    """Use from one thread (the export's sound worker); `close` when done."""

    def __init__(
        self,
        plan: OutputPlan,
        sources: Mapping[int, SourceClip],
        redaction: Redaction | None = None,
    ) -> None:
        self._plan = plan
        self._sources = sources
        self._redaction = redaction
        self._readers: dict[int, AudioReader] = {}

    def step_samples(self, planned: PlannedStep) -> Samples:
        start = self._plan.sample_at(planned.first_frame)
        count = self._plan.sample_at(planned.end_frame) - start
        silence = np.zeros((count, AUDIO_CHANNELS), dtype=np.float32)
        step = planned.step
        if not isinstance(step, MotionStep) or step.muted or count == 0:
            return silence
        reader = self._reader(step.clip_id)
        if reader is None:
            return silence
        t_in = self._sources[step.clip_id].times.time_s(step.in_frame)
        needed = max(1, round(count * step.speed))
        sound = reader.read(t_in, needed, AUDIO_RATE, AUDIO_CHANNELS)
        self._silence_redacted(step.clip_id, sound, t_in)
        if self._redaction is not None and self._redaction.muffled:
            sound = muffle(sound, AUDIO_RATE)
        if abs(step.speed - 1.0) > 1e-9:
            sound = time_stretch(sound, step.speed)
        return _exactly(sound, count)

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()

    def _reader(self, clip_id: int) -> AudioReader | None:
        source = self._sources[clip_id]
        if source.audio_stream_index is None:
            return None
        if clip_id not in self._readers:
            self._readers[clip_id] = AudioReader(
                source.path, source.audio_stream_index, source.video_start_s, source.opener
            )
        return self._readers[clip_id]

    def _silence_redacted(self, clip_id: int, sound: Samples, t_in: float) -> None:
        if self._redaction is None:
            return
        for lo_s, hi_s in self._redaction.muted_ranges_s(clip_id):
            lo = max(0, round((lo_s - t_in) * AUDIO_RATE))
            hi = min(sound.shape[0], round((hi_s - t_in) * AUDIO_RATE))
            if hi > lo:
                sound[lo:hi] = 0.0


def time_stretch(sound: Samples, speed: float) -> Samples:
    """`sound` played at `speed` (0.25..1) with its pitch kept: FFmpeg's atempo filter."""
    graph = av.filter.Graph()
    source = graph.add_abuffer(
        format="flt",
        sample_rate=AUDIO_RATE,
        layout="stereo",
        time_base=Fraction(1, AUDIO_RATE),
    )
    chain = [source]
    remaining = speed
    while remaining < 0.5 - 1e-9:  # one atempo goes down to 0.5
        chain.append(graph.add("atempo", "0.5"))
        remaining /= 0.5
    chain.append(graph.add("atempo", f"{remaining:.6f}"))
    chain.append(graph.add("abuffersink"))
    for upstream, downstream in itertools.pairwise(chain):
        upstream.link_to(downstream)
    graph.configure()
    out: list[Samples] = []
    block = 4096
    for start in range(0, sound.shape[0], block):
        chunk = np.ascontiguousarray(sound[start : start + block]).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        graph.push(frame)
        out.extend(_pull_all(graph))
    graph.push(None)
    out.extend(_pull_all(graph))
    if not out:
        return np.zeros((0, AUDIO_CHANNELS), dtype=np.float32)
    return np.concatenate(out)


def _pull_all(graph: av.filter.Graph) -> list[Samples]:
    pulled: list[Samples] = []
    while True:
        try:
            frame = graph.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return pulled
        pulled.append(np.asarray(frame.to_ndarray(), dtype=np.float32).reshape(-1, 2))


def _exactly(sound: Samples, count: int) -> Samples:
    if sound.shape[0] >= count:
        return np.ascontiguousarray(sound[:count])
    padded = np.zeros((count, AUDIO_CHANNELS), dtype=np.float32)
    padded[: sound.shape[0]] = sound
    return padded
