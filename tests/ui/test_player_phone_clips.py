"""The player on phone-like clips from the shared corpus: rotation shown upright at its
displayed size, and variable frame rate stepped by real frame times."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from corpus import make_clip, reference_indices
from pytestqt.qtbot import QtBot

from attune_app.media.synthetic import read_frame_index, rotate_to_storage
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.player.video_view import VideoViewWidget


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture
def player(qtbot: QtBot) -> Iterator[tuple[PlayerController, VideoViewWidget]]:
    controller = PlayerController(clock_factory=no_audio_clock_factory)
    view = VideoViewWidget()
    qtbot.addWidget(view)
    controller.frameShown.connect(view.show_frame)
    yield controller, view
    controller.shutdown()


@pytest.mark.parametrize("kind", ["rotation_90", "rotation_270"])
def test_rotated_phone_video_is_shown_upright(
    qtbot: QtBot, player: tuple[PlayerController, VideoViewWidget], corpus_dir: Path, kind: str
) -> None:
    controller, view = player
    clip = make_clip(kind, corpus_dir)
    shown: list[np.ndarray[Any, Any]] = []
    controller.frameShown.connect(lambda frame, rgb: shown.append(rgb))
    controller.open(clip.path)
    info = controller.video_info
    assert info is not None and info.size == clip.display_size
    controller.seek(40)
    qtbot.waitUntil(lambda: view.current_frame == 40, timeout=3000)
    rgb = shown[-1]
    assert (rgb.shape[1], rgb.shape[0]) == clip.display_size
    assert read_frame_index(rotate_to_storage(rgb, clip.rotation)) == 40
    rect = view.image_rect()  # letterboxed at the displayed aspect, portrait
    assert rect.height() > rect.width()


def test_variable_frame_rate_steps_by_real_frame_times(
    qtbot: QtBot, player: tuple[PlayerController, VideoViewWidget], corpus_dir: Path
) -> None:
    controller, view = player
    clip = make_clip("h264_vfr_phone", corpus_dir)
    expected = reference_indices(clip.path)  # the source index FFmpeg shows at each position
    controller.open(clip.path)
    info = controller.video_info
    assert info is not None and info.frame_count == len(expected)
    for frame in (10, 11, 50, 49):
        controller.seek(frame)
        qtbot.waitUntil(lambda f=frame: view.current_frame == f, timeout=3000)
        assert read_frame_index(view.current_rgb()) == expected[frame]
    controller.step_seconds(1.0)
    target = info.frame_at(info.time_of(49) + 1.0)
    qtbot.waitUntil(lambda: view.current_frame == target, timeout=3000)
    assert abs(info.time_of(target) - (info.time_of(49) + 1.0)) < 1 / 15  # within one frame
