"""What a reel's anonymisation holds, as plain values: face tracks, manual boxes, mute ranges,
the reel's choices and the trainer's confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.anonymise.boxes import Keyframe, Rect, interpolate
from attune_app.anonymise.fill import PIXELATE
from attune_app.anonymise.tracking import TrackFrame

PLAIN = "plain"
MUFFLED = "muffled"  # low-passed: the tone stays, the words go (a voice may still be known)
SOUNDS = (PLAIN, MUFFLED)


@dataclass(frozen=True)
class AnonSettings:
    reel_id: int
    fill: str = PIXELATE
    sound: str = PLAIN
    detector: str = "combined"


@dataclass(frozen=True)
class FaceTrack:
    id: int
    reel_id: int
    clip_id: int
    detector: str
    frames: tuple[TrackFrame, ...]
    keep_visible: bool = False

    @property
    def first_frame(self) -> int:
        return self.frames[0].frame

    @property
    def last_frame(self) -> int:
        return self.frames[-1].frame

    def rect_at(self, frame: int) -> Rect | None:
        offset = frame - self.first_frame
        if 0 <= offset < len(self.frames) and self.frames[offset].frame == frame:
            return self.frames[offset].rect
        return None


@dataclass(frozen=True)
class ManualBox:
    """A box drawn by hand: keyframed, linear in between. With `reel_item_id` it covers that
    item's whole range (holding its first and last keyframes before and after them)."""

    id: int
    reel_id: int
    clip_id: int
    keys: tuple[Keyframe, ...]
    reel_item_id: int | None = None
    keep_visible: bool = False
    item_range: tuple[int, int] | None = None  # the item's frames, when reel_item_id is set

    def rect_at(self, frame: int) -> Rect | None:
        if not self.keys:
            return None
        if self.item_range is not None:
            first, last = self.item_range
            if not first <= frame <= last:
                return None
            frame = min(max(frame, self.keys[0].frame), self.keys[-1].frame)
        return interpolate(self.keys, frame)


@dataclass(frozen=True)
class MuteRange:
    id: int
    reel_id: int
    clip_id: int
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Confirmation:
    id: int
    reel_id: int
    person_id: int | None
    person_name: str
    confirmed_at: str
    hash: str


@dataclass(frozen=True)
class ItemRange:
    """The frames of one reel item that the reel shows (detection runs on these only)."""

    item_id: int
    clip_id: int
    first_frame: int
    last_frame: int
    muted: bool


@dataclass(frozen=True)
class ReelAnonymisation:
    reel_id: int
    settings: AnonSettings
    items: tuple[ItemRange, ...]
    tracks: tuple[FaceTrack, ...]
    boxes: tuple[ManualBox, ...]
    mutes: tuple[MuteRange, ...]
