"""Undo steps for reels: add tags, move an item, remove an item. Each writes through at once."""

from __future__ import annotations

from collections.abc import Sequence

from attune_app.domain.models import ReelItem
from attune_app.services import reels as services
from ui.library.library_controller import LibraryController, StoreCommand


class AddTagsToReelCommand(StoreCommand):
    def __init__(self, controller: LibraryController, reel_id: int, tag_ids: Sequence[int]):
        count = len(tag_ids)
        super().__init__(controller, f"Add {count} tag{'s' if count != 1 else ''} to reel")
        self.reel_id = reel_id
        self.tag_ids = list(tag_ids)
        self.items: list[ReelItem] = []

    def apply(self) -> None:
        if not self.items:
            self.items = list(services.add_tags_to_reel(self.library, self.reel_id, self.tag_ids))
        else:
            self.items = [services.restore_reel_item(self.library, i) for i in self.items]
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        for item in reversed(self.items):
            services.remove_reel_item(self.library, item.id)
        self.controller.reelsChanged.emit(self.reel_id)


class MoveReelItemCommand(StoreCommand):
    def __init__(self, controller: LibraryController, item: ReelItem, new_position: int) -> None:
        super().__init__(controller, "Move reel item")
        self.reel_id = item.reel_id
        self.item_id = item.id
        self.old_position = item.position
        self.new_position = new_position

    def apply(self) -> None:
        services.move_reel_item(self.library, self.item_id, self.new_position)
        self.controller.reelsChanged.emit(self.reel_id)

    def revert(self) -> None:
        services.move_reel_item(self.library, self.item_id, self.old_position)
        self.controller.reelsChanged.emit(self.reel_id)


class RemoveReelItemCommand(StoreCommand):
    def __init__(self, controller: LibraryController, item: ReelItem) -> None:
        super().__init__(controller, "Remove from reel")
        self.item = item

    def apply(self) -> None:
        services.remove_reel_item(self.library, self.item.id)
        self.controller.reelsChanged.emit(self.item.reel_id)

    def revert(self) -> None:
        self.item = services.restore_reel_item(self.library, self.item)
        self.controller.reelsChanged.emit(self.item.reel_id)


class RenameReelCommand(StoreCommand):
    def __init__(self, controller: LibraryController, reel_id: int, name: str) -> None:
        super().__init__(controller, "Rename reel")
        self.reel_id = reel_id
        self.new_name = name
        self.old_name = ""

    def apply(self) -> None:
        self.old_name = services.rename_reel(self.library, self.reel_id, self.new_name).name
        self.controller.reelsChanged.emit(0)

    def revert(self) -> None:
        services.rename_reel(self.library, self.reel_id, self.old_name)
        self.controller.reelsChanged.emit(0)
