"""`attune gui --demo`: the demo library opens with its clip, tags and reel all showing."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from attune_app.services.demo import ensure_demo_library
from attune_app.store.library import Library
from ui.app import build_window, demo_library_path


def test_demo_library_path_is_in_the_private_data_dir(private_data_dirs: Path) -> None:
    assert demo_library_path() == platformdirs.user_data_path("Attune") / "demo-library"
    assert private_data_dirs in demo_library_path().parents  # the tmp home, never the real one


def test_demo_opens_with_clip_tags_and_reel(qtbot: QtBot, tmp_path: Path) -> None:
    fractions: list[float] = []
    made = ensure_demo_library(tmp_path / "demo-library", progress=fractions.append)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 10
    with Library.open(made) as library:
        window = build_window(library, demo=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.clip is not None, timeout=15_000)  # opened off the GUI
        qtbot.waitUntil(lambda: window.video.current_frame == 0, timeout=15_000)
        assert window.tag_list.model.rowCount() >= 3
        assert window.reels.panel.items.count() >= 1
        assert "Consent" in window.library_panel.model.item(0, 0).text()
        QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: window.video.current_frame == 1, timeout=15_000)
        window.tag_list.select_tag(window.tag_list.model.tags()[1].id)
        expected = window.tag_list.model.tags()[1].in_frame
        qtbot.waitUntil(lambda: window.video.current_frame == expected, timeout=15_000)
        window.close()
