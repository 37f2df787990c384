"""The tags of the open clip as a Qt table model (read-only; edits go through undo commands)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from attune_app.domain.models import Tag
from attune_app.domain.timecode import format_latency, format_seconds

TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("Start", "Length", "Infant cue", "Response", "Latency", "Principles", "Note")
HEADERS = {"Infant cue": "Cue"}  # short headers keep the narrow dock readable
# Shown in each row's tooltip; hidden by default so the codes have room in the dock.
HIDDEN_BY_DEFAULT = ("Principles",)


class TagListModel(QAbstractTableModel):
    """One row per tag, in clip order."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._tags: list[Tag] = []
        self._fps = 25.0
        self._code_label: Callable[[str], str] = str
        self._author_name: Callable[[int | None], str] = lambda _id: ""

    def set_tags(self, tags: Sequence[Tag], fps: float) -> None:
        self.beginResetModel()
        self._tags = sorted(tags, key=lambda t: (t.in_frame, t.id))
        self._fps = fps if fps > 0 else 25.0
        self.endResetModel()

    def set_labels(
        self,
        code_label: Callable[[str], str],
        author_name: Callable[[int | None], str] | None = None,
    ) -> None:
        self.beginResetModel()
        self._code_label = code_label
        if author_name is not None:
            self._author_name = author_name
        self.endResetModel()

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def tag_at(self, row: int) -> Tag | None:
        return self._tags[row] if 0 <= row < len(self._tags) else None

    def row_of(self, tag_id: int) -> int:
        return next((row for row, tag in enumerate(self._tags) if tag.id == tag_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS.get(COLUMNS[section], COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        tag = self.tag_at(index.row())
        if tag is None:
            return None
        if role == TAG_ID_ROLE:
            return tag.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(tag, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(tag)
        return None

    def _display(self, tag: Tag, column: int) -> str:
        name = COLUMNS[column]
        if name == "Start":
            return format_seconds(tag.in_frame / self._fps, with_ms=False)
        if name == "Infant cue":
            return self._mark(tag.cue_code, tag.cue_frame)
        if name == "Response":
            return self._mark(tag.response_code, tag.response_frame)
        if name == "Latency":
            latency = tag.latency_frames
            # Frames are in the tooltip; the column stays narrow so the codes can be read.
            return "" if latency is None else f"{latency / self._fps:.2f} s"
        if name == "Length":
            length_s = (tag.out_frame - tag.in_frame + 1) / self._fps
            return "still" if tag.is_point else f"{length_s:.1f} s"
        if name == "Principles":
            return ", ".join(self._code_label(c) for c in tag.principle_codes)
        return tag.note.replace("\n", " ")

    def _mark(self, code: str | None, frame: int | None) -> str:
        if frame is None and code is None:
            return ""
        return self._code_label(code) if code else "(no code)"

    def _tooltip(self, tag: Tag) -> str:
        lines = [f"Frames {tag.in_frame}–{tag.out_frame}"]
        if tag.cue_frame is not None:
            lines.append(f"Infant cue at {format_seconds(tag.cue_frame / self._fps)}")
        if tag.response_frame is not None:
            lines.append(f"Parent response at {format_seconds(tag.response_frame / self._fps)}")
        if tag.latency_frames is not None:
            lines.append(f"Latency {format_latency(tag.latency_frames, self._fps)}")
        if tag.principle_codes:
            principles = ", ".join(self._code_label(c) for c in tag.principle_codes)
            lines.append(f"Principles: {principles}")
        author = self._author_name(tag.author_id)
        if author:
            lines.append(f"Tagged by {author}")
        if tag.note:
            lines.append(tag.note)
        return "\n".join(lines)
