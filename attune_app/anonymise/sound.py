"""Sound for an anonymised reel: silence in mute ranges, or a muffled voice (low-passed: the
tone stays, the words mostly go; a voice can still be recognised unless it is muted)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]  # (n, channels)
MUFFLE_CUTOFF_HZ = 400.0


def silence(
    samples: Samples, rate: int, start_s: float, ranges_s: Sequence[tuple[float, float]]
) -> Samples:
    """`samples` (starting at source time `start_s`) with every sample inside a range zeroed
    (in place; also returned). A range covers a sample whose time is in [start, end)."""
    count = samples.shape[0]
    for range_start_s, range_end_s in ranges_s:
        first = max(0, int(np.ceil((range_start_s - start_s) * rate - 1e-9)))
        last = min(count, int(np.ceil((range_end_s - start_s) * rate - 1e-9)))
        if last > first:
            samples[first:last] = 0.0
    return samples


def muffle(samples: Samples, rate: int, cutoff_hz: float = MUFFLE_CUTOFF_HZ) -> Samples:
    """A low-passed copy: nothing above `cutoff_hz` (speech is hard to follow below ~500 Hz)."""
    if samples.shape[0] == 0:
        return samples.copy()
    spectrum = np.fft.rfft(samples, axis=0)
    freqs = np.fft.rfftfreq(samples.shape[0], 1.0 / rate)
    spectrum[freqs > cutoff_hz] = 0
    out: Samples = np.fft.irfft(spectrum, n=samples.shape[0], axis=0).astype(np.float32)
    return out
