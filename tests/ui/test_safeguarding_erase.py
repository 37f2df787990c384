"""Safeguarding in the window: the due-for-erasure reminder at start and erasing a family
with its reference typed again."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.services import add_tag
from attune_app.services import reels as reel_service
from attune_app.services.retention import set_policy
from attune_app.store.check import check_library
from attune_app.store.library import Library
from ui.app import build_window


def test_reminder_at_start_names_the_families_due(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    set_policy(library, months_after_last_session=1, months_after_closed=None)
    window = build_window(library)
    qtbot.addWidget(window)
    box = window.safeguarding.reminder
    assert box is not None and box.isVisible()
    assert box.text() == "1 family is due for erasure."
    assert "Family F-TEST: due since 2026-04-02" in box.informativeText()
    box.close()
    window.close()


def test_no_reminder_without_a_policy(qtbot: QtBot, library: Library, clip: Clip) -> None:
    window = build_window(library)
    qtbot.addWidget(window)
    assert window.safeguarding.reminder is None
    window.close()


def test_erase_needs_the_typed_reference_then_erases(
    qtbot: QtBot, library: Library, clip: Clip, tmp_path: Path
) -> None:
    add_tag(library, clip.id, in_frame=1, out_frame=5, note="QMARKgui4410 reached out")
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitCallback(timeout=15_000) as opened:
        window.open_clip(clip.id, opened)
    dialog = window.safeguarding.ask_erase("F-TEST")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("F-TES")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("F-TEST")
    assert dialog.erase_button.isEnabled()
    dialog.erase_button.click()  # the erasure runs on a worker, behind its progress dialog
    qtbot.waitUntil(lambda: window.safeguarding.last_erasure is not None, timeout=30_000)
    assert window.clip is None and window.player.video_info is None
    assert window.library_panel.model.rowCount() == 0
    for path in (p for p in library.path.rglob("*") if p.is_file()):
        assert b"qmarkgui4410" not in path.read_bytes().lower(), path
    assert check_library(library).verified
    window.close()


def _actions(library: Library) -> list[tuple[str, str, int | None]]:
    rows = library.db.execute("SELECT action, entity, entity_id FROM audit_log ORDER BY id")
    return [(str(a), str(e), i) for a, e, i in rows]


def test_opening_a_clip_and_starting_a_review_are_audited(
    qtbot: QtBot, library: Library, clip: Clip
) -> None:
    reel = reel_service.create_reel(library, "With mum", "parent_review")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 0, 4)
    reel_service.add_range_to_reel(library, reel.id, clip.id, 6, 9)
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitCallback(timeout=15_000) as opened:
        window.open_clip(clip.id, opened)
    assert ("open_clip", "clip", clip.id) in _actions(library)
    window.reels.refresh()
    with qtbot.waitSignal(window.reels.playback.finished, timeout=30_000):
        window.reels.play()
    reviews = [a for a in _actions(library) if a[0] == "start_review"]
    assert reviews == [("start_review", "reel", reel.id)]  # once per review, not per moment
    details = [str(r[0]) for r in library.db.execute("SELECT details FROM audit_log")]
    assert not any("F-TEST" in d for d in details)
    window.close()


def test_a_library_in_a_synced_folder_gets_a_message(
    qtbot: QtBot, tmp_path: Path, index_clip_file: Path
) -> None:
    with Library.open(tmp_path / "OneDrive - Trust" / "lib", create=True) as library:
        window = build_window(library)
        qtbot.addWidget(window)
        box = window.safeguarding.location_warning
        assert box is not None and "inside a OneDrive folder" in box.text()
        box.close()
        window.close()
