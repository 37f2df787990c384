"""Fixtures for the Qt tests: offscreen, a temporary library, and no leftover threads or timers.

A test that leaves a thread, a thread-pool task or an active QTimer behind fails (napari does
the same): a leftover worker is how a closed window keeps decoding or writing.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, QThreadPool, QTimer
from window_clips import write_index_clip

from attune_app.domain.models import Clip
from attune_app.services.people import ensure_local_person
from attune_app.store.library import Library
from tests.services.fake_clips import import_with_consent
from ui.library.library_controller import LibraryController

_SETTLE_S = 5.0


class _TimerTracker:
    """Remembers every QTimer started from Python during a test."""

    def __init__(self) -> None:
        self.timers: list[weakref.ref[QTimer]] = []
        self._original_start = QTimer.start

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        tracker, original = self, self._original_start

        def start(timer: QTimer, *args: object) -> None:
            tracker.timers.append(weakref.ref(timer))
            original(timer, *args)

        monkeypatch.setattr(QTimer, "start", start)

    def active(self) -> list[QTimer]:
        alive = []
        for ref in self.timers:
            timer = ref()
            try:
                if timer is not None and timer.isActive():
                    alive.append(timer)
            except RuntimeError:  # the C++ object is gone: stopped for good
                continue
        return alive


@pytest.fixture(autouse=True)
def no_leftover_threads_or_timers(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    tracker = _TimerTracker()
    tracker.install(monkeypatch)
    yield
    deadline = time.monotonic() + _SETTLE_S
    pool = QThreadPool.globalInstance()
    while True:
        extra = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
        busy = pool.activeThreadCount()
        timers = tracker.active()
        if not (extra or busy or timers) or time.monotonic() > deadline:
            break
        _process_events()
        time.sleep(0.02)
    problems = []
    if extra:
        problems.append(f"threads still running: {[t.name for t in extra]}")
    if busy:
        problems.append(f"{busy} QThreadPool task(s) still running")
    if timers:
        problems.append(f"{len(timers)} QTimer(s) still active: {[t.objectName() for t in timers]}")
    if problems:
        pytest.fail(f"{request.node.name} left work behind: " + "; ".join(problems))
    # This test's garbage goes now, while no worker runs, not in the middle of a later test
    # while its decoders do: one full-suite run died in the garbage collector that way
    # (main thread collecting, a frame worker decoding; not reproduced in 8 runs of the file).
    gc.collect()


def _process_events() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.processEvents()


@pytest.fixture(autouse=True)
def private_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real library or settings."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("ATTUNE_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
    # Qt reads the settings folder once per process; point it at this test's own folder.
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(home / "config"))
    return home


# -- libraries and clips ---------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened


@pytest.fixture(scope="session")
def index_clip_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_index_clip(tmp_path_factory.mktemp("clips") / "visit-index.mp4")


@pytest.fixture
def clip(library: Library, index_clip_file: Path) -> Clip:
    """The index clip imported into the temporary library (family F-TEST, with the recording
    consent every import has)."""
    return import_with_consent(
        library, index_clip_file, family_ref="F-TEST", session_date="2026-03-02"
    )


@pytest.fixture
def library_controller(library: Library, qtbot: object) -> LibraryController:
    return LibraryController(library)
