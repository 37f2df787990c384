"""A reel for review-mode tests (a title card, a moment with a prompt and a note, a slow moment
with a hold), fake screens that can be unplugged, and players without a sound device."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRect, Signal

from attune_app.domain.models import Clip
from attune_app.services.reels import (
    add_range_to_reel,
    add_title_card,
    create_reel,
    update_reel_item,
)
from attune_app.services.tags import add_tag
from attune_app.store.library import Library
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController
from ui.review.screens import ScreenSlot

PROMPT = "What was your baby telling you here?"
NOTE = "cue: looks_at_parent, latency 0.4 s"
CAPTION = "You looked back at her"


class FakeScreens(QObject):
    changed = Signal()

    def __init__(self, count: int) -> None:
        super().__init__()
        self._slots = [
            ScreenSlot("laptop", QRect(0, 0, 1280, 800)),
            ScreenSlot("tv", QRect(1280, 0, 1920, 1080)),
        ][:count]

    def slots(self) -> list[ScreenSlot]:
        return list(self._slots)

    def unplug(self, name: str) -> None:
        self._slots = [s for s in self._slots if s.name != name]
        self.changed.emit()


def silent_player(owner: QObject) -> PlayerController:
    return PlayerController(owner, clock_factory=no_audio_clock_factory)


def review_reel(library: Library, clip: Clip) -> tuple[int, list[int]]:
    """Title card, moment 5..15 (prompt, tag note, caption), moment 30..40 at 0.5x, 0.2 s hold."""
    reel = create_reel(library, "Cycle 1", "parent_review")
    add_title_card(library, reel.id, "Playing together", 0.2)
    tag = add_tag(library, clip.id, in_frame=5, out_frame=15, note=NOTE)
    first = add_range_to_reel(
        library, reel.id, clip.id, 5, 15, caption=CAPTION, source_tag_id=tag.id
    )
    update_reel_item(library, first.id, prompt=PROMPT)
    second = add_range_to_reel(
        library, reel.id, clip.id, 30, 40, speed=0.5, hold_s=0.2, hold_at="end"
    )
    return reel.id, [first.id, second.id]


def shown_index(view: Any) -> int | None:
    from attune_app.media.synthetic import read_frame_index

    rgb = view.current_rgb()
    return read_frame_index(rgb) if rgb.size else None
