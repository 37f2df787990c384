"""Reel playback: stills hold, a jump elsewhere ends the reel; reels are named, renamed,
deleted and made for a purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from test_reels import FakePlayer, _tags
from window_clips import open_clip_now

from attune_app.domain.models import Clip, ReelItem
from attune_app.services import reels as reel_service
from attune_app.store.library import Library
from ui.reels.reel_playback_controller import (
    DEFAULT_STILL_HOLD_MS,
    ReelPlaybackController,
    hold_ms_of,
)


def _item(item_id: int, in_frame: int, out_frame: int, hold_ms: int = 0) -> ReelItem:
    return ReelItem(item_id, 1, item_id - 1, 7, in_frame, out_frame, hold_ms=hold_ms)


def test_a_still_is_shown_and_held_before_the_next_item(qtbot: QtBot) -> None:
    player = FakePlayer()
    playback = ReelPlaybackController(player, lambda _clip, then: then(True))
    started: list[int] = []
    playback.itemStarted.connect(started.append)
    playback.play([_item(1, 30, 30, hold_ms=300), _item(2, 40, 45)])
    assert started == [0] and playback.is_holding
    assert ("seek", 30) in player.calls and ("play", None) not in player.calls  # frozen
    playback.on_frame_shown(30)
    assert started == [0]  # still holding: not skipped straight on
    qtbot.waitUntil(lambda: started == [0, 1], timeout=3000)
    assert player.calls[-1] == ("play", None) and ("seek", 40) in player.calls
    assert hold_ms_of(_item(3, 5, 5)) == DEFAULT_STILL_HOLD_MS
    assert hold_ms_of(_item(4, 5, 9)) == 0
    playback.stop()
    assert not playback.is_holding


def test_a_hold_frame_freezes_then_plays_on(qtbot: QtBot) -> None:
    player = FakePlayer()
    playback = ReelPlaybackController(player, lambda _clip, then: then(True))
    item = ReelItem(1, 1, 0, 7, 10, 30, hold_frame=20, hold_ms=200)
    playback.play([item])
    playback.on_frame_shown(12)
    playback.on_frame_shown(21)
    assert playback.is_holding and player.calls[-1] == ("seek", 20)
    qtbot.waitUntil(lambda: not playback.is_holding, timeout=3000)
    assert player.calls[-1] == ("play", None) and playback.is_active
    playback.stop()


def test_a_jump_outside_the_item_ends_the_reel(qtbot: QtBot) -> None:
    player = FakePlayer()
    playback = ReelPlaybackController(player, lambda _clip, then: then(True))
    playback.play([_item(1, 10, 20), _item(2, 40, 45)])
    playback.on_frame_shown(3)  # the player catching up after the seek: ignored
    assert playback.is_active
    playback.on_frame_shown(12)
    with qtbot.waitSignal(playback.finished, timeout=1000):
        playback.on_frame_shown(300)  # the user went elsewhere
    assert not playback.is_active and player.calls[-1] == ("pause", None)


def test_window_stops_the_reel_on_seek_or_another_clip(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    from ui.app import build_window

    first, second, _third = _tags(library, clip)
    reel = reel_service.create_reel(library, "Moments", "parent_review")
    reel_service.add_tags_to_reel(library, reel.id, [first, second])
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    open_clip_now(qtbot, window, clip.id)
    window.reels.refresh()
    window.reels.play()
    assert window.reels.playback.is_active
    window.timeline.seekRequested.emit(55)
    assert not window.reels.playback.is_active and not window.player.is_playing
    window.reels.play()
    window.library_panel.clipActivated.emit(clip.id)
    assert not window.reels.playback.is_active
    window.reels.play()
    next(a for a in window.playback_actions if a.objectName() == "playback_go_end").trigger()
    assert not window.reels.playback.is_active
    window.close()


def test_reels_are_made_for_a_purpose_renamed_with_undo_and_deleted(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    from ui.app import build_window

    window = build_window(library)
    qtbot.addWidget(window)
    dialog = window.reels.ask_new_reel()
    dialog.name_edit.setText("Supervision, cycle 2")
    dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData("supervision"))
    dialog.accept()
    [reel] = reel_service.list_reels(library)
    assert (reel.name, reel.purpose) == ("Supervision, cycle 2", "supervision")
    assert window.reels.panel.reel_id() == reel.id

    assert window.reels.rename_reel(reel.id, "Cycle 2 for supervision")
    assert window.reels.panel.reel_combo.currentText() == "Cycle 2 for supervision"
    window.library.undo_stack.undo()
    assert reel_service.list_reels(library)[0].name == "Supervision, cycle 2"
    window.library.undo_stack.redo()
    assert reel_service.list_reels(library)[0].name == "Cycle 2 for supervision"

    box = window.reels.ask_delete()
    assert box is not None and "You can undo this (Ctrl+Z)" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(reel_service.list_reels(library)) == 1
    box = window.reels.ask_delete()
    assert box is not None
    [delete] = [b for b in box.buttons() if b.text() == "Delete reel"]
    delete.click()
    assert reel_service.list_reels(library) == []
    assert window.reels.panel.reel_combo.count() == 0
    assert not window.reels.panel.delete_button.isEnabled()
    window.library.undo_stack.undo()  # deleting a reel is undone like any edit
    assert [r.name for r in reel_service.list_reels(library)] == ["Cycle 2 for supervision"]
    window.close()
