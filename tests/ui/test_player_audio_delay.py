"""An audio delay per output device holds the picture back by what the sound is late."""

from __future__ import annotations

from typing import Any

import pytest
from player_fakes import FakeVideo
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from ui.player.audio_clock import AudioClock, SimulatedAudioSink
from ui.player.audio_delay import (
    AudioDelaySettings,
    OutputDevice,
    ask_audio_delay,
    audio_delay_action,
)
from ui.player.playback_clock import ManualTime

HEADSET = OutputDevice("bluez_output.00_1A_7D:DA:71:13.a2dp-sink/1", "Baby-room headset")
SPEAKERS = OutputDevice("alsa_output.pci-0000_00_1f.3.analog-stereo", "Built-in speakers")


def _clock(now: ManualTime, device: OutputDevice) -> AudioClock:
    return AudioClock(
        FakeVideo(frame_count=900),
        sink_factory=lambda: SimulatedAudioSink(now_s=now, device_key=device.key),
        delay_ms_for=AudioDelaySettings().delay_ms,
    )


def _positions(qtbot: Any, speed: float, steps: int) -> tuple[list[float], list[float]]:
    """Two clocks on the same simulated time, one per device, `steps` periods of 10 ms."""
    now = ManualTime(100.0)
    clocks = [_clock(now, HEADSET), _clock(now, SPEAKERS)]
    out: tuple[list[float], list[float]] = ([], [])
    try:
        for clock in clocks:
            clock.warm_up()
            clock.start(10.0, speed)
        for _ in range(steps):
            for clock, positions in zip(clocks, out, strict=True):
                # the feed thread decodes ahead; let it fill the device before time moves
                qtbot.waitUntil(lambda c=clock: c.sink.bytes_free() == 0, timeout=3000)
                positions.append(clock.position_s())
            now.advance(0.01)
    finally:
        for clock in clocks:
            clock.close()
    return out


@pytest.mark.parametrize("speed", [1.0, 0.5])
def test_the_headsets_delay_holds_the_picture_back_and_the_speakers_are_untouched(
    qtbot: Any, speed: float
) -> None:
    AudioDelaySettings().set_delay_ms(HEADSET.key, 200)
    headset, speakers = _positions(qtbot, speed, steps=60)
    assert AudioDelaySettings().delay_ms(SPEAKERS.key) == 0
    # Until 200 ms of sound has been played the headset's picture waits at the start...
    assert headset[15] == 10.0 and speakers[15] > 10.0
    # ...then both move at the same rate, the headset's 200 ms of sound behind.
    for late, on_time in zip(headset[30:], speakers[30:], strict=True):
        assert on_time - late == pytest.approx(0.2 * speed, abs=1e-9)


def test_a_changed_delay_applies_mid_play(qtbot: Any) -> None:
    now = ManualTime()
    clock = _clock(now, HEADSET)
    try:
        clock.warm_up()
        clock.start(5.0, 1.0)
        assert clock.delay_s == 0.0
        AudioDelaySettings().set_delay_ms(HEADSET.key, 150)
        clock.refresh_delay()
        assert clock.delay_s == pytest.approx(0.15)
    finally:
        clock.close()


def test_the_menu_entry_keeps_milliseconds_per_device(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[tuple[str, int]] = []

    def answer(value: int, ok: bool = True) -> Any:
        def get_int(_parent: Any, _title: str, label: str, current: int, *_range: int) -> Any:
            asked.append((label, current))
            return value, ok

        return get_int

    changed: list[bool] = []
    action = audio_delay_action(
        parent, lambda: changed.append(True), output=lambda: HEADSET, get_int=answer(180)
    )
    action.trigger()
    assert changed == [True]
    assert "Baby-room headset" in asked[0][0] and asked[0][1] == 0
    settings = AudioDelaySettings(QSettings())
    assert settings.delay_ms(HEADSET.key) == 180
    assert settings.delay_ms(SPEAKERS.key) == 0
    # Cancelled: nothing changes; asked again, the current value is offered.
    assert ask_audio_delay(parent, HEADSET, settings, answer(400, ok=False)) is None
    assert settings.delay_ms(HEADSET.key) == 180
    assert ask_audio_delay(parent, HEADSET, settings, answer(0)) == 0
    assert asked[-1][1] == 180
    assert settings.delay_ms(HEADSET.key) == 0
