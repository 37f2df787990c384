"""Shuttle backward (J) plays the sound reversed, on the audio clock, like forward play."""

from __future__ import annotations

from typing import Any

import numpy as np
from player_fakes import FAKE_PATH, FakeVideo, fake_opener
from test_player_audio import BeepReader, drain

from ui.player.audio_clock import RATE, AudioClock, AudioFeed, SimulatedAudioSink
from ui.player.player_controller import PlayerController


def test_the_backward_feed_plays_each_sample_at_its_reversed_time() -> None:
    # Sound from 2.5 s on; backward from 3.0 s: half a second of it, then silence.
    feed = AudioFeed(BeepReader(beep_s=2.5), start_s=3.0, speed=-1.0)
    loud = drain(feed, RATE * 4)[:, 0] > 1000
    assert loud[: round(0.5 * RATE)].all()
    assert not loud[round(0.5 * RATE) :].any()


def test_the_backward_feed_runs_on_in_silence_before_the_start() -> None:
    feed = AudioFeed(BeepReader(beep_s=0.0), start_s=0.1, speed=-2.0)  # loud everywhere
    samples = drain(feed, RATE * 4)[:, 0]
    assert len(samples) == RATE  # a second of output: it does not stop at t = 0
    loud = samples > 1000
    assert loud[: round(0.05 * RATE) - 1200].all()  # 0.1 s of media at 2x, less atempo's edge
    assert not loud[round(0.05 * RATE) + 1200 :].any()


class SoundVideo(FakeVideo):
    def audio(self, start_s: float, end_s: float, rate: int = 48000, channels: int = 2) -> Any:
        n = round((end_s - start_s) * rate)
        return np.full((n, channels), 0.25, np.float32)


def test_shuttle_backward_plays_sound_on_the_audio_clock(qtbot: Any) -> None:
    sinks: list[SimulatedAudioSink] = []

    def sink() -> SimulatedAudioSink:
        sinks.append(SimulatedAudioSink())
        return sinks[-1]

    controller = PlayerController(
        opener=fake_opener(SoundVideo(frame_count=90)),
        clock_factory=lambda info, video: AudioClock(
            video, sink_factory=sink, delay_ms_for=lambda _key: 0
        ),
        synchronous=True,
    )
    try:
        controller.open(FAKE_PATH)
        controller.seek(60)
        controller.shuttle_backward()  # J
        assert controller.clock is not None and controller.clock.kind == "audio"
        qtbot.waitUntil(lambda: 0 <= controller.shown_frame < 55, timeout=5000)
        assert controller.direction == -1
        heard = np.frombuffer(b"".join(sinks[0].pcm), "<i2")
        assert (heard > 8000).sum() > RATE // 10  # the clip's sound, not only silence
        controller.shuttle_stop()
    finally:
        controller.shutdown()
