"""After an import: which files came in, and for each one that failed, why and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.importing.import_controller import ImportReport

WHAT_TO_DO = (
    "What to do: check that each file plays on the phone or computer it came from, copy it "
    "again from the phone (a half-copied file often causes this), then import it again. "
    "The other files are in the library."
)


def report_text(report: ImportReport) -> str:
    lines = [f"• {o.path.name}: {_without_name(o.reason, o.path.name)}" for o in report.failed]
    return "\n".join(lines)


def _without_name(reason: str, name: str) -> str:
    """The services start their messages with the file's name; say it only once."""
    prefix = f"{name}: "
    return reason[len(prefix) :] if reason.startswith(prefix) else reason


def report_summary(report: ImportReport) -> str:
    done, failed = len(report.imported), len(report.failed)
    parts = [f"{done} file{'s' if done != 1 else ''} imported"]
    if failed:
        parts.append(f"{failed} could not be imported")
    if report.cancelled:
        parts.append("the rest were skipped (import cancelled)")
    return "; ".join(parts) + "."


class ImportReportDialog(QDialog):
    """Lists each failed file with its reason; shown only when something failed."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Some files were not imported")
        self.setMinimumWidth(560)
        self.report = report
        summary = QLabel(report_summary(report))
        summary.setObjectName("PanelTitle")
        summary.setWordWrap(True)
        self.details = QPlainTextEdit(report_text(report))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Files that failed and why")
        advice = QLabel(WHAT_TO_DO)
        advice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(advice)
        layout.addWidget(buttons)
