"""Reel › Export…: quality, captions (burned in or a sidecar file), watermark, and where to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.export.output_plan import QUALITY_PRESETS, ExportSettings

QUALITY_NAMES = {
    "draft": "Draft (quick to make, for a first look)",
    "standard": "Standard (to share)",
    "high": "High (to keep; slower)",
}
CAPTION_NAMES = {
    "burn": "Burned into the picture",
    "srt": "Beside the video, as an .srt file",
    "vtt": "Beside the video, as a .vtt file",
    "none": "No captions",
}
TRAINING_WATERMARK = "For training use only"


class ExportDialog(QDialog):
    def __init__(
        self, reel_name: str, purpose: str, target: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export reel")
        self.setMinimumWidth(520)
        self.quality_combo = _combo(QUALITY_NAMES, "standard", "Quality")
        self.captions_combo = _combo(CAPTION_NAMES, "burn", "Captions")
        self.watermark_edit = QLineEdit(TRAINING_WATERMARK if purpose == "training" else "")
        self.watermark_edit.setAccessibleName("Watermark")
        self.watermark_edit.setPlaceholderText("None (e.g. For training use only, your service)")
        self.path_edit = QLineEdit(str(target))
        self.path_edit.setAccessibleName("Save as")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(choose)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(self._update_ok)
        heading = QLabel(f"“{reel_name}” as one MP4 video that plays anywhere.")
        hint = QLabel("Consent for the reel's purpose is checked before anything is written.")
        hint.setObjectName("Muted")
        form = QFormLayout()
        form.addRow("Quality", self.quality_combo)
        form.addRow("Captions", self.captions_combo)
        form.addRow("Watermark", self.watermark_edit)
        form.addRow("Save as", where)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def target(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix.lower() == ".mp4" else path.with_suffix(".mp4")

    def settings(self) -> ExportSettings:
        return ExportSettings(
            quality=str(self.quality_combo.currentData()),
            captions=str(self.captions_combo.currentData()),
            watermark=self.watermark_edit.text().strip(),
        )

    def _choose(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export reel as", self.path_edit.text(), "MP4 video (*.mp4)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _update_ok(self) -> None:
        ok = bool(self.path_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def _combo(names: dict[str, str], current: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    for key, words in names.items():
        combo.addItem(words, key)
    combo.setCurrentIndex(list(names).index(current))
    assert set(QUALITY_PRESETS) <= set(QUALITY_NAMES)
    return combo
