"""What a parent sees: no frame counter on the video unless asked for, one tab bar, the key
legend whole, the reel's purpose shown; View menu zoom; any user move stops a reel."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTabBar
from pytestqt.qtbot import QtBot
from test_reels import _tags
from window_clips import open_clip_now

from attune_app.domain.models import Clip
from attune_app.services import reels as reel_service
from attune_app.store.library import Library
from ui.player.player_controller import PlayerController
from ui.tagging.key_legend_widget import KeyLegendWidget


def _window(qtbot: QtBot, library: Library) -> object:
    from ui.app import build_window

    window = build_window(library)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_frame_number_on_video_is_off_until_asked_for(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    window = _window(qtbot, library)
    assert window.open_clip(clip.id)
    qtbot.waitUntil(lambda: window.video.current_frame == 0)
    action = window.view_actions.frame_number
    assert action.isCheckable() and not action.isChecked()
    [view] = [a.menu() for a in window.menuBar().actions() if a.text() == "&View"]
    assert action in view.actions()
    corner = window.video.grab().toImage().copy(8, 8, 60, 16)
    assert len({corner.pixel(x, y) for x in range(60) for y in range(16)}) < 20
    action.trigger()
    assert window.video.show_readout
    window.close()


def test_view_menu_zooms_the_timeline(qtbot: QtBot, library: Library, clip: Clip) -> None:
    window = _window(qtbot, library)
    open_clip_now(qtbot, window, clip.id)
    a = window.view_actions
    assert a.zoom_in.shortcut() == QKeySequence("Ctrl+=")
    assert a.zoom_out.shortcut() == QKeySequence("Ctrl+-")
    assert a.zoom_fit.shortcut() == QKeySequence("Ctrl+0")
    fit = window.timeline.scale.px_per_frame
    a.zoom_in.trigger()
    assert window.timeline.scale.px_per_frame > fit
    a.zoom_out.trigger()
    a.zoom_fit.trigger()
    assert window.timeline.scale.px_per_frame == fit
    window.close()


def test_one_tab_bar_for_each_group_of_docks(qtbot: QtBot, library: Library) -> None:
    window = _window(qtbot, library)
    for _ in range(2):
        bars = [bar for bar in window.findChildren(QTabBar) if bar.isVisible()]
        groups = sorted(tuple(bar.tabText(i) for i in range(bar.count())) for bar in bars)
        # a copy left behind drew a ghost tab ("…el", "Moment") over the tag editor
        assert groups == [("Tag", "Moment"), ("Tags", "Reel", "Exports")]
        window.apply_default_layout()
        window.reset_layout()
        qtbot.wait(50)
    window.close()


def test_key_legend_shows_long_codes_whole(qtbot: QtBot) -> None:
    legend = KeyLegendWidget()
    qtbot.addWidget(legend)
    legend.resize(420, 200)
    legend.show()
    texts = ["1  Being attentive", "2  Encouraging initiatives", "3  Receiving initiatives"]
    texts += ["4  Developing attuned interactions", "5  Guiding", "6  Deepening discussion"]
    legend.set_texts(texts)
    qtbot.wait(10)
    assert legend.texts() == texts
    assert legend.columns == 1
    for label in legend.labels:  # each label is wide enough for its whole text
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    legend.set_texts([f"{n}  Smiles" for n in range(10)])
    assert legend.columns == 2


def test_reel_panel_shows_the_purpose(qtbot: QtBot, library: Library) -> None:
    reel_service.create_reel(library, "Cycle 2", "supervision")
    window = _window(qtbot, library)
    window.reels.refresh()
    assert window.reels.panel.purpose_text() == "Supervision"
    assert window.reels.panel.purpose_label.isVisibleTo(window.reels.panel)
    window.close()


def test_user_moves_are_announced_but_code_moves_are_not(qtbot: QtBot) -> None:
    player = PlayerController(synchronous=True)
    moves: list[bool] = []
    player.userMoved.connect(lambda: moves.append(True))
    player.seek(5)
    player.pause()
    assert moves == []
    player.by_user(lambda: player.seek(3))()
    assert moves == [True]
    player.shutdown()


def test_any_user_move_stops_the_reel_even_inside_the_item(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    first, second, _third = _tags(library, clip)
    reel = reel_service.create_reel(library, "Moments", "parent_review")
    reel_service.add_tags_to_reel(library, reel.id, [first, second])
    window = _window(qtbot, library)
    open_clip_now(qtbot, window, clip.id)
    window.reels.refresh()
    transport = window.transport
    moves = [
        transport.forward_button.click,  # one frame on: still inside item 1 (frames 2-8)
        transport.back_button.click,
        transport.start_button.click,
        lambda: window.timeline.scrubPreview.emit(4),
        lambda: next(
            a for a in window.playback_actions if a.objectName() == "playback_step_forward"
        ).trigger(),
    ]
    for move in moves:
        window.reels.play()
        assert window.reels.playback.is_active
        move()
        assert not window.reels.playback.is_active
    window.reels.play()
    transport.play_button.click()  # Play/Pause pauses the reel; it does not end it
    assert window.reels.playback.is_active
    window.reels.playback.stop()
    window.close()
