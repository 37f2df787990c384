"""Opening a library clip reuses the frame index saved at import instead of demuxing the file;
an index that no longer fits the file, or cannot be read, is rebuilt."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.media import probe
from attune_app.media.frame_index import FrameIndex
from attune_app.services import clips as clip_service
from attune_app.store.library import Library
from ui.library.library_controller import LibraryController
from ui.main_window import MainWindow
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController


@pytest.fixture
def demuxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of every full demux (frame index build) the engine does."""
    calls: list[str] = []
    build_index = probe.build_index

    def counting(container: Any, stream: Any, size: int) -> FrameIndex:
        calls.append(str(container.name))
        return build_index(container, stream, size)

    monkeypatch.setattr(probe, "build_index", counting)
    return calls


def _open(qtbot: QtBot, player: PlayerController, path: Path, index_json: str | None) -> None:
    outcomes: list[Exception | None] = []
    player.open_in_background(path, outcomes.append, index_json)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    assert outcomes == [None]
    qtbot.waitUntil(lambda: player.shown_frame == 0, timeout=5_000)


def test_the_window_opens_a_library_clip_with_its_saved_index(
    qtbot: QtBot, library: Library, clip: Clip, demuxes: list[str]
) -> None:
    assert clip_service.clip_frame_index_json(library, clip.id) is not None
    player = PlayerController(clock_factory=no_audio_clock_factory)
    window = MainWindow(LibraryController(library), player=player)
    qtbot.addWidget(window)
    try:
        results: list[bool] = []
        window.open_clip(clip.id, results.append)
        qtbot.waitUntil(lambda: results == [True], timeout=10_000)
        assert demuxes == []  # the saved index was used: no demux of the file
        assert player.video_info is not None and player.video_info.frame_count > 1
    finally:
        window.close()


def test_a_stale_or_unreadable_index_is_rebuilt(
    qtbot: QtBot, index_clip_file: Path, demuxes: list[str]
) -> None:
    player = PlayerController(clock_factory=no_audio_clock_factory)
    try:
        _open(qtbot, player, index_clip_file, None)
        assert len(demuxes) == 1
        assert player.video_info is not None
        good = player._slot.video.frame_index
        frame_count = player.video_info.frame_count

        _open(qtbot, player, index_clip_file, good.to_json())
        assert len(demuxes) == 1  # a fitting index skips the demux

        # From a file of another size (edited or replaced since import): rebuilt.
        stale = dataclasses.replace(good, source_size=good.source_size + 1, pts=good.pts[:3])
        _open(qtbot, player, index_clip_file, stale.to_json())
        assert len(demuxes) == 2
        assert player.video_info.frame_count == frame_count

        _open(qtbot, player, index_clip_file, '{"version": 999}')  # another version's
        _open(qtbot, player, index_clip_file, "not json")
        assert len(demuxes) == 4
        assert player.video_info.frame_count == frame_count
    finally:
        player.shutdown()
