"""Opening a clip off the GUI thread: the window stays responsive while a long clip is demuxed,
the newest open wins, and nothing opened is leaked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from player_fakes import FakeVideo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.store.library import Library
from ui.library.library_controller import LibraryController
from ui.main_window import MainWindow
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.player.video_info import VideoInfo
from ui.player.video_opener import VideoOpener


class ClosingVideo(FakeVideo):
    def __init__(self) -> None:
        super().__init__(frame_count=30)
        self.closed = False

    def __exit__(self, *exc: Any) -> None:
        self.closed = True


class GatedOpener:
    """Opens fake videos, each only once the test lets it (as a long demux would take)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.threads: list[int] = []
        self.videos: list[ClosingVideo] = []

    def __call__(self, path: Path) -> ClosingVideo:
        self.threads.append(threading.get_ident())
        self.gate.wait(3.0)
        video = ClosingVideo()
        self.videos.append(video)
        return video


@pytest.fixture
def opener() -> Iterator[GatedOpener]:
    gated = GatedOpener()
    yield gated
    gated.gate.set()


def test_window_stays_responsive_while_a_clip_opens(
    qtbot: QtBot, library: Library, clip: Clip, opener: GatedOpener
) -> None:
    player = PlayerController(opener=opener, clock_factory=no_audio_clock_factory)
    window = MainWindow(LibraryController(library), player=player)
    qtbot.addWidget(window)
    assert window.open_clip(clip.id)
    # Still demuxing: the call came back at once and the window says it is busy.
    assert window.clip is None and player.is_opening
    assert window.cursor().shape() == Qt.CursorShape.BusyCursor
    assert threading.get_ident() not in opener.threads
    opener.gate.set()
    qtbot.waitUntil(lambda: window.clip is not None, timeout=5_000)
    assert window.clip is not None and window.clip.id == clip.id
    assert not player.is_opening
    assert window.cursor().shape() == Qt.CursorShape.ArrowCursor
    qtbot.waitUntil(lambda: window.video.current_frame == 0, timeout=5_000)
    window.close()


def test_newest_open_wins_and_the_overtaken_video_is_closed(
    qtbot: QtBot, opener: GatedOpener
) -> None:
    player = PlayerController(opener=opener, clock_factory=no_audio_clock_factory)
    outcomes: list[str] = []
    player.open_in_background("first.mp4", lambda error: outcomes.append(f"first {error}"))
    qtbot.waitUntil(lambda: len(opener.threads) == 1, timeout=5_000)
    player.open_in_background("second.mp4", lambda error: outcomes.append(f"second {error}"))
    opener.gate.set()
    qtbot.waitUntil(lambda: outcomes == ["second None"], timeout=5_000)
    qtbot.waitUntil(lambda: opener.videos[0].closed, timeout=5_000)
    info = player.video_info
    assert info is not None and info.path == Path("second.mp4")
    assert not opener.videos[1].closed
    player.shutdown()
    assert opener.videos[1].closed


def test_a_failed_open_reports_the_error_and_keeps_the_current_video(qtbot: QtBot) -> None:
    def opener(path: Path) -> FakeVideo:
        if path.name == "broken.mp4":
            raise OSError("not a video")
        return FakeVideo()

    player = PlayerController(opener=opener, clock_factory=no_audio_clock_factory)
    errors: list[Exception | None] = []
    player.open_in_background("good.mp4", errors.append)
    qtbot.waitUntil(lambda: errors == [None], timeout=5_000)
    player.open_in_background("broken.mp4", errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5_000)
    assert isinstance(errors[1], OSError)
    info = player.video_info
    assert info is not None and info.path == Path("good.mp4")
    player.shutdown()


def test_shutdown_closes_a_video_loaded_but_not_yet_handed_over(qtbot: QtBot) -> None:
    video = ClosingVideo()
    loaded = threading.Event()

    def load(path: Path) -> tuple[Any, VideoInfo]:
        loaded.set()
        return video, VideoInfo.from_video(path, video)

    opener = VideoOpener(load)
    opener.open(Path("clip.mp4"), lambda _outcome: pytest.fail("cancelled: never adopted"))
    assert loaded.wait(5.0)
    opener.shutdown()  # no event processed in between: the result still sits in the inbox
    assert video.closed
    assert not opener.busy


def test_a_clock_that_cannot_start_fails_the_open_and_keeps_the_current_video(
    qtbot: QtBot,
) -> None:
    videos: list[ClosingVideo] = []

    def opener(path: Path) -> ClosingVideo:
        videos.append(ClosingVideo())
        return videos[-1]

    def clock_factory(info: VideoInfo, video: Any) -> None:
        if info.path.name == "no-sound-device.mp4":
            raise RuntimeError("the sound device is busy")

    player = PlayerController(opener=opener, clock_factory=clock_factory)
    errors: list[Exception | None] = []
    player.open_in_background("good.mp4", errors.append)
    qtbot.waitUntil(lambda: errors == [None], timeout=5_000)
    player.open_in_background("no-sound-device.mp4", errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5_000)
    assert isinstance(errors[1], RuntimeError)
    info = player.video_info
    assert info is not None and info.path == Path("good.mp4")
    assert videos[1].closed and not videos[0].closed
    player.shutdown()
