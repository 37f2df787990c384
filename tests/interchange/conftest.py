from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from attune_app.domain.models import Clip
from attune_app.media.frame_index import FrameIndex, SeekPoint
from attune_app.services import ensure_local_person, get_clip
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

# A phone's clock in 90 kHz ticks: mostly 30 fps, stretches at 24 fps, a 15 fps hiccup
# (the pattern tests/corpus.py records into its VFR clip).
VFR_PATTERN_90K = [3000, 3000, 3000, 3750, 3000, 3750, 3750, 3000, 6000, 3000, 3003, 2997]


def vfr_index(frame_count: int, *, start_pts: int = 1800) -> FrameIndex:
    pts, t = [], start_pts
    for i in range(frame_count):
        pts.append(t)
        t += VFR_PATTERN_90K[i % len(VFR_PATTERN_90K)]
    return FrameIndex(
        stream_index=0,
        time_base=Fraction(1, 90_000),
        pts=tuple(pts),
        decode_pos=tuple(range(frame_count)),
        seek_points=(SeekPoint(0, pts[0], pts[0], 0, 0),),
        end_pts=t,
        source_size=1000,
    )


def add_vfr_clip(library: Library, frame_count: int = 120, content: bytes = b"vfr") -> Clip:
    """A clip row whose saved frame index has variable frame durations (no decoding)."""
    clip = add_fake_clip(library, frame_count=frame_count, content=content)
    index = vfr_index(frame_count)
    with library.transaction() as db:
        db.execute(
            "UPDATE clips SET frame_index = ?, duration_s = ? WHERE id = ?",
            [index.to_json(), index.duration_s, clip.id],
        )
    return get_clip(library, clip.id)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened


@pytest.fixture
def vfr_clip(library: Library) -> Clip:
    return add_vfr_clip(library)
