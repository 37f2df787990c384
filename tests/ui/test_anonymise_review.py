"""The review screen of a training reel: the frame shown covered, detection on a worker with
progress, a box drawn on the frame, keep visible, a mute range and Confirm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from attune_app.anonymise.confirmation import confirmation_problem
from attune_app.anonymise.face_samples import photo_faces
from attune_app.anonymise.state import load
from attune_app.store.library import Library
from tests.anonymise.conftest import make_face_reel
from ui.anonymise.review_dialog import AnonymiseReviewDialog
from ui.library.library_controller import LibraryController


@pytest.mark.slow
def test_review_detect_draw_keep_mute_confirm(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Library.open(tmp_path / "lib", create=True, auto_backup=False) as library:
        from attune_app.services import ensure_local_person

        ensure_local_person(library, profile="trainer")
        reel = make_face_reel(library, tmp_path, photo_faces()[0], frames=8)
        controller = LibraryController(library)
        dialog = AnonymiseReviewDialog(controller, reel.reel.id)
        qtbot.addWidget(dialog)
        dialog.show()
        assert "not been looked for on 8 frame(s)" in dialog.status.text()
        dialog.start_detection()
        qtbot.waitUntil(
            lambda: not dialog.detection.is_running and dialog.detect_button.isEnabled(),
            timeout=120_000,
        )
        assert dialog.progress.value() == 8
        assert len(load(library, reel.reel.id).tracks) == 1
        assert dialog.covers.count() == 1 and "No trainer has reviewed" in dialog.status.text()

        dialog.slider.setValue(3)
        qtbot.waitUntil(lambda: dialog.shown == (reel.clip.id, 3), timeout=10_000)
        face = reel.truth[3]
        assert face is not None
        shown = dialog.view._image
        original = np.array(dialog.frames._videos[reel.clip.id].read(3))
        cx, cy = (face.x0 + face.x1) // 2, (face.y0 + face.y1) // 2
        covered = dialog.redaction.cover(reel.clip.id, 3, original.copy())
        assert not np.array_equal(
            covered[cy - 5 : cy + 5, cx - 5 : cx + 5], original[cy - 5 : cy + 5, cx - 5 : cx + 5]
        )
        for x, y in ((cx, cy), (cx - 10, cy + 10), (5, 5)):  # the screen shows the covered frame
            assert shown.pixelColor(x, y).getRgb()[:3] == tuple(int(v) for v in covered[y, x])

        target = dialog.view._target()
        qtbot.mousePress(
            dialog.view, Qt.MouseButton.LeftButton, pos=target.topLeft() + QPoint(5, 5)
        )
        qtbot.mouseMove(dialog.view, target.topLeft() + QPoint(60, 50))
        qtbot.mouseRelease(
            dialog.view, Qt.MouseButton.LeftButton, pos=target.topLeft() + QPoint(60, 50)
        )
        assert len(load(library, reel.reel.id).boxes) == 1
        controller.undo_stack.undo()
        assert load(library, reel.reel.id).boxes == ()

        dialog.covers.item(0).setCheckState(Qt.CheckState.Checked)
        assert load(library, reel.reel.id).tracks[0].keep_visible
        controller.undo_stack.undo()
        assert not load(library, reel.reel.id).tracks[0].keep_visible

        dialog.mute_from.setValue(0.04)
        dialog.mute_to.setValue(0.12)
        dialog.add_mute.click()
        assert [(m.start_s, m.end_s) for m in load(library, reel.reel.id).mutes] == [(0.04, 0.12)]

        dialog.confirm_button.click()
        assert confirmation_problem(library, reel.reel.id) is None
        assert "Confirmed" in dialog.status.text()
        dialog.done(0)
