"""Stills: the exact frame, full resolution, display orientation, caption optional; one per reel
item, named by place, written atomically and audited. The clips carry their frame index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from corpus import make_clip
from PIL import Image

from attune_app.cli import main
from attune_app.domain.models import Clip
from attune_app.export.stills import export_stills, item_still_frame, save_still
from attune_app.media.synthetic import read_frame_index, rotate_to_storage
from attune_app.services import ensure_local_person, record_consent, withdraw_consent
from attune_app.services.importing import import_clip
from attune_app.services.reels import add_range_to_reel, add_title_card, create_reel
from attune_app.store.audit import entries_for
from attune_app.store.library import Library
from tests.services.fake_clips import import_with_consent
from tests.services.video_files import write_test_clip


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened


@pytest.fixture
def clip(library: Library, tmp_path: Path) -> Clip:
    path = write_test_clip(tmp_path / "visit.mp4", frames=40)  # 160x96, frame i shows i
    return import_with_consent(library, path, family_ref="F-STILLS", session_date="2026-02-03")


def _png(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.mode == "RGB"
        return np.asarray(image).copy()


def _reel(library: Library, clip: Clip) -> int:
    reel = create_reel(library, "Moments", "parent_review")
    add_range_to_reel(library, reel.id, clip.id, 5, 15, caption="You waited for her")
    add_range_to_reel(library, reel.id, clip.id, 20, 30, hold_frame=22, hold_s=1.0)
    add_title_card(library, reel.id, "Our visit", 2.0)
    add_range_to_reel(library, reel.id, clip.id, 33, 33, caption="A lovely smile")
    add_range_to_reel(library, reel.id, clip.id, 12, 18, hold_s=1.0, hold_at="start")
    return reel.id


def test_one_still_per_item_is_the_exact_frame(
    library: Library, clip: Clip, tmp_path: Path
) -> None:
    reel_id = _reel(library, clip)
    out = tmp_path / "out"
    out.mkdir()
    stills = export_stills(library, reel_id, out, captions=False)
    assert [s.path.name for s in stills] == [f"still-0{n}.png" for n in (1, 2, 3, 4)]
    # middle of 5..15; the held frame 22; the still itself; a hold at the start holds the in
    assert [s.frame for s in stills] == [10, 22, 33, 12]
    for still in stills:
        picture = _png(still.path)
        assert picture.shape == (96, 160, 3)  # full resolution
        assert read_frame_index(picture) == still.frame
    assert sorted(p.name for p in out.iterdir()) == [s.path.name for s in stills]  # no .part
    [entry] = [e for e in entries_for(library.db, "reel", reel_id) if e.action == "export_stills"]
    assert entry.details == {"count": 4, "with_captions": False, "purpose": "parent_review"}


def test_captions_are_burned_into_the_lower_third_only(
    library: Library, clip: Clip, tmp_path: Path
) -> None:
    reel_id = _reel(library, clip)
    plain, captioned = tmp_path / "plain", tmp_path / "captioned"
    plain.mkdir()
    captioned.mkdir()
    export_stills(library, reel_id, plain, captions=False)
    export_stills(library, reel_id, captioned, captions=True)
    first_plain, first_captioned = _png(plain / "still-01.png"), _png(captioned / "still-01.png")
    assert read_frame_index(first_captioned) == 10  # the picture is still frame 10
    changed_rows = np.nonzero((first_plain != first_captioned).any(axis=(1, 2)))[0]
    assert changed_rows.size and changed_rows.min() >= 96 // 2  # words low on the picture
    # an item without a caption is the same picture either way
    assert np.array_equal(_png(plain / "still-02.png"), _png(captioned / "still-02.png"))


def test_a_still_of_any_frame_in_display_orientation(library: Library, tmp_path: Path) -> None:
    rotated = make_clip("rotation_90", tmp_path / "corpus")
    clip = import_clip(library, rotated.path, family_ref="F-ROT", session_date="2026-02-03")
    target = save_still(library, clip.id, 17, tmp_path / "frame.png")
    picture = _png(target)
    width, height = rotated.display_size
    assert picture.shape == (height, width, 3)  # shown upright, as the player shows it
    assert (width, height) == (240, 320)
    assert read_frame_index(picture) is None  # the stored pattern is turned for display...
    assert read_frame_index(rotate_to_storage(picture, 90)) == 17  # ...and is frame 17
    [entry] = entries_for(library.db, "clip", clip.id)[-1:]
    assert (entry.action, entry.details) == ("export_still", {"frame": 17, "with_caption": False})


def test_item_still_frame_rules(library: Library, clip: Clip) -> None:
    reel = create_reel(library, "R", "parent_review")
    held_end = add_range_to_reel(library, reel.id, clip.id, 4, 9, hold_s=2.0)
    assert item_still_frame(held_end) == 9
    even = add_range_to_reel(library, reel.id, clip.id, 4, 7)
    assert item_still_frame(even) == 5


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_stills_command(
    library: Library, clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reel_id = _reel(library, clip)
    empty = create_reel(library, "Nothing yet", "parent_review").id
    training = create_reel(library, "Course", "training").id
    record_consent(library, clip_family(library, clip), "training", given_on="2020-01-01")
    add_range_to_reel(library, training, clip.id, 1, 5)
    withdraw_consent(library, clip_family(library, clip), "training", withdrawn_on=date.today())
    library.close()
    lib = str(tmp_path / "library")
    out = tmp_path / "out"
    out.mkdir()
    code, printed, err = run(capsys, "export", "stills", str(reel_id), str(out), "--library", lib)
    assert code == 0, err
    assert printed.splitlines() == [str(out / f"still-0{n}.png") for n in (1, 2, 3, 4)]
    assert "F-STILLS" not in printed
    assert read_frame_index(_png(out / "still-01.png")) == 10  # with its caption
    code, printed, err = run(capsys, "export", "stills", "9", str(out), "--library", lib)
    assert (code, printed) == (1, "") and "no reel with id 9" in err
    missing = tmp_path / "nowhere"
    code, printed, err = run(capsys, "export", "stills", "1", str(missing), "--library", lib)
    assert (code, printed) == (1, "") and str(missing) in err and "make it first" in err
    code, printed, err = run(capsys, "export", "stills", str(empty), str(out), "--library", lib)
    assert code == 0 and printed == "" and "no moments from a clip" in err
    code, printed, err = run(capsys, "export", "stills", str(training), str(out), "--library", lib)
    assert (code, printed) == (1, "") and "withdrawn" in err


def clip_family(library: Library, clip: Clip) -> int:
    row = library.db.execute(
        "SELECT family_id FROM sessions WHERE id = ?", [clip.session_id]
    ).fetchone()
    return int(row[0])
