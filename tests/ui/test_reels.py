"""Reels, first step: add tags, reorder, undo, and play items back to back."""

from __future__ import annotations

from collections.abc import Callable

from window_clips import open_clip_now

from attune_app.domain.models import Clip, Reel, ReelItem
from attune_app.domain.reel_timeline import ReelTimeline, build_timeline
from attune_app.services import reels as reel_service
from attune_app.services import tags as tag_service
from attune_app.store.library import Library
from ui.library.library_controller import LibraryController
from ui.reels.reel_commands import (
    AddTagsToReelCommand,
    MoveReelItemCommand,
    RemoveReelItemCommand,
)
from ui.reels.timeline_playback_controller import TimelinePlaybackController


def _tags(library: Library, clip: Clip) -> list[int]:
    spans = [(2, 8), (20, 30), (40, 50)]
    return [tag_service.add_tag(library, clip.id, in_frame=a, out_frame=b).id for a, b in spans]


def _order(library: Library, reel_id: int) -> list[int | None]:
    return [i.source_tag_id for i in reel_service.list_reel_items(library, reel_id)]


def test_add_reorder_remove_with_undo(
    library_controller: LibraryController, library: Library, clip: Clip
) -> None:
    first, second, third = _tags(library, clip)
    reel = reel_service.create_reel(library, "Moments", "parent_review")
    stack = library_controller.undo_stack
    library_controller.push(
        AddTagsToReelCommand(library_controller, reel.id, [first, second, third])
    )
    assert _order(library, reel.id) == [first, second, third]

    items = reel_service.list_reel_items(library, reel.id)
    library_controller.push(MoveReelItemCommand(library_controller, items[2], 0))
    assert _order(library, reel.id) == [third, first, second]

    items = reel_service.list_reel_items(library, reel.id)
    library_controller.push(RemoveReelItemCommand(library_controller, items[1]))
    assert _order(library, reel.id) == [third, second]

    stack.undo()
    assert _order(library, reel.id) == [third, first, second]
    stack.undo()
    assert _order(library, reel.id) == [first, second, third]
    stack.undo()
    assert _order(library, reel.id) == []
    stack.redo()
    stack.redo()
    assert _order(library, reel.id) == [third, first, second]


class FakePlayer:
    """Records what reel playback asks of the player; `finish()` is the out frame ending."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.speed = 1.0
        self.is_playing = False

    def seek(self, frame: int) -> None:
        self.calls.append(("seek", frame))

    def pause(self) -> None:
        self.is_playing = False
        self.calls.append(("pause", None))

    def play_range(self, in_frame: int, out_frame: int) -> None:
        self.is_playing = True
        self.calls.append(("play_range", (in_frame, out_frame)))

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        self.calls.append(("speed", speed))

    def set_muted(self, muted: bool) -> None:
        self.calls.append(("muted", muted))


REEL = Reel(1, "Moments", "parent_review", None, "")


def timeline_of(*items: ReelItem, reel: Reel = REEL) -> ReelTimeline:
    return build_timeline(reel, items)


def _item(item_id: int, clip_id: int, in_frame: int, out_frame: int) -> ReelItem:
    return ReelItem(item_id, 1, item_id - 1, clip_id, in_frame, out_frame)


def test_playback_goes_item_to_item_across_clips(qtbot: object) -> None:
    player = FakePlayer()
    opened: list[int] = []
    playback = TimelinePlaybackController(
        lambda _clip: player, lambda clip_id, then: (opened.append(clip_id), then(True))
    )
    started: list[int] = []
    playback.itemStarted.connect(started.append)
    items = [_item(1, 7, 10, 20), _item(2, 7, 40, 45), _item(3, 9, 0, 5)]
    playback.play(timeline_of(*items))
    assert (opened, started) == ([7], [0])
    assert player.calls[-2:] == [("seek", 10), ("play_range", (10, 20))]
    playback.on_frame_shown(15)
    assert started == [0]
    playback.on_range_finished()
    assert started == [0, 1] and player.calls[-1] == ("play_range", (40, 45))
    playback.on_range_finished()
    assert opened == [7, 7, 9] and started == [0, 1, 2]
    finished: list[bool] = []
    playback.finished.connect(lambda: finished.append(True))
    playback.on_range_finished()
    assert finished == [True] and not playback.is_active


def test_window_plays_a_reel_back_to_back(qtbot: object, library: Library, clip: Clip) -> None:
    from ui.app import build_window

    first, second, _third = _tags(library, clip)
    reel = reel_service.create_reel(library, "Moments", "parent_review")
    reel_service.add_tags_to_reel(library, reel.id, [second, first])  # played in reel order
    window = build_window(library)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    open_clip_now(qtbot, window, clip.id)
    window.reels.refresh()
    started: list[int] = []
    window.reels.playback.itemStarted.connect(started.append)
    shown: list[int] = []
    window.player.frameShown.connect(lambda frame, _rgb: shown.append(frame))
    with qtbot.waitSignal(window.reels.playback.finished, timeout=20_000):  # type: ignore[attr-defined]
        window.reels.play()
    assert started == [0, 1]
    first_item = next(i for i, f in enumerate(shown) if 20 <= f <= 30)
    second_item = next(i for i, f in enumerate(shown) if 2 <= f <= 8)
    assert first_item < second_item  # the tag at 20..30 plays first, then the one at 2..8
    assert not window.player.is_playing
    assert window.player.shown_frame == 8  # the last item's out frame stays on screen
    window.close()


def test_playback_waits_for_each_clip_to_open_and_a_stop_meanwhile_wins(qtbot: object) -> None:
    player = FakePlayer()
    pending: list[Callable[[bool], None]] = []
    playback = TimelinePlaybackController(
        lambda _clip: player, lambda _clip_id, then: pending.append(then)
    )
    finished: list[bool] = []
    playback.finished.connect(lambda: finished.append(True))
    playback.play(timeline_of(_item(1, 7, 10, 20)))
    assert playback.is_active and player.calls == []  # nothing played before the clip is open
    playback.stop()
    assert not playback.is_active and finished == [True]
    pending[0](True)  # the clip opens after the stop: the reel stays stopped
    assert not playback.is_active and not any(c[0] == "play_range" for c in player.calls)


def test_a_last_item_whose_clip_cannot_open_still_finishes_the_reel(qtbot: object) -> None:
    player = FakePlayer()
    playback = TimelinePlaybackController(lambda _clip: player, lambda _clip_id, then: then(False))
    finished: list[bool] = []
    playback.finished.connect(lambda: finished.append(True))
    playback.play(timeline_of(_item(1, 7, 10, 20)))
    assert not playback.is_active and finished == [True]
