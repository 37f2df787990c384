"""The undo step of a tag import: the first run imports (all or nothing); undo removes exactly
the tags it added; redo puts the same tags back with the same ids."""

from __future__ import annotations

from pathlib import Path

from attune_app.interchange.mapping import TagMapping
from attune_app.interchange.tag_import import (
    ImportReport,
    import_tags,
    remove_imported_tags,
    restore_imported_tags,
)
from ui.library.library_controller import LibraryController, StoreCommand


class ImportTagsCommand(StoreCommand):
    def __init__(
        self,
        controller: LibraryController,
        path: Path,
        clip_id: int,
        mapping: TagMapping | None,
    ) -> None:
        super().__init__(controller, f"Import tags from {path.name}")
        self.path = path
        self.clip_id = clip_id
        self.mapping = mapping
        self.report: ImportReport | None = None

    def apply(self) -> None:
        if self.report is None:
            self.report = import_tags(self.library, self.path, self.clip_id, mapping=self.mapping)
        else:
            restore_imported_tags(self.library, self.report.added)
        self.controller.tagsChanged.emit(self.clip_id)

    def revert(self) -> None:
        assert self.report is not None
        remove_imported_tags(self.library, self.report.added)
        self.controller.tagsChanged.emit(self.clip_id)
