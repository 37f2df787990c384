"""The practitioner's side of the review: the item's question, their own note for it, what
the parent said in earlier reviews, who is present, and the box for the parent's words.

Shown beside the picture on the laptop (presenter view) or as a strip beside the parent's
view on one screen; never over the picture.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.review_session import PRESENT_ROLES, SaidBefore
from ui.review.review_controller import PresenterNotes
from ui.review.review_style import PRESENTER_STYLE

_EARLIER_SHOWN = 4
KEYS_HINT = (
    "Space play or freeze · ← back · → next · Enter again · S slower · "
    "F2 this strip (one screen) · Esc leave the words box, then end"
)


class PresenterPanelWidget(QWidget):
    wordsEdited = Signal(str)
    presentChanged = Signal(tuple)
    endRequested = Signal()
    swapRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PresenterPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(PRESENTER_STYLE)
        self.setMinimumWidth(320)
        self.prompt = self._label("Prompt")
        self.note = self._label("Note")
        self.said_here = self._label("SaidHere")
        self.earlier = self._label("Earlier")
        self.words = QPlainTextEdit()
        self.words.setObjectName("ParentWords")
        self.words.setPlaceholderText("The parent's own words, as they say them")
        self.words.textChanged.connect(lambda: self.wordsEdited.emit(self.words.toPlainText()))
        self.saved = QLabel("")
        self.saved.setObjectName("SavedLabel")
        self.present = {role: QCheckBox(role.title()) for role in PRESENT_ROLES}
        for box in self.present.values():
            box.toggled.connect(lambda _on: self.presentChanged.emit(self.present_roles()))
        self.end_button = QPushButton("End review…")
        self.end_button.clicked.connect(self.endRequested)
        self.swap_button = QPushButton("Swap screens")
        self.swap_button.clicked.connect(self.swapRequested)
        self._build()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("PanelHeading")
        return label

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.addWidget(self._heading("Ask"))
        column.addWidget(self.prompt)
        column.addWidget(self._heading("Your note"))
        column.addWidget(self.note)
        column.addWidget(self._heading("Said about this moment before"))
        column.addWidget(self.said_here)
        column.addWidget(self._heading("Said in earlier reviews"))
        column.addWidget(self.earlier)
        column.addWidget(self._heading("The parent's words"))
        column.addWidget(self.words, 1)
        column.addWidget(self.saved)
        column.addWidget(self._heading("Present"))
        roles = QGridLayout()
        for n, box in enumerate(self.present.values()):
            roles.addWidget(box, n // 3, n % 3)
        column.addLayout(roles)
        keys = QLabel(KEYS_HINT)
        keys.setObjectName("KeysHint")
        keys.setWordWrap(True)
        column.addWidget(keys)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        column.addLayout(buttons)

    def show_notes(self, notes: PresenterNotes) -> None:
        self.prompt.setText(notes.prompt or "What do you notice here?")
        self.note.setText(notes.note or "—")
        self.said_here.setText(_said(notes.said_here_before) or "Nothing yet.")
        others = [s for s in notes.said_before if s not in notes.said_here_before]
        self.earlier.setText(_said(tuple(others[:_EARLIER_SHOWN])) or "Nothing yet.")
        self.words.blockSignals(True)
        self.words.setPlainText(notes.words)
        self.words.blockSignals(False)
        self.words.setEnabled(notes.can_write)
        self.saved.setText("")

    def set_present(self, roles: tuple[str, ...]) -> None:
        for role, box in self.present.items():
            box.blockSignals(True)
            box.setChecked(role in roles)
            box.blockSignals(False)

    def present_roles(self) -> tuple[str, ...]:
        return tuple(role for role, box in self.present.items() if box.isChecked())

    def show_saved(self) -> None:
        self.saved.setText("Saved")


def _said(lines: tuple[SaidBefore, ...]) -> str:
    return "\n".join(f"Cycle {s.cycle} ({s.date}): “{s.text}”" for s in lines)
