"""A family's consent per purpose: its state at a glance, record or renew, and withdraw.

Consent is a record of what the family said, not an edit: it is not undone with Ctrl+Z. A
mistaken withdrawal is put right by recording the consent again (the family's clips then need
adding back to reels by hand, as withdrawal's effect on reels is meant to stick)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import CONSENT_PURPOSES, Family
from attune_app.services.consent_actions import STATE_WORDS, Withdrawal, consent_states, withdraw
from attune_app.services.consents import list_consents, record_consent
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library

COLUMNS = ("Purpose", "State", "Given on", "Expires on", "Withdrawn on")
STATE_MARKS = {"given": "✓", "expiring": "⏳", "expired": "⚠", "withdrawn": "✕", "none": "–"}


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ConsentDialog(QDialog):
    """GUI thread only; each button is one service call (one transaction, audited)."""

    def __init__(self, library: Library, family: Family, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.family = family
        self.last_withdrawal: Withdrawal | None = None
        self.setWindowTitle(f"Consent: family {family.ref}")
        self.setMinimumWidth(560)
        self.table = QTableWidget(len(CONSENT_PURPOSES), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Consent per purpose")
        self.purpose_combo = QComboBox()
        self.purpose_combo.addItems(list(CONSENT_PURPOSES))
        self.given_edit = _date_edit()
        self.expires_check = QCheckBox("Expires on")
        self.expires_edit = _date_edit()
        self.expires_edit.setDate(QDate.currentDate().addYears(1))
        self.expires_edit.setEnabled(False)
        self.record_button = QPushButton("Record consent")
        self.withdraw_edit = _date_edit()
        self.withdraw_button = QPushButton("Withdraw consent")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self._build()
        self.refresh()

    def _build(self) -> None:
        give = QGroupBox("Record or renew (a new consent beside the old one)")
        grid = QGridLayout(give)
        grid.addWidget(QLabel("Given on"), 0, 0)
        grid.addWidget(self.given_edit, 0, 1)
        grid.addWidget(self.expires_check, 1, 0)
        grid.addWidget(self.expires_edit, 1, 1)
        grid.addWidget(self.record_button, 2, 1)
        take = QGroupBox("Withdraw (acts at once: their clips leave reels for this use)")
        row = QHBoxLayout(take)
        row.addWidget(QLabel("Withdrawn on"))
        row.addWidget(self.withdraw_edit)
        row.addWidget(self.withdraw_button)
        purpose = QHBoxLayout()
        purpose.addWidget(QLabel("Purpose"))
        purpose.addWidget(self.purpose_combo, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(purpose)
        layout.addWidget(give)
        layout.addWidget(take)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)
        self.record_button.clicked.connect(self._record)
        self.withdraw_button.clicked.connect(self._withdraw)
        self.table.currentCellChanged.connect(
            lambda r, *_: self.purpose_combo.setCurrentIndex(r) if r >= 0 else None
        )

    def state_text(self, purpose: str) -> str:
        row = CONSENT_PURPOSES.index(purpose)
        item = self.table.item(row, 1)
        return item.text() if item is not None else ""

    def refresh(self) -> None:
        states = consent_states(self._library, self.family.id)
        consents = list_consents(self._library, self.family.id)
        for row, purpose in enumerate(CONSENT_PURPOSES):
            mine = [c for c in consents if c.purpose == purpose]
            latest = mine[-1] if mine else None
            state = states[purpose]
            cells = [
                purpose.capitalize(),
                f"{STATE_MARKS[state]} {STATE_WORDS[state]}",
                latest.given_on if latest else "",
                (latest.expires_on or "no expiry") if latest else "",
                (latest.withdrawn_on or "") if latest else "",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _record(self) -> None:
        purpose = self.purpose_combo.currentText()
        expires = (
            self.expires_edit.date().toString("yyyy-MM-dd")
            if self.expires_check.isChecked()
            else None
        )
        try:
            record_consent(
                self._library,
                self.family.id,
                purpose,
                given_on=self.given_edit.date().toString("yyyy-MM-dd"),
                expires_on=expires,
            )
        except LibraryError as error:
            self.message.setText(str(error))
            return
        self.message.setText(f"Recorded {purpose} consent.")
        self.refresh()

    def _withdraw(self) -> None:
        purpose = self.purpose_combo.currentText()
        try:
            result = withdraw(
                self._library,
                self.family.id,
                purpose,
                withdrawn_on=self.withdraw_edit.date().toString("yyyy-MM-dd"),
            )
        except LibraryError as error:
            self.message.setText(str(error))
            return
        self.last_withdrawal = result
        moved = len(result.removals)
        self.message.setText(
            f"Withdrew {purpose} consent."
            + (
                f" {moved} moment{'s' if moved != 1 else ''} left reels for {purpose}."
                if moved
                else ""
            )
        )
        self.refresh()
