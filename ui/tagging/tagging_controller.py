"""Keyboard-first tagging: I, O, C, R, the number keys, N and Enter change one `TagDraft`.

Saving turns the draft into an undo step (add or edit), written to the store at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from attune_app.domain.models import Tag
from attune_app.domain.timecode import format_latency
from attune_app.services import tags as tag_service
from attune_app.store.errors import NotFoundError
from ui.library.library_controller import LibraryController
from ui.tagging.tag_commands import AddTagCommand, UpdateTagCommand, tag_fields
from ui.tagging.tag_draft import CUE, PRINCIPLE, RESPONSE, TagDraft


@dataclass(frozen=True)
class CodeChoice:
    """A code of an active scheme; number keys 1-9 and 0 pick from the codes of one role."""

    code: str
    label: str
    role: str  # "cue" | "response" | "principle"


CODE_ROLES = (CUE, RESPONSE, PRINCIPLE)
ROLE_TITLES = {CUE: "Infant cue", RESPONSE: "Parent response", PRINCIPLE: "Principle"}
KEY_COUNT = 10  # keys 1..9 then 0


class TaggingController(QObject):
    """The tag being made. Call only from the GUI thread."""

    draftChanged = Signal(object)  # TagDraft
    tagSaved = Signal(int)  # tag id
    message = Signal(str)  # a short status-bar message
    noteEditRequested = Signal()

    def __init__(
        self,
        library: LibraryController,
        current_frame: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._current_frame = current_frame
        self._clip_id: int | None = None
        self._fps = 25.0
        self._draft = TagDraft()
        self._codes: dict[str, list[CodeChoice]] = {}
        self._code_role = PRINCIPLE

    # -- state ---------------------------------------------------------------------------------
    @property
    def draft(self) -> TagDraft:
        return self._draft

    @property
    def clip_id(self) -> int | None:
        return self._clip_id

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def code_role(self) -> str:
        """Which codes the number keys apply now: the cue's after C, the response's after R."""
        return self._code_role

    def key_codes(self) -> list[CodeChoice]:
        """The codes on keys 1, 2, ... 9, 0 for the current role."""
        return self._codes.get(self._code_role, [])[:KEY_COUNT]

    def set_codes(self, codes: Sequence[CodeChoice]) -> None:
        self._codes = {}
        for choice in codes:
            self._codes.setdefault(choice.role, []).append(choice)
        self.draftChanged.emit(self._draft)

    def set_code_role(self, role: str) -> None:
        self._code_role = role
        self.draftChanged.emit(self._draft)

    def label_of(self, code: str) -> str:
        for choices in self._codes.values():
            for choice in choices:
                if choice.code == code:
                    return choice.label
        return code.replace("_", " ")

    def set_clip(self, clip_id: int | None, fps: float) -> None:
        self._clip_id = clip_id
        self._fps = fps if fps > 0 else 25.0
        self._set_draft(TagDraft())

    def _set_draft(self, draft: TagDraft) -> None:
        self._draft = draft
        self.draftChanged.emit(draft)

    def _ready(self) -> bool:
        if self._clip_id is None:
            self.message.emit("Open a clip from the library first.")
            return False
        return True

    # -- keyboard commands ------------------------------------------------------------------------
    def set_in(self) -> None:
        if self._ready():
            self._set_draft(self._draft.with_in(self._current_frame()))

    def set_out(self) -> None:
        if self._ready():
            self._set_draft(self._draft.with_out(self._current_frame()))

    def mark_cue(self) -> None:
        if self._ready():
            self._code_role = CUE
            self._set_draft(self._draft.with_cue(self._current_frame()))

    def mark_response(self) -> None:
        if not self._ready():
            return
        self._code_role = RESPONSE
        self._set_draft(self._draft.with_response(self._current_frame()))
        latency = self._draft.latency_frames
        if latency is not None:
            self.message.emit(f"Response latency {format_latency(latency, self._fps)}")

    def apply_code(self, slot: int) -> None:
        """Apply the code on a number key (slot 0 is key 1, ..., slot 9 is key 0)."""
        choices = self.key_codes()
        if not 0 <= slot < len(choices):
            role = ROLE_TITLES.get(self._code_role, self._code_role).lower()
            self.message.emit(f"No {role} code on key {(slot + 1) % KEY_COUNT}.")
            return
        if self._ready():
            choice = choices[slot]
            self._set_draft(self._draft.with_code(choice.code, choice.role))

    def set_note(self, note: str) -> None:
        if note != self._draft.note:
            self._draft = self._draft.with_note(note)  # no signal: the note field is the source

    def edit_note(self) -> None:
        if self._ready():
            self.noteEditRequested.emit()

    def edit_tag(self, tag: Tag) -> None:
        """Load a saved tag into the draft; Enter then saves the changes as one undo step."""
        self._set_draft(TagDraft.from_tag(tag))

    def discard(self) -> None:
        self._code_role = PRINCIPLE
        self._set_draft(TagDraft())

    def save(self) -> int | None:
        """Save the draft as a new tag or as changes to the tag it edits; returns the tag id."""
        if not self._ready():
            return None
        assert self._clip_id is not None
        draft = self._draft
        if draft.is_empty:
            self.message.emit("Nothing to save yet: mark a moment with I, O, C or R.")
            return None
        fields = draft.fields(self._current_frame())
        try:
            tag_id = self._write(draft, fields)
        except Exception as error:  # shown to the user; the draft is kept to try again
            self.message.emit(f"The tag was not saved: {error}")
            return None
        self._code_role = PRINCIPLE
        self._set_draft(TagDraft())
        if tag_id is not None:
            self.tagSaved.emit(tag_id)
        return tag_id

    def _write(self, draft: TagDraft, fields: dict[str, object]) -> int | None:
        assert self._clip_id is not None
        if draft.tag_id is None:
            add = AddTagCommand(self._library, self._clip_id, fields)
            self._library.push(add)
            assert add.tag is not None
            self.message.emit("Tag saved.")
            return add.tag.id
        before = self._find(draft.tag_id)
        changes = fields if before is None else _changed(tag_fields(before), fields)
        if not changes:
            self.message.emit("No changes to save.")
            return draft.tag_id
        self._library.push(UpdateTagCommand(self._library, draft.tag_id, changes))
        self.message.emit("Tag updated.")
        return draft.tag_id

    def _find(self, tag_id: int) -> Tag | None:
        try:
            return tag_service.get_tag(self._library.library, tag_id)
        except NotFoundError:
            return None


def _changed(before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in after.items() if before.get(k) != v}
