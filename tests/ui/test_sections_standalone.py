"""The import and tag sections work without a main window: the window depends on them."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from player_fakes import FakeVideo, fake_opener
from PySide6.QtWidgets import QWidget

from attune_app.domain.models import Clip
from attune_app.services.tags import add_tag
from ui.importing.import_section import ImportSection
from ui.library.library_controller import LibraryController
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.tagging.tag_list_widget import TagListWidget
from ui.tagging.tag_section import TagSection
from ui.tagging.tagging_controller import TaggingController
from ui.timeline.timeline_widget import TimelineWidget

UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.mark.parametrize("module", ["importing/import_section.py", "tagging/tag_section.py"])
def test_the_section_does_not_import_the_window(module: str) -> None:
    tree = ast.parse((UI / module).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "ui.main_window" not in imported


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
