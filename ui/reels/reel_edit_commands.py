"""Undo steps for shaping a reel: item fields, ranges, title cards, muting, deleting the reel.

Each writes through the services at once. Consecutive edits of the same fields of one item (a
drag of a trim handle, typing a caption) merge into one undo step, as Shotcut's marker
commands do with `mergeWith`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from attune_app.domain.models import Reel, ReelItem
from attune_app.services import reels as services
from attune_app.services.reel_restore import reel_with_items, restore_reel
from ui.library.library_controller import LibraryController, StoreCommand

EDIT_ITEM_ID = 0x5EE1
MUTE_BELOW_ID = 0x5EE2

FIELD_NAMES = {
    "in_frame": "trim start",
    "out_frame": "trim end",
    "caption": "caption",
    "speed": "speed",
    "hold_frame": "frame to hold",
    "hold_ms": "hold",
    "hold_at": "hold place",
    "muted": "sound",
    "title_text": "title text",
    "title_ms": "title seconds",
    "prompt": "question",
}


class EditReelItemCommand(StoreCommand):
    """Change fields of one reel item; the next edit of the same fields merges into this one."""

    def __init__(self, controller: LibraryController, item: ReelItem, **changes: Any) -> None:
        names = ", ".join(FIELD_NAMES.get(k, k) for k in changes)
        super().__init__(controller, f"Change {names}")
        self.reel_id = item.reel_id
        self.item_id = item.id
        self.fields = tuple(sorted(changes))
        self.before = {k: getattr(item, k) for k in self.fields}
        self.after = dict(changes)

    def id(self) -> int:
        return EDIT_ITEM_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditReelItemCommand):
            return False
        if (other.item_id, other.fields) != (self.item_id, self.fields):
            return False
        self.after = dict(other.after)
        if self.after == self.before:
            self.setObsolete(True)  # typed and then typed back: nothing to undo
        return True

    def apply(self) -> None:
        services.update_reel_item(self.library, self.item_id, **self.after)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        services.update_reel_item(self.library, self.item_id, **self.before)
        self.controller.reelsChanged.emit(self.reel_id)


class _AddItemCommand(StoreCommand):
    """Adds one item the first time; redo restores it with its id, undo removes it."""

    def __init__(self, controller: LibraryController, reel_id: int, text: str) -> None:
        super().__init__(controller, text)
        self.reel_id = reel_id
        self.item: ReelItem | None = None

    def add(self) -> ReelItem:  # pragma: no cover - every command overrides
        raise NotImplementedError

    def apply(self) -> None:
        if self.item is None:
            self.item = self.add()
        else:
            self.item = services.restore_reel_item(self.library, self.item)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        assert self.item is not None
        self.item = services.remove_reel_item(self.library, self.item.id)
        self.controller.reelsChanged.emit(self.reel_id)


class AddRangeToReelCommand(_AddItemCommand):
    def __init__(
        self,
        controller: LibraryController,
        reel_id: int,
        clip_id: int,
        in_frame: int,
        out_frame: int,
        position: int | None = None,
    ) -> None:
        super().__init__(controller, reel_id, "Add range to reel")
        self.clip_id, self.in_frame, self.out_frame = clip_id, in_frame, out_frame
        self.position = position

    def add(self) -> ReelItem:
        return services.add_range_to_reel(
            self.library,
            self.reel_id,
            self.clip_id,
            self.in_frame,
            self.out_frame,
            position=self.position,
        )


class AddTitleCardCommand(_AddItemCommand):
    def __init__(
        self,
        controller: LibraryController,
        reel_id: int,
        text: str,
        seconds: float,
        position: int | None = None,
    ) -> None:
        super().__init__(controller, reel_id, "Add title card")
        self.text, self.seconds, self.position = text, seconds, position

    def add(self) -> ReelItem:
        return services.add_title_card(
            self.library, self.reel_id, self.text, self.seconds, position=self.position
        )


class SetMuteBelowSpeedCommand(StoreCommand):
    def __init__(self, controller: LibraryController, reel: Reel, speed: float) -> None:
        super().__init__(controller, "Change when slow moments play silent")
        self.reel_id = reel.id
        self.before = reel.mute_below_speed
        self.after = speed

    def id(self) -> int:
        return MUTE_BELOW_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetMuteBelowSpeedCommand) or other.reel_id != self.reel_id:
            return False
        self.after = other.after
        if self.after == self.before:
            self.setObsolete(True)
        return True

    def apply(self) -> None:
        services.set_mute_below_speed(self.library, self.reel_id, self.after)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        services.set_mute_below_speed(self.library, self.reel_id, self.before)
        self.controller.reelsChanged.emit(self.reel_id)


class DeleteReelCommand(StoreCommand):
    """Delete a reel and its items; undo brings both back with their ids. A reel that holds a
    parent's reflections is refused by the service (and so never joins the stack)."""

    def __init__(self, controller: LibraryController, reel_id: int) -> None:
        super().__init__(controller, "Delete reel")
        self.reel_id = reel_id
        self.reel: Reel | None = None
        self.items: list[ReelItem] = []

    def apply(self) -> None:
        self.reel, self.items = reel_with_items(self.library, self.reel_id)
        services.delete_reel(self.library, self.reel_id)
        self.controller.reelsChanged.emit(0)

    def revert(self) -> None:
        assert self.reel is not None
        restore_reel(self.library, self.reel, self.items)
        self.controller.reelsChanged.emit(0)


class CreateReelCommand(StoreCommand):
    """Make a reel; undo deletes it (while it is still empty of reflections), redo brings it
    back with its id."""

    def __init__(self, controller: LibraryController, name: str, purpose: str) -> None:
        super().__init__(controller, "New reel")
        self.name, self.purpose = name, purpose
        self.reel: Reel | None = None
        self.items: list[ReelItem] = []

    def apply(self) -> None:
        if self.reel is None:
            self.reel = services.create_reel(self.library, self.name, self.purpose)
        else:
            restore_reel(self.library, self.reel, self.items)
        self.controller.reelsChanged.emit(0)

    def revert(self) -> None:
        assert self.reel is not None
        self.reel, self.items = reel_with_items(self.library, self.reel.id)
        services.delete_reel(self.library, self.reel.id)
        self.controller.reelsChanged.emit(0)
