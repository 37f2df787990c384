"""The audit trail viewer: filter by person, action, entity and date; the hash chain checked
("intact" or the entry that breaks it); export of what is shown to CSV, off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.supervision import AuditRow
from attune_app.services.audit_trail import (
    AuditFilter,
    audit_rows,
    chain_status,
    distinct_values,
    record_export,
)
from attune_app.services.people import list_people
from attune_app.store.library import Library
from ui.supervision.audit_export_job import AuditExportJob
from ui.widgets.messages import show_error, show_info

_COLUMNS = ("Entry", "When (UTC)", "Person", "Action", "Entity", "Id", "Details")


class AuditTrailDialog(QDialog):
    """GUI thread only."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AuditTrailDialog")
        self.setWindowTitle("Audit trail")
        self.resize(1000, 600)
        self.library = library
        self.rows: list[AuditRow] = []
        self.person_combo = _combo("Everyone")
        for person in list_people(library):
            self.person_combo.addItem(person.display_name, person.id)
        self.action_combo = _combo("Every action", distinct_values(library, "action"))
        self.entity_combo = _combo("Every entity", distinct_values(library, "entity"))
        self.use_dates = QCheckBox("Dates")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.chain_label = QLabel()
        self.chain_label.setObjectName("AuditChainStatus")
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton("Export CSV…")
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.hide()
        self.job = AuditExportJob(self)
        self._layout()
        self._connect()
        self.check_chain()
        self.refresh()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (
            self.person_combo,
            self.action_combo,
            self.entity_combo,
            self.use_dates,
            self.date_from,
            QLabel("to"),
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.chain_label, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        for combo in (self.person_combo, self.action_combo, self.entity_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.use_dates.toggled.connect(lambda _on: self.refresh())
        self.date_from.dateChanged.connect(lambda _d: self.refresh())
        self.date_to.dateChanged.connect(lambda _d: self.refresh())
        self.export_button.clicked.connect(self._ask_export)
        self.cancel_button.clicked.connect(self.job.cancel)
        self.job.progressed.connect(self.progress.setValue)
        self.job.finished.connect(self._on_exported)

    def current_filter(self) -> AuditFilter:
        dates = self.use_dates.isChecked()
        return AuditFilter(
            person_id=self.person_combo.currentData(),
            action=self.action_combo.currentData(),
            entity=self.entity_combo.currentData(),
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
        )

    def check_chain(self) -> None:
        status = chain_status(self.library)
        self.chain_label.setText(status.describe().capitalize())
        colour = "#1b5e20" if status.intact else "#b71c1c"
        self.chain_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def refresh(self) -> None:
        self.rows = audit_rows(self.library, self.current_filter())
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            details = json.dumps(row.details, sort_keys=True)
            values = (row.id, row.at[:19].replace("T", " "), row.person, row.action, row.entity)
            cells = [*values, "" if row.entity_id is None else row.entity_id, details]
            for column, value in enumerate(cells):
                self.table.setItem(number, column, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail", "audit-trail.csv", "CSV (*.csv)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, target: Path) -> None:
        if self.job.start(self.rows, target):
            self.progress.setValue(0)
            self.progress.show()
            self.cancel_button.setEnabled(True)
            self.export_button.setEnabled(False)

    def _on_exported(self, count: int, error: str) -> None:
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self.export_button.setEnabled(True)
        if error:
            show_error(self, "The audit trail was not exported", error, "Choose another folder.")
            return
        record_export(self.library, count)
        show_info(self, "Audit trail exported", f"{count} entries written.")

    def done(self, result: int) -> None:
        self.job.shutdown()
        super().done(result)


def _combo(everything: str, values: list[str] | None = None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, None)
    for value in values or []:
        combo.addItem(value, value)
    return combo
