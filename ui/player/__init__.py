"""The practitioner's player: frame-exact video, transport, playback clocks and sound."""

from ui.player import _refcount_guard

_refcount_guard.apply()
