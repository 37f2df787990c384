"""Fixtures: a library with a training reel over a generated clip of a face (no real family)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import pytest

from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.face_samples import FacePicture, moving_face_frames
from attune_app.domain.models import Clip, Reel, ReelItem
from attune_app.services import (
    add_range_to_reel,
    create_reel,
    ensure_local_person,
    get_clip,
    record_consent,
)
from attune_app.services.importing import import_clip
from attune_app.store.library import Library

FPS = 25


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened, profile="trainer")
        yield opened


def write_face_clip(path: Path, picture: FacePicture, frames: int) -> list[Rect | None]:
    """An H.264 clip (320x240, 25 fps, a quiet tone) of `picture` moving, turning and leaving
    the frame; returns the true face box of each frame."""
    truth = []
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = 320, 240
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18"}
        for image, face in moving_face_frames(picture, frames):
            truth.append(face)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return truth


@dataclass
class FaceReel:
    library: Library
    clip: Clip
    reel: Reel
    item: ReelItem
    truth: list[Rect | None]


def make_face_reel(
    library: Library, folder: Path, picture: FacePicture, frames: int = 30, family: str = "F-1"
) -> FaceReel:
    path = folder / f"{family}.mp4"
    truth = write_face_clip(path, picture, frames)
    clip = import_clip(library, path, family_ref=family, session_date="2026-01-05")
    record_consent(library, _family_id(library, clip), "training", given_on="2026-01-01")
    reel = create_reel(library, "Training examples", "training")
    item = add_range_to_reel(library, reel.id, clip.id, 0, clip.frame_count - 1)
    return FaceReel(library, get_clip(library, clip.id), reel, item, truth)


def _family_id(library: Library, clip: Clip) -> int:
    row = library.db.execute(
        "SELECT family_id FROM sessions WHERE id = ?", [clip.session_id]
    ).fetchone()
    return int(row[0])
