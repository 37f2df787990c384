"""Undo steps for a reel's anonymisation; each writes through the anonymise functions at once
and says the reel changed (the review dialog reloads from the store)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from attune_app.anonymise import editing
from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.model import ManualBox, MuteRange
from attune_app.services.reels import update_reel_item
from ui.library.library_controller import LibraryController, StoreCommand


class AddBoxCommand(StoreCommand):
    def __init__(
        self,
        controller: LibraryController,
        reel_id: int,
        clip_id: int,
        frame: int,
        rect: Rect,
        item_id: int | None,
    ) -> None:
        super().__init__(controller, "Add face box")
        self.reel_id, self.clip_id, self.frame, self.rect, self.item_id = (
            reel_id,
            clip_id,
            frame,
            rect,
            item_id,
        )
        self.box: ManualBox | None = None

    def apply(self) -> None:
        if self.box is None:
            self.box = editing.add_box(
                self.library,
                self.reel_id,
                self.clip_id,
                self.frame,
                self.rect,
                reel_item_id=self.item_id,
            )
        else:
            editing.restore_box(self.library, self.box)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        assert self.box is not None
        editing.delete_box(self.library, self.box.id)
        self.controller.reelsChanged.emit(self.reel_id)


class SetBoxKeyCommand(StoreCommand):
    """Move or resize a box on one frame (a keyframe there)."""

    def __init__(
        self,
        controller: LibraryController,
        box: ManualBox,
        frame: int,
        rect: Rect,
        text: str = "Move face box",
    ):
        super().__init__(controller, text)
        self.box, self.frame, self.rect = box, frame, rect

    def apply(self) -> None:
        editing.set_box_key(self.library, self.box.id, self.frame, self.rect)
        self.controller.reelsChanged.emit(self.box.reel_id)

    def revert(self) -> None:
        old = next((k for k in self.box.keys if k.frame == self.frame), None)
        if old is not None:
            editing.set_box_key(self.library, self.box.id, self.frame, old.rect)
        else:
            editing.remove_box_key(self.library, self.box.id, self.frame)
        self.controller.reelsChanged.emit(self.box.reel_id)


class NudgeBoxCommand(SetBoxKeyCommand):
    """An arrow-key nudge; nudges of one box on one frame in a row are one undo step."""

    MERGE_ID = 0x4E55

    def __init__(self, controller: LibraryController, box: ManualBox, frame: int, rect: Rect):
        super().__init__(controller, box, frame, rect)
        self.setText("Nudge face box")

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NudgeBoxCommand):
            return False
        if (other.box.id, other.frame) != (self.box.id, self.frame):
            return False
        self.rect = other.rect  # already written by `other`; undo goes back past both
        return True


class KeepVisibleCommand(StoreCommand):
    def __init__(
        self, controller: LibraryController, reel_id: int, kind: str, record_id: int, keep: bool
    ) -> None:
        super().__init__(controller, "Keep visible" if keep else "Cover again")
        self.reel_id, self.kind, self.record_id, self.keep = reel_id, kind, record_id, keep

    def _set(self, keep: bool) -> None:
        if self.kind == "track":
            editing.set_track_keep_visible(self.library, self.record_id, keep)
        else:
            editing.set_box_keep_visible(self.library, self.record_id, keep)
        self.controller.reelsChanged.emit(self.reel_id)

    def apply(self) -> None:
        self._set(self.keep)

    def revert(self) -> None:
        self._set(not self.keep)


class AddMuteCommand(StoreCommand):
    def __init__(
        self,
        controller: LibraryController,
        reel_id: int,
        clip_id: int,
        start_s: float,
        end_s: float,
    ) -> None:
        super().__init__(controller, "Mute range")
        self.reel_id, self.clip_id, self.start_s, self.end_s = reel_id, clip_id, start_s, end_s
        self.mute: MuteRange | None = None

    def apply(self) -> None:
        if self.mute is None:
            self.mute = editing.add_mute(
                self.library, self.reel_id, self.clip_id, self.start_s, self.end_s
            )
        else:
            editing.restore_mute(self.library, self.mute)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        assert self.mute is not None
        editing.delete_mute(self.library, self.mute.id)
        self.controller.reelsChanged.emit(self.reel_id)


class DeleteMuteCommand(StoreCommand):
    def __init__(self, controller: LibraryController, mute: MuteRange) -> None:
        super().__init__(controller, "Remove mute range")
        self.mute = mute

    def apply(self) -> None:
        editing.delete_mute(self.library, self.mute.id)
        self.controller.reelsChanged.emit(self.mute.reel_id)

    def revert(self) -> None:
        editing.restore_mute(self.library, self.mute)
        self.controller.reelsChanged.emit(self.mute.reel_id)


class SettingCommand(StoreCommand):
    def __init__(self, controller: LibraryController, reel_id: int, name: str, value: str):
        super().__init__(controller, f"Change {name}")
        self.reel_id, self.name, self.value, self.old = reel_id, name, value, ""

    def apply(self) -> None:
        before = editing.update_settings(self.library, self.reel_id, **{self.name: self.value})
        self.old = getattr(before, self.name)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        editing.update_settings(self.library, self.reel_id, **{self.name: self.old})
        self.controller.reelsChanged.emit(self.reel_id)


class MuteItemCommand(StoreCommand):
    def __init__(self, controller: LibraryController, reel_id: int, item_id: int, muted: bool):
        super().__init__(controller, "Mute whole item" if muted else "Unmute item")
        self.reel_id, self.item_id, self.muted = reel_id, item_id, muted

    def apply(self) -> None:
        update_reel_item(self.library, self.item_id, muted=self.muted)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        update_reel_item(self.library, self.item_id, muted=not self.muted)
        self.controller.reelsChanged.emit(self.reel_id)
