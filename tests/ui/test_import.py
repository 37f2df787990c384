"""Importing in the background: broken files are reported by name, good files still come in,
and the database write goes through the library's own connection on the GUI thread."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from attune_app.services import clips as clip_service
from attune_app.store.library import Library
from ui.importing.import_controller import ImportController, ImportReport, ImportSteps
from ui.importing.import_report_dialog import ImportReportDialog, report_text
from ui.importing.import_section import library_import_steps


def _files(folder: Path, good_source: Path) -> list[Path]:
    empty = folder / "empty-phone-copy.mp4"
    empty.write_bytes(b"")
    text = folder / "shopping-list.mp4"
    text.write_text("eggs, milk, nappies\n")
    good = folder / "good-visit.mp4"
    shutil.copy(good_source, good)
    return [empty, text, good]


def _no_second_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the import opened a second database connection")

    monkeypatch.setattr("attune_app.store.connection.connect", refuse)
    monkeypatch.setattr("attune_app.store.library.connect", refuse)


def test_broken_files_are_named_and_good_file_imports(
    qtbot: QtBot,
    library: Library,
    index_clip_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_second_connection(monkeypatch)
    controller = ImportController()
    gui_thread = threading.get_ident()
    prepare_threads: set[int] = set()
    commit_threads: set[int] = set()
    real = library_import_steps(library, "F-IMPORT", "2026-03-02")

    def prepare(path, progress, cancelled):  # type: ignore[no-untyped-def]
        prepare_threads.add(threading.get_ident())
        return real.prepare(path, progress, cancelled)

    def commit(prepared: object) -> int:
        commit_threads.add(threading.get_ident())
        return real.commit(prepared)

    paths = _files(tmp_path, index_clip_file)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        assert controller.start(paths, ImportSteps(prepare, commit, real.discard))
    report: ImportReport = finished.args[0]

    assert gui_thread not in prepare_threads  # copy, hash and probe never on the GUI thread
    assert commit_threads == {gui_thread}  # the one connection's owner writes the row
    assert not controller.is_running
    assert [o.path.name for o in report.failed] == ["empty-phone-copy.mp4", "shopping-list.mp4"]
    assert all(o.reason for o in report.failed)
    [imported] = report.imported
    assert imported.path.name == "good-visit.mp4"
    clip = clip_service.get_clip(library, imported.clip_id)  # type: ignore[arg-type]
    assert clip.original_name == "good-visit.mp4"
    assert clip.frame_count == 60
    assert not list(library.media_dir.glob(".import-*"))  # no temporary copies left

    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    assert "empty-phone-copy.mp4" in text and "shopping-list.mp4" in text
    lines = report_text(report).splitlines()
    assert lines[1].startswith("• shopping-list.mp4: ")
    assert not lines[1].startswith("• shopping-list.mp4: shopping-list.mp4:")  # said once


def test_a_failed_commit_is_reported_and_the_batch_goes_on(qtbot: QtBot, tmp_path: Path) -> None:
    controller = ImportController()
    committed: list[object] = []

    def commit(prepared: object) -> int:
        if prepared == "b.mp4":
            raise RuntimeError("b.mp4: the library refused it")
        committed.append(prepared)
        return len(committed)

    steps = ImportSteps(lambda path, _p, _c: path.name, commit)
    paths = [tmp_path / n for n in ("a.mp4", "b.mp4", "c.mp4")]
    with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
        controller.start(paths, steps)
    report: ImportReport = finished.args[0]
    assert committed == ["a.mp4", "c.mp4"]
    assert [o.path.name for o in report.failed] == ["b.mp4"]
    assert "refused" in report.failed[0].reason


def test_cancel_stops_the_batch(qtbot: QtBot, tmp_path: Path) -> None:
    controller = ImportController()
    release = threading.Event()

    def slow(path, progress, cancelled):  # type: ignore[no-untyped-def]
        release.wait(5)
        return path

    paths = [tmp_path / f"{n}.mp4" for n in range(3)]
    with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
        controller.start(paths, ImportSteps(slow, lambda _prepared: 1))
        controller.cancel()
        release.set()
    report: ImportReport = finished.args[0]
    assert report.cancelled
    assert len(report.imported) <= 1


def test_shutdown_mid_import_keeps_no_row_and_no_file(
    qtbot: QtBot, library: Library, index_clip_file: Path, tmp_path: Path
) -> None:
    controller = ImportController()
    real = library_import_steps(library, "F-IMPORT", None)
    done = threading.Event()

    def prepare(path, progress, _cancelled):  # type: ignore[no-untyped-def]
        prepared = real.prepare(path, progress, lambda: False)  # finishes despite the cancel
        done.set()
        return prepared

    source = tmp_path / "visit.mp4"
    shutil.copy(index_clip_file, source)
    controller.start([source], ImportSteps(prepare, real.commit, real.discard))
    assert done.wait(20)
    controller.shutdown()  # before the GUI thread had a chance to record it
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0
    assert not list(library.media_dir.iterdir())
    assert not controller.is_running


def test_a_fault_outside_a_file_still_ends_the_batch(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = ImportController()

    def broken(*_: object) -> None:
        raise RuntimeError("progress bar gone")

    monkeypatch.setattr(controller, "_prepare", broken)
    paths = [tmp_path / "a.mp4", tmp_path / "b.mp4"]
    with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
        controller.start(paths, ImportSteps(lambda *a: a[0], lambda _prepared: 1))
    report: ImportReport = finished.args[0]
    assert not controller.is_running
    assert [o.path.name for o in report.failed] == ["a.mp4"]
    assert "progress bar gone" in report.failed[0].reason
