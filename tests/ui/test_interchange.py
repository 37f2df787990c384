"""File › Import tags… (mapping dialog, report, undo) and File › Export tags… in the window."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.services import tags as tag_service
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow
from ui.widgets.messages import open_boxes

DATA = Path(__file__).resolve().parents[1] / "data" / "eaf"
WAIT_MS = 15_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_clip(clip.id)
    qtbot.waitUntil(lambda: win.clip is not None and not win.player.is_opening, timeout=WAIT_MS)
    yield win
    for box in open_boxes():
        box.close()
    win.close()


def _short_eaf(tmp_path: Path) -> Path:
    """The EAF 2.7 fixture with its times inside the 2.4 s test clip."""
    text = (DATA / "elan_2_7_cv.eaf").read_text(encoding="utf-8")
    path = tmp_path / "coded in ELAN.eaf"
    path.write_text(text.replace('"2500"', '"1520"').replace('"2900"', '"1900"'), "utf-8")
    return path


def test_file_menu_has_import_and_export_tags(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "Import &tags…" in texts and "E&xport tags…" in texts


def test_import_through_the_mapping_dialog_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, clip: Clip, library: Library, tmp_path: Path
) -> None:
    section = window.interchange
    section.read_file(_short_eaf(tmp_path))
    qtbot.waitUntil(lambda: section.mapping_dialog is not None, timeout=WAIT_MS)
    dialog = section.mapping_dialog
    assert dialog is not None
    assert dialog.target_combos["Baby"].currentData() == "cue"  # guessed from the tier's name
    # "smiles" is a code key: chosen already; "babbles" is not: left out until mapped
    assert "'babbles'" in dialog.left_out_text()
    dialog.set_code("Baby", "babbles", "vocalises")
    assert dialog.left_out_text() == "Everything in the file will be imported."
    dialog.accept()
    tags = tag_service.list_tags(library, clip.id)
    assert sorted((t.cue_frame, t.cue_code) for t in tags) == [(12, "smiles"), (38, "vocalises")]
    assert [b.text() for b in open_boxes()] == [
        "2 tags imported from coded in ELAN.eaf (Undo takes them out)."
    ]
    window.library.undo_stack.undo()
    assert tag_service.list_tags(library, clip.id) == []
    window.library.undo_stack.redo()
    assert tag_service.list_tags(library, clip.id) == tags


def test_a_malformed_file_is_reported_and_nothing_imported(
    qtbot: QtBot, window: MainWindow, clip: Clip, library: Library
) -> None:
    window.interchange.read_file(DATA / "malformed.eaf")
    qtbot.waitUntil(lambda: bool(open_boxes()), timeout=WAIT_MS)
    (box,) = open_boxes()
    assert box.text().startswith("• malformed.eaf is not well-formed XML")
    assert window.interchange.mapping_dialog is None
    assert tag_service.list_tags(library, clip.id) == []
    assert window.library.undo_stack.count() == 0


def test_export_tags_writes_the_chosen_format(
    qtbot: QtBot, window: MainWindow, clip: Clip, library: Library, tmp_path: Path
) -> None:
    tag_service.add_tag(library, clip.id, in_frame=3, out_frame=9, cue_frame=4, cue_code="smiles")
    window.interchange.ask_export()
    dialog = window.interchange.export_dialog
    assert dialog is not None
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert Path(dialog.path_edit.text()).name == f"clip-{clip.id}-tags.csv"  # ids, no family
    dialog.path_edit.setText(str(tmp_path / "tags.csv"))
    with qtbot.waitSignal(window.interchange.exporter.finished, timeout=WAIT_MS):
        dialog.accept()  # written off the GUI thread, audited on it
    assert window.statusBar().currentMessage() == "1 tags written to 1 file(s)."
    last = library.db.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "export_tags"
    rows = list(csv.DictReader((tmp_path / "tags.csv").open(encoding="utf-8")))
    assert [(r["cue_frame"], r["cue_code"], r["cue_s"]) for r in rows] == [("4", "smiles", "0.16")]
