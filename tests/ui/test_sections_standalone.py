"""The window's sections work without a main window: the window depends on them, never the
reverse (no module under `ui/` but the app imports `ui.main_window`)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from player_fakes import FakeVideo, fake_opener
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QWidget
from review_fixtures import review_reel

from attune_app.domain.models import Clip
from attune_app.export.output_plan import ExportSettings
from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index
from attune_app.services import consents as consent_service
from attune_app.services import reels as reel_service
from attune_app.services.permissions import register_person
from attune_app.services.tags import add_tag
from attune_app.store.library import Library
from ui.export.export_dialog import ExportDialog
from ui.export.export_jobs import DONE
from ui.export.export_section import ExportSection
from ui.importing.import_section import ImportSection
from ui.library.library_controller import LibraryController
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.reels.reel_section import ReelSection
from ui.review.review_section import ReviewSection
from ui.safeguarding.safeguarding_section import SafeguardingSection
from ui.supervision.read_only_lock import ReadOnlyLock
from ui.supervision.supervision_section import SupervisionSection
from ui.tagging.tag_list_widget import TagListWidget
from ui.tagging.tag_section import TagSection
from ui.tagging.tagging_controller import TaggingController
from ui.timeline.timeline_widget import TimelineWidget
from ui.window_parts import WindowParts

UI = Path(__file__).resolve().parents[2] / "ui"


WINDOW = "ui.main_window"
# The app builds the window; the window is its own module.
MAY_IMPORT_THE_WINDOW = {UI / "app.py", UI / "main_window.py"}


def imported_modules(tree: ast.Module) -> set[str]:
    """Every module an `import` or `from ... import` names, anywhere in the file (a
    TYPE_CHECKING block or a function's body too); `from ui import main_window` counts."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_imported_modules_sees_type_checking_blocks_and_every_form() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ui.main_window import MainWindow\n"
        "def f():\n    import ui.main_window\n"
        "from ui import main_window\n"
    )
    found = imported_modules(ast.parse(source))
    assert WINDOW in found and "ui.main_window.MainWindow" in found


def test_no_module_under_ui_imports_the_main_window() -> None:
    modules = sorted(p for p in UI.rglob("*.py") if p not in MAY_IMPORT_THE_WINDOW)
    assert len(modules) > 50  # the whole of ui/, not an empty glob
    offenders = [
        str(path.relative_to(UI.parent))
        for path in modules
        if WINDOW in imported_modules(ast.parse(path.read_text(), filename=str(path)))
    ]
    assert offenders == []


def test_tag_section_without_a_window(
    qtbot: Any, library_controller: LibraryController, clip: Clip
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    player = PlayerController(
        opener=fake_opener(FakeVideo(frame_count=90)),
        clock_factory=no_audio_clock_factory,
        synchronous=True,
    )
    player.open("fake.mp4")
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    tag_list = TagListWidget()
    qtbot.addWidget(tag_list)
    tagging = TaggingController(library_controller, lambda: player.current_frame)
    messages: list[str] = []
    raised: list[bool] = []
    first = add_tag(library_controller.library, clip.id, in_frame=10, out_frame=20)
    second = add_tag(library_controller.library, clip.id, in_frame=40, out_frame=50)
    try:
        section = TagSection(
            parent,
            library=library_controller,
            tagging=tagging,
            tag_list=tag_list,
            timeline=timeline,
            player=player,
            reel_playing=lambda: False,
            show_message=lambda text, _ms: messages.append(text),
            show_tag_list=lambda: raised.append(True),
        )
        section.show_clip(clip)
        section.jump(+1)
        assert player.current_frame == first.in_frame
        section.jump(+1)
        assert player.current_frame == second.in_frame
        section.jump(+1)
        assert messages[-1] == "No more tags this way."
        section.focus_search()
        assert raised == [True]
        section.delete_selected()  # the second tag is selected by the jump
        assert "Deleted 1" in messages[-1]
        library_controller.undo_stack.undo()
        assert len(tag_list.model.tags()) == 2
    finally:
        player.shutdown()
        timeline.shutdown()


def test_import_section_without_a_window(
    qtbot: Any, library_controller: LibraryController, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    panel = LibraryPanelWidget()
    qtbot.addWidget(panel)
    messages: list[str] = []
    offered: list[int] = []
    section = ImportSection(
        parent,
        library=library_controller,
        panel=panel,
        show_message=lambda text, _ms: messages.append(text),
        offer_clip=offered.append,
    )
    try:
        section.ask([], None)
        assert section.dialog is not None and section.dialog.parent() is parent
        section.dialog.reject()
        missing = tmp_path / "not-there.mp4"
        with qtbot.waitSignal(section.controller.finished, timeout=30_000):
            assert section.start([missing], "F-NEW", None)
        assert messages and section.last_report is not None
        assert section.last_report.failed and offered == []
    finally:
        section.shutdown()


# -- the sections given the window's parts ---------------------------------------------------------


@dataclass
class Bench:
    """A real library controller on a temporary library, a player over a fake video, and
    records of what the sections asked of the window."""

    parts: WindowParts
    messages: list[str] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)


@pytest.fixture
def bench(qtbot: Any, library_controller: LibraryController, clip: Clip) -> Iterator[Bench]:
    parent = QWidget()
    qtbot.addWidget(parent)
    player = PlayerController(
        opener=fake_opener(FakeVideo(frame_count=90)),
        clock_factory=no_audio_clock_factory,
        synchronous=True,
    )
    player.open("fake.mp4")
    messages: list[str] = []
    opened: list[int] = []

    def open_clip(clip_id: int, then: Callable[[bool], None] | None = None) -> bool:
        opened.append(clip_id)
        if then is not None:
            then(True)
        return True

    parts = WindowParts(
        parent=parent,
        library=library_controller,
        player=player,
        tagging=TaggingController(library_controller, lambda: player.current_frame),
        show_message=lambda text, _ms: messages.append(text),
        current_clip=lambda: clip,
        open_clip=open_clip,
    )
    yield Bench(parts, messages, opened)
    player.shutdown()


def test_reel_section_without_a_window(bench: Bench, library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=10, out_frame=20)
    section = ReelSection(bench.parts, selected_tag_ids=lambda: [tag.id])
    wanted: list[str] = []
    section.panelWanted.connect(lambda: wanted.append("panel"))
    try:
        reel_id = section.new_reel("  Week 3 ")
        assert reel_id is not None and section.panel.reel_id() == reel_id
        assert section.panel.reel_combo.currentText() == "Week 3"
        section.add_selected_tags()
        items = section.panel.reel_items()
        assert [(i.source_tag_id, i.in_frame, i.out_frame) for i in items] == [(tag.id, 10, 20)]
        assert wanted == ["panel"]
        bench.parts.library.undo_stack.undo()  # the tag leaves the reel
        assert section.panel.reel_items() == []
        section.play()
        assert bench.messages[-1] == "This reel is empty."
        assert section.new_action.parent() is bench.parts.parent
    finally:
        section.shutdown()


def test_review_section_without_a_window(
    qtbot: Any, bench: Bench, library: Library, clip: Clip
) -> None:
    reel_id, _items = review_reel(library, clip)
    chosen: list[int | None] = [None]
    interrupted: list[bool] = []
    section = ReviewSection(
        bench.parts, reel_id=lambda: chosen[0], interrupt_reel=lambda: interrupted.append(True)
    )
    changed: list[int] = []
    bench.parts.library.reelsChanged.connect(changed.append)
    try:
        assert section.open_review() is None
        assert bench.messages[-1] == "Choose a reel in the Reel panel first."
        chosen[0] = reel_id
        section.action.trigger()  # F11
        mode = section.mode
        assert mode is not None and mode.parent_window.isVisible()
        assert interrupted == [True] and not bench.parts.player.is_playing
        qtbot.waitUntil(lambda: mode.controller.playback.index == 1, timeout=15_000)
    finally:
        section.shutdown()
    assert section.mode is None and changed == [0]  # the reel now holds the parent's words


DRAFT = ExportSettings(quality="draft", captions="burn")


def test_export_section_without_a_window(
    qtbot: Any, bench: Bench, library: Library, clip: Clip, tmp_path: Path
) -> None:
    reel = reel_service.create_reel(library, "Week 3", "parent_review")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 4, 20, caption="She waits")
    chosen: list[int | None] = [None]
    section = ExportSection(bench.parts, reel_id=lambda: chosen[0])
    finished: list[int] = []
    section.runner.jobFinished.connect(finished.append)
    try:
        assert section.ask() is None and section.message is not None
        assert section.message.text() == "Choose or make a reel first."
        chosen[0] = reel.id
        dialog = section.ask()
        assert isinstance(dialog, ExportDialog) and dialog.parent() is bench.parts.parent
        dialog.reject()
        target = tmp_path / "week3.mp4"
        row = library.db.execute("SELECT family_id FROM sessions WHERE id = ?", [clip.session_id])
        family_id = int(row.fetchone()[0])
        consent_service.withdraw_consent(library, family_id, "recording")
        assert section.start(reel.id, target, DRAFT) is None  # recording consent withdrawn
        assert "recording consent" in section.message.text()
        assert section.message.icon() == QMessageBox.Icon.Warning
        consent_service.record_consent(library, family_id, "recording", given_on="2026-01-01")
        job_id = section.start(reel.id, target, DRAFT)
        assert job_id is not None and list(section.panel.rows) == [job_id]
        assert section.panel.rows[job_id].title.text() == "Week 3 → week3.mp4"
        assert bench.messages[-1] == "Exporting week3.mp4…"
        qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
        assert section.runner.jobs[job_id].state == DONE
        assert bench.messages[-1] == "Exported week3.mp4"
        with open_video(target) as video:
            frames = [read_frame_index(video.read(i)) for i in range(video.frame_count)]
        assert frames == list(range(4, 21))
    finally:
        section.shutdown()


def _host(qtbot: Any, bench: Bench) -> tuple[QMainWindow, WindowParts]:
    """A bare Qt main window for the sections that place a dock or an overlay: Qt's class,
    not Attune's window."""
    host = QMainWindow()
    qtbot.addWidget(host)
    return host, replace(bench.parts, parent=host)


def test_supervision_section_without_a_window(
    qtbot: Any, bench: Bench, library: Library, clip: Clip, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_person(library, "Sam", "supervisor")
    monkeypatch.setenv("ATTUNE_USER", "Sam")
    host, parts = _host(qtbot, bench)
    beside = QDockWidget("Library", host)
    host.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, beside)
    view_menu = QMenu("View")
    panel = LibraryPanelWidget()
    qtbot.addWidget(panel)
    editor = QWidget()
    qtbot.addWidget(editor)
    save = QAction("Save tag", host)
    discarded: list[bool] = []
    lock = ReadOnlyLock(editor, [save], lambda: discarded.append(True))
    section = SupervisionSection(
        parts,
        host=host,
        beside=beside,
        view_menu=view_menu,
        panel=panel,
        lock=lock,
        current_tag=lambda: None,
    )
    try:
        assert "Working as Sam (supervisor)" in section.who_label.text()
        entries = [a.text() for a in view_menu.actions() if not a.isSeparator()]
        assert entries == ["&Supervision", "&Audit trail…", "&Who is working…"]
        section.open_session(clip.session_id)  # the practitioner's session, not Sam's
        assert bench.opened == [clip.id]
        assert lock.locked and not editor.isEnabled() and not save.isEnabled()
        assert discarded == [True] and bench.messages[-1].startswith("Read-only: ")
        panel.clipActivated.emit(clip.id)  # opened from the library: the workbench again
        assert not lock.locked and editor.isEnabled() and save.isEnabled()
        host.show()
        section.show()  # beside the library, as a tab
        assert host.dockWidgetArea(section.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        assert section.dock in host.tabifiedDockWidgets(beside)
    finally:
        section.shutdown()


def test_safeguarding_section_erases_the_open_clip_without_a_window(
    qtbot: Any, bench: Bench, library: Library, clip: Clip
) -> None:
    host, parts = _host(qtbot, bench)
    panel = LibraryPanelWidget()
    qtbot.addWidget(panel)
    reels = ReelSection(parts, selected_tag_ids=list)
    reels.new_reel("Week 3")
    forgotten: list[bool] = []
    refreshed: list[bool] = []
    section = SafeguardingSection(
        parts,
        host=host,
        panel=panel,
        reels=reels,
        refresh_library=lambda: refreshed.append(True),
        forget_clip=lambda: forgotten.append(True),
    )
    try:
        assert not section.erase("F-TEST", "F-TES")  # the reference typed differs
        assert forgotten == [] and refreshed == []
        assert section.erase("F-TEST", "F-TEST")
        assert forgotten == [True]  # the open clip was the family's: off the screen at once
        qtbot.waitUntil(lambda: section.last_erasure is not None, timeout=60_000)  # a worker
        assert refreshed == [True]
        assert bench.messages[-1].startswith("Family erased: ")
        assert library.db.execute("SELECT COUNT(*) FROM clips").fetchone()[0] == 0
    finally:
        section.shutdown()
        reels.shutdown()
