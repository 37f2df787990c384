from __future__ import annotations

import json
from pathlib import Path

import pytest

from attune_app.cli import main
from tests.services.video_files import write_test_clip


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_tag_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(tmp_path / "lib")
    assert run(capsys, "library", "init", "--library", lib)[0] == 0
    good = write_test_clip(tmp_path / "visit.mp4", frames=20)
    bad = tmp_path / "broken.mov"
    bad.write_bytes(b"nope")
    code, out, err = run(
        capsys,
        "import",
        str(good),
        str(bad),
        "--family",
        "F-9",
        "--session",
        "2026-03-01",
        "--consent-recorded-on",
        "2026-02-20",
        "--library",
        lib,
    )
    assert code == 1 and "visit.mp4: imported as clip 1 (20 frames)" in out
    assert "broken.mov" in err
    code, out, err = run(
        capsys,
        "tag",
        "add",
        "--library",
        lib,
        "--clip",
        "1",
        "--in",
        "2",
        "--out",
        "9",
        "--cue-frame",
        "3",
        "--cue",
        "smiles",
        "--response-frame",
        "6",
        "--response",
        "smiles_back",
        "--note",
        "lovely",
    )
    assert (code, out) == (0, "1\n")
    code, out, _ = run(capsys, "tags", "1", "--format", "json", "--library", lib)
    [tag] = json.loads(out)
    assert (tag["cue_code"], tag["latency_frames"], tag["note"]) == ("smiles", 3, "lovely")
    code, out, _ = run(capsys, "tags", "1", "--library", lib)
    assert out.splitlines()[0].startswith("id,clip_id,in_frame") and len(out.splitlines()) == 2


def test_bad_tag_prints_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = str(tmp_path / "lib")
    run(capsys, "library", "init", "--library", lib)
    code, out, err = run(
        capsys, "tag", "add", "--library", lib, "--clip", "4", "--in", "0", "--out", "1"
    )
    assert (code, out) == (1, "") and "no clip with id 4" in err


def test_check_backup_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = tmp_path / "lib"
    run(capsys, "library", "init", "--library", str(lib))
    code, out, _ = run(capsys, "library", "backup", "--library", str(lib))
    backup = Path(out.strip())
    assert code == 0 and backup.is_file()
    write_test_clip(tmp_path / "v.mp4")
    run(
        capsys,
        "import",
        str(tmp_path / "v.mp4"),
        "--family",
        "F",
        "--consent-recorded-on",
        "2026-02-20",
        "--library",
        str(lib),
    )
    assert run(capsys, "library", "check", "--library", str(lib))[0] == 0
    media = next((lib / "media").iterdir())
    media.rename(tmp_path / "moved.bin")
    code, out, _ = run(capsys, "library", "check", "--library", str(lib))
    assert code == 1 and "missing" in out and "relink" in out
    code, out, _ = run(capsys, "library", "relink", str(tmp_path), "--library", str(lib))
    assert code == 0 and "clip 1: relinked" in out
    assert run(capsys, "library", "check", "--library", str(lib))[0] == 0
    code, _, err = run(capsys, "library", "restore", backup.name, "--library", str(lib))
    assert code == 0 and "restored" in err
    code, out, _ = run(capsys, "library", "info", "--library", str(lib))
    assert "clips: 0" in out


def test_missing_library_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tags", "1", "--library", str(tmp_path / "none"))
    assert code == 1 and "attune library init" in err


def test_a_file_problem_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "library"
    not_a_folder.write_text("a file where the library folder should be")
    code, _, err = run(capsys, "library", "init", "--library", str(not_a_folder))
    assert code == 1
    assert str(not_a_folder) in err and "Check the folder" in err
