"""`attune tag add --as` keeps the coder; `attune agreement` compares coders of a clip."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.domain.models import Clip
from attune_app.media.frame_index import FrameIndex, SeekPoint
from attune_app.services import act_as, add_tag, find_person, get_tag
from attune_app.services.agreement import agreement_for_clip
from attune_app.store import records
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    path = tmp_path / "lib"
    with Library.open(path, create=True, auto_backup=False) as library:
        add_fake_clip(library)
    return str(path)


def tag_as(capsys: pytest.CaptureFixture[str], lib: str, who: str, *extra: str) -> int:
    code, out, err = run(capsys, "tag", "add", "--library", lib, "--clip", "1", "--as", who, *extra)
    assert code == 0, err
    return int(out)


def test_tag_add_as_records_the_coder(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    first = tag_as(capsys, lib, "Ann", "--in", "10", "--out", "20")
    second = tag_as(capsys, lib, "Bea", "--in", "10", "--out", "20")
    with Library.open(Path(lib)) as library:
        ann, bea = find_person(library, "Ann"), find_person(library, "Bea")
        assert ann is not None and bea is not None and ann.id != bea.id
        assert get_tag(library, first).author_id == ann.id
        assert get_tag(library, second).author_id == bea.id


def code_both(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    # 25 fps: Ann's cue at 1.00 s, Bea's at 1.20 s; responses at 2.00 s and 2.40 s
    tag_as(capsys, lib, "Ann", "--in", "0", "--out", "9", "--note", "no codes: not an event")
    for who, cue, response, code in (("Ann", "25", "50", "smiles"), ("Bea", "30", "60", "smiles")):
        tag_as(
            capsys,
            lib,
            who,
            "--in",
            "20",
            "--out",
            "80",
            "--cue-frame",
            cue,
            "--cue",
            code,
            "--response-frame",
            response,
            "--response",
            "smiles_back",
        )
    tag_as(
        capsys, lib, "Bea", "--in", "150", "--out", "160", "--cue-frame", "150", "--cue", "cries"
    )


def test_agreement_json_and_text(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code_both(capsys, lib)
    code, out, err = run(
        capsys, "agreement", "1", "--coders", "Ann,Bea", "--library", lib, "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["parameters"]["tolerance_s"] == 0.5 and data["parameters"]["time_unit_s"] == 0.1
    assert [c["tags"] for c in data["coders"]] == [2, 2]
    cue = data["pairs"][0]["event_based"]["cue"]
    assert (cue["matched_pairs"], cue["agreements"], cue["only_b"]) == (1, 1, 1)
    assert cue["unmatched_b"][0]["code"] == "cries"
    latency = data["pairs"][0]["latency"]
    assert latency["matched"][0]["a_latency_frames"] == 25
    assert latency["matched"][0]["b_latency_frames"] == 30
    assert latency["max_abs_difference_s"] == pytest.approx(0.2)
    code, text, _ = run(capsys, "agreement", "1", "--coders", "Ann,Bea", "--library", lib)
    assert code == 0 and "Ann (a) and Bea (b)" in text and "Krippendorff" in text
    code, out, _ = run(
        capsys, "agreement", "1", "--coders", "Ann,Bea", "--tolerance-s", "0.1", "--library", lib
    )
    assert "cue       pairs 0" in out


@pytest.mark.parametrize(
    ("coders", "extra", "message"),
    [
        ("Ann,Zoe", (), "no coder called 'Zoe'"),
        ("Ann,Cy", (), "Cy has no tags on clip 1"),
        ("Ann", (), "at least two coders"),
        ("Ann,ann", (), "named twice"),
        ("Ann,Bea", ("--tolerance-s", "-1"), "tolerance must be 0 s or more"),
        ("Ann,Bea", ("--time-unit-s", "0"), "time unit must be more than 0 s"),
    ],
)
def test_agreement_refuses_clearly(
    capsys: pytest.CaptureFixture[str],
    lib: str,
    coders: str,
    extra: tuple[str, ...],
    message: str,
) -> None:
    code_both(capsys, lib)
    with Library.open(Path(lib)) as library:
        act_as(library, "Cy")  # known, but has coded nothing
    code, out, err = run(capsys, "agreement", "1", "--coders", coders, "--library", lib, *extra)
    assert (code, out) == (1, "")
    assert message in err and "Traceback" not in err


def test_unknown_clip(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, err = run(capsys, "agreement", "9", "--coders", "Ann,Bea", "--library", lib)
    assert (code, out) == (1, "") and "no clip with id 9" in err


def store_frame_index(library: Library, clip: Clip, pts: list[int]) -> None:
    index = FrameIndex(
        stream_index=0,
        time_base=Fraction(1, 100),
        pts=tuple(pts),
        decode_pos=tuple(range(len(pts))),
        seek_points=(SeekPoint(0, pts[0], pts[0], 0, 0),),
        end_pts=pts[-1] + 4,
        source_size=4,
    )
    with library.transaction() as db:
        records.update(db, "clips", clip.id, {"frame_index": index.to_json()})


def test_times_are_the_frames_own_times(library: Library) -> None:
    """A phone clip's frames are not 1/fps apart: matching uses each frame's own time."""
    clip = add_fake_clip(library, frame_count=10)  # stored as 25 fps
    # frames 0-2 at 0.04 s steps, then a 0.5 s stall: frame 3 is shown at 0.58 s, not 0.12 s
    store_frame_index(library, clip, [0, 4, 8, 58, 62, 66, 70, 74, 78, 82])
    for who, frame in (("Ann", 2), ("Bea", 3)):
        act_as(library, who)
        add_tag(library, clip.id, in_frame=0, out_frame=9, cue_frame=frame, cue_code="smiles")
    report = agreement_for_clip(library, clip.id, ["Ann", "Bea"], tolerance_s=0.3)
    assert report.clip.source == "frame_index"
    assert report.clip.end_s == pytest.approx(0.86)
    cue = report.pairs[0].events["cue"]
    assert cue.pairs == () and len(cue.only_a) == len(cue.only_b) == 1  # 0.50 s apart
    assert cue.only_b[0].time_s == pytest.approx(0.58)
    # 0.1-s units: unit 3 starts at 0.30 s, when frame 2 is still on screen (until 0.58 s)
    units = report.pairs[0].time_units.families["cue"]
    assert units.units == 9 and units.agreements == 9 - 5  # units 1-5 are Ann's alone
