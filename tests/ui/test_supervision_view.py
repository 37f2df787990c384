"""The Supervision view end to end: list and counts, a session opened read-only, a comment at a
frame that jumps the player back there, return with a reason, the author's reply, the audit
trail viewer with its chain status and a CSV export off the GUI thread."""

from __future__ import annotations

import csv
import getpass
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.media.synthetic import read_frame_index
from attune_app.services.permissions import register_person
from attune_app.services.supervision import current_state
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow

WAIT_MS = 15_000


@pytest.fixture
def window(
    qtbot: QtBot, library: Library, clip: Clip, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    register_person(library, "Sam", "supervisor")
    monkeypatch.setenv("ATTUNE_USER", "Sam")
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _click_row(view: QAbstractItemView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _click_comment(tree: QTreeWidget, top: int) -> None:
    rect = tree.visualItemRect(tree.topLevelItem(top))
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _wait_frame(qtbot: QtBot, win: MainWindow, frame: int) -> None:
    qtbot.waitUntil(lambda: win.video.current_frame == frame, timeout=WAIT_MS)
    assert read_frame_index(win.video.current_rgb()) == frame


def test_supervisor_reviews_comments_at_a_frame_and_returns(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    section = window.supervision
    section.show()
    assert "Working as Sam (supervisor)" in section.who_label.text()
    assert section.list.counts_label.text().startswith("Awaiting review: 1")
    _click_row(section.list.table, 0)
    _wait_frame(qtbot, window, 0)
    review = section.review
    assert "F-TEST" in review.title.text() and review.state_label.text() == "State: awaiting review"
    assert section.lock.locked and not window.tag_editor.isEnabled()  # not Sam's session
    assert not window.tag_actions.save.isEnabled()
    window.library_panel.clipActivated.emit(clip.id)  # the workbench: open for coding again
    assert not section.lock.locked and window.tag_editor.isEnabled()
    _click_row(section.list.table, 0)
    assert section.lock.locked
    window.player.seek(7)
    _wait_frame(qtbot, window, 7)
    review.comment_edit.setText("Her smile starts here")
    QTest.mouseClick(review.comment_button, Qt.MouseButton.LeftButton)
    assert review.threads.topLevelItem(0).text(0).splitlines()[0].startswith("frame 7 · ")
    window.player.seek(0)
    _wait_frame(qtbot, window, 0)
    _click_comment(review.threads, 0)
    _wait_frame(qtbot, window, 7)  # the comment took the player back to its frame
    assert not review.return_button.isEnabled()  # a return needs a reason
    review.reason_edit.setText("Mark the responses too")
    QTest.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
    assert current_state(library, clip.session_id) == "returned"
    assert review.state_label.text() == "State: returned"
    assert "returned by Sam: Mark the responses too" in review.history.item(0).text()
    assert section.list.counts_label.text().startswith("Awaiting review: 0   Returned: 1")


def test_the_author_sees_new_comments_replies_and_resolves(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    section = window.supervision
    section.open_session(clip.session_id)
    _wait_frame(qtbot, window, 0)
    section.review.comment_edit.setText("Lovely moment")
    QTest.mouseClick(section.review.comment_button, Qt.MouseButton.LeftButton)
    section._act_as(getpass.getuser())
    assert "1 new comments" in section.who_label.text()
    section.open_session(clip.session_id)  # the author looks: nothing new any more
    assert "new comments" not in section.who_label.text()
    assert not section.lock.locked and window.tag_editor.isEnabled()
    assert not section.review.sign_off_button.isEnabled()  # never on one's own session
    _click_comment(section.review.threads, 0)
    section.review.comment_edit.setText("Thank you")
    QTest.mouseClick(section.review.reply_button, Qt.MouseButton.LeftButton)
    top = section.review.threads.topLevelItem(0)
    assert top.childCount() == 1 and top.child(0).text(0).splitlines()[1] == "Thank you"
    section.review.threads.setCurrentItem(top)
    QTest.mouseClick(section.review.resolve_button, Qt.MouseButton.LeftButton)
    assert section.review.threads.topLevelItem(0).text(0).startswith("✓ ")


def test_audit_viewer_filters_checks_and_exports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.supervision.show_audit_trail()
    dialog = window.supervision.audit_dialog
    assert dialog is not None
    assert dialog.chain_label.text().startswith("Audit chain intact")
    everything = dialog.table.rowCount()
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("import_clip"))
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "import_clip"
    dialog.action_combo.setCurrentIndex(0)
    assert dialog.table.rowCount() == everything
    target = tmp_path / "trail.csv"
    dialog.export_to(target)
    qtbot.waitUntil(lambda: not dialog.job.is_running, timeout=WAIT_MS)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == everything and rows[0]["id"] == "1"
    dialog.check_chain()
    dialog.refresh()
    assert dialog.table.item(dialog.table.rowCount() - 1, 3).text() == "export_audit"
    dialog.done(0)


def test_session_report_is_written_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip, tmp_path: Path
) -> None:
    section = window.supervision
    section.open_session(clip.session_id, open_clip=False)
    assert section.review.report_button.isEnabled()
    target = tmp_path / "session.html"
    with qtbot.waitSignal(section.report_job.finished, timeout=WAIT_MS) as done:
        section.write_report(target)
    assert done.args == [""]
    assert "F-TEST" in target.read_text(encoding="utf-8")
    actions = [r[0] for r in library.db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "make_report"
