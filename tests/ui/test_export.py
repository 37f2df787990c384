"""Reel › Export…: the dialog, jobs off the GUI thread with progress, cancel and Show in folder,
refusals and failures as messages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from attune_app.domain.models import Clip
from attune_app.export.output_plan import ExportSettings
from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index
from attune_app.services import consents as consent_service
from attune_app.services import reels as reel_service
from attune_app.store.audit import entries_for
from attune_app.store.library import Library
from ui.export.export_dialog import ExportDialog
from ui.export.export_jobs import CANCELLED, DONE, FAILED, ExportJobRunner
from ui.export.export_panel_widget import ExportPanelWidget

DRAFT = ExportSettings(quality="draft", captions="burn")


def _family(library: Library, clip: Clip) -> int:
    row = library.db.execute("SELECT family_id FROM sessions WHERE id = ?", [clip.session_id])
    return int(row.fetchone()[0])


def _window_with_reel(qtbot: object, library: Library, clip: Clip, purpose: str = "parent_review"):  # type: ignore[no-untyped-def]
    from ui.app import build_window

    reel = reel_service.create_reel(library, "Week 3", purpose)
    reel_service.add_range_to_reel(library, reel.id, clip.id, 4, 20, caption="She waits")
    window = build_window(library)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.reels.refresh()
    return window, reel.id


def test_export_dialog_runs_a_job_and_audits_it(
    qtbot: object, library: Library, clip: Clip, tmp_path: Path
) -> None:
    consent_service.record_consent(
        library, _family(library, clip), "recording", given_on="2026-01-01"
    )
    window, reel_id = _window_with_reel(qtbot, library, clip)
    dialog = window.exports.ask()
    assert isinstance(dialog, ExportDialog)
    assert dialog.target().name.startswith("Week-3-") and "F-TEST" not in str(dialog.target())
    assert dialog.watermark_edit.text() == ""
    dialog.quality_combo.setCurrentIndex(0)  # draft
    dialog.path_edit.setText(str(tmp_path / "week3"))
    finished: list[int] = []
    window.exports.runner.jobFinished.connect(finished.append)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)  # type: ignore[attr-defined]
    job = window.exports.runner.jobs[finished[0]]
    assert job.state == DONE and job.target == tmp_path / "week3.mp4"
    row = window.exports.panel.rows[job.job_id]
    assert row.show_button.isVisibleTo(row) and not row.cancel_button.isVisibleTo(row)
    assert row.progress.value() == 1000 and "Saved as week3.mp4" in row.status.text()
    with open_video(job.target) as video:
        assert [read_frame_index(video.read(i)) for i in range(video.frame_count)] == list(
            range(4, 21)
        )
    actions = [e.action for e in entries_for(library.db, "reel", reel_id)]
    assert actions[-1] == "export_reel"
    window.close()


def test_a_refused_export_is_a_message_and_queues_nothing(
    qtbot: object, library: Library, clip: Clip, tmp_path: Path
) -> None:
    window, reel_id = _window_with_reel(qtbot, library, clip)
    consent_service.withdraw_consent(library, _family(library, clip), "recording")  # since then
    assert window.exports.start(reel_id, tmp_path / "x.mp4", DRAFT) is None
    box = window.exports.message
    assert box is not None and "F-TEST" in box.text() and "recording consent" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    assert window.exports.runner.jobs == {} and not (tmp_path / "x.mp4").exists()
    window.close()


def _blocking_render(started: threading.Event) -> Callable[..., object]:
    def render(
        path: Path, progress: Callable[[int, int], None], cancel: Callable[[], bool]
    ) -> object:
        for done in range(1, 1000):
            if cancel():
                raise InterruptedError("cancelled")
            progress(done, 1000)
            started.set()
            time.sleep(0.005)
        return None

    return render


def test_jobs_run_one_at_a_time_with_time_left_and_cancel(qtbot: object) -> None:
    runner = ExportJobRunner()
    panel = ExportPanelWidget(runner)
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    started = threading.Event()
    first = runner.add("Reel A", Path("/tmp/a.mp4"), _blocking_render(started), lambda _r: None)
    second = runner.add(
        "Reel B", Path("/tmp/b.mp4"), _blocking_render(threading.Event()), lambda _r: None
    )
    assert "Waiting" in panel.rows[second].status.text()
    qtbot.waitUntil(lambda: runner.jobs[first].seconds_left is not None, timeout=5000)  # type: ignore[attr-defined]
    assert "left" in panel.rows[first].status.text()
    assert 0 < panel.rows[first].progress.value() < 1000
    ended: list[int] = []
    runner.jobFinished.connect(ended.append)
    runner.cancel(second)  # still waiting: dropped at once
    runner.cancel(first)
    qtbot.waitUntil(lambda: first in ended, timeout=5000)  # type: ignore[attr-defined]
    assert runner.jobs[first].state == CANCELLED and runner.jobs[second].state == CANCELLED
    assert "nothing was written" in panel.rows[first].status.text()
    assert not runner.is_busy
    runner.shutdown()


def test_a_failed_job_says_why(qtbot: object) -> None:
    runner = ExportJobRunner()
    panel = ExportPanelWidget(runner)
    qtbot.addWidget(panel)  # type: ignore[attr-defined]

    def fail(
        path: Path, progress: Callable[[int, int], None], cancel: Callable[[], bool]
    ) -> object:
        raise OSError("The folder /media/usb is full; nothing was saved.")

    ended: list[int] = []
    runner.jobFinished.connect(ended.append)
    job_id = runner.add("Reel", Path("/media/usb/r.mp4"), fail, lambda _r: None)
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)  # type: ignore[attr-defined]
    assert runner.jobs[job_id].state == FAILED
    assert "is full" in panel.rows[job_id].status.text()
    assert not panel.rows[job_id].show_button.isVisibleTo(panel.rows[job_id])
    runner.shutdown()
