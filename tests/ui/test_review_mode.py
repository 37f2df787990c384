"""Review mode with the parent: a keyboard-only review to the summary, Again and Slower, the
presenter view on two screens and a screen unplugged mid-review, and a parent's view that
never shows codes, notes or other families."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from review_fixtures import (
    CAPTION,
    NOTE,
    PROMPT,
    FakeScreens,
    review_reel,
    shown_index,
    silent_player,
)

from attune_app.domain.models import Clip
from attune_app.services.review import list_reflections
from attune_app.services.review_sessions import get_review
from attune_app.store.library import Library
from ui.review.review_mode import ReviewMode

WAIT_MS = 15_000


def _mode(qtbot: QtBot, library: Library, reel_id: int, screens: int) -> ReviewMode:
    fake = FakeScreens(screens)
    mode = ReviewMode(library, reel_id, screens=fake, make_player=silent_player, full_screen=False)
    mode.fake_screens = fake  # type: ignore[attr-defined]
    qtbot.addWidget(mode.parent_window)
    qtbot.addWidget(mode.presenter_window)
    mode.start()
    return mode


def _key(mode: ReviewMode, key: Qt.Key) -> None:
    window = mode.parent_window
    window.activateWindow()
    QTest.keyClick(window, key)


def _wait_end_of_item(qtbot: QtBot, mode: ReviewMode, index: int) -> None:
    playback = mode.controller.playback
    qtbot.waitUntil(lambda: playback.index == index and playback.has_ended_item, timeout=WAIT_MS)


def test_a_keyboard_only_review_from_the_first_item_to_the_summary(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    reel_id, (first, _second) = review_reel(library, clip)
    mode = _mode(qtbot, library, reel_id, screens=1)
    view = mode.parent_window.view
    assert view.stack.currentWidget() is view.title_card
    assert view.title_card.text() == "Playing together"
    _wait_end_of_item(qtbot, mode, 1)  # the title ran on by itself; the moment auto-paused
    qtbot.waitUntil(lambda: shown_index(view.video) == 15, timeout=WAIT_MS)  # last frame stays
    assert view.caption.text() == CAPTION and view.moment.text() == "Moment 1 of 2"
    _key(mode, Qt.Key.Key_F2)  # the practitioner's strip, beside the picture
    assert mode.parent_window.strip.isVisible()
    mode.panel.words.setFocus()
    QTest.keyClicks(mode.panel.words, "She was looking at me")
    qtbot.waitUntil(lambda: len(list_reflections(library, first)) == 1, timeout=WAIT_MS)
    _key(mode, Qt.Key.Key_Escape)  # out of the words box, not out of the review
    assert mode.summary_dialog is None
    qtbot.waitUntil(lambda: mode.controller.preloader.decoded >= 1, timeout=WAIT_MS)
    _key(mode, Qt.Key.Key_Space)  # at the end of a moment: the next one
    assert mode.controller.preload_hits == 2  # both moments came after a picture decoded ahead
    assert shown_index(view.video) == 30  # shown at once, before the player's own frame
    _wait_end_of_item(qtbot, mode, 2)
    qtbot.waitUntil(lambda: shown_index(view.video) == 40, timeout=WAIT_MS)
    _key(mode, Qt.Key.Key_Right)  # past the last item: the summary
    dialog = mode.summary_dialog
    assert dialog is not None
    assert "She was looking at me" in dialog.text.text() and "cycle 1" in dialog.text.text()
    review_id = mode.controller.review.id  # type: ignore[union-attr]
    with qtbot.waitSignal(mode.closed, timeout=WAIT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert get_review(library, review_id).ended_at is not None
    [reflection] = list_reflections(library, first)
    assert (reflection.session_id, reflection.text) == (review_id, "She was looking at me")


def test_again_replays_the_moment_and_slower_at_half_speed(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    reel_id, _items = review_reel(library, clip)
    mode = _mode(qtbot, library, reel_id, screens=1)
    _wait_end_of_item(qtbot, mode, 1)
    player = mode.controller.pool.player(clip.id)
    shown: list[int] = []
    _key(mode, Qt.Key.Key_Return)  # Again (its frames arrive later, from the decoder)
    player.frameShown.connect(lambda frame, _rgb: shown.append(frame))
    assert not mode.controller.playback.has_ended_item and player.speed == 1.0
    _wait_end_of_item(qtbot, mode, 1)
    assert shown[0] == 5 and shown[-1] == 15  # the whole moment again, to its last frame
    mode.parent_window.view.controls.buttons["slower"].click()
    assert player.speed == 0.5
    _wait_end_of_item(qtbot, mode, 1)
    mode.parent_window.view.controls.buttons["next"].click()
    qtbot.waitUntil(lambda: player.is_playing, timeout=WAIT_MS)
    assert player.speed == 0.5  # the second moment's own speed
    mode.parent_window.view.controls.buttons["slower"].click()
    assert player.speed == 0.25
    mode.close()


def test_presenter_view_on_two_screens_and_a_screen_unplugged_mid_review(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    reel_id, _items = review_reel(library, clip)
    mode = _mode(qtbot, library, reel_id, screens=2)
    assert mode.plan is not None and mode.plan.parent.name == "tv"
    assert mode.plan.presenter is not None and mode.plan.presenter.name == "laptop"
    assert mode.presenter_window.isVisible()
    assert mode.panel.parentWidget() is mode.presenter_window.panel_area
    presenter = mode.presenter_window
    assert presenter.picture.currentWidget() is presenter.title_card  # as the parent sees it
    assert presenter.title_card.text() == "Playing together"
    _wait_end_of_item(qtbot, mode, 1)
    assert presenter.picture.currentWidget() is presenter.video
    assert mode.panel.prompt.text() == PROMPT and mode.panel.note.text() == NOTE
    qtbot.waitUntil(lambda: shown_index(mode.presenter_window.video) == 15, timeout=WAIT_MS)
    _key(mode, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: mode.controller.pool.player(clip.id).is_playing, timeout=WAIT_MS)
    mode.fake_screens.unplug("tv")  # type: ignore[attr-defined]
    assert mode.plan.presenter is None and mode.plan.parent.name == "laptop"
    assert not mode.presenter_window.isVisible() and mode.parent_window.isVisible()
    assert mode.panel.parentWidget() is mode.parent_window.strip
    assert mode.controller.playback.index == 2  # still going
    _wait_end_of_item(qtbot, mode, 2)
    mode.panel.swap_button.click()  # one screen: nothing to swap, nothing breaks
    mode.close()


def test_the_screen_chosen_for_the_parent_is_remembered(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    reel_id, _items = review_reel(library, clip)
    mode = _mode(qtbot, library, reel_id, screens=2)
    mode.swap_screens()
    assert mode.plan is not None and mode.plan.parent.name == "laptop"
    mode.close()
    again = _mode(qtbot, library, reel_id, screens=2)
    assert again.plan is not None and again.plan.parent.name == "laptop"
    again.close()


def test_the_parent_view_never_shows_codes_notes_or_other_families(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

    reel_id, _items = review_reel(library, clip)
    mode = _mode(qtbot, library, reel_id, screens=2)
    _wait_end_of_item(qtbot, mode, 1)
    parent = mode.parent_window
    assert not parent.strip.isVisible()
    texts = [w.text() for w in parent.findChildren(QLabel) if w.isVisible()]
    texts += [b.text() for b in parent.view.controls.buttons.values()]
    joined = " ".join(texts)
    for secret in (NOTE, PROMPT, "looks_at_parent", "latency", "F-TEST", "frame", "Cycle 1"):
        assert secret not in joined
    assert parent.findChildren(QPlainTextEdit) == [] and parent.findChildren(QLineEdit) == []
    assert not parent.view.video.show_readout
    assert set(texts) <= {CAPTION, "Moment 1 of 2", "Back", "Again", "Slower", "Play", "Next", ""}
    mode.close()


def test_the_window_opens_review_mode_from_the_reel_with_f11(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    from ui.app import build_window

    reel_id, _items = review_reel(library, clip)
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    window.reels.refresh()
    assert window.reels.panel.reel_id() == reel_id
    assert window.review.action.shortcut().toString() == "F11"
    assert window.review.button.text() == "Review with parent (F11)"
    window.review.action.trigger()
    mode = window.review.mode
    assert mode is not None and mode.parent_window.isVisible()
    qtbot.waitUntil(lambda: mode.controller.playback.index == 1, timeout=WAIT_MS)
    window.close()  # leaving the workbench ends review mode too
    assert window.review.mode is None
