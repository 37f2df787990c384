"""The main window: library left, player centre, tag editor and tag list right, timeline below.

The window wires the parts together; each part lives in its own package and knows nothing of
the others. Every command is a QAction in a menu, so its shortcut can be found there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QWidget,
)

from attune_app.domain.models import Clip
from attune_app.domain.timecode import format_seconds
from attune_app.services import clips as clip_service
from ui.agreement.agreement_section import AgreementSection
from ui.anonymise.anonymise_section import AnonymiseSection
from ui.export.export_section import ExportSection
from ui.importing.import_section import ImportSection
from ui.interchange.interchange_section import InterchangeSection
from ui.library.library_controller import LibraryController
from ui.library.library_loader import load_family_nodes
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.player.audio_delay import audio_delay_action
from ui.player.player_actions import player_actions
from ui.player.player_controller import PlayerController
from ui.player.player_widget import PlayerWidget, bind_timeline
from ui.reels.reel_section import ReelSection
from ui.review.review_section import ReviewSection
from ui.safeguarding.safeguarding_section import SafeguardingSection
from ui.supervision.read_only_lock import tag_editing_lock
from ui.supervision.supervision_section import SupervisionSection
from ui.tagging.tag_actions import TagActions
from ui.tagging.tag_editor_widget import TagEditorWidget
from ui.tagging.tag_list_widget import TagListWidget
from ui.tagging.tag_section import TagSection
from ui.tagging.tagging_controller import TaggingController
from ui.timeline.timeline_widget import TimelineWidget
from ui.view_actions import ViewActions
from ui.widgets.elided_label import ElidedLabelWidget
from ui.widgets.enter_key_guard import EnterKeyGuardController
from ui.widgets.messages import show_error
from ui.widgets.vertical_scroll_area import VerticalScrollAreaWidget
from ui.window_fit import default_dock_widths, keep_picture_room
from ui.window_layout import forget_layout, hide_stale_tab_bars, restore_layout, save_layout
from ui.window_parts import WindowParts

WINDOW_TITLE = "Attune"
# Ruler, filmstrip and one lane of labelled tags, with the dock title, at 1440x900.
TIMELINE_DOCK_H = 215


class MainWindow(QMainWindow):
    """GUI thread only."""

    def __init__(
        self,
        library: LibraryController,
        *,
        player: PlayerController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.library = library
        self.clip: Clip | None = None
        self.player = player or PlayerController(self)
        self.player.setParent(self)
        self.player_widget = PlayerWidget(self.player)
        self.video = self.player_widget.view
        self.transport = self.player_widget.transport
        self.timeline = TimelineWidget()
        bind_timeline(self.player, self.timeline)
        self.library_panel = LibraryPanelWidget()
        self.tagging = TaggingController(library, lambda: self.player.current_frame, self)
        self.tag_editor = TagEditorWidget(self.tagging)
        self.tag_list = TagListWidget()
        self.tags = TagSection(
            self,
            library=library,
            tagging=self.tagging,
            tag_list=self.tag_list,
            timeline=self.timeline,
            player=self.player,
            reel_playing=lambda: self.reels.playback.is_active,
            show_message=self._show_message,
            show_tag_list=lambda: self.tags_dock.raise_(),
        )
        self.tag_actions = TagActions(self.tagging, self)
        self.parts = WindowParts(
            parent=self,
            library=library,
            player=self.player,
            tagging=self.tagging,
            show_message=self._show_message,
            current_clip=lambda: self.clip,
            open_clip=self.open_clip,
        )
        self._build_sections()
        self._build_layout()
        self._build_exports()
        self._build_status_bar()
        self._build_menus()
        self._connect()
        self.refresh_library()
        self._update_title()
        self._build_supervision()

    def _show_message(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # -- sections: each is given what it uses, never the window ----------------------------------
    def _build_sections(self) -> None:
        parts, library = self.parts, self.library
        self.reels = ReelSection(parts, selected_tag_ids=self.tag_list.selected_tag_ids)
        reel_id = self.reels.panel.reel_id
        self.review = ReviewSection(parts, reel_id=reel_id, interrupt_reel=self.reels.interrupt)
        # On the status bar before the docks are made: first in the focus chain, so the window
        # opens with this button focused, not the library list.
        self.statusBar().addPermanentWidget(self.review.button)
        self.anonymise = AnonymiseSection(self, library=library, reel_id=reel_id)
        self.imports = ImportSection(
            self,
            library=library,
            panel=self.library_panel,
            show_message=self._show_message,
            offer_clip=self._open_unless_one_is_open,
        )
        self.agreement = AgreementSection(parts)
        self.interchange = InterchangeSection(parts)
        self.safeguarding = SafeguardingSection(
            parts,
            host=self,
            panel=self.library_panel,
            reels=self.reels,
            refresh_library=self.refresh_library,
            forget_clip=self.forget_clip,
            busy_reason=self._busy_reason,
        )

    def _build_exports(self) -> None:
        self.exports = ExportSection(self.parts, reel_id=self.reels.panel.reel_id)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.exports.dock)
        self.tabifyDockWidget(self.reel_dock, self.exports.dock)

    def _build_supervision(self) -> None:
        lock = tag_editing_lock(self.tag_editor, self.tag_actions, self.tags, self.tagging)
        self.supervision = SupervisionSection(
            self.parts,
            host=self,
            beside=self.library_dock,
            view_menu=self.view_menu,
            panel=self.library_panel,
            lock=lock,
            current_tag=self.tag_list.current_tag,
        )
        self.statusBar().addPermanentWidget(self.supervision.who_label)

    def _open_unless_one_is_open(self, clip_id: int) -> None:
        if self.clip is None:
            self.open_clip(clip_id)

    # -- layout -----------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.setCentralWidget(self.player_widget)
        self.setDockNestingEnabled(True)
        self.library_dock = self._dock(
            "Library", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        # Tag and Reel scroll inside their docks: stacked, their heights outgrew a laptop.
        self.tag_dock = self._dock(
            "Tag", VerticalScrollAreaWidget(self.tag_editor), Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tags_dock = self._dock("Tags", self.tag_list, Qt.DockWidgetArea.RightDockWidgetArea)
        self.reel_dock = self._dock(
            "Reel",
            VerticalScrollAreaWidget(self.reels.panel),
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.tabifyDockWidget(self.tags_dock, self.reel_dock)
        self.tags_dock.raise_()
        self.moment_dock = self._dock(
            "Moment", self.reels.editor_view, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.tag_dock, self.moment_dock)
        self.tag_dock.raise_()
        self.timeline_dock = self._dock(
            "Timeline", self.timeline, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    def apply_default_layout(self) -> None:
        """Library left, player centre, tag editor over the tag list right, timeline below."""
        self._place_docks()
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        widths = default_dock_widths(self.width(), 275, 520)  # narrower on a laptop
        self.resizeDocks([self.library_dock, self.tag_dock], list(widths), horizontal)
        self.resizeDocks([self.tag_dock, self.tags_dock], [450, 370], vertical)
        self.resizeDocks([self.timeline_dock], [TIMELINE_DOCK_H], vertical)
        if self.isVisible():
            hide_stale_tab_bars(self)

    def _place_docks(self) -> None:
        """Every dock shown, docked, in its default area (undoes a restored or user layout)."""
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        places = [
            (self.library_dock, left),
            (self.tag_dock, right),
            (self.tags_dock, right),
            (self.reel_dock, right),
            (self.moment_dock, right),
            (self.timeline_dock, bottom),
        ]
        for dock, area in places:
            # Re-adding a dock that is already in place makes Qt leave its old tab bar on
            # screen under the new one (a ghost "…el" under "Reel"): only move what moved.
            if dock.isFloating() or self.dockWidgetArea(dock) != area:
                dock.setFloating(False)
                self.addDockWidget(area, dock)
            dock.show()
        if self.reel_dock not in self.tabifiedDockWidgets(self.tags_dock):
            self.tabifyDockWidget(self.tags_dock, self.reel_dock)
        if self.moment_dock not in self.tabifiedDockWidgets(self.tag_dock):
            self.tabifyDockWidget(self.tag_dock, self.moment_dock)
        self.tags_dock.raise_()
        self.tag_dock.raise_()

    def restore_saved_layout(self) -> bool:
        """The layout saved when the window last closed; the default one when there is none
        usable (first run, an older Attune's docks, a damaged settings file)."""
        if restore_layout(self):
            return True
        self.apply_default_layout()
        return False

    def reset_layout(self) -> None:
        """View > Reset layout: back to the default docks, and forget the saved layout."""
        forget_layout()
        self.apply_default_layout()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        # Elided: a long file name widened the status bar, and so the window, past the screen.
        self.clip_label = ElidedLabelWidget("No clip open")
        self.clip_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.clip_label.setMinimumWidth(120)
        self.position_label = QLabel("")
        self.position_label.setMinimumWidth(220)
        self.library_label = QLabel(f"Library: {self.library.path.name}")
        self.library_label.setToolTip(str(self.library.path))
        bar = self.statusBar()
        bar.addPermanentWidget(self.clip_label)
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.library_label)

    # -- menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.imports.import_action)
        file_menu.addActions(self.reels.file_actions())
        file_menu.addActions(self.interchange.actions())
        file_menu.addSeparator()
        self.quit_action = self._add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = bar.addMenu("&Edit")
        self.undo_action = self.library.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.library.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions(self.tags.edit_actions())
        playback = bar.addMenu("&Playback")
        self.playback_actions = player_actions(self.player, self)
        playback.addActions(self.playback_actions)
        playback.addSeparator()
        playback.addAction(audio_delay_action(self, self.player.refresh_audio_delay))
        self._build_tag_menu(bar.addMenu("&Tag"))
        reel = bar.addMenu("&Reel")
        reel.addActions(self.reels.actions())
        reel.addSeparator()
        reel.addAction(self.review.action)
        reel.addAction(self.exports.export_action)
        reel.addAction(self.anonymise.review_action)
        self.safeguarding.build_menu(bar.addMenu("&Safeguarding"))
        view = self.view_menu = bar.addMenu("&View")
        for dock in (
            self.library_dock,
            self.tag_dock,
            self.tags_dock,
            self.reel_dock,
            self.moment_dock,
            self.timeline_dock,
        ):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self.view_actions = ViewActions(self, self.timeline, self.video)
        view.addActions(self.view_actions.zoom_actions())
        view.addSeparator()
        view.addAction(self.view_actions.frame_number)
        view.addSeparator()
        self._add(view, "&Reset layout", "", self.reset_layout)
        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)

    def _build_tag_menu(self, menu: QMenu) -> None:
        a = self.tag_actions
        menu.addActions(a.marking())
        menu.addSeparator()
        codes = menu.addMenu("Apply &code (number keys)")
        codes.addAction(a.principles)
        codes.addSeparator()
        codes.addActions(a.codes)
        # Menus of a hidden submenu still need the window to own the shortcut.
        self.addActions(a.codes)
        menu.addAction(a.edit_note)
        menu.addSeparator()
        menu.addActions([a.save, a.discard])
        menu.addSeparator()
        menu.addActions(self.tags.navigation_actions())
        menu.addSeparator()
        menu.addActions(self.agreement.actions())

    def _add(self, menu: QMenu, text: str, key: object, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))  # type: ignore[call-overload]
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_shortcuts(self) -> None:
        from ui.widgets.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).open()

    # -- wiring -----------------------------------------------------------------------------------
    def _connect(self) -> None:
        p = self.player
        p.frameShown.connect(lambda frame, _rgb: self._on_frame(frame))
        p.errorOccurred.connect(self._on_player_error)
        p.openingChanged.connect(self._on_opening)
        self.library_panel.clipActivated.connect(self._on_clip_chosen)
        self._connect_reel_interruptions()
        self._connect_reel_docks()
        # Enter saves a tag only from the editor, the player and the timeline.
        self.enter_guard = EnterKeyGuardController(self)
        self.enter_guard.guard(
            self.library_panel.tree,
            self.tag_list.search_edit,
            self.tag_list.code_combo,
            self.tag_list.author_combo,
            self.reels.panel.reel_combo,
            self.reels.panel.items,
        )
        self.tagging.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.library.storeFailed.connect(
            lambda text: show_error(self, "Change not saved", text, "Try again, or restart Attune.")
        )
        self.library.clipsChanged.connect(self.refresh_library)

    def _connect_reel_interruptions(self) -> None:
        """Any move the user makes ends a playing reel, even inside the current item (the
        player announces buttons, keys and timeline moves); Play/Pause only pauses it."""
        self.player.userMoved.connect(self.reels.interrupt)
        self.tag_list.table.clicked.connect(lambda _index: self._on_tag_clicked())

    def _connect_reel_docks(self) -> None:
        self.reels.panelWanted.connect(self.reel_dock.raise_)
        self.reels.editorWanted.connect(self.moment_dock.raise_)
        self.tagging.draftChanged.connect(lambda _draft: self._show_tag_editor())

    def _show_tag_editor(self) -> None:
        """Marking a tag (I, O, C, R...) while the Moment tab is in front: show the tag editor."""
        if not self.moment_dock.visibleRegion().isEmpty():
            self.tag_dock.raise_()

    def _on_tag_clicked(self) -> None:
        if self.reels.playback.is_active:
            self.reels.interrupt()
            tag = self.tag_list.current_tag()
            if tag is not None:
                self.player.seek(tag.in_frame)

    def _on_clip_chosen(self, clip_id: int) -> None:
        self.reels.interrupt()
        self.open_clip(clip_id)

    def _on_frame(self, frame: int) -> None:
        fps = self.clip.fps if self.clip else 25.0
        self.position_label.setText(f"{format_seconds(frame / fps)}  ·  frame {frame}")
        self.reels.playback.on_frame_shown(frame)

    def _on_player_error(self, text: str) -> None:
        name = self.clip.original_name if self.clip else "the clip"
        show_error(
            self,
            "The video could not be shown",
            f"{name}: {text}",
            "Try another frame, or re-import the file.",
        )

    # -- library and clips ------------------------------------------------------------------------
    def refresh_library(self) -> None:
        current = self.clip.id if self.clip else None
        self.library_panel.set_families(load_family_nodes(self.library.library), current)

    def open_clip(self, clip_id: int, then: Callable[[bool], None] | None = None) -> bool:
        """Make a clip current: show it, its tags and its timeline. The video is opened off
        the GUI thread (demuxing minutes of footage takes a few hundred ms); `then(ok)` runs
        once it is current or could not be opened. The newest request wins."""
        if self.clip is not None and self.clip.id == clip_id and not self.player.is_opening:
            if then is not None:
                then(True)
            return True
        clip = clip_service.get_clip(self.library.library, clip_id)

        def opened(error: Exception | None) -> None:
            if error is None:
                self._show_clip(clip)
            else:  # shown to the user; the app stays up
                show_error(
                    self,
                    "The clip could not be opened",
                    f"{clip.original_name}: {error}",
                    "Check the library folder is available, then try again or re-import the file.",
                )
            if then is not None:
                then(error is None)

        # The index saved at import spares the opener a demux of the whole file.
        frame_index = clip_service.clip_frame_index_json(self.library.library, clip_id)
        self.player.open_in_background(self.library.library.media_source(clip), opened, frame_index)
        return True

    def _busy_reason(self) -> str:
        """Why a family cannot be erased now ("" when it can): other work using the library."""
        if self.imports.controller.is_running:
            return "Clips are being imported: wait for the import to finish, or cancel it."
        if self.exports.runner.is_busy:
            return "A reel is being exported: wait for the export to finish, or cancel it."
        if self.review.mode is not None:
            return "A review with the parent is open: end it first."
        return ""

    def forget_clip(self) -> None:
        """Nothing of the open clip stays on screen or in memory (its family is being erased)."""
        self.player.close()
        self.clip = None
        self.tagging.set_clip(None, 25.0)
        self.tag_list.set_source(None, 25.0)
        self.timeline.set_tags([])
        self.clip_label.setText("No clip open")
        self._update_title()

    def _show_clip(self, clip: Clip) -> None:
        self.clip = clip
        self.safeguarding.clip_shown(clip.id)
        self.tagging.set_clip(clip.id, clip.fps)
        self.agreement.show_clip(clip)  # before the tags: they show what blind coding allows
        self.tags.show_clip(clip)
        self.library_panel.select("clip", clip.id)
        self.clip_label.setText(
            f"{clip.original_name}  ({format_seconds(clip.duration_s, with_ms=False)})"
        )
        self._update_title()

    def _on_opening(self, busy: bool) -> None:
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
            self.statusBar().showMessage("Opening the clip…")
        else:
            self.unsetCursor()
            self.statusBar().clearMessage()

    def _update_title(self) -> None:
        name = f" — {self.clip.original_name}" if self.clip else ""
        self.setWindowTitle(f"{WINDOW_TITLE}{name}")

    def open_first_clip(self) -> None:
        clips = clip_service.list_all_clips(self.library.library)
        if clips:
            self.open_clip(clips[0].id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        hide_stale_tab_bars(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        keep_picture_room(self)  # on a laptop the docks give way before the picture does

    # -- closing ----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        save_layout(self)
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every worker and timer; safe to call twice."""
        self.review.shutdown()
        self.reels.playback.stop()
        self.reels.shutdown()
        self.exports.shutdown()
        self.supervision.shutdown()
        self.safeguarding.shutdown()
        self.imports.shutdown()
        self.agreement.shutdown()
        self.tag_list.shutdown()
        self.timeline.shutdown()
        self.player.shutdown()
