"""The Playback menu's actions with their shortcuts, for the main window to install."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.player.player_controller import PlayerController

# (object name, menu text, shortcut, repeats while held)
_ACTIONS: tuple[tuple[str, str, str, bool], ...] = (
    ("play_pause", "Play / Pause", "Space", False),
    ("shuttle_backward", "Play Backward (again: faster)", "J", False),
    ("shuttle_stop", "Stop", "K", False),
    ("shuttle_forward", "Play Forward (again: faster)", "L", False),
    ("step_back", "Previous Frame", "Left", True),
    ("step_forward", "Next Frame", "Right", True),
    ("back_second", "Back One Second", "Shift+Left", True),
    ("forward_second", "Forward One Second", "Shift+Right", True),
    ("go_start", "Go to Start", "Home", False),
    ("go_end", "Go to End", "End", False),
)


def _slots(c: PlayerController) -> dict[str, Callable[[], None]]:
    return {
        "play_pause": lambda: c.toggle_play(),
        "shuttle_backward": c.shuttle_backward,
        "shuttle_stop": c.shuttle_stop,
        "shuttle_forward": c.shuttle_forward,
        "step_back": lambda: c.step(-1),
        "step_forward": lambda: c.step(1),
        "back_second": lambda: c.step_seconds(-1.0),
        "forward_second": lambda: c.step_seconds(1.0),
        "go_start": c.go_start,
        "go_end": c.go_end,
    }


def player_actions(controller: PlayerController, parent: QObject) -> list[QAction]:
    """One QAction per playback command, object names `playback_<name>`. Add them to a menu
    (and so to the window) to make the shortcuts live."""
    slots = _slots(controller)
    actions = []
    for name, text, shortcut, repeats in _ACTIONS:
        action = QAction(text, parent)
        action.setObjectName(f"playback_{name}")
        action.setShortcut(QKeySequence(shortcut))
        action.setAutoRepeat(repeats)  # holding Right walks frame by frame; Space must not
        # Every command but Play/Pause moves the player: announced, so a reel stops first.
        slot = slots[name] if name == "play_pause" else controller.by_user(slots[name])
        action.triggered.connect(slot)
        actions.append(action)
    return actions
