"""The idle lock hides every picture after a while without use and asks for the person's name."""

from __future__ import annotations

import getpass
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow

IDLE_MS = 200


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitCallback(timeout=15_000) as opened:
        win.open_clip(clip.id, opened)
    lock = win.safeguarding.idle_lock
    assert lock is not None and lock.idle_ms == 10 * 60_000  # the default: ten minutes
    lock.idle_ms = IDLE_MS
    lock.timer.start(IDLE_MS)
    yield win
    win.close()


def _security_events(library: Library) -> list[str]:
    rows = library.db.execute(
        "SELECT action, details FROM audit_log WHERE action IN"
        " ('idle_lock', 'unlock', 'unlock_failed') ORDER BY id"
    ).fetchall()
    assert all(details == "{}" for _, details in rows)  # never what was typed
    return [str(action) for action, _ in rows]


def test_locks_when_idle_and_unlocks_with_the_persons_name(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    lock = window.safeguarding.idle_lock
    assert lock is not None
    with qtbot.waitSignal(lock.locked, timeout=5_000):
        pass
    assert lock.is_locked and lock.overlay.isVisible()
    assert not window.video.isVisible() and not window.centralWidget().isVisible()
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    QTest.keyClick(window, Qt.Key.Key_Space)  # the play shortcut does nothing behind the lock
    assert not window.player.is_playing
    assert not lock.try_unlock("someone else")
    assert lock.is_locked and "not the name" in lock.overlay.error.text()
    lock.overlay.name_edit.setText(f"  {getpass.getuser().upper()} ")
    lock.overlay.continue_button.click()
    assert not lock.is_locked and window.video.isVisible()
    assert any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert _security_events(library) == ["idle_lock", "unlock_failed", "unlock"]


def test_use_of_the_window_keeps_it_unlocked(qtbot: QtBot, window: MainWindow) -> None:
    lock = window.safeguarding.idle_lock
    assert lock is not None
    end = time.monotonic() + IDLE_MS * 3 / 1000
    step = 0
    while time.monotonic() < end:
        step += 1
        QTest.mouseMove(window.video, QPoint(10 + step % 20, 10))
        qtbot.wait(IDLE_MS // 4)
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
