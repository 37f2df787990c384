"""The open library as the window sees it: the store, the undo stack and change signals.

Undo commands write through the services at once and then say what changed here, so every
view that shows tags or reels reloads from the store rather than keeping its own copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from attune_app.store.library import Library


class StoreCommand(QUndoCommand):
    """An undo step whose redo and undo write to the store through the services.

    The first run happens in `LibraryController.push`, before the command joins the stack, so a
    write the store refuses raises to the caller and leaves no phantom step behind.
    """

    def __init__(self, controller: LibraryController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self._skip_next_redo = False

    @property
    def library(self) -> Library:
        return self.controller.library

    def apply(self) -> None:  # pragma: no cover - every command overrides
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - every command overrides
        raise NotImplementedError

    def run_first(self) -> None:
        self.apply()
        self._skip_next_redo = True

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self.controller.guarded(self.apply)

    def undo(self) -> None:
        self.controller.guarded(self.revert)


class LibraryController(QObject):
    """Owns the open `Library` for the GUI thread. Call only from the GUI thread."""

    tagsChanged = Signal(int)  # clip id
    reelsChanged = Signal(int)  # reel id, or 0 when the list of reels changed
    clipsChanged = Signal()
    storeFailed = Signal(str)  # a user-facing message, when an undo or redo could not be saved

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

    @property
    def path(self) -> Path:
        return Path(self.library.path)

    def push(self, command: StoreCommand) -> None:
        """Write the command's change now (raises if the store refuses) and keep it for undo."""
        command.run_first()
        self.undo_stack.push(command)

    def guarded(self, write: object) -> None:
        """Run an undo or redo write; a failure becomes a message, never a crash mid-stack."""
        assert callable(write)
        try:
            write()
        except Exception as error:  # shown to the user; the app stays up
            self.storeFailed.emit(f"Attune could not save this change: {error}")
