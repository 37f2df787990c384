"""The window's reel features: the Reel menu, the reel panel and back-to-back playback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from attune_app.domain.models import ReelItem
from attune_app.domain.reel_timeline import TitleStep
from attune_app.domain.timecode import format_seconds
from attune_app.services import clips as clip_service
from attune_app.services import reels as reel_service
from attune_app.services import tags as tag_service
from attune_app.services.reel_timing import running_times
from attune_app.store.errors import NotFoundError
from attune_app.store.library import Library
from ui.reels.handout_maker import HandoutMaker
from ui.reels.new_reel_dialog import NewReelDialog
from ui.reels.reel_commands import (
    AddTagsToReelCommand,
    MoveReelItemCommand,
    RemoveReelItemCommand,
    RenameReelCommand,
)
from ui.reels.reel_edit_commands import CreateReelCommand
from ui.reels.reel_editor_controller import ReelEditorController
from ui.reels.reel_item_editor_widget import ReelItemEditorWidget
from ui.reels.reel_panel_widget import ReelPanelWidget
from ui.reels.still_saver import StillSaver
from ui.reels.timeline_playback_controller import TimelinePlaybackController
from ui.safeguarding.consent_badges import reel_item_badge
from ui.safeguarding.reel_removals import removals_text
from ui.widgets.messages import show_error
from ui.widgets.vertical_scroll_area import VerticalScrollAreaWidget
from ui.window_parts import WindowParts

DEFAULT_PURPOSE = "parent_review"


class ReelSection(QObject):
    """Given the window's parts and `selected_tag_ids()` of the tag list. It asks for its
    panels to be brought forward; the window, which holds the docks, does so."""

    panelWanted = Signal()  # tags were added to the reel: show the Reel panel
    editorWanted = Signal()  # a moment was chosen in the reel: show its editor

    def __init__(self, parts: WindowParts, *, selected_tag_ids: Callable[[], list[int]]) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self._selected_tag_ids = selected_tag_ids
        player, tagging = parts.player, parts.tagging
        self.panel = ReelPanelWidget()
        self.editor = ReelItemEditorWidget()
        # The editor scrolls inside its dock: it must never make the window taller.
        self.editor_view = VerticalScrollAreaWidget(self.editor)
        self.editing = ReelEditorController(
            parts.library,
            self.panel,
            self.editor,
            current_clip=parts.current_clip,
            current_frame=lambda: player.current_frame,
            marked_range=lambda: tagging.draft.extent(player.current_frame),
            error_parent=parts.parent,
            parent=self,
        )
        self.playback = TimelinePlaybackController(lambda _clip_id: player, parts.open_clip, self)
        self._speed_before = 1.0
        player.rangeFinished.connect(self.playback.on_range_finished)
        self.stills = StillSaver(
            lambda: parts.library.library,
            parts.current_clip,
            lambda: player.current_frame,
            self.panel.current_item,
            parts.parent,
            self,
        )
        self.handouts = HandoutMaker(
            lambda: parts.library.library, self.panel.reel_id, parts.parent, self
        )
        self.handout_action = self._action("Print &handout…", "Ctrl+P", self.handouts.ask)
        self.handout_action.setStatusTip("A printed sheet of the reel's pictures for the parent")
        self.save_still_action = self._action(
            "Save &still…", "Ctrl+Shift+S", lambda: self.stills.ask(with_caption=False)
        )
        self.save_still_action.setStatusTip("The frame in the player as a full-size picture")
        self.save_captioned_action = self._action(
            "Save still with &caption…", "", lambda: self.stills.ask(with_caption=True)
        )
        self.save_captioned_action.setStatusTip(
            "The frame with the caption of the reel moment it belongs to"
        )
        self.new_action = self._action("&New reel…", "Ctrl+Shift+N", self.ask_new_reel)
        self.rename_action = self._action("Re&name reel…", "", self.ask_rename)
        self.delete_action = self._action("De&lete reel…", "", self.ask_delete)
        self.add_action = self._action("&Add selected tags to reel", "A", self.add_selected_tags)
        self.add_range_action = self._action(
            "Add in/out &range to reel", "Shift+A", self.editing.add_range
        )
        self.add_title_action = self._action("Add &title card", "", self.editing.add_title)
        self.up_action = self._action("Move item &up", "Ctrl+Up", lambda: self.panel._move(-1))
        self.down_action = self._action("Move item &down", "Ctrl+Down", lambda: self.panel._move(1))
        self.remove_action = self._action("&Remove item from reel", "", self._remove_current)
        self.play_action = self._action("&Play reel", "F5", self.play)
        self.stop_action = self._action("&Stop reel", "Shift+F5", self.playback.stop)
        self._connect()
        self.refresh()

    def _action(self, text: str, key: str, slot: object) -> QAction:
        action = QAction(text, self._parent)
        if key:
            action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def file_actions(self) -> list[QAction]:
        """For the File menu: stills of the player's frame."""
        return [self.save_still_action, self.save_captioned_action]

    def actions(self) -> list[QAction]:
        return [
            self.new_action,
            self.rename_action,
            self.delete_action,
            self.add_action,
            self.add_range_action,
            self.add_title_action,
            self.up_action,
            self.down_action,
            self.remove_action,
            self.play_action,
            self.stop_action,
            self.handout_action,
        ]

    def _connect(self) -> None:
        p = self.panel
        p.reelChosen.connect(lambda _id: self.show_items())
        p.newReelRequested.connect(self.ask_new_reel)
        p.renameRequested.connect(self.ask_rename)
        p.deleteRequested.connect(self.ask_delete)
        p.moveRequested.connect(self.move_item)
        p.removeRequested.connect(self.remove_item)
        p.playRequested.connect(self.play)
        p.itemActivated.connect(self._play_from)
        p.items.itemClicked.connect(lambda _row: self.editorWanted.emit())
        self._parts.library.reelsChanged.connect(lambda _id: self.refresh())
        self._parts.library.tagsChanged.connect(lambda _id: self.show_items())
        say = self._parts.show_message
        self.editing.message.connect(lambda text: say(text, 5000))
        self.handouts.made.connect(lambda path: say(f"Handout saved: {path}", 8000))
        self.stills.saved.connect(lambda path: say(f"Still saved: {path}", 6000))
        self.playback.itemStarted.connect(self._on_item_started)
        self.playback.finished.connect(self._on_finished)
        self.playback.stepStarted.connect(self._on_step)
        self.playback.holding.connect(lambda ms: say(f"Still: holding for {ms / 1000:g} s", ms))

    @property
    def _library(self) -> Library:
        return self._parts.library.library

    # -- reels -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        reels = reel_service.list_reels(self._library)
        self.panel.set_reels(reels, self.panel.reel_id())
        self.show_items()

    def show_items(self) -> None:
        reel_id = self.panel.reel_id()
        items = reel_service.list_reel_items(self._library, reel_id) if reel_id else []
        self.editing.durations = running_times(self._library, reel_id)[1] if reel_id else {}
        self.panel.set_items(items, self.describe)
        self.editing.refresh()
        self.panel.set_removals(removals_text(self._library, reel_id))

    def ask_new_reel(self) -> NewReelDialog:
        dialog = NewReelDialog(self._parent)
        dialog.accepted.connect(lambda: self.new_reel(dialog.name(), dialog.purpose()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def ask_rename(self) -> QInputDialog | None:
        reel_id = self.panel.reel_id()
        if reel_id is None:
            return None
        dialog = QInputDialog(self._parent)
        dialog.setWindowTitle("Rename reel")
        dialog.setLabelText("New name of the reel (no family names):")
        dialog.setTextValue(self.panel.reel_combo.currentText())
        dialog.textValueSelected.connect(lambda name: self.rename_reel(reel_id, name))
        dialog.open()
        return dialog

    def rename_reel(self, reel_id: int, name: str) -> bool:
        if not name.strip():
            return False
        return self._push(RenameReelCommand(self._parts.library, reel_id, name.strip()))

    def ask_delete(self) -> QMessageBox | None:
        reel_id = self.panel.reel_id()
        if reel_id is None:
            return None
        name = self.panel.reel_combo.currentText()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete reel",
            f"Delete the reel “{name}”?",
            QMessageBox.StandardButton.Cancel,
            self._parent,
        )
        box.setInformativeText("Its tags stay in the clips. You can undo this (Ctrl+Z).")
        delete = box.addButton("Delete reel", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self.delete_reel(reel_id) if button is delete else None
        )
        box.open()
        return box

    def delete_reel(self, reel_id: int) -> bool:
        self.playback.stop()
        if not self.editing.delete_reel(reel_id):
            return False
        self._parts.show_message("Reel deleted (Ctrl+Z brings it back).", 6000)
        return True

    def shutdown(self) -> None:
        self.editing.shutdown()
        self.stills.shutdown()
        self.handouts.shutdown()

    def new_reel(self, name: str, purpose: str = DEFAULT_PURPOSE) -> int | None:
        command = CreateReelCommand(self._parts.library, name.strip(), purpose)
        if not self.editing.push(command, "The reel was not made"):
            return None
        assert command.reel is not None
        self.panel.set_reels(reel_service.list_reels(self._library), command.reel.id)
        self.show_items()
        return command.reel.id

    def add_selected_tags(self) -> None:
        tag_ids = self._selected_tag_ids()
        if not tag_ids:
            self._parts.show_message("Select tags in the tag list first.", 4000)
            return
        reel_id = self.panel.reel_id() or self.new_reel("Moments to share")
        if reel_id is None:
            return
        command = AddTagsToReelCommand(self._parts.library, reel_id, tag_ids)
        self._push(command)
        self.panelWanted.emit()

    def move_item(self, item: ReelItem, new_position: int) -> None:
        if self._push(MoveReelItemCommand(self._parts.library, item, new_position)):
            self.panel.select_row(new_position)

    def remove_item(self, item: ReelItem) -> None:
        self._push(RemoveReelItemCommand(self._parts.library, item))

    def _remove_current(self) -> None:
        item = self.panel.current_item()
        if item is not None:
            self.remove_item(item)

    def _push(self, command: object) -> bool:
        try:
            self._parts.library.push(command)  # type: ignore[arg-type]
        except Exception as error:  # shown to the user; nothing changed
            show_error(self._parent, "The reel was not changed", str(error))
            return False
        return True

    # -- playback ----------------------------------------------------------------------------------
    def play(self) -> None:
        self._play_from(None)

    def _play_from(self, item: ReelItem | None) -> None:
        items = self.panel.reel_items()
        if not items:
            self._parts.show_message("This reel is empty.", 4000)
            return
        start = next((i for i, it in enumerate(items) if item and it.id == item.id), 0)
        reel_id = self.panel.reel_id()
        assert reel_id is not None
        if not self.playback.is_active:
            self._speed_before = self._parts.player.speed
        self.playback.play(reel_service.reel_timeline(self._library, reel_id), start)

    def _on_step(self, step: object) -> None:
        if isinstance(step, TitleStep):
            self._parts.show_message(f"Title card: {step.text}", 0)

    def _on_finished(self) -> None:
        self._parts.player.set_muted(False)
        self._parts.player.set_speed(self._speed_before)  # an item's speed is the reel's
        self._parts.show_message("End of reel.", 4000)

    def interrupt(self) -> None:
        """The user took the player elsewhere (seek, step, another clip): the reel stops."""
        if self.playback.is_active:
            self.playback.stop()

    def _on_item_started(self, index: int) -> None:
        self.panel.select_row(index)
        count = len(self.panel.reel_items())
        self._parts.show_message(f"Playing reel: moment {index + 1} of {count}", 0)

    def describe(self, item: ReelItem) -> str:
        """One line: where the moment starts, how long it plays and how it is shaped."""
        plays_s = self.editing.durations.get(item.id)
        if item.clip_id is None:
            return f"Title card ({item.title_ms / 1000:.1f} s)  “{item.title_text}”"
        clip = clip_service.get_clip(self._library, item.clip_id)
        fps = clip.fps or 25.0
        if plays_s is None:
            plays_s = (item.out_frame - item.in_frame + 1) / fps
        shape = [format_seconds(item.in_frame / fps, with_ms=False), f"{plays_s:.1f} s"]
        if item.is_still:
            shape.append("still")
        elif item.speed != 1.0:
            shape.append(f"{item.speed:g}x")
        if item.hold_ms > 0 and not item.is_still:
            shape.append(f"freeze {item.hold_ms / 1000:g} s")
        what = item.caption or self._tag_words(item.source_tag_id)
        text = "  ·  ".join(shape)
        text = f"{text}  {what}" if what else text
        return text + reel_item_badge(self._library, self.panel.reel_id(), item.clip_id)

    def _tag_words(self, tag_id: int | None) -> str:
        if tag_id is None:
            return ""
        try:
            tag = tag_service.get_tag(self._library, tag_id)
        except NotFoundError:
            return ""
        label = self._parts.tagging.label_of
        parts = [label(c) for c in (tag.cue_code, tag.response_code) if c]
        return " → ".join(parts) or tag.note[:40]
