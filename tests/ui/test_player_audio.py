"""Sound for the player, headless: pitch-preserving tempo, the feed's sample accounting, the
simulated device's clock."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from ui.player.audio_clock import RATE, AudioFeed, SimulatedAudioSink
from ui.player.audio_tempo import TempoFilter, atempo_chain
from ui.player.playback_clock import ManualTime


def tone(seconds: float, hz: float = 440.0) -> np.ndarray[Any, Any]:
    t = np.arange(int(seconds * RATE)) / RATE
    mono = (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def test_atempo_chain_stays_in_the_filters_range() -> None:
    assert atempo_chain(0.25) == [0.5, 0.5]
    assert atempo_chain(1.5) == [1.5]
    for tempo in (0.25, 0.5, 0.75, 1.25, 2.0):
        factors = atempo_chain(tempo)
        assert all(0.5 <= f <= 2.0 for f in factors)
        assert np.prod(factors) == pytest.approx(tempo)


@pytest.mark.parametrize("tempo", [0.25, 0.5, 2.0])
def test_tempo_changes_duration_but_keeps_pitch(tempo: float) -> None:
    filt = TempoFilter(tempo, RATE, 2)
    source = tone(2.0)
    blocks = [filt.process(source[i : i + 2400]) for i in range(0, len(source), 2400)]
    out = np.concatenate([*blocks, filt.flush()])
    assert len(out) / RATE == pytest.approx(2.0 / tempo, rel=0.02)
    spectrum = np.abs(np.fft.rfft(out[:, 0]))
    assert np.argmax(spectrum) * RATE / len(out) == pytest.approx(440, abs=3)


class BeepReader:
    """Silence with one beep starting at `beep_s` of media time."""

    def __init__(self, beep_s: float) -> None:
        self.beep_sample = round(beep_s * RATE)

    def audio(self, start_s: float, end_s: float, rate: int, channels: int) -> Any:
        first, n = round(start_s * rate), round((end_s - start_s) * rate)
        index = first + np.arange(n)
        mono = np.where(index >= self.beep_sample, 0.5, 0.0).astype(np.float32)
        return np.stack([mono] * channels, axis=1)


def drain(feed: AudioFeed, total_bytes: int) -> np.ndarray[Any, Any]:
    data = b""
    deadline = time.monotonic() + 10
    while len(data) < total_bytes and time.monotonic() < deadline:
        chunk = feed.take(total_bytes - len(data))
        if not chunk:
            time.sleep(0.001)
        data += chunk
    feed.stop()
    return np.frombuffer(data, "<i2").reshape(-1, 2)


def test_feed_puts_each_sample_where_its_media_time_is() -> None:
    feed = AudioFeed(BeepReader(beep_s=2.5), start_s=1.0, speed=1.0)
    samples = drain(feed, 3 * RATE * 4)
    onset = int(np.flatnonzero(samples[:, 0] > 1000)[0])
    assert onset == round(1.5 * RATE)  # 2.5 s of media, started at 1.0 s: exact to the sample


def test_simulated_device_clock_counts_only_played_samples() -> None:
    now = ManualTime()
    sink = SimulatedAudioSink(now_s=now)
    sink.start()
    assert sink.processed_us() == 0
    written = sink.write(b"\0" * RATE * 4)  # a second offered, only 100 ms fits
    assert written == RATE * 4 // 10
    now.advance(0.055)
    assert sink.processed_us() == 50_000  # whole 10 ms periods
    now.advance(1.0)
    assert sink.processed_us() == 100_000  # starved: the clock waits for more sound


def test_audio_clock_at_half_speed_counts_media_time(qtbot: Any) -> None:
    """Through atempo at 0.5x, a second of sound played is half a second of the clip; the
    device stays open from one play to the next."""
    from ui.player.audio_clock import AudioClock

    sinks: list[SimulatedAudioSink] = []

    def sink() -> SimulatedAudioSink:
        sinks.append(SimulatedAudioSink())
        return sinks[-1]

    clock = AudioClock(BeepReader(beep_s=100.0), sink_factory=sink)
    try:
        clock.warm_up()
        clock.start(2.0, 0.5)
        qtbot.waitUntil(lambda: clock.position_s() > 2.0, timeout=3000)
        t0, p0 = time.monotonic(), clock.position_s()
        qtbot.wait(400)
        rate = (clock.position_s() - p0) / (time.monotonic() - t0)
        assert rate == pytest.approx(0.5, abs=0.1)
        clock.stop()
        stopped = clock.position_s()
        qtbot.wait(50)
        assert clock.position_s() == stopped
        clock.start(stopped, 1.0)
        assert len(sinks) == 1
    finally:
        clock.close()
