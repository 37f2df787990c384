"""`attune anonymise detect|show|confirm` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attune_app.anonymise.face_samples import photo_faces
from attune_app.cli import main
from attune_app.services import add_person
from attune_app.store.library import Library
from tests.anonymise.conftest import make_face_reel


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_detect_show_confirm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = tmp_path / "lib"
    with Library.open(lib, create=True, auto_backup=False) as library:
        add_person(library, "Tess", "trainer")
        add_person(library, "Pat", "practitioner")
        reel = make_face_reel(library, tmp_path, photo_faces()[0], frames=10).reel
    where = ["--library", str(lib), "--as", "Tess"]
    code, out, err = run(capsys, "anonymise", "confirm", str(reel.id), *where)
    assert code == 1 and "not been looked for on 10 frame(s)" in err and out == ""
    code, out, err = run(capsys, "anonymise", "detect", str(reel.id), *where)
    assert code == 0 and out.strip() == "1"
    assert "detecting faces: 10/10 frames (100%)" in err
    code, out, _ = run(capsys, "anonymise", "show", str(reel.id), "--format", "json", *where)
    shown = json.loads(out)
    assert code == 0 and len(shown["tracks"]) == 1 and shown["boxes"] == []
    assert shown["mute_ranges"] == [] and "No trainer has reviewed" in shown["confirmation_problem"]
    assert {f["frame"] for f in shown["tracks"][0]["frames"]} == set(range(10))
    code, out, err = run(
        capsys, "anonymise", "confirm", str(reel.id), "--library", str(lib), "--as", "Pat"
    )
    assert code == 1 and "only a trainer" in err
    code, out, _ = run(capsys, "anonymise", "confirm", str(reel.id), *where)
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(capsys, "anonymise", "show", str(reel.id), "--format", "json", *where)
    assert json.loads(out)["confirmation_problem"] is None
    code, out, err = run(capsys, "anonymise", "detect", str(reel.id), *where)
    assert code == 0 and "0 frame(s) scanned, 10 from earlier runs" in err
    code, _, err = run(capsys, "anonymise", "show", "99", *where)
    assert code == 1 and "no reel with id 99" in err
