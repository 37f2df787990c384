"""Families, their sessions and clips as a tree, with each family's consent in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from attune_app.domain.models import Clip, Family, Session
from attune_app.domain.timecode import format_seconds

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FAMILY, SESSION, CLIP = "family", "session", "clip"

SESSION_KIND_NAMES = {
    "filming": "Filming",
    "shared_review": "Shared review",
    "closing_review": "Closing review",
}


@dataclass(frozen=True)
class SessionNode:
    session: Session
    clips: Sequence[Clip] = ()


@dataclass(frozen=True)
class FamilyNode:
    family: Family
    consent_text: str  # e.g. "Consent: recording, supervision"
    consent_ok: bool
    sessions: Sequence[SessionNode] = field(default_factory=tuple)


class LibraryTreeModel(QStandardItemModel):
    """One column; each row says what it is on its first line and its details on the second
    (consent for a family, in words, so it never rests on colour alone)."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setHorizontalHeaderLabels(["Families, sessions and clips"])

    def set_families(self, families: Sequence[FamilyNode]) -> None:
        self.removeRows(0, self.rowCount())
        root = self.invisibleRootItem()
        for node in families:
            root.appendRow(_family_row(node))

    def find(self, kind: str, item_id: int) -> QStandardItem | None:
        stack = [self.item(r) for r in range(self.rowCount())]
        while stack:
            item = stack.pop()
            if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == item_id:
                return item
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return None


def family_title(ref: str) -> str:
    """`Family F-0012`; a reference that already says "family" is shown as it is."""
    return ref if "family" in ref.lower() else f"Family {ref}"


def _item(text: str, kind: str, item_id: int, tooltip: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(item_id, ID_ROLE)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _family_row(node: FamilyNode) -> list[QStandardItem]:
    family = node.family
    marker = "✓" if node.consent_ok else "⚠"
    text = f"{family_title(family.ref)}\n{marker} {node.consent_text}"
    name = _item(text, FAMILY, family.id, node.consent_text)
    for session_node in node.sessions:
        name.appendRow(_session_row(session_node))
    return [name]


def _session_row(node: SessionNode) -> list[QStandardItem]:
    session = node.session
    kind = SESSION_KIND_NAMES.get(session.kind, session.kind.replace("_", " ").capitalize())
    count = len(node.clips)
    clips = f"{count} clip{'s' if count != 1 else ''}"
    name = _item(f"{session.date} · {kind}\ncycle {session.cycle} · {clips}", SESSION, session.id)
    for clip in node.clips:
        name.appendRow(_clip_row(clip))
    return [name]


def _clip_row(clip: Clip) -> list[QStandardItem]:
    tooltip = (
        f"{clip.original_name}\n{clip.width}×{clip.height}, {clip.fps:.2f} fps, "
        f"{clip.frame_count} frames, {clip.codec_name}"
    )
    length = format_seconds(clip.duration_s, with_ms=False)
    return [
        _item(
            f"{clip.original_name}\n{length} · {clip.width}×{clip.height}", CLIP, clip.id, tooltip
        )
    ]
