"""The short summary at the end of a review, to confirm before it is ended."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from attune_app.domain.review_session import ReviewSummary


def summary_text(summary: ReviewSummary) -> str:
    session = summary.review.session
    lines = [
        f"Review of {session.date}, cycle {session.cycle}",
        f"Present: {summary.present_words}",
        f"Moments shared: {summary.moments_shown}",
        "",
    ]
    if summary.words:
        lines.append("What the parent said:")
        for line in summary.words:
            about = line.caption or f"Moment {line.position + 1}"
            lines.append(f"  {about}: “{line.text}”")
    else:
        lines.append("No words written down in this review.")
    return "\n".join(lines)


class ReviewSummaryDialog(QDialog):
    """Accepted: end the review; rejected: back to it."""

    def __init__(self, summary: ReviewSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("End of the review")
        self.text = QLabel(summary_text(summary))
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 16px; padding: 8px;")
        buttons = QDialogButtonBox()
        self.end_button = buttons.addButton("End review", QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = buttons.addButton(
            "Back to the review", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.end_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addWidget(buttons)
