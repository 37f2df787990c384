"""The review dialog's "Play as it will be exported" view: rendered in the background with
progress and cancel, into memory only, played in the app's player (frame stepping with the
arrows), the frames to look at first mapped to the reel's frames, stale after a change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt

from attune_app import services
from attune_app.anonymise.anon_store import latest_confirmation
from attune_app.anonymise.confirmation import confirmation_problem
from attune_app.anonymise.detection import detect_reel
from attune_app.anonymise.state import load, state_hash
from attune_app.export.reel_preview import prepare_preview, render_preview
from attune_app.media.synthetic import read_frame_index
from attune_app.store.library import Library
from tests.export.reel_media import BOX, make_training_reel, shown_indices
from ui.anonymise.preview_view import STALE, LookHere
from ui.anonymise.review_dialog import AnonymiseReviewDialog
from ui.library.library_controller import LibraryController
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController


def _player(owner: QObject) -> PlayerController:
    return PlayerController(owner, clock_factory=no_audio_clock_factory)


def _files(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def dialog(qtbot, library: Library, tmp_path: Path):  # type: ignore[no-untyped-def]
    clip_id, reel_id = make_training_reel(library, tmp_path)
    made = AnonymiseReviewDialog(LibraryController(library), reel_id, make_player=_player)
    qtbot.addWidget(made)
    made.show()
    made.tabs.setCurrentWidget(made.preview_view)
    made.clip_id = clip_id
    yield made
    made.reject()


def _render(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    view = dialog.preview_view
    view.render_button.click()
    qtbot.waitUntil(lambda: not view.rendering, timeout=60_000)
    qtbot.waitUntil(lambda: view.player.video_info is not None, timeout=20_000)


def test_preview_plays_the_export_from_memory(
    qtbot, dialog, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    before = _files(tmp_path)
    view = dialog.preview_view
    _render(qtbot, dialog)
    assert _files(tmp_path) == before and os.listdir(private_tmp) == []  # nothing on a disk
    preview = view.preview
    total = preview.plan.frame_count
    assert view.progress.maximum() == total and view.progress.value() == total
    reference = render_preview(prepare_preview(library, dialog.reel_id))
    assert shown_indices(preview.source) == shown_indices(reference.source)  # type: ignore[arg-type]
    assert view.player.video_info.frame_count == total
    assert "As it will be exported" in view.status.text() and STALE not in view.status.text()

    shown: list[tuple[int, object]] = []
    view.player.frameShown.connect(lambda frame, rgb: shown.append((frame, rgb)))
    view.player.seek(10)
    qtbot.waitUntil(lambda: view.player.shown_frame == 10, timeout=10_000)
    for expected_frame, expected_index in ((11, 5), (12, 6)):
        qtbot.keyClick(dialog, Qt.Key.Key_Right)  # the arrows step the player here
        qtbot.waitUntil(lambda f=expected_frame: view.player.shown_frame == f, timeout=10_000)
        rgb = np.asarray(shown[-1][1])
        assert read_frame_index(rgb) == expected_index
        patch = rgb[BOX.y0 + 8 : BOX.y1 - 8, BOX.x0 + 8 : BOX.x1 - 8].astype(int)
        assert np.ptp(patch, axis=(0, 1)).max() <= 12  # the box is solid on the played frame
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: view.player.shown_frame == 11, timeout=10_000)
    assert view.where.text() == f"This frame of the reel shows clip {dialog.clip_id}, frame 5."
    view.player.seek(3)
    qtbot.waitUntil(lambda: view.player.shown_frame == 3, timeout=10_000)
    assert view.where.text() == "This frame of the reel shows a title card."

    qtbot.keyClick(dialog, Qt.Key.Key_Space)  # Space plays here; leaving the tab pauses
    assert view.player.is_playing
    dialog.tabs.setCurrentIndex(0)
    assert not view.player.is_playing
    dialog.tabs.setCurrentWidget(view)

    assert view.look_first.item(0).text().startswith("Nothing flagged yet: faces have not been")
    view.set_look_here(
        [LookHere(dialog.clip_id, 22, 23, "unsure"), LookHere(dialog.clip_id, 16, 17, "unsure")]
    )
    assert view.look_first.count() == 1  # frames 16-17 are not in the reel
    assert view.look_first.item(0).text().startswith("0:01.160 · reel frame 29: clip")
    view._jump(view.look_first.item(0))
    qtbot.waitUntil(lambda: view.player.shown_frame == 29, timeout=10_000)  # 22 at half speed
    assert read_frame_index(np.asarray(shown[-1][1])) == 22


def test_a_change_makes_the_preview_stale(qtbot, dialog, library: Library) -> None:  # type: ignore[no-untyped-def]
    services.act_as(library, "Tess", profile="trainer")
    detect_reel(library, dialog.reel_id)
    dialog.reload()
    _render(qtbot, dialog)
    view = dialog.preview_view
    dialog.mute_from.setValue(0.2)
    dialog.mute_to.setValue(0.3)
    dialog.add_mute.click()
    assert view.status.text() == STALE
    dialog.controller.undo_stack.undo()
    assert view.status.text().startswith("As it will be exported")
    dialog.fill.setCurrentIndex(dialog.fill.findData("pixelate"))
    dialog.fill.activated.emit(dialog.fill.currentIndex())
    assert view.status.text() == STALE
    dialog.confirm_button.click()  # Confirm judges the reel as it is now, not the preview
    assert confirmation_problem(library, dialog.reel_id) is None
    confirmed = latest_confirmation(library.db, dialog.reel_id)
    assert confirmed is not None and confirmed.hash == state_hash(load(library, dialog.reel_id))
    assert confirmed.hash != view.preview.fingerprint


def test_cancel_keeps_nothing(qtbot, dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = dialog.preview_view
    before = _files(tmp_path)
    view.render_button.click()
    view.cancel_button.click()
    qtbot.waitUntil(lambda: not view.rendering, timeout=60_000)
    assert view.preview is None and view.player.video_info is None
    assert view.status.text().startswith("Cancelled; nothing was kept")
    assert _files(tmp_path) == before
