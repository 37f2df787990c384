"""Filters, counts per state and the list of sessions for review."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Person
from attune_app.domain.supervision import REVIEW_STATES, STATE_WORDS, ReviewRow
from attune_app.services.supervision import ReviewFilter, state_counts
from ui.supervision.review_table_model import ReviewTableModel


class ReviewListWidget(QWidget):
    """GUI thread only. Emits `filtersChanged` when a filter changes, `sessionChosen(id)`."""

    filtersChanged = Signal()
    sessionChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practitioner_combo = QComboBox()
        self.family_edit = QLineEdit()
        self.family_edit.setPlaceholderText("family reference")
        self.state_combo = QComboBox()
        self.state_combo.addItem("All states", None)
        for state in REVIEW_STATES:
            self.state_combo.addItem(STATE_WORDS[state].capitalize(), state)
        self.use_dates = QCheckBox("Dates")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("ReviewCounts")
        self.counts_label.setWordWrap(True)
        self.model = ReviewTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow dock: field below
        who = QHBoxLayout()
        who.addWidget(self.practitioner_combo, 1)
        who.addWidget(self.state_combo, 1)
        form.addRow("Who, state", who)
        form.addRow("Family", self.family_edit)
        # the dates one under the other, and the combos a few letters wide: on one row they
        # made this dock (tabbed with the library) push the window past a laptop's screen
        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("to"))
        form.addRow(self.use_dates, dates)
        form.addRow("", self.date_to)
        for combo in (self.practitioner_combo, self.state_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.practitioner_combo.currentIndexChanged.connect(self.filtersChanged)
        self.family_edit.textChanged.connect(self.filtersChanged)
        self.state_combo.currentIndexChanged.connect(self.filtersChanged)
        self.use_dates.toggled.connect(self._on_dates_toggled)
        self.date_from.dateChanged.connect(self.filtersChanged)
        self.date_to.dateChanged.connect(self.filtersChanged)
        self.table.clicked.connect(lambda index: self.sessionChosen.emit(self._id_at(index.row())))
        self.table.activated.connect(
            lambda index: self.sessionChosen.emit(self._id_at(index.row()))
        )

    def _on_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.filtersChanged.emit()

    def _id_at(self, row: int) -> int:
        return self.model.rows[row].session_id

    def set_people(self, people: list[Person]) -> None:
        current = self.practitioner_combo.currentData()
        self.practitioner_combo.blockSignals(True)
        self.practitioner_combo.clear()
        self.practitioner_combo.addItem("Everyone", None)
        for person in people:
            self.practitioner_combo.addItem(person.display_name, person.id)
        found = self.practitioner_combo.findData(current)
        self.practitioner_combo.setCurrentIndex(max(found, 0))
        self.practitioner_combo.blockSignals(False)

    def current_filter(self) -> ReviewFilter:
        """The filters except the state (the counts cover every state)."""
        dates = self.use_dates.isChecked()
        return ReviewFilter(
            practitioner_id=self.practitioner_combo.currentData(),
            family_ref=self.family_edit.text().strip() or None,
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
        )

    def show_rows(self, rows: list[ReviewRow]) -> None:
        """`rows`: every state; the list shows those of the chosen state, the counts all."""
        counts = state_counts(rows)
        self.counts_label.setText(
            "   ".join(f"{STATE_WORDS[s].capitalize()}: {counts[s]}" for s in REVIEW_STATES)
        )
        state = self.state_combo.currentData()
        self.model.set_rows([r for r in rows if state is None or r.state == state])
        self.table.resizeColumnsToContents()

    def select_session(self, session_id: int) -> None:
        for number, row in enumerate(self.model.rows):
            if row.session_id == session_id:
                self.table.selectRow(number)
                return
