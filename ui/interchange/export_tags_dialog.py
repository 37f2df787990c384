"""File › Export tags…: which tags (this clip, its session, its family), which format, where.
The default file name carries ids only, never a family reference."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from attune_app.domain.models import Clip
from attune_app.interchange.selection import default_stem
from attune_app.interchange.tag_export import PER_CLIP_FORMATS, SUFFIX

FORMAT_LABELS = (
    ("eaf", "ELAN annotation file (.eaf)"),
    ("boris", "BORIS tabular events (.tsv)"),
    ("boris-aggregated", "BORIS aggregated events (.tsv)"),
    ("csv", "Table for R or SPSS (.csv)"),
    ("json", "JSON with every field (.json)"),
    ("srt", "Subtitles of cues and responses (.srt)"),
    ("vtt", "WebVTT subtitles of cues and responses (.vtt)"),
)
SCOPES = (
    ("clip", "This clip"),
    ("session", "Every clip of this session"),
    ("family", "Every clip of this family"),
)


class ExportTagsDialog(QDialog):
    """GUI thread only."""

    def __init__(self, clip: Clip, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export tags")
        self.setObjectName("ExportTagsDialog")
        self._clip = clip
        self._folder = folder
        form = QFormLayout(self)
        self.format_combo = QComboBox()
        for key, label in FORMAT_LABELS:
            self.format_combo.addItem(label, key)
        self.scope_combo = QComboBox()
        for key, label in SCOPES:
            self.scope_combo.addItem(label, key)
        self.path_edit = QLineEdit()
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit)
        where.addWidget(choose)
        form.addRow("Format", self.format_combo)
        form.addRow("Tags of", self.scope_combo)
        form.addRow("Save as", where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format_combo.currentIndexChanged.connect(lambda _i: self._default_path())
        self.scope_combo.currentIndexChanged.connect(lambda _i: self._default_path())
        self._default_path()

    def file_format(self) -> str:
        return str(self.format_combo.currentData())

    def scope(self) -> str:
        return str(self.scope_combo.currentData())

    def out_path(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def _default_path(self) -> None:
        fmt, scope = self.file_format(), self.scope()
        several = scope != "clip"
        if several and fmt in PER_CLIP_FORMATS:
            self.path_edit.setText(str(self._folder))  # one file per clip, named by clip id
            return
        if scope == "clip":
            stem = default_stem(clip_id=self._clip.id)
        elif scope == "session":
            stem = default_stem(session_id=self._clip.session_id)
        else:
            stem = default_stem()
        self.path_edit.setText(str(self._folder / f"{stem}{SUFFIX[fmt]}"))

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Export tags to")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(self.path_edit.text())
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()
