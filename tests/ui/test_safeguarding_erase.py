"""Safeguarding in the window: the due-for-erasure reminder at start and erasing a family
with its reference typed again."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.services import add_tag
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
    dialog.erase_button.click()
    assert window.safeguarding.last_erasure is not None
    assert window.clip is None and window.player.video_info is None
    assert window.library_panel.model.rowCount() == 0
    for path in (p for p in library.path.rglob("*") if p.is_file()):
        assert b"qmarkgui4410" not in path.read_bytes().lower(), path
    assert check_library(library).verified
    window.close()
