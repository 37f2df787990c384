"""What the window's sections share: built once by the window, handed to each section.

A section is given these parts, never the window: the window depends on its sections, and a
section can be built and tested without one. It holds no reference to the window's class; the
`parent` is only a Qt widget (the dialogs' parent and the owner of the actions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attune_app.domain.models import Clip
from ui.library.library_controller import LibraryController
from ui.player.player_controller import PlayerController
from ui.tagging.tagging_controller import TaggingController

# `open_clip(clip_id, then)`: make the clip current; `then(ok)` runs once it is (or failed).
OpenClip = Callable[[int, Callable[[bool], None] | None], bool]
# `show_message(text, timeout_ms)`: the status line; 0 keeps the text until the next one.
ShowMessage = Callable[[str, int], None]


@dataclass(frozen=True)
class WindowParts:
    """GUI thread only."""

    parent: QWidget
    library: LibraryController
    player: PlayerController
    tagging: TaggingController
    show_message: ShowMessage
    current_clip: Callable[[], Clip | None]
    open_clip: OpenClip
