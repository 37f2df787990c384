"""`FrameIndex`: where every shown frame of a video stream is, found by demuxing packets.

Frame i is the i-th frame in presentation order, exactly as a sequential decode shows it. The
index is built from packets alone (no decoding): packets that produce no frame (the mov
demuxer's edit-list discards, empty packets, packets before the first keyframe) are left out,
and the rest are sorted by presentation timestamp. Ties (WebM files with duplicate timestamps)
keep decode order, so a frame is identified by its position, never by its pts alone.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

FORMAT_VERSION = 1
_TIME_TOLERANCE_S = 1e-6


@dataclass(frozen=True)
class SeekPoint:
    """A keyframe packet: decoding can start here."""

    decode_pos: int  # ordinal of the packet in decode order
    pts: int | None
    dts: int | None
    byte_pos: int | None
    first_frame: int  # the first frame a decode from here shows correctly


@dataclass(frozen=True)
class PacketInfo:
    """What the demuxer says about one packet of the video stream."""

    pts: int | None
    dts: int | None
    duration: int
    is_keyframe: bool
    is_discard: bool
    byte_pos: int | None


@dataclass(frozen=True)
class FrameIndex:
    """The presentation timestamps, decode positions and seek points of one video stream."""

    stream_index: int
    time_base: Fraction
    pts: tuple[int, ...]  # of frame i, in presentation order
    decode_pos: tuple[int, ...]  # packet ordinal (decode order) of frame i
    seek_points: tuple[SeekPoint, ...]  # keyframe packets, in decode order
    end_pts: int  # where the last frame ends
    source_size: int  # bytes of the file it was built from (a cheap staleness check)
    damaged: bool = False  # the demuxer stopped early or reported corrupt packets

    @property
    def frame_count(self) -> int:
        return len(self.pts)

    @cached_property
    def times_s(self) -> list[float]:
        if not self.pts:
            return []
        first = self.pts[0]
        return [float((p - first) * self.time_base) for p in self.pts]

    @property
    def duration_s(self) -> float:
        if not self.pts:
            return 0.0
        return float((self.end_pts - self.pts[0]) * self.time_base)

    @cached_property
    def keyframes(self) -> list[int]:
        """Frame indices whose packets are keyframes (sorted)."""
        by_decode_pos = {d: i for i, d in enumerate(self.decode_pos)}
        found = (by_decode_pos.get(sp.decode_pos) for sp in self.seek_points)
        return sorted(i for i in found if i is not None)

    @cached_property
    def _by_pts(self) -> dict[int, list[int]]:
        table: dict[int, list[int]] = {}
        for i, p in enumerate(self.pts):
            table.setdefault(p, []).append(i)
        return table

    @cached_property
    def _seek_decode_pos(self) -> list[int]:
        return [sp.decode_pos for sp in self.seek_points]

    def frame_time_s(self, frame: int) -> float:
        return self.times_s[frame]

    def frame_at_time(self, t_s: float) -> int:
        """The frame on screen at `t_s` seconds (clamped to the clip)."""
        if not self.pts:
            raise IndexError("the index has no frames")
        i = bisect.bisect_right(self.times_s, t_s + _TIME_TOLERANCE_S) - 1
        return min(max(i, 0), len(self.pts) - 1)

    def seek_point_for(self, frame: int) -> SeekPoint:
        """The latest keyframe packet from which a decode reaches `frame` correctly."""
        target_pos = self.decode_pos[frame]
        k = bisect.bisect_right(self._seek_decode_pos, target_pos) - 1
        while k > 0 and self.seek_points[k].first_frame > frame:
            k -= 1
        return self.seek_points[max(k, 0)]

    def identify(self, frame_pts: int | None, expected: int) -> int | None:
        """Which frame a decoded picture with `frame_pts` is, when `expected` comes next.

        Counting is the rule (it copes with duplicate and missing timestamps); the pts only
        corrects the count when the decoder skipped or repeated something.
        """
        n = len(self.pts)
        if expected < n and (frame_pts is None or self.pts[expected] == frame_pts):
            return expected
        candidates = self._by_pts.get(frame_pts) if frame_pts is not None else None
        if not candidates:
            return expected if expected < n else None
        j = bisect.bisect_left(candidates, expected)
        return candidates[j] if j < len(candidates) else candidates[-1]

    def truncated(self, frame_count: int) -> FrameIndex:
        """This index without the frames from `frame_count` on (they cannot be decoded)."""
        if frame_count >= len(self.pts):
            return self
        end = self.pts[frame_count] if frame_count > 0 else self.end_pts
        return FrameIndex(
            stream_index=self.stream_index,
            time_base=self.time_base,
            pts=self.pts[:frame_count],
            decode_pos=self.decode_pos[:frame_count],
            seek_points=tuple(sp for sp in self.seek_points if sp.first_frame < frame_count),
            end_pts=end,
            source_size=self.source_size,
            damaged=True,
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": FORMAT_VERSION,
                "stream_index": self.stream_index,
                "time_base": [self.time_base.numerator, self.time_base.denominator],
                "pts": list(self.pts),
                "decode_pos": list(self.decode_pos),
                "seek_points": [
                    [sp.decode_pos, sp.pts, sp.dts, sp.byte_pos, sp.first_frame]
                    for sp in self.seek_points
                ],
                "end_pts": self.end_pts,
                "source_size": self.source_size,
                "damaged": self.damaged,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> FrameIndex:
        """Load a saved index; raises ValueError when it is not one this version wrote."""
        data: dict[str, Any] = json.loads(text)
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported frame index version {data.get('version')!r}")
        num, den = data["time_base"]
        return cls(
            stream_index=int(data["stream_index"]),
            time_base=Fraction(int(num), int(den)),
            pts=tuple(int(p) for p in data["pts"]),
            decode_pos=tuple(int(d) for d in data["decode_pos"]),
            seek_points=tuple(SeekPoint(*sp) for sp in data["seek_points"]),
            end_pts=int(data["end_pts"]),
            source_size=int(data["source_size"]),
            damaged=bool(data.get("damaged", False)),
        )


def index_from_packets(
    packets: Iterable[PacketInfo],
    *,
    stream_index: int,
    time_base: Fraction,
    source_size: int,
    damaged: bool = False,
) -> FrameIndex:
    """Build the index from the video stream's packets in decode order."""
    shown: list[tuple[int, int]] = []  # (pts, decode_pos)
    keys: list[PacketInfo] = []
    key_pos: list[int] = []
    last_pts: int | None = None
    last_duration = 0
    seen_key = False
    for pos, packet in enumerate(packets):
        seen_key = seen_key or packet.is_keyframe
        if not seen_key:
            continue  # nothing before the first keyframe can be decoded
        if packet.is_keyframe:
            keys.append(packet)
            key_pos.append(pos)
        pts = _presentation_ts(packet, last_pts, last_duration)
        last_pts, last_duration = pts, packet.duration
        if not packet.is_discard:
            shown.append((pts, pos))
    shown.sort()
    pts_list = tuple(p for p, _ in shown)
    decode_list = tuple(d for _, d in shown)
    frame_of_packet = {d: i for i, d in enumerate(decode_list)}
    seek_points = tuple(
        _seek_point(packet, pos, pts_list, frame_of_packet.get(pos))
        for packet, pos in zip(keys, key_pos, strict=True)
    )
    return FrameIndex(
        stream_index=stream_index,
        time_base=time_base,
        pts=pts_list,
        decode_pos=decode_list,
        seek_points=seek_points,
        end_pts=_end_pts(pts_list, last_duration),
        source_size=source_size,
        damaged=damaged,
    )


def _presentation_ts(packet: PacketInfo, last_pts: int | None, last_duration: int) -> int:
    if packet.pts is not None:
        return packet.pts
    if packet.dts is not None:
        return packet.dts
    return 0 if last_pts is None else last_pts + max(last_duration, 1)


def _seek_point(packet: PacketInfo, pos: int, pts: tuple[int, ...], frame: int | None) -> SeekPoint:
    first = frame if frame is not None else -1
    if first < 0:
        # A hidden keyframe (edit list): it starts the first shown frame at or after its pts.
        key_pts = packet.pts if packet.pts is not None else packet.dts
        first = bisect.bisect_left(pts, key_pts) if key_pts is not None else 0
    return SeekPoint(pos, packet.pts, packet.dts, packet.byte_pos, first)


def _end_pts(pts: tuple[int, ...], last_duration: int) -> int:
    if not pts:
        return 0
    if last_duration > 0:
        return pts[-1] + last_duration
    step = pts[-1] - pts[-2] if len(pts) > 1 else 1
    return pts[-1] + max(step, 1)
