"""Reel playback follows the timeline (titles, holds, speed, auto-pause), a jump elsewhere ends
the reel; reels are named, renamed,
deleted and made for a purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from test_reels import FakePlayer, _tags, timeline_of
from window_clips import open_clip_now

from attune_app.domain.models import Clip, ReelItem
from attune_app.domain.reel_timeline import MotionStep, TitleStep
from attune_app.services import reels as reel_service
from attune_app.store.library import Library
from ui.reels.timeline_playback_controller import TimelinePlaybackController


def _player_and_playback(**kwargs: bool) -> tuple[FakePlayer, TimelinePlaybackController]:
    player = FakePlayer()
    playback = TimelinePlaybackController(
        lambda _clip: player, lambda _clip, then: then(True), **kwargs
    )
    return player, playback


def _clip_item(item_id: int, in_frame: int, out_frame: int, **fields: object) -> ReelItem:
    return ReelItem(item_id, 1, item_id - 1, 7, in_frame, out_frame, **fields)  # type: ignore[arg-type]


def _title(item_id: int, text: str, ms: int) -> ReelItem:
    return ReelItem(item_id, 1, item_id - 1, None, kind="title", title_text=text, title_ms=ms)


def test_a_title_card_shows_for_its_time_then_the_moment_plays(qtbot: QtBot) -> None:
    player, playback = _player_and_playback()
    steps: list[object] = []
    playback.stepStarted.connect(steps.append)
    playback.play(timeline_of(_title(1, "Playing together", 200), _clip_item(2, 10, 20)))
    assert steps == [TitleStep("Playing together", 0.2)] and playback.is_holding
    assert player.calls == []  # nothing of a clip while the card shows
    qtbot.waitUntil(lambda: len(steps) == 2, timeout=3000)
    assert isinstance(steps[1], MotionStep) and player.calls[-1] == ("play_range", (10, 20))
    playback.stop()


def test_a_hold_at_the_start_freezes_before_the_moving_part(qtbot: QtBot) -> None:
    player, playback = _player_and_playback()
    item = _clip_item(1, 10, 30, hold_frame=14, hold_ms=150, hold_at="start")
    playback.play(timeline_of(item))
    assert playback.is_holding and player.calls[-1] == ("seek", 14)
    assert not any(c[0] == "play_range" for c in player.calls)  # frozen, silent
    qtbot.waitUntil(lambda: not playback.is_holding, timeout=3000)
    assert player.calls[-2:] == [("seek", 10), ("play_range", (10, 30))]
    with qtbot.waitSignal(playback.finished, timeout=1000):
        playback.on_range_finished()


def test_a_hold_at_the_end_freezes_the_last_frame_after_the_motion(qtbot: QtBot) -> None:
    player, playback = _player_and_playback()
    playback.play(timeline_of(_clip_item(1, 10, 30, hold_ms=150, hold_at="end")))
    assert player.calls[-1] == ("play_range", (10, 30)) and not playback.is_holding
    playback.on_range_finished()
    assert playback.is_holding and player.calls[-1] == ("seek", 30)
    with qtbot.waitSignal(playback.finished, timeout=3000):
        pass


def test_a_slow_item_plays_at_its_speed_and_muted_below_the_reels_speed(qtbot: QtBot) -> None:
    player, playback = _player_and_playback()
    playback.play(timeline_of(_clip_item(1, 10, 30, speed=0.25), _clip_item(2, 40, 50)))
    assert ("speed", 0.25) in player.calls and ("muted", True) in player.calls
    playback.on_range_finished()
    assert player.calls[-4:-2] == [("muted", False), ("speed", 1.0)]
    playback.stop()


def test_auto_pause_stops_each_moment_on_its_last_frame_again_and_slower(qtbot: QtBot) -> None:
    player, playback = _player_and_playback(auto_pause=True)
    ended: list[int] = []
    playback.itemEnded.connect(ended.append)
    playback.play(timeline_of(_clip_item(1, 10, 30, speed=0.75), _clip_item(2, 40, 50)))
    playback.on_range_finished()
    assert ended == [0] and playback.index == 0 and playback.has_ended_item
    assert player.calls[-1] == ("play_range", (10, 30))  # nothing more asked: the frame stays
    playback.slower()
    assert player.speed == 0.375 and player.calls[-1] == ("play_range", (10, 30))
    assert ("muted", True) in player.calls  # half of 0.75 is below the reel's 0.5
    playback.on_range_finished()
    playback.again()
    assert player.speed == 0.75
    playback.on_range_finished()
    playback.toggle_pause()  # Space at the end of a moment: the next one
    assert playback.index == 1 and player.calls[-1] == ("play_range", (40, 50))
    playback.toggle_pause()
    assert playback.is_paused and player.calls[-1] == ("pause", None)
    playback.on_range_finished()  # a late end from before the freeze: ignored
    assert not playback.has_ended_item
    playback.toggle_pause()
    assert player.calls[-1] == ("play_range", (40, 50))
    playback.back()
    assert playback.index == 0
    playback.next()
    with qtbot.waitSignal(playback.finished, timeout=1000):
        playback.next()


def test_a_jump_outside_the_item_ends_the_reel(qtbot: QtBot) -> None:
    player, playback = _player_and_playback()
    playback.play(timeline_of(_clip_item(1, 10, 20), _clip_item(2, 40, 45)))
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
