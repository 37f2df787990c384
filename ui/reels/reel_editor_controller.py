"""Turns what the user does in the reel editor into undoable commands, and shows the result.

It is given only what it needs: the library controller (store, undo stack, change signals),
the panel and item editor widgets, and functions for the player's current clip, frame and
marked range. Call only from the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from attune_app.domain.models import Clip, Reel, ReelItem
from attune_app.services import clips as clip_service
from attune_app.services import reels as reel_service
from attune_app.services.reel_timing import running_times
from attune_app.store.errors import LibraryError, NotFoundError
from ui.library.library_controller import LibraryController, StoreCommand
from ui.reels.item_preview_loader import ItemPreviewLoader
from ui.reels.reel_edit_commands import (
    AddRangeToReelCommand,
    AddTitleCardCommand,
    DeleteReelCommand,
    EditReelItemCommand,
    SetMuteBelowSpeedCommand,
)
from ui.reels.reel_item_editor_widget import PREVIEW_W, ReelItemEditorWidget
from ui.reels.reel_panel_widget import ReelPanelWidget
from ui.widgets.messages import show_error

NEW_TITLE_TEXT = "What do you notice?"
NEW_TITLE_S = 3.0


def running_time_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds * 10) / 10, 60)
    return f"Running time {int(minutes)}:{rest:04.1f}"


class ReelEditorController(QObject):
    message = Signal(str)  # a short status-bar message

    def __init__(
        self,
        library: LibraryController,
        panel: ReelPanelWidget,
        editor: ReelItemEditorWidget,
        *,
        current_clip: Callable[[], Clip | None],
        current_frame: Callable[[], int],
        marked_range: Callable[[], tuple[int, int]],
        error_parent: QWidget | None = None,
        synchronous_previews: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.panel = panel
        self.editor = editor
        self._current_clip = current_clip
        self._current_frame = current_frame
        self._marked_range = marked_range
        self._error_parent = error_parent or panel
        self.durations: dict[int, float] = {}
        self.previews = ItemPreviewLoader(synchronous=synchronous_previews, parent=self)
        self.previews.previewReady.connect(lambda _path, _frame: self._show_previews())
        panel.items.currentRowChanged.connect(lambda _row: self.show_current())
        panel.addRangeRequested.connect(self.add_range)
        panel.addTitleRequested.connect(self.add_title)
        panel.muteBelowChosen.connect(self.set_mute_below)
        editor.changeRequested.connect(self.change_current)
        editor.currentFrameWanted.connect(self.use_current_frame)

    def shutdown(self) -> None:
        self.previews.shutdown()

    # -- showing ---------------------------------------------------------------------------------
    def reel(self) -> Reel | None:
        reel_id = self.panel.reel_id()
        if reel_id is None:
            return None
        try:
            return reel_service.get_reel(self.library.library, reel_id)
        except NotFoundError:
            return None

    def refresh(self) -> None:
        """Running time, the mute choice and the chosen item, as the store now has them."""
        reel = self.reel()
        if reel is None:
            self.durations = {}
            self.panel.set_running_time("")
            self.editor.show_item(None, None, 0.0, 0.5)
            return
        total_s, self.durations = running_times(self.library.library, reel.id)
        self.panel.set_running_time(running_time_text(total_s))
        self.panel.set_mute_below(reel.mute_below_speed)
        self.show_current()

    def show_current(self) -> None:
        reel, item = self.reel(), self._fresh_current()
        if reel is None or item is None:
            self.editor.show_item(None, None, 0.0, 0.5)
            return
        clip = self._clip(item)
        number = self.panel.items.currentRow() + 1
        duration_s = self.durations.get(item.id, 0.0)
        self.editor.show_item(item, clip, duration_s, reel.mute_below_speed, number)
        if clip is not None:
            path = self._path(clip)
            self.previews.request(path, (item.in_frame, item.out_frame), PREVIEW_W)
        self._show_previews()

    def _show_previews(self) -> None:
        item, clip = self.editor.item, self.editor.clip
        if item is None or clip is None or item.is_title:
            return
        path = self._path(clip)
        self.editor.set_previews(
            self.previews.image(path, item.in_frame, PREVIEW_W),
            self.previews.image(path, item.out_frame, PREVIEW_W),
        )

    def _fresh_current(self) -> ReelItem | None:
        shown = self.panel.current_item()
        if shown is None:
            return None
        try:
            return next(
                i
                for i in reel_service.list_reel_items(self.library.library, shown.reel_id)
                if i.id == shown.id
            )
        except StopIteration:
            return None

    def _clip(self, item: ReelItem) -> Clip | None:
        if item.clip_id is None:
            return None
        return clip_service.get_clip(self.library.library, item.clip_id)

    def _path(self, clip: Clip) -> Any:
        """The clip's media for the previews: a path, or an encrypted library's MediaSource."""
        return self.library.library.media_source(clip)

    # -- editing ---------------------------------------------------------------------------------
    def change_current(self, changes: dict[str, Any]) -> bool:
        item = self._fresh_current()
        if item is None:
            return False
        changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
        if not changed:
            return False
        return self.push(EditReelItemCommand(self.library, item, **changed))

    def use_current_frame(self, field: str) -> bool:
        item = self._fresh_current()
        clip = self._current_clip()
        if item is None or item.clip_id is None:
            return False
        if clip is None or clip.id != item.clip_id:
            self.message.emit(
                "Open this moment's clip in the player first (double-click the moment)."
            )
            return False
        frame = self._current_frame()
        if field == "in_frame" and frame > item.out_frame:
            return self.change_current({"in_frame": frame, "out_frame": frame})
        if field == "out_frame" and frame < item.in_frame:
            return self.change_current({"in_frame": frame, "out_frame": frame})
        if field == "hold_frame" and not item.in_frame <= frame <= item.out_frame:
            self.message.emit("The frame to hold must be inside the moment.")
            return False
        return self.change_current({field: frame})

    def add_range(self) -> bool:
        """The player's marked in..out (or the frame shown, for a still) after the current
        item, or at the end."""
        clip, reel = self._current_clip(), self.reel()
        if clip is None:
            self.message.emit("Open a clip and mark in and out (I, O) first.")
            return False
        if reel is None:
            self.message.emit("Make a reel first (Reel › New reel…).")
            return False
        in_frame, out_frame = self._marked_range()
        position = self._after_current()
        command = AddRangeToReelCommand(
            self.library, reel.id, clip.id, in_frame, out_frame, position
        )
        return self._push_and_select(command, position)

    def add_title(self) -> bool:
        reel = self.reel()
        if reel is None:
            return False
        position = self._after_current()
        command = AddTitleCardCommand(self.library, reel.id, NEW_TITLE_TEXT, NEW_TITLE_S, position)
        if not self._push_and_select(command, position):
            return False
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()
        return True

    def set_mute_below(self, speed: float) -> bool:
        reel = self.reel()
        if reel is None or reel.mute_below_speed == speed:
            return False
        return self.push(SetMuteBelowSpeedCommand(self.library, reel, speed))

    def delete_reel(self, reel_id: int) -> bool:
        return self.push(DeleteReelCommand(self.library, reel_id), "The reel was not deleted")

    def _after_current(self) -> int:
        row = self.panel.items.currentRow()
        return row + 1 if row >= 0 else self.panel.items.count()

    def _push_and_select(self, command: StoreCommand, position: int) -> bool:
        if not self.push(command):
            return False
        self.panel.select_row(min(position, self.panel.items.count() - 1))
        return True

    def push(self, command: StoreCommand, failed: str = "The reel was not changed") -> bool:
        try:
            self.library.push(command)
        except (LibraryError, OSError) as error:  # shown to the user; nothing changed
            show_error(self._error_parent, failed, str(error))
            return False
        return True
