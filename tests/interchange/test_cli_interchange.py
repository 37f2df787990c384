"""`attune export tags|captions|otio` and `attune import-tags` from a script, on a real clip."""

from __future__ import annotations

import csv
from pathlib import Path

import opentimelineio as otio
import pytest

from attune_app.cli import main
from attune_app.interchange.eaf_schema import schema_errors
from tests.services.video_files import write_test_clip

DATA = Path(__file__).resolve().parents[1] / "data" / "eaf"


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "lib")
    assert run(capsys, "library", "init", "--library", path)[0] == 0
    clip = write_test_clip(tmp_path / "Amelia Smith visit.mp4", frames=40)
    words = ["import", str(clip), "--family", "F-9", "--session", "2026-03-01"]
    words += ["--consent-recorded-on", "2026-02-01"]
    assert run(capsys, *words, "--library", path)[0] == 0
    tag = ["tag", "add", "--library", path, "--clip", "1", "--in", "2", "--out", "30"]
    code, _, err = run(
        capsys,
        *tag,
        "--cue-frame",
        "3",
        "--cue",
        "smiles",
        "--response-frame",
        "9",
        "--response",
        "smiles_back",
        "--note",
        "lovely",
    )
    assert code == 0, err
    return path


def test_export_tags_of_a_clip_and_of_a_family(
    lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "export", "tags", "1", "--format", "eaf", str(tmp_path / "a.eaf"), "--library", lib
    )
    assert (code, out.strip()) == (0, str(tmp_path / "a.eaf")), err
    data = (tmp_path / "a.eaf").read_bytes()
    assert schema_errors(data) == [] and b"Amelia" not in data and b"F-9" not in data
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = run(
        capsys,
        "export",
        "tags",
        "--family",
        "F-9",
        "--format",
        "csv",
        str(folder),
        "--library",
        lib,
    )
    assert code == 0, err
    (written,) = folder.iterdir()
    assert written.name == "tags.csv"  # no family reference in a default name
    rows = list(csv.DictReader(written.open(encoding="utf-8")))
    assert [(r["in_frame"], r["cue_code"], r["cue_s"]) for r in rows] == [("2", "smiles", "0.12")]
    eaf_folder = tmp_path / "eaf"
    eaf_folder.mkdir()
    code, out, err = run(
        capsys,
        "export",
        "tags",
        "--session",
        "1",
        "--format",
        "eaf",
        str(eaf_folder),
        "--library",
        lib,
    )
    assert (code, out.split()) == (0, [str(eaf_folder / "clip-1-tags.eaf")]), err


def test_import_tags_prints_ids_and_rejects_bad_files_without_a_traceback(
    lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "a.eaf"
    assert (
        run(capsys, "export", "tags", "1", "--format", "eaf", str(out_file), "--library", lib)[0]
        == 0
    )
    code, out, err = run(capsys, "import-tags", str(out_file), "--clip", "1", "--library", lib)
    assert code == 0, err
    assert out.split() == ["2"] and "imported 1 tags into clip 1" in err
    code, out, err = run(
        capsys,
        "import-tags",
        str(DATA / "malformed.eaf"),
        "--clip",
        "1",
        "--library",
        lib,
        "--map",
        str(DATA / "elan_3_0_several_tiers.map.json"),
    )
    assert code == 1 and out == ""
    assert "not well-formed XML" in err and "Traceback" not in err
    bad_map = tmp_path / "map.json"
    bad_map.write_text('{"tiers": {"Baby": {"as": "smile"}}}', encoding="utf-8")
    code, _, err = run(
        capsys,
        "import-tags",
        str(DATA / "elan_2_7_cv.eaf"),
        "--clip",
        "1",
        "--library",
        lib,
        "--map",
        str(bad_map),
    )
    assert code == 1 and "'as' must be one of cue, response, principle, note" in err


def test_reel_captions_and_otio(
    lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reel = ["--library", lib]
    assert (
        run(
            capsys, "reel", "create", "--name", "Amelia's reel", "--purpose", "parent_review", *reel
        )[0]
        == 0
    )
    assert (
        run(capsys, "reel", "title", "1", "--text", "Watch her smile", "--seconds", "2", *reel)[0]
        == 0
    )
    code, _, err = run(
        capsys,
        "reel",
        "add",
        "1",
        "--clip",
        "1",
        "--in",
        "4",
        "--out",
        "13",
        "--speed",
        "0.5",
        "--caption",
        "She smiles",
        "--hold-frame",
        "13",
        "--hold-s",
        "1",
        *reel,
    )
    assert code == 0, err
    code, _, err = run(
        capsys, "reel", "add", "1", "--clip", "1", "--in", "20", "--out", "29", *reel
    )
    assert code == 0, err
    srt = tmp_path / "reel.srt"
    assert run(capsys, "export", "captions", "1", str(srt), *reel)[0] == 0
    # the title lasts 2 s; the caption spans the 0.5x motion (10 frames = 0.8 s) and the 1 s hold
    assert srt.read_text(encoding="utf-8") == ("1\n00:00:02,000 --> 00:00:03,800\nShe smiles\n\n")
    vtt = tmp_path / "reel.vtt"
    assert run(capsys, "export", "captions", "1", str(vtt), *reel)[0] == 0
    assert vtt.read_text(encoding="utf-8").startswith("WEBVTT\n\n00:00:02.000 --> 00:00:03.800\n")
    path = tmp_path / "reel.otio"
    code, _, err = run(capsys, "export", "otio", "1", str(path), *reel)
    assert code == 0, err
    timeline = otio.adapters.read_from_file(str(path))
    items = list(timeline.tracks[0])
    assert [type(i).__name__ for i in items] == ["Gap", "Clip", "Clip", "Clip"]
    gap, slow, hold, plain = items
    assert gap.duration().to_seconds() == pytest.approx(2.0)
    assert gap.markers[0].name == "Watch her smile"
    assert slow.source_range.start_time == otio.opentime.RationalTime(4, 25)
    assert slow.source_range.duration == otio.opentime.RationalTime(20, 25)  # 10 frames at 0.5x
    assert [type(e).__name__ for e in slow.effects] == ["LinearTimeWarp"]
    assert slow.effects[0].time_scalar == 0.5
    assert slow.markers[0].name == "She smiles"
    assert hold.source_range.start_time.value == 13
    assert hold.source_range.duration == otio.opentime.RationalTime(25, 25)
    assert [type(e).__name__ for e in hold.effects] == ["FreezeFrame"]
    assert plain.source_range == otio.opentime.TimeRange(
        otio.opentime.RationalTime(20, 25), otio.opentime.RationalTime(10, 25)
    )
    assert not plain.effects
    url = plain.media_reference.target_url
    assert url.endswith(".mp4") and "/" not in url and "Amelia" not in url
    assert "Amelia" not in path.read_text(encoding="utf-8")
