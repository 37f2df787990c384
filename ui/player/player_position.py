"""Where the player stands: the open video's facts, the frame asked for and the frame on
screen. Shared by the `PlayerController` and its `Transport` (GUI thread only)."""

from __future__ import annotations

from dataclasses import dataclass

from ui.player.video_info import VideoInfo


@dataclass
class PlayerPosition:
    info: VideoInfo | None = None  # None while no video is open
    target: int = 0  # the frame the user asked for last
    shown: int = -1  # the frame on screen, -1 before the first one arrives

    def reset(self, info: VideoInfo | None) -> None:
        self.info, self.target, self.shown = info, 0, -1
