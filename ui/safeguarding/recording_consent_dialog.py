"""Asks, before an import, for the recording consent the family has not (or no longer) given."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from attune_app.services.consent_actions import (
    RecordingConsentMissingError,
    require_recording_consent,
)
from attune_app.store.library import Library


class RecordingConsentDialog(QDialog):
    def __init__(self, missing: RecordingConsentMissingError, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Recording consent")
        self.family_ref = missing.family_ref
        self.message = QLabel(
            f"{missing} Attune keeps a family's films only with their consent to recording.\n\n"
            "If the family has given it, enter the day they gave it; it is recorded with the "
            "import. Otherwise cancel and ask the family first."
        )
        self.message.setWordWrap(True)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record consent and import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Consent to recording given on", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def given_on(self) -> str:
        return str(self.date_edit.date().toString("yyyy-MM-dd"))


def with_recording_consent(
    library: Library, family_ref: str, parent: QWidget, then: Callable[[], object]
) -> RecordingConsentDialog | None:
    """Run `then` at once when the family's recording consent is current; otherwise open a
    dialog (returned, not blocking) that records the consent and then runs `then`."""
    try:
        require_recording_consent(library, family_ref)
    except RecordingConsentMissingError as missing:
        dialog = RecordingConsentDialog(missing, parent)

        def record() -> None:
            require_recording_consent(library, family_ref, consent_recorded_on=dialog.given_on())
            then()

        dialog.accepted.connect(record)
        dialog.open()
        return dialog
    then()
    return None
