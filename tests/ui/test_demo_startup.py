"""First `attune gui --demo`: a small progress window at once, the demo made off the GUI thread."""

from __future__ import annotations

import threading
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.app as app_module
from ui.app import DemoLibraryFailedError, prepare_demo_library
from ui.widgets.preparing_dialog import PreparingDialog


def _visible_preparing_dialogs() -> list[PreparingDialog]:
    widgets = QApplication.topLevelWidgets()
    return [w for w in widgets if isinstance(w, PreparingDialog) and w.isVisible()]


def test_progress_window_shows_while_the_worker_builds(qtbot: QtBot, tmp_path: Path) -> None:
    gui_thread = threading.get_ident()
    release = threading.Event()
    seen: dict[str, object] = {}

    def builder(path: Path, progress: Callable[[float], None]) -> Path:
        seen["thread"] = threading.get_ident()
        progress(0.5)
        release.wait(10)
        progress(1.0)
        return path

    def look() -> None:  # runs on the GUI thread while the worker waits
        dialogs = _visible_preparing_dialogs()
        seen["dialogs"] = len(dialogs)
        seen["title"] = dialogs[0].title.text() if dialogs else ""
        seen["value"] = dialogs[0].progress.value() if dialogs else -1
        release.set()

    QTimer.singleShot(300, look)
    made = prepare_demo_library(tmp_path / "demo", builder)
    assert made == tmp_path / "demo"
    assert seen["thread"] != gui_thread  # never built on the GUI thread
    assert seen["dialogs"] == 1 and "Preparing the demo library" in str(seen["title"])
    assert seen["value"] == 50
    QApplication.processEvents()
    assert _visible_preparing_dialogs() == []


def test_a_failed_build_raises_with_the_reason(qtbot: QtBot, tmp_path: Path) -> None:
    def builder(path: Path, progress: Callable[[float], None]) -> Path:
        raise OSError("No space left on device")

    with pytest.raises(DemoLibraryFailedError, match="No space left"):
        prepare_demo_library(tmp_path / "demo", builder)
    assert _visible_preparing_dialogs() == []


def test_main_says_what_failed_and_exits_with_1(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def fail(_path: Path) -> Path:
        raise DemoLibraryFailedError("No space left on device")

    monkeypatch.setattr(app_module, "prepare_demo_library", fail)
    monkeypatch.setattr(
        app_module.QMessageBox, "critical", lambda _p, title, text: shown.append(f"{title}|{text}")
    )
    assert app_module.main(Namespace(demo=True, library=None)) == 1
    assert len(shown) == 1 and "demo library could not be made" in shown[0]
    assert "No space left on device" in shown[0]
