"""Pitch-preserving tempo change through FFmpeg's atempo filter (PyAV's filter graph).

No Qt here; it lives beside the player until the media engine takes it in. Slow review at
0.5x must still sound like the parent's voice, not a growl, hence atempo rather than
resampling. atempo accepts 0.5..100 per instance, so slower tempos chain two.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import av
import av.filter
import numpy as np

Samples = np.ndarray[Any, np.dtype[np.float32]]  # (n, channels) float32


def atempo_chain(tempo: float) -> list[float]:
    """Factors for successive atempo filters whose product is `tempo`, each in 0.5..2."""
    if tempo <= 0:
        raise ValueError("tempo must be positive")
    factors: list[float] = []
    while tempo < 0.5:
        factors.append(0.5)
        tempo /= 0.5
    while tempo > 2.0:
        factors.append(2.0)
        tempo /= 2.0
    factors.append(tempo)
    return factors


class TempoFilter:
    """Feed float32 (n, channels) blocks in, get tempo-changed blocks out (same format)."""

    def __init__(self, tempo: float, rate: int = 48000, channels: int = 2) -> None:
        self.tempo, self.rate, self.channels = tempo, rate, channels
        self._layout = {1: "mono", 2: "stereo"}[channels]
        self._pts = 0
        self._graph: Any = None
        if tempo != 1.0:
            self._graph = self._build_graph(tempo)

    def _build_graph(self, tempo: float) -> Any:
        graph = av.filter.Graph()
        nodes = [
            graph.add_abuffer(
                sample_rate=self.rate,
                format="flt",
                layout=self._layout,
                time_base=Fraction(1, self.rate),
            )
        ]
        nodes += [graph.add("atempo", f"{factor:.6f}") for factor in atempo_chain(tempo)]
        nodes.append(graph.add("abuffersink"))
        for a, b in itertools.pairwise(nodes):
            a.link_to(b)
        graph.configure()
        return graph

    def process(self, samples: Samples) -> Samples:
        if self._graph is None:
            return samples
        packed = np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(packed, format="flt", layout=self._layout)
        frame.sample_rate = self.rate
        frame.pts, frame.time_base = self._pts, Fraction(1, self.rate)
        self._pts += samples.shape[0]
        self._graph.push(frame)
        return self._pull()

    def flush(self) -> Samples:
        if self._graph is None:
            return np.zeros((0, self.channels), np.float32)
        self._graph.push(None)
        return self._pull()

    def _pull(self) -> Samples:
        blocks = []
        while True:
            try:
                out = self._graph.pull()
            except (av.BlockingIOError, av.EOFError):
                break
            array = out.to_ndarray()
            if out.format.is_planar:
                blocks.append(array.T.astype(np.float32))
            else:
                blocks.append(array.reshape(-1, self.channels).astype(np.float32))
        if not blocks:
            return np.zeros((0, self.channels), np.float32)
        return np.concatenate(blocks)
