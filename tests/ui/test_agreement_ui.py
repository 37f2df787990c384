"""Blind coding hides the other coders' tags; the agreement dialog computes off the GUI thread
and its comparison timeline shows what was matched (clicks on a mark show that frame)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip, Tag
from attune_app.media.synthetic import read_frame_index
from attune_app.services import act_as, add_tag
from attune_app.store.library import Library
from ui.agreement import comparison_layout as geo
from ui.agreement.agreement_dialog import AgreementDialog
from ui.app import build_window
from ui.main_window import MainWindow

WAIT_MS = 15_000
FPS = 25.0


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_clip(clip.id)
    qtbot.waitUntil(lambda: win.video.current_frame == 0, timeout=WAIT_MS)
    yield win
    win.close()


def two_codings(library: Library, clip: Clip) -> tuple[list[Tag], list[Tag]]:
    """Ann and Bea code the same clip: one cue agrees, one differs, the responses are 1 s
    apart (no pair within 0.5 s)."""
    act_as(library, "Ann")
    ann = [
        add_tag(library, clip.id, in_frame=4, out_frame=20, cue_frame=6, cue_code="smiles",
                response_frame=15, response_code="smiles_back"),
        add_tag(library, clip.id, in_frame=44, out_frame=55, cue_frame=45,
                cue_code="looks_at_parent"),
    ]  # fmt: skip
    act_as(library, "Bea")
    bea = [
        add_tag(library, clip.id, in_frame=5, out_frame=42, cue_frame=8, cue_code="smiles",
                response_frame=40, response_code="smiles_back"),
        add_tag(library, clip.id, in_frame=48, out_frame=58, cue_frame=50, cue_code="vocalises"),
    ]  # fmt: skip
    return ann, bea


def shown_ids(win: MainWindow) -> tuple[set[int], set[int]]:
    return {t.id for t in win.tag_list.model.tags()}, set(win.timeline.tags)


def test_blind_coding_shows_only_the_coders_own_tags(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    ann, bea = two_codings(library, clip)  # Bea is now the one working
    window.library.tagsChanged.emit(clip.id)
    everyone = {t.id for t in ann + bea}
    assert shown_ids(window) == (everyone, everyone)
    window.agreement.blind_action.trigger()
    assert window.agreement.blind_action.isChecked()
    own = {t.id for t in bea}
    assert shown_ids(window) == (own, own)
    assert window.agreement.open_agreement() is None  # no peeking through the figures
    assert "blind" in window.statusBar().currentMessage()
    # a new tag of hers shows; the others stay hidden
    window.player.seek(30)
    qtbot.waitUntil(lambda: window.video.current_frame == 30, timeout=WAIT_MS)
    window.tagging.set_in()
    window.tagging.save()
    assert len(shown_ids(window)[0]) == 3 and shown_ids(window)[0] >= own
    # the choice is kept: showing the clip again (e.g. the next day) is still blind
    window.agreement.show_clip(clip)
    assert window.agreement.blind_action.isChecked()
    window.agreement.blind_action.trigger()
    assert shown_ids(window)[0] >= everyone


def open_dialog(qtbot: QtBot, window: MainWindow) -> AgreementDialog:
    dialog = window.agreement.open_agreement()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_agreement_dialog_and_comparison_timeline(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    _ann, bea = two_codings(library, clip)
    dialog = open_dialog(qtbot, window)
    assert dialog.chosen_coders() == ["Ann", "Bea"]
    dialog.compute()
    assert dialog.status.text() == "Computing…" and not dialog.compute_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    cells = dialog.events_table
    # cue row: 2 pairs, 1 with the same code, 1 different, none alone
    assert [cells.item(0, c).text() for c in range(5)] == ["2", "1", "1", "0", "0"]
    # response row: the two responses are 1 s apart, so each is only one coder's
    assert [cells.item(1, c).text() for c in range(5)] == ["0", "0", "0", "1", "1"]
    assert "Only Ann" in cells.horizontalHeaderItem(3).text()
    layout = dialog.timeline.layout_now
    assert layout is not None
    assert sorted(link.agrees for link in layout.links) == [False, True]
    only = sorted((m.lane, m.event.frame) for m in layout.marks if m.status == geo.ONLY)
    assert only == [(0, 15), (1, 40)]
    px = dialog.timeline.px_per_s
    smiles = next(m for m in layout.marks if m.event.tag_id == bea[0].id and m.family == "cue")
    assert smiles.x == pytest.approx(geo.x_of(8 / FPS, px))  # the frame's own time
    # the tolerance: one band per event of Ann's, 2 x 0.5 s wide
    assert len(layout.bands) == 3
    assert all(b.x1 - b.x0 == pytest.approx(1.0 * px) for b in layout.bands)
    # clicking Bea's "vocalises" shows frame 50
    vocalises = next(m for m in layout.marks if m.event.code == "vocalises")
    qtbot.mouseClick(
        dialog.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(vocalises.x), int(vocalises.y))
    )
    qtbot.waitUntil(lambda: window.video.current_frame == 50, timeout=WAIT_MS)
    assert read_frame_index(window.video.current_rgb()) == 50
    assert dialog.timeline.describe(vocalises).splitlines() == [
        "Bea: Infant cue Vocalises",
        "0:02.000 (frame 50)",
        "Paired with Ann's Looks at parent at 0:01.800: a different code",
    ]
    # next difference: zoomed in, the view goes to each lone or differing event in turn
    dialog.timeline.set_px_per_s(400)
    qtbot.wait(10)
    differences = sorted(
        {m.x for m in dialog.timeline.layout_now.marks if m.status != geo.AGREE}  # type: ignore[union-attr]
    )
    seen = [dialog.show_next_difference() for _ in differences]
    assert seen == differences
    assert dialog.show_next_difference() == differences[0]  # and round again
    bar = dialog.scroll.horizontalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0  # the first is in the left of the clip
    # only the cues: the response marks go
    dialog.family_combo.setCurrentText("Cues only")
    layout = dialog.timeline.layout_now
    assert layout is not None and {m.family for m in layout.marks} == {"cue"}
    dialog.close()


def test_cancel_drops_the_result_and_one_coder_cannot_compare(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    act_as(library, "Ann")
    add_tag(library, clip.id, in_frame=4, out_frame=20, cue_frame=6, cue_code="smiles")
    dialog = open_dialog(qtbot, window)
    assert not dialog.compute_button.isEnabled()
    assert "only Ann has tagged it" in dialog.status.text()
    dialog.close()
    two_codings(library, clip)
    dialog = open_dialog(qtbot, window)
    dialog.compute()
    dialog.cancel()
    dialog.worker.shutdown()  # the computation ends; its result is not delivered
    qtbot.wait(50)
    assert dialog.report is None and dialog.status.text() == "Cancelled."
    assert dialog.compute_button.isEnabled()
    dialog.close()
