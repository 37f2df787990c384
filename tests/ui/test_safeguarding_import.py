"""The GUI import asks for recording consent when the family has none current."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from window_clips import write_index_clip

from attune_app.domain.models import Clip
from attune_app.services import reels as reel_service
from attune_app.services.consent_actions import consent_states, find_family, withdraw
from attune_app.services.consents import record_consent
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _ask(window: MainWindow, source: Path, ref: str) -> None:
    window.imports.ask([str(source)], None)
    dialog = window.imports.dialog
    assert dialog is not None
    dialog.family_combo.setCurrentText(ref)
    dialog.accept()


def test_import_asks_for_consent_then_records_it_and_imports(
    qtbot: QtBot, window: MainWindow, library: Library, tmp_path: Path
) -> None:
    source = write_index_clip(tmp_path / "visit.mp4", frames=12)
    _ask(window, source, "F-ASK")
    consent = window.imports.consent_dialog
    assert consent is not None and consent.isVisible()
    assert "F-ASK has no recording consent" in consent.message.text()
    assert not window.imports.controller.is_running  # nothing starts before the answer
    consent.date_edit.setDate(consent.date_edit.date().addDays(-3))
    with qtbot.waitSignal(window.imports.controller.finished, timeout=60_000):
        consent.accept()
    report = window.imports.last_report
    assert report is not None and [o.path.name for o in report.imported] == ["visit.mp4"]
    family = find_family(library, "F-ASK")
    assert consent_states(library, family.id)["recording"] == "given"


def test_cancelling_the_consent_question_imports_nothing(
    qtbot: QtBot, window: MainWindow, library: Library, tmp_path: Path
) -> None:
    source = write_index_clip(tmp_path / "visit.mp4", frames=12)
    _ask(window, source, "F-NO")
    consent = window.imports.consent_dialog
    assert consent is not None
    consent.reject()
    qtbot.wait(50)
    assert not window.imports.controller.is_running
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0
    assert library.db.execute("SELECT count(*) FROM families").fetchone()[0] == 0


def test_reel_panel_says_what_withdrawal_removed(
    window: MainWindow, library: Library, clip: Clip
) -> None:
    family = find_family(library, "F-TEST")
    record_consent(library, family.id, "supervision", given_on="2026-01-01")
    reel = reel_service.create_reel(library, "For supervision", "supervision")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 3, 9)
    reel_service.add_range_to_reel(library, reel.id, clip.id, 12, 20)
    window.reels.refresh()
    window.reels.panel.set_reels(reel_service.list_reels(library), reel.id)
    window.reels.show_items()
    assert window.reels.panel.items.count() == 2
    assert not window.reels.panel.removals_label.isVisible()
    withdraw(library, family.id, "supervision", withdrawn_on="2026-06-01")
    window.reels.show_items()
    assert window.reels.panel.items.count() == 0
    assert window.reels.panel.removals_label.isVisible()
    assert window.reels.panel.removals_label.text() == (
        "2 moments were removed on 2026-06-01: family F-TEST withdrew supervision consent."
    )
