"""Library panel: drop files to import them into the selected family; timeline drags undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from window_clips import write_index_clip

from attune_app.domain.models import Clip
from attune_app.services import clips as clip_service
from attune_app.services import tags as tag_service
from attune_app.services.consents import record_consent
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_clip(clip.id)
    qtbot.waitUntil(lambda: win.video.current_frame == 0, timeout=15_000)
    yield win
    win.close()


def _drop(widget: object, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)  # type: ignore[attr-defined]


def test_dropped_files_import_into_the_selected_family(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip, tmp_path: Path
) -> None:
    new_clip = write_index_clip(tmp_path / "next-visit.mp4", frames=20)
    # the family's recording consent is current, so the import asks nothing more
    record_consent(library, 1, "recording", given_on="2026-03-01")
    _drop(window.library_panel, [new_clip])
    dialog = window.imports.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.paths() == [new_clip]
    assert dialog.family_ref() == "F-TEST"  # the family of the selected clip
    with qtbot.waitSignal(window.imports.controller.finished, timeout=60_000):
        dialog.accept()
    report = window.imports.last_report
    assert report is not None and len(report.imported) == 1
    imported = clip_service.get_clip(library, report.imported[0].clip_id)  # type: ignore[arg-type]
    assert imported.original_name == "next-visit.mp4"
    assert window.library_panel.model.find("clip", imported.id) is not None
    assert window.imports.report_dialog is None  # nothing failed, so no report to read


def test_timeline_edge_drag_is_one_undo_step(
    window: MainWindow, library: Library, clip: Clip
) -> None:
    tag = tag_service.add_tag(library, clip.id, in_frame=10, out_frame=20)
    window.library.tagsChanged.emit(clip.id)
    stack = window.library.undo_stack
    for frame in (22, 25, 27):
        window.timeline.tagEdgeDragged.emit(tag.id, "out", frame)
        assert tag_service.get_tag(library, tag.id).out_frame == frame
    window.timeline.tagEdgeReleased.emit(tag.id, "out", 28)
    assert tag_service.get_tag(library, tag.id).out_frame == 28
    assert stack.count() == 1
    window.timeline.tagEdgeDragged.emit(tag.id, "in", 5)
    window.timeline.tagEdgeReleased.emit(tag.id, "in", 4)
    assert stack.count() == 2
    stack.undo()
    assert tag_service.get_tag(library, tag.id).in_frame == 10
    stack.undo()
    assert tag_service.get_tag(library, tag.id).out_frame == 20
    stack.redo()
    assert tag_service.get_tag(library, tag.id).out_frame == 28
    assert window.timeline.tags[tag.id].out_frame == 28  # the timeline redraws from the store


def test_drag_past_the_other_edge_is_refused_with_a_message(
    window: MainWindow, library: Library, clip: Clip
) -> None:
    tag = tag_service.add_tag(library, clip.id, in_frame=10, out_frame=20)
    window.library.tagsChanged.emit(clip.id)
    window.timeline.tagEdgeReleased.emit(tag.id, "in", 30)
    assert tag_service.get_tag(library, tag.id).in_frame == 10
    assert window.library.undo_stack.count() == 0
    assert "Not moved" in window.statusBar().currentMessage()
