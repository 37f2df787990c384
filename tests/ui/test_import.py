"""Importing in the background: broken files are reported by name, good files still come in."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from attune_app.services import clips as clip_service
from attune_app.store.library import Library
from ui.importing.import_controller import ImportController, ImportReport
from ui.importing.import_report_dialog import ImportReportDialog, report_text
from ui.importing.import_section import worker_import_one


def _files(folder: Path, good_source: Path) -> list[Path]:
    empty = folder / "empty-phone-copy.mp4"
    empty.write_bytes(b"")
    text = folder / "shopping-list.mp4"
    text.write_text("eggs, milk, nappies\n")
    good = folder / "good-visit.mp4"
    shutil.copy(good_source, good)
    return [empty, text, good]


def test_broken_files_are_named_and_good_file_imports(
    qtbot: QtBot, library: Library, index_clip_file: Path, tmp_path: Path
) -> None:
    controller = ImportController()
    gui_thread = threading.get_ident()
    worker_threads: set[int] = set()
    controller.progressed.connect(lambda *_: None)
    paths = _files(tmp_path, index_clip_file)

    def import_one(path, progress, cancelled):  # type: ignore[no-untyped-def]
        worker_threads.add(threading.get_ident())
        return worker_import_one(library, "F-IMPORT", "2026-03-02")(path, progress, cancelled)

    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        assert controller.start(paths, import_one)
    controller.join(5)
    report: ImportReport = finished.args[0]

    assert gui_thread not in worker_threads  # import never runs on the GUI thread
    assert [o.path.name for o in report.failed] == ["empty-phone-copy.mp4", "shopping-list.mp4"]
    assert all(o.reason for o in report.failed)
    [imported] = report.imported
    assert imported.path.name == "good-visit.mp4"
    clip = clip_service.get_clip(library, imported.clip_id)  # type: ignore[arg-type]
    assert clip.original_name == "good-visit.mp4"
    assert clip.frame_count == 60

    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    assert "empty-phone-copy.mp4" in text and "shopping-list.mp4" in text
    lines = report_text(report).splitlines()
    assert lines[1].startswith("• shopping-list.mp4: ")
    assert not lines[1].startswith("• shopping-list.mp4: shopping-list.mp4:")  # said once


def test_cancel_stops_the_batch(qtbot: QtBot, tmp_path: Path) -> None:
    controller = ImportController()
    release = threading.Event()

    def slow(path, progress, cancelled):  # type: ignore[no-untyped-def]
        release.wait(5)
        return 1

    paths = [tmp_path / f"{n}.mp4" for n in range(3)]
    with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
        controller.start(paths, slow)
        controller.cancel()
        release.set()
    controller.join(5)
    report: ImportReport = finished.args[0]
    assert report.cancelled
    assert len(report.imported) <= 1
