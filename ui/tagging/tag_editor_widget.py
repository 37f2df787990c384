"""Shows the tag being made, with the keys that change it, and holds its note field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.timecode import format_latency, format_seconds
from ui.tagging.key_legend_widget import KeyLegendWidget
from ui.tagging.tag_draft import TagDraft
from ui.tagging.tagging_controller import KEY_COUNT, ROLE_TITLES, TaggingController

_EMPTY = "—"


class TagEditorWidget(QWidget):
    """The draft tag as labelled rows. The controller is the source of truth."""

    def __init__(self, controller: TaggingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TagEditor")
        self._controller = controller
        self.title = QLabel("New tag")
        self.title.setObjectName("PanelTitle")
        self._values = {name: _value_label() for name in _ROWS}
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (press N)… then Enter to save")
        self.note_edit.setAccessibleName("Tag note")
        self.keys_title = QLabel()
        self.keys_title.setObjectName("SectionTitle")
        self.key_legend = KeyLegendWidget()
        self.hint_label = QLabel("Keys: I in · O out · C cue · R response · P principles · N note")
        self.hint_label.setObjectName("Muted")
        self.hint_label.setWordWrap(True)
        self.save_button = QPushButton("Save tag  (Enter)")
        self.save_button.setObjectName("PrimaryButton")
        self.discard_button = QPushButton("Clear  (Esc)")
        self._build()
        self.note_edit.textEdited.connect(controller.set_note)
        self.note_edit.returnPressed.connect(controller.save)
        self.save_button.clicked.connect(controller.save)
        self.discard_button.clicked.connect(controller.discard)
        controller.draftChanged.connect(self.show_draft)
        controller.noteEditRequested.connect(self.focus_note)
        self.show_draft(controller.draft)

    def _build(self) -> None:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        for name, caption in _ROWS.items():
            form.addRow(caption, self._values[name])
        form.addRow("Note", self.note_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.keys_title)
        layout.addWidget(self.key_legend)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)

    def focus_note(self) -> None:
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note_edit.selectAll()

    def show_draft(self, draft: TagDraft) -> None:
        c = self._controller
        self.title.setText("New tag" if draft.tag_id is None else "Editing saved tag")
        self._values["in"].setText(self._frame_text(draft.in_frame))
        self._values["out"].setText(self._frame_text(draft.out_frame))
        self._values["cue"].setText(self._mark_text(draft.cue_frame, draft.cue_code))
        self._values["response"].setText(self._mark_text(draft.response_frame, draft.response_code))
        latency = draft.latency_frames
        self._values["latency"].setText(
            _EMPTY if latency is None else format_latency(latency, c.fps)
        )
        principles = ", ".join(c.label_of(code) for code in draft.principle_codes)
        self._values["principles"].setText(principles or _EMPTY)
        if self.note_edit.text() != draft.note:
            self.note_edit.setText(draft.note)
        self._show_keys()

    def _show_keys(self) -> None:
        c = self._controller
        role = ROLE_TITLES.get(c.code_role, c.code_role)
        self.keys_title.setText(f"Number keys: {role.lower()} codes")
        choices = c.key_codes()[:KEY_COUNT]
        self.key_legend.set_texts(
            [f"{(slot + 1) % KEY_COUNT}  {choice.label}" for slot, choice in enumerate(choices)]
        )

    def _frame_text(self, frame: int | None) -> str:
        if frame is None:
            return _EMPTY
        return f"{format_seconds(frame / self._controller.fps)}   (frame {frame})"

    def _mark_text(self, frame: int | None, code: str | None) -> str:
        if frame is None and code is None:
            return _EMPTY
        label = self._controller.label_of(code) if code else "no code yet"
        where = "" if frame is None else f" at {format_seconds(frame / self._controller.fps)}"
        return f"{label}{where}"


_ROWS = {
    "in": "In",
    "out": "Out",
    "cue": "Infant cue",
    "response": "Parent response",
    "latency": "Latency",
    "principles": "Principles",
}


def _value_label() -> QLabel:
    label = QLabel(_EMPTY)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
