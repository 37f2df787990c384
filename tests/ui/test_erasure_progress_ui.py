"""Erasing a family from the window runs on a worker with progress by step: the window stays
responsive, progress reaches its end, and Cancel works only before anything is erased."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.services import add_tag
from attune_app.services import erasure as erasure_service
from attune_app.store.backup import list_backups
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow
from ui.safeguarding.erasure_progress_dialog import ErasureProgressDialog

WAIT_MS = 30_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    add_tag(library, clip.id, in_frame=1, out_frame=5, note="QMARKprogress77 reached out")
    library.backup(label="manual")  # a backup to rewrite
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitCallback(timeout=15_000) as opened:
        win.open_clip(clip.id, opened)
    yield win
    win.close()


def _gate(monkeypatch: pytest.MonkeyPatch, name: str, owner: object) -> threading.Event:
    """Hold the worker at `owner.name` (a step of the erasure) until the test opens the gate."""
    gate = threading.Event()
    original: Callable[..., object] = getattr(owner, name)

    def held(*args: object, **kwargs: object) -> object:
        assert gate.wait(20), "the test never opened the gate"
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return gate


def _start(window: MainWindow) -> ErasureProgressDialog:
    assert window.safeguarding.erase("F-TEST", "F-TEST")
    dialog = window.safeguarding.erasure.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _families(library: Library) -> int:
    return int(library.db.execute("SELECT count(*) FROM families").fetchone()[0])


def test_the_erasure_completes_with_progress_to_its_end_while_the_window_responds(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = _gate(monkeypatch, "compact", erasure_service.store)  # a slow step, held
    job = window.safeguarding.erasure.job
    seen: list[tuple[int, int]] = []
    job.progressed.connect(lambda done, total: seen.append((done, total)))
    ticks_while_erasing: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks_while_erasing.append(1) if job.is_running else None)
    timer.start()
    dialog = _start(window)
    assert window.clip is None  # the family's clip is closed before anything goes
    qtbot.waitUntil(lambda: len(ticks_while_erasing) >= 10, timeout=WAIT_MS)  # GUI not frozen
    assert job.is_running and dialog.marks["compact"].text() == "●"
    assert not dialog.cancel_button.isEnabled()  # past the records step: no cancel
    gate.set()
    qtbot.waitUntil(lambda: window.safeguarding.last_erasure is not None, timeout=WAIT_MS)
    timer.stop()
    total = seen[-1][1]
    assert seen[-1] == (total, total) and dialog.bar.value() == dialog.bar.maximum() == total
    assert all(mark.text() == "✓" for mark in dialog.marks.values())
    assert "backup" in dialog.texts["backups"].text() and "of" in dialog.texts["backups"].text()
    assert dialog.close_button.isVisible() and dialog.note.text().startswith("Done:")
    assert _families(library) == 0
    assert window.library_panel.model.rowCount() == 0
    for path in (p for p in library.path.rglob("*") if p.is_file()):
        assert b"qmarkprogress77" not in path.read_bytes().lower(), path
    dialog.close_button.click()


def test_cancel_before_the_irreversible_step_leaves_everything_in_place(
    qtbot: QtBot,
    window: MainWindow,
    library: Library,
    clip: Clip,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = _gate(monkeypatch, "_other_text_runs", erasure_service)  # the check, held
    media_before = sorted(p.name for p in library.media_dir.iterdir())
    backups_before = {b.path: b.path.stat().st_mtime_ns for b in list_backups(library.backups_dir)}
    audit_before = library.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    job = window.safeguarding.erasure.job
    dialog = _start(window)
    qtbot.waitUntil(lambda: dialog.marks["check"].text() == "●", timeout=WAIT_MS)
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()
    assert dialog.cancel_button.text() == "Cancelling…"
    gate.set()
    qtbot.waitUntil(lambda: not job.is_running, timeout=WAIT_MS)
    assert dialog.note.text().startswith("Cancelled before anything was erased")
    assert dialog.marks["records"].text() == "○"
    assert _families(library) == 1
    assert sorted(p.name for p in library.media_dir.iterdir()) == media_before
    after = {b.path: b.path.stat().st_mtime_ns for b in list_backups(library.backups_dir)}
    assert after == backups_before
    later = library.db.execute("SELECT action FROM audit_log WHERE id > ?", [audit_before])
    assert not any(str(row[0]).startswith("erase") for row in later)
    assert library.db.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
    qtbot.waitUntil(lambda: window.clip is not None and window.clip.id == clip.id, timeout=WAIT_MS)
    assert window.safeguarding.last_erasure is None
    dialog.close_button.click()


def test_a_cancel_too_late_is_refused_and_the_window_waits_to_close(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = _gate(monkeypatch, "compact", erasure_service.store)
    job = window.safeguarding.erasure.job
    dialog = _start(window)
    qtbot.waitUntil(lambda: dialog.marks["compact"].text() == "●", timeout=WAIT_MS)
    assert not job.cancel() and not dialog.cancel_button.isEnabled()
    assert "can no longer be stopped" in dialog.note.text().replace("\n", " ")
    dialog.reject()  # Esc: neither cancels nor closes it now
    assert dialog.isVisible()
    assert not window.close()  # the library is the worker's until the erasure ends
    gate.set()
    qtbot.waitUntil(lambda: window.safeguarding.last_erasure is not None, timeout=WAIT_MS)
    assert _families(library) == 0
    dialog.close_button.click()
    assert not dialog.isVisible()
