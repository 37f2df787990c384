"""Undo steps for tags. Each writes through the services at once (house style: Undo)."""

from __future__ import annotations

from typing import Any

from attune_app.domain.models import Tag
from attune_app.services import tags as services
from ui.library.library_controller import LibraryController, StoreCommand

# Ids for QUndoCommand.mergeWith; only commands with the same id are offered for merging.
EDGE_DRAG_ID = 1001

TAG_FIELDS = services.EDITABLE_FIELDS  # what an undo step may change on a tag


def tag_fields(tag: Tag, names: tuple[str, ...] = TAG_FIELDS) -> dict[str, Any]:
    return {name: getattr(tag, name) for name in names}


class AddTagCommand(StoreCommand):
    def __init__(self, controller: LibraryController, clip_id: int, fields: dict[str, Any]):
        super().__init__(controller, "Add tag")
        self.clip_id = clip_id
        self.fields = dict(fields)
        self.tag: Tag | None = None

    def apply(self) -> None:
        if self.tag is None:
            self.tag = services.add_tag(self.library, self.clip_id, **self.fields)
        else:
            self.tag = services.restore_tag(self.library, self.tag)
        self.controller.tagsChanged.emit(self.clip_id)

    def revert(self) -> None:
        assert self.tag is not None
        services.delete_tag(self.library, self.tag.id)
        self.controller.tagsChanged.emit(self.clip_id)


class UpdateTagCommand(StoreCommand):
    """Change some fields of a tag; undo puts back the values it had before."""

    def __init__(
        self,
        controller: LibraryController,
        tag_id: int,
        changes: dict[str, Any],
        text: str = "Edit tag",
    ):
        super().__init__(controller, text)
        self.tag_id = tag_id
        self.changes = dict(changes)
        self.before: Tag | None = None
        self.clip_id = 0

    def apply(self) -> None:
        change = services.update_tag(self.library, self.tag_id, **self.changes)
        if self.before is None:
            self.before = change.before
        self.clip_id = change.after.clip_id
        self.controller.tagsChanged.emit(self.clip_id)

    def revert(self) -> None:
        assert self.before is not None
        services.update_tag(self.library, self.tag_id, **tag_fields(self.before))
        self.controller.tagsChanged.emit(self.clip_id)


class DragTagEdgeCommand(UpdateTagCommand):
    """One drag of one tag edge on the timeline; the moves of a drag merge into one step."""

    def __init__(
        self, controller: LibraryController, tag_id: int, edge: str, frame: int, drag_serial: int
    ):
        field = {"in": "in_frame", "out": "out_frame", "cue": "cue_frame"}.get(edge)
        field = field or ("response_frame" if edge == "response" else edge)
        super().__init__(controller, tag_id, {field: frame}, text=f"Move tag {edge}")
        self.edge = edge
        self.drag_serial = drag_serial

    def id(self) -> int:
        return EDGE_DRAG_ID

    def mergeWith(self, other: object) -> bool:
        if not isinstance(other, DragTagEdgeCommand):
            return False
        same = (other.tag_id, other.edge, other.drag_serial)
        if same != (self.tag_id, self.edge, self.drag_serial):
            return False
        # `other` has already written its frame; keep our `before` for a single undo.
        self.changes = dict(other.changes)
        return True


class DeleteTagCommand(StoreCommand):
    def __init__(self, controller: LibraryController, tag_id: int):
        super().__init__(controller, "Delete tag")
        self.tag_id = tag_id
        self.tag: Tag | None = None

    def apply(self) -> None:
        self.tag = services.delete_tag(self.library, self.tag_id)
        self.controller.tagsChanged.emit(self.tag.clip_id)

    def revert(self) -> None:
        assert self.tag is not None
        restored = services.restore_tag(self.library, self.tag)
        self.tag_id = restored.id
        self.controller.tagsChanged.emit(restored.clip_id)
