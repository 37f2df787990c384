"""PlayerController on generated clips: the frame shown is the frame asked for, read back from
its pixels; playback follows an injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from player_clips import make_index_clip
from player_fakes import FAKE_PATH, FakeVideo, fake_opener
from pytestqt.qtbot import QtBot

from attune_app.media.synthetic import read_frame_index
from ui.player.audio_clock import AudioClock, SimulatedAudioSink
from ui.player.playback_clock import (
    ManualTime,
    WallClock,
    default_clock_factory,
    no_audio_clock_factory,
)
from ui.player.player_controller import PlayerController
from ui.player.video_view import VideoViewWidget


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clips") / "index.mp4"
    return make_index_clip(path, frame_count=90, fps=30, gop=30, with_audio=True)


class Shown:
    """Records frameShown and checks each payload's pixels against its index."""

    def __init__(self, controller: PlayerController) -> None:
        self.frames: list[int] = []
        controller.frameShown.connect(self._on_shown)

    def _on_shown(self, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        assert read_frame_index(rgb) == frame, "the pixels shown are not the frame reported"
        self.frames.append(frame)


@pytest.fixture
def threaded(qtbot: QtBot, clip: Path) -> Iterator[tuple[PlayerController, VideoViewWidget]]:
    controller = PlayerController(clock_factory=no_audio_clock_factory)
    view = VideoViewWidget()
    qtbot.addWidget(view)
    controller.frameShown.connect(view.show_frame)
    controller.previewShown.connect(view.show_preview)
    yield controller, view
    controller.shutdown()


@pytest.fixture
def manual() -> ManualTime:
    return ManualTime()


@pytest.fixture
def synced(manual: ManualTime) -> Iterator[PlayerController]:
    """A controller on an in-memory clip, decoding on the test's thread, on a manual clock."""
    controller = PlayerController(
        opener=fake_opener(FakeVideo(frame_count=90)),
        clock_factory=no_audio_clock_factory,
        wall_clock=lambda: WallClock(manual),
        synchronous=True,
    )
    controller.open(FAKE_PATH)
    yield controller
    controller.shutdown()


def run_for(controller: PlayerController, manual: ManualTime, seconds: float) -> None:
    for _ in range(round(seconds * 120)):
        manual.advance(1 / 120)
        controller.tick()


def test_seek_and_step_show_exactly_the_frame_asked_for(
    qtbot: QtBot, threaded: tuple[PlayerController, VideoViewWidget], clip: Path
) -> None:
    controller, view = threaded
    shown = Shown(controller)
    controller.open(clip)
    info = controller.video_info
    assert info is not None and info.frame_count == 90 and info.size == (320, 180)
    for action, expected in (
        (lambda: controller.seek(45), 45),
        (lambda: controller.step(1), 46),
        (lambda: controller.step(-17), 29),  # back across a keyframe (30)
        (lambda: controller.step(-1), 28),
        (lambda: controller.step_seconds(1.0), 58),
        (lambda: controller.step_seconds(-1.0), 28),
        (controller.go_end, 89),
        (controller.go_start, 0),
    ):
        action()
        qtbot.waitUntil(lambda e=expected: view.current_frame == e, timeout=3000)
        assert controller.current_frame == expected
        assert shown.frames[-1] == expected
        assert read_frame_index(view.current_rgb()) == expected


def test_preview_shows_a_stand_in_then_the_exact_frame(
    qtbot: QtBot, threaded: tuple[PlayerController, VideoViewWidget], clip: Path
) -> None:
    controller, view = threaded
    controller.open(clip)
    qtbot.waitUntil(lambda: view.current_frame == 0)
    previews: list[int] = []
    controller.previewShown.connect(lambda frame, rgb: previews.append(read_frame_index(rgb)))
    controller.preview(75)
    qtbot.waitUntil(lambda: view.current_frame == 75, timeout=3000)
    # The keyframe before 75 at once, then 75 itself in low resolution, then the full frame.
    assert previews == [60, 75]


def test_scrub_drops_stale_requests(
    qtbot: QtBot, threaded: tuple[PlayerController, VideoViewWidget], clip: Path
) -> None:
    controller, view = threaded
    controller.open(clip)
    shown = Shown(controller)
    for frame in range(5, 85):
        controller.preview(frame)
    controller.seek(84)
    qtbot.waitUntil(lambda: view.current_frame == 84, timeout=3000)
    assert controller.stale_requests_dropped > 0
    assert len(shown.frames) < 80


def test_no_audio_device_plays_on_the_wall_clock(qtbot: QtBot, clip: Path) -> None:
    controller = PlayerController(clock_factory=default_clock_factory)
    try:
        shown = Shown(controller)
        controller.open(clip)  # has sound, but offscreen Qt has no output device
        qtbot.waitUntil(lambda: shown.frames == [0])
        controller.play()
        assert controller.clock is not None and controller.clock.kind == "wall"
        qtbot.waitUntil(lambda: controller.shown_frame >= 10, timeout=3000)
        controller.pause()
        assert not controller.is_playing
        assert shown.frames == sorted(shown.frames)
    finally:
        controller.shutdown()


def test_playback_follows_the_clock(synced: PlayerController, manual: ManualTime) -> None:
    shown = Shown(synced)
    synced.play()
    run_for(synced, manual, 1.0)
    assert synced.shown_frame == 30
    assert shown.frames == list(range(1, 31))  # frame 0 was already on screen
    assert synced.stats.skipped == 0


def test_space_plays_at_the_chosen_speed(synced: PlayerController, manual: ManualTime) -> None:
    synced.set_speed(0.5)
    synced.toggle_play()
    run_for(synced, manual, 1.0)
    assert synced.shown_frame == 15
    synced.toggle_play()
    assert not synced.is_playing and synced.current_frame == 15
    synced.set_speed(5.0)
    assert synced.speed == 2.0  # clamped to the range practitioners need


def test_jkl_shuttle(synced: PlayerController, manual: ManualTime) -> None:
    speeds: list[float] = []
    synced.speedChanged.connect(speeds.append)
    synced.shuttle_forward()  # L
    assert (synced.is_playing, synced.direction, synced.speed) == (True, 1, 1.0)
    synced.shuttle_forward()  # L again: twice as fast
    assert synced.speed == 2.0
    run_for(synced, manual, 0.5)
    assert synced.shown_frame == 30
    synced.shuttle_backward()  # J while going forward: backward at 1x
    assert (synced.direction, synced.speed) == (-1, 1.0)
    run_for(synced, manual, 0.5)
    assert synced.shown_frame == 15
    synced.shuttle_backward()  # J again: 2x backward
    assert synced.speed == 2.0
    run_for(synced, manual, 0.25)
    assert synced.shown_frame == 0
    synced.shuttle_stop()  # K
    assert not synced.is_playing
    assert speeds == [2.0, 1.0, 2.0]


def test_plays_to_the_end_and_stops(synced: PlayerController, manual: ManualTime) -> None:
    synced.seek(80)
    synced.play()
    run_for(synced, manual, 1.0)
    assert not synced.is_playing and synced.shown_frame == 89


def test_loops_between_in_and_out(synced: PlayerController, manual: ManualTime) -> None:
    shown = Shown(synced)
    synced.set_loop(20, 29)
    synced.seek(70)  # outside the loop: play starts at its in point
    synced.play()
    # 30 frames: the 10-frame loop three times (each wrap may start up to one tick late)
    run_for(synced, manual, 1.05)
    assert synced.is_playing
    played = shown.frames[1:32]
    assert played == list(range(20, 30)) * 3 + [20]
    synced.set_loop(None, None)
    assert synced.loop == (None, None)


def test_audio_clock_drives_playback(qtbot: QtBot, clip: Path) -> None:
    """With a (simulated) sound device, the picture follows the samples the device played."""
    manual = ManualTime()
    sinks: list[SimulatedAudioSink] = []

    def sink() -> SimulatedAudioSink:
        sinks.append(SimulatedAudioSink(now_s=manual))
        return sinks[-1]

    controller = PlayerController(
        clock_factory=lambda info, video: AudioClock(video, sink_factory=sink)
    )
    try:
        controller.open(clip)
        qtbot.waitUntil(lambda: controller.shown_frame == 0)
        controller.play()
        clock = controller.clock
        assert clock is not None and clock.kind == "audio"
        # The clock starts once a few frames are decoded; then the feed fills the device.
        assert isinstance(clock, AudioClock)
        written = lambda: len(b"".join(sinks[-1].pcm)) // 4  # noqa: E731
        qtbot.waitUntil(
            lambda: clock.running and written() > clock.content_start_frame, timeout=3000
        )
        assert clock.position_s() == 0.0  # nothing played yet: the picture waits for sound
        manual.advance(0.5)
        # The device played what it had queued (at most 100 ms), then waited for more.
        assert 0.0 < clock.position_s() <= 0.1
        for _ in range(50):  # feed and play 0.5 s in 10 ms steps
            qtbot.wait(2)
            clock.position_s()
            manual.advance(0.01)
        position = clock.position_s()
        qtbot.waitUntil(lambda: controller.shown_frame == int(clock.position_s() * 30))
        assert 0.3 < position < 0.7
        assert len(sinks) == 1  # one device stream for the whole session
    finally:
        controller.shutdown()


def test_a_frame_that_fails_to_decode_stops_playback_and_says_so(manual: ManualTime) -> None:
    video = FakeVideo(frame_count=90)
    original = video.read

    def read(i: int) -> Any:
        if i == 40:
            raise ValueError("frame 40 is damaged")
        return original(i)

    video.read = read  # type: ignore[method-assign]
    controller = PlayerController(
        opener=fake_opener(video),
        clock_factory=no_audio_clock_factory,
        wall_clock=lambda: WallClock(manual),
        synchronous=True,
    )
    errors: list[str] = []
    controller.errorOccurred.connect(errors.append)
    try:
        controller.open(FAKE_PATH)
        controller.seek(30)
        controller.play()
        run_for(controller, manual, 1.0)
        assert not controller.is_playing
        assert errors == ["frame 40 is damaged"]
        assert controller.shown_frame < 40
    finally:
        controller.shutdown()


def test_a_fast_drag_shows_keyframes_and_never_waits_on_an_exact_decode(
    qtbot: QtBot, threaded: tuple[PlayerController, VideoViewWidget], clip: Path
) -> None:
    controller, view = threaded
    controller.open(clip)
    qtbot.waitUntil(lambda: view.current_frame == 0)
    previews: list[int] = []
    controller.previewShown.connect(lambda frame, rgb: previews.append(read_frame_index(rgb)))
    for target in (80, 20, 75, 15, 70):  # far jumps back and forth, 5 ms apart
        controller.preview(target)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: view.current_frame == 70, timeout=3000)
    # While the pointer moved, only keyframe pictures (0, 30, 60 …) stood in for the far
    # targets; the exact low-res picture came once the pointer rested, on the last one.
    assert previews[-1] == 70
    assert [p for p in previews[:-1] if p % 30] == []


def test_play_range_plays_once_and_pauses_on_the_out_frame(
    synced: PlayerController, manual: ManualTime
) -> None:
    shown = Shown(synced)
    ended: list[bool] = []
    synced.rangeFinished.connect(lambda: ended.append(True))
    synced.seek(10)
    synced.play_range(10, 19)
    run_for(synced, manual, 0.5)  # 15 frames' time for a 10-frame range
    assert not synced.is_playing and ended == [True]
    assert shown.frames[-10:] == list(range(10, 20))  # every frame, ending on the out frame
    synced.play_range(10, 19)  # parked on the out frame: again from the in frame
    run_for(synced, manual, 0.05)
    assert synced.is_playing and shown.frames[-1] < 19
    synced.play()  # the user's own play forgets the range: on past 19
    run_for(synced, manual, 0.6)
    assert shown.frames[-1] > 19 and ended == [True]
    synced.pause()
    synced.seek(40)
    synced.play_range(40, 49)
    manual.advance(2.0)  # a stalled GUI thread: the clock is past the range at the next tick
    synced.tick()
    assert not synced.is_playing and shown.frames[-1] == 49  # the out frame stays, not 40


def test_muted_playback_runs_silent_on_the_wall_clock(qtbot: QtBot, clip: Path) -> None:
    manual = ManualTime()
    controller = PlayerController(
        clock_factory=lambda info, video: AudioClock(
            video, sink_factory=lambda: SimulatedAudioSink(now_s=manual)
        )
    )
    try:
        controller.open(clip)
        qtbot.waitUntil(lambda: controller.shown_frame == 0)
        controller.set_muted(True)
        controller.play_range(0, 30)
        assert controller.clock is not None and controller.clock.kind == "wall"
        controller.pause()
        controller.set_muted(False)
        controller.play_range(0, 30)
        assert controller.clock is not None and controller.clock.kind == "audio"
    finally:
        controller.shutdown()
