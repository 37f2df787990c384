"""Connects the tag list, the tagging controller, the timeline and the player for one window."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from attune_app.domain.models import Clip, Tag
from attune_app.services import people, schemes
from attune_app.services.blind_coding import visible_tags
from ui.library.library_controller import LibraryController
from ui.player.player_controller import PlayerController
from ui.tagging.tag_commands import DeleteTagCommand, DragTagEdgeCommand
from ui.tagging.tag_draft import TagDraft
from ui.tagging.tag_list_widget import TagListWidget
from ui.tagging.tagging_controller import CODE_ROLES, CodeChoice, TaggingController
from ui.tagging.timeline_tags import timeline_tag
from ui.timeline.tag_lanes import TimelineTag
from ui.timeline.timeline_widget import TimelineWidget


class TagSection(QObject):
    """Given what it works with: the library, the tagging controller, the tag list, the
    timeline and the player; `reel_playing()` (a playing reel keeps the player), the status
    line, and `show_tag_list()` to bring the list forward. `parent` holds its actions."""

    def __init__(
        self,
        parent: QWidget,
        *,
        library: LibraryController,
        tagging: TaggingController,
        tag_list: TagListWidget,
        timeline: TimelineWidget,
        player: PlayerController,
        reel_playing: Callable[[], bool],
        show_message: Callable[[str, int], None],
        show_tag_list: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library = library
        self._tagging = tagging
        self._list = tag_list
        self._timeline = timeline
        self._player = player
        self._reel_playing = reel_playing
        self._show_message = show_message
        self._show_tag_list = show_tag_list
        self._clip: Clip | None = None
        self._drag_serial = 0
        self.delete_action = self._action(
            "&Delete selected tags", ["Del", "Backspace"], self.delete_selected
        )
        self.edit_action = self._action("&Edit selected tag", ["E"], self.edit_selected)
        self.find_action = self._action(
            "&Find tags…", [QKeySequence.StandardKey.Find], self.focus_search
        )
        self.previous_action = self._action("Pre&vious tag", ["["], lambda: self.jump(-1))
        self.next_action = self._action("Ne&xt tag", ["]"], lambda: self.jump(+1))
        self.load_codes()
        self._connect()

    def _action(self, text: str, keys: Sequence[object], slot: object) -> QAction:
        action = QAction(text, self._parent)
        action.setShortcuts([QKeySequence(k) for k in keys])  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def edit_actions(self) -> list[QAction]:
        return [self.edit_action, self.delete_action, self.find_action]

    def navigation_actions(self) -> list[QAction]:
        return [self.previous_action, self.next_action]

    def _connect(self) -> None:
        self._library.tagsChanged.connect(self._on_tags_changed)
        self._list.tagSelected.connect(self._on_selected)
        self._list.tagActivated.connect(self._tagging.edit_tag)
        self._tagging.draftChanged.connect(self._on_draft)
        self._tagging.tagSaved.connect(self._list.select_tag)
        self._timeline.tagClicked.connect(self._on_timeline_click)
        self._timeline.tagEdgeDragged.connect(self._on_edge_dragged)
        self._timeline.tagEdgeReleased.connect(self._on_edge_released)

    # -- codes -------------------------------------------------------------------------------------
    def load_codes(self) -> None:
        library = self._library.library
        choices = [
            CodeChoice(code.key, code.label, code.role)
            for scheme in schemes.list_schemes(library)
            for code in scheme.codes
            if code.role in CODE_ROLES
        ]
        self._tagging.set_codes(choices)
        self._list.model.set_labels(self._tagging.label_of, self._author_name)
        authors = [(p.id, p.display_name) for p in people.list_people(library)]
        self._list.set_filter_choices([(c.code, c.label) for c in choices], authors)

    def _author_name(self, person_id: int | None) -> str:
        if person_id is None:
            return ""
        names = {p.id: p.display_name for p in people.list_people(self._library.library)}
        return names.get(person_id, "")

    # -- the open clip -----------------------------------------------------------------------------
    def show_clip(self, clip: Clip) -> None:
        self._clip = clip
        library = self._library.library

        def load(code: str | None, author: int | None, text: str | None) -> list[Tag]:
            return visible_tags(library, clip.id, code=code, author_id=author, text=text)

        self._list.set_source(load, clip.fps)
        self._update_timeline()

    def _on_tags_changed(self, clip_id: int) -> None:
        if self._clip is not None and clip_id == self._clip.id:
            self._list.reload()
            self._update_timeline()

    def _update_timeline(self) -> None:
        if self._clip is None:
            return
        tags = visible_tags(self._library.library, self._clip.id)  # blind coding
        self._timeline.set_tags([self._timeline_tag(t) for t in tags])

    def _timeline_tag(self, tag: Tag) -> TimelineTag:
        fps = self._clip.fps if self._clip else 25.0
        return timeline_tag(tag, self._tagging.label_of, fps)

    def _on_draft(self, draft: TagDraft) -> None:
        self._timeline.set_in_out(draft.in_frame, draft.out_frame)

    # -- selection and navigation ------------------------------------------------------------------
    def _on_selected(self, tag: Tag | None) -> None:
        self._timeline.set_selected_tag(None if tag is None else tag.id)
        if tag is not None and not self._reel_playing():
            self._player.seek(tag.in_frame)

    def _on_timeline_click(self, tag_id: int) -> None:
        self._list.select_tag(tag_id)

    def jump(self, direction: int) -> None:
        """Go to the previous or next tag from the current frame (`[` and `]`)."""
        tags = self._list.model.tags()
        here = self._player.current_frame
        if direction > 0:
            found = next((t for t in tags if t.in_frame > here), None)
        else:
            found = next((t for t in reversed(tags) if t.in_frame < here), None)
        if found is None:
            self._show_message("No more tags this way.", 3000)
            return
        self._list.select_tag(found.id)
        self._player.seek(found.in_frame)

    def focus_search(self) -> None:
        self._show_tag_list()
        self._list.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._list.search_edit.selectAll()

    # -- edit and delete ---------------------------------------------------------------------------
    def edit_selected(self) -> None:
        tag = self._list.current_tag()
        if tag is None:
            self._show_message("Select a tag in the list first.", 3000)
            return
        self._tagging.edit_tag(tag)

    def delete_selected(self) -> None:
        tags = self._list.selected_tags()
        if not tags:
            self._show_message("Select the tags to delete first.", 3000)
            return
        stack = self._library.undo_stack
        stack.beginMacro(f"Delete {len(tags)} tag{'s' if len(tags) != 1 else ''}")
        try:
            for tag in tags:
                self._library.push(DeleteTagCommand(self._library, tag.id))
        finally:
            stack.endMacro()
        self._show_message(f"Deleted {len(tags)}; Ctrl+Z brings them back.", 5000)

    # -- timeline drags ----------------------------------------------------------------------------
    def _on_edge_dragged(self, tag_id: int, edge: str, frame: int) -> None:
        self._push_drag(tag_id, edge, frame)

    def _on_edge_released(self, tag_id: int, edge: str, frame: int) -> None:
        self._push_drag(tag_id, edge, frame)
        self._drag_serial += 1  # the next drag is a new undo step

    def _push_drag(self, tag_id: int, edge: str, frame: int) -> None:
        command = DragTagEdgeCommand(self._library, tag_id, edge, frame, self._drag_serial)
        try:
            self._library.push(command)
        except Exception as error:  # e.g. an in frame dragged past the out frame
            self._show_message(f"Not moved: {error}", 5000)
