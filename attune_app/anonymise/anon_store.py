"""The anonymisation tables (migration m006_anonymise): rows in, values out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from attune_app.anonymise.boxes import Keyframe, Rect
from attune_app.anonymise.detectors import Detection
from attune_app.anonymise.model import (
    AnonSettings,
    Confirmation,
    FaceTrack,
    ItemRange,
    ManualBox,
    MuteRange,
)
from attune_app.anonymise.tracking import TrackFrame
from attune_app.domain.reel_timeline import FreezeStep, MotionStep, ReelTimeline
from attune_app.store.errors import NotFoundError


# -- the reel's items ----------------------------------------------------------------------
def item_ranges(timeline: ReelTimeline) -> tuple[ItemRange, ...]:
    """Each clip item's shown frames (motion in..out and any held frame), in reel order."""
    out = []
    for entry in timeline.entries:
        frames: list[int] = []
        clip_id, muted = None, False
        for step in entry.steps:
            if isinstance(step, MotionStep):
                frames += [step.in_frame, step.out_frame]
                clip_id, muted = step.clip_id, step.muted
            elif isinstance(step, FreezeStep):
                frames.append(step.frame)
                clip_id = step.clip_id
        if clip_id is not None:
            out.append(ItemRange(entry.item.id, clip_id, min(frames), max(frames), muted))
    return tuple(out)


# -- detections cache ----------------------------------------------------------------------
def cached_frames(db: Database, clip_id: int, detector: str) -> set[int]:
    rows = db.execute(
        "SELECT frame FROM anon_detections WHERE clip_id = ? AND detector = ?", [clip_id, detector]
    ).fetchall()
    return {int(r[0]) for r in rows}


def cached_detections(
    db: Database, clip_id: int, detector: str, first: int, last: int
) -> dict[int, list[Detection]]:
    rows = db.execute(
        "SELECT frame, faces FROM anon_detections WHERE clip_id = ? AND detector = ? "
        "AND frame BETWEEN ? AND ?",
        [clip_id, detector, first, last],
    ).fetchall()
    return {int(f): [Detection(*face) for face in json.loads(faces)] for f, faces in rows}


def store_detections(
    db: Database, clip_id: int, detector: str, found: Iterable[tuple[int, Sequence[Detection]]]
) -> None:
    db.conn.executemany(
        "INSERT OR REPLACE INTO anon_detections (clip_id, detector, frame, faces) VALUES (?,?,?,?)",
        [
            (
                clip_id,
                detector,
                frame,
                json.dumps(
                    [
                        [round(v, 2) for v in (d.x0, d.y0, d.x1, d.y1)] + [round(d.score, 4)]
                        for d in faces
                    ]
                ),
            )
            for frame, faces in found
        ],
    )


# -- settings ------------------------------------------------------------------------------
def settings(db: Database, reel_id: int) -> AnonSettings:
    row = db.execute(
        "SELECT fill, sound, detector FROM anon_settings WHERE reel_id = ?", [reel_id]
    ).fetchone()
    if row is None:
        return AnonSettings(reel_id)
    return AnonSettings(reel_id, str(row[0]), str(row[1]), str(row[2]))


def save_settings(db: Database, value: AnonSettings) -> None:
    db.execute(
        "INSERT INTO anon_settings (reel_id, fill, sound, detector) VALUES (?,?,?,?) "
        "ON CONFLICT(reel_id) DO UPDATE SET fill = excluded.fill, sound = excluded.sound, "
        "detector = excluded.detector",
        [value.reel_id, value.fill, value.sound, value.detector],
    )


# -- tracks --------------------------------------------------------------------------------
def _track(row: Any) -> FaceTrack:
    frames = tuple(
        TrackFrame(f, Rect(x0, y0, x1, y1), kind, score)
        for f, x0, y0, x1, y1, kind, score in json.loads(row[5])
    )
    return FaceTrack(int(row[0]), int(row[1]), int(row[2]), str(row[3]), frames, bool(row[4]))


def tracks(db: Database, reel_id: int) -> list[FaceTrack]:
    rows = db.execute(
        "SELECT id, reel_id, clip_id, detector, keep_visible, boxes FROM anon_tracks "
        "WHERE reel_id = ? ORDER BY clip_id, first_frame, id",
        [reel_id],
    ).fetchall()
    return [_track(r) for r in rows]


def get_track(db: Database, track_id: int) -> FaceTrack:
    row = db.execute(
        "SELECT id, reel_id, clip_id, detector, keep_visible, boxes FROM anon_tracks WHERE id = ?",
        [track_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no face track with id {track_id} in this library.")
    return _track(row)


def insert_track(
    db: Database,
    reel_id: int,
    clip_id: int,
    detector: str,
    frames: Sequence[TrackFrame],
    keep_visible: bool,
) -> int:
    boxes = [[t.frame, *t.rect.as_list(), t.kind, round(t.score, 4)] for t in frames]
    cursor = db.execute(
        "INSERT INTO anon_tracks (reel_id, clip_id, detector, first_frame, last_frame, boxes,"
        " keep_visible) VALUES (?,?,?,?,?,?,?)",
        [
            reel_id,
            clip_id,
            detector,
            frames[0].frame,
            frames[-1].frame,
            json.dumps(boxes),
            int(keep_visible),
        ],
    )
    return int(cursor.lastrowid or 0)


# -- manual boxes --------------------------------------------------------------------------
def boxes(db: Database, reel_id: int, ranges: Sequence[ItemRange]) -> list[ManualBox]:
    rows = db.execute(
        "SELECT id FROM anon_boxes WHERE reel_id = ? ORDER BY id", [reel_id]
    ).fetchall()
    return [get_box(db, int(r[0]), ranges) for r in rows]


def get_box(db: Database, box_id: int, ranges: Sequence[ItemRange] = ()) -> ManualBox:
    row = db.execute(
        "SELECT id, reel_id, clip_id, reel_item_id, keep_visible FROM anon_boxes WHERE id = ?",
        [box_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no face box with id {box_id} in this library.")
    keys = tuple(
        Keyframe(int(f), Rect(x0, y0, x1, y1))
        for f, x0, y0, x1, y1 in db.execute(
            "SELECT frame, x0, y0, x1, y1 FROM anon_box_keys WHERE box_id = ? ORDER BY frame",
            [box_id],
        ).fetchall()
    )
    item_id = None if row[3] is None else int(row[3])
    span = next(
        (
            (r.first_frame, r.last_frame)
            for r in ranges
            if item_id is not None and r.item_id == item_id
        ),
        None,
    )
    if item_id is not None and span is None:
        span = (0, -1)  # the item is no longer in the reel: the box covers nothing
    return ManualBox(int(row[0]), int(row[1]), int(row[2]), keys, item_id, bool(row[4]), span)


# -- mute ranges ---------------------------------------------------------------------------
def mutes(db: Database, reel_id: int) -> list[MuteRange]:
    rows = db.execute(
        "SELECT id, reel_id, clip_id, start_s, end_s FROM anon_mutes WHERE reel_id = ? "
        "ORDER BY clip_id, start_s, id",
        [reel_id],
    ).fetchall()
    return [MuteRange(int(a), int(b), int(c), float(d), float(e)) for a, b, c, d, e in rows]


def get_mute(db: Database, mute_id: int) -> MuteRange:
    row = db.execute(
        "SELECT id, reel_id, clip_id, start_s, end_s FROM anon_mutes WHERE id = ?", [mute_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no mute range with id {mute_id} in this library.")
    return MuteRange(int(row[0]), int(row[1]), int(row[2]), float(row[3]), float(row[4]))


# -- confirmations -------------------------------------------------------------------------
def latest_confirmation(db: Database, reel_id: int) -> Confirmation | None:
    row = db.execute(
        "SELECT c.id, c.reel_id, c.person_id, coalesce(p.display_name, ''), c.confirmed_at,"
        " c.hash FROM anon_confirmations c LEFT JOIN people p ON p.id = c.person_id "
        "WHERE c.reel_id = ? ORDER BY c.id DESC LIMIT 1",
        [reel_id],
    ).fetchone()
    if row is None:
        return None
    return Confirmation(
        int(row[0]),
        int(row[1]),
        None if row[2] is None else int(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
    )
