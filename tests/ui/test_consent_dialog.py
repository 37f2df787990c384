"""Recording, renewing and withdrawing consent from the library panel, and the family's state
at a glance in the library tree and beside their clips in reels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from attune_app.domain.models import Clip
from attune_app.services import reels as reel_service
from attune_app.services.importing import import_clip
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow


@pytest.fixture
def clip(library: Library, index_clip_file: Path) -> Clip:
    """A clip whose family has no consent recorded yet (as in a library from before Attune
    asked for it at import)."""
    return import_clip(library, index_clip_file, family_ref="F-TEST", session_date="2026-03-02")


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _family_text(window: MainWindow) -> str:
    return window.library_panel.model.item(0, 0).text()


def test_record_renew_and_withdraw_from_the_library_panel(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    panel = window.library_panel
    panel.select("family", 1)
    assert _family_text(window).endswith("⚠ Consent: none recorded")
    panel.consent_button.click()
    dialog = window.safeguarding.consent_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.state_text("recording") == "– not recorded"
    today = QDate.currentDate()
    dialog.purpose_combo.setCurrentText("recording")
    dialog.given_edit.setDate(today.addDays(-10))
    dialog.expires_check.setChecked(True)
    dialog.expires_edit.setDate(today.addDays(20))
    dialog.record_button.click()
    assert dialog.state_text("recording") == "⏳ expiring within 30 days"
    dialog.expires_edit.setDate(today.addDays(400))  # renewed: a new consent beside the old
    dialog.record_button.click()
    assert dialog.state_text("recording") == "✓ given"
    dialog.purpose_combo.setCurrentText("supervision")
    dialog.expires_check.setChecked(False)
    dialog.record_button.click()
    dialog.close()
    assert _family_text(window).splitlines()[1:] == ["✓ Consent:", "      recording, supervision"]

    reel = reel_service.create_reel(library, "For supervision", "supervision")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 2, 9)
    window.reels.refresh()
    window.reels.panel.set_reels(reel_service.list_reels(library), reel.id)
    window.reels.show_items()
    row = window.reels.panel.items.item(0).text()
    assert row.endswith("· F-TEST: supervision consent given")

    dialog = window.safeguarding.ask_consent(1)
    dialog.purpose_combo.setCurrentText("supervision")
    dialog.withdraw_button.click()
    assert dialog.state_text("supervision") == "✕ withdrawn"
    assert "1 moment left reels for supervision" in dialog.message.text()
    dialog.close()
    assert window.reels.panel.items.count() == 0
    assert "family F-TEST withdrew supervision consent" in window.reels.panel.removals_label.text()
    assert "supervision withdrawn" in _family_text(window)


def test_a_refused_consent_says_why(window: MainWindow) -> None:
    dialog = window.safeguarding.ask_consent(1)
    dialog.purpose_combo.setCurrentText("training")
    dialog.withdraw_button.click()
    assert "no training consent to withdraw" in dialog.message.text()
    dialog.expires_check.setChecked(True)
    dialog.expires_edit.setDate(QDate.currentDate().addDays(-5))
    dialog.record_button.click()
    assert "cannot expire before the day it was given" in dialog.message.text()
    dialog.close()
