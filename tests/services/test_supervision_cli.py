from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.store.library import DB_NAME
from tests.services.video_files import write_test_clip


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A library with Ada (admin), Pat (practitioner), Sam (supervisor) and Pat's session 1."""
    lib = str(tmp_path / "lib")
    assert run(capsys, "library", "init", "--library", lib)[0] == 0
    assert run(capsys, "person", "add", "Ada", "--profile", "admin", "--library", lib)[0] == 0
    for name, profile in (("Pat", "practitioner"), ("Sam", "supervisor")):
        code, out, _ = run(
            capsys, "person", "add", name, "--profile", profile, "--as", "Ada", "--library", lib
        )
        assert code == 0 and out.strip().isdigit()
    clip = write_test_clip(tmp_path / "visit.mp4", frames=20)
    code, _, err = run(
        capsys,
        "import",
        str(clip),
        "--family",
        "F-7",
        "--session",
        "2026-03-01",
        "--consent-recorded-on",
        "2026-02-01",
        "--as",
        "Pat",
        "--library",
        lib,
    )
    assert code == 0, err
    return lib


def test_return_submit_sign_off_by_script(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "session", "sign-off", "1", "--as", "Pat", "--library", lib)
    assert code == 1 and "practitioner may not sign off" in err
    code, out, _ = run(
        capsys,
        "session",
        "return",
        "1",
        "--reason",
        "tags missing",
        "--as",
        "Sam",
        "--library",
        lib,
    )
    assert code == 0 and out.strip().isdigit()
    assert run(capsys, "session", "submit", "1", "--as", "Pat", "--library", lib)[0] == 0
    code, out, _ = run(capsys, "session", "sign-off", "1", "--as", "Sam", "--library", lib)
    assert code == 0 and out.strip() == "1"
    code, out, _ = run(capsys, "session", "history", "1", "--as", "Sam", "--library", lib)
    lines = out.strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == ["returned", "awaiting review", "signed off"]
    assert lines[0].endswith("Sam\ttags missing")
    code, out, _ = run(
        capsys, "session", "list", "--state", "signed_off", "--library", lib, "--as", "Sam"
    )
    assert out.split("\t")[0] == "1" and "F-7" in out


def test_comments_by_script(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "tag",
        "add",
        "--clip",
        "1",
        "--in",
        "2",
        "--out",
        "9",
        "--as",
        "Pat",
        "--library",
        lib,
    )
    assert code == 0
    tag_id = out.strip()
    code, out, err = run(
        capsys,
        "comment",
        "add",
        "--tag",
        tag_id,
        "--frame",
        "5",
        "--text",
        "Look here",
        "--as",
        "Sam",
        "--library",
        lib,
    )
    assert code == 0, err
    first = out.strip()
    code, out, _ = run(capsys, "comment", "new", "--as", "Pat", "--library", lib)
    assert out.strip() == "1\tF-7\t1 new"
    code, out, _ = run(
        capsys, "comment", "reply", first, "--text", "Yes", "--as", "Pat", "--library", lib
    )
    assert code == 0
    assert run(capsys, "comment", "resolve", first, "--as", "Sam", "--library", lib)[0] == 0
    code, out, _ = run(capsys, "comment", "list", "1", "--as", "Sam", "--library", lib)
    assert out.splitlines()[0].split("\t")[1:4] == [f"tag {tag_id} frame 5", "Sam", "resolved"]
    assert out.splitlines()[1].startswith("  ")
    code, _, err = run(
        capsys,
        "comment",
        "add",
        "--tag",
        tag_id,
        "--frame",
        "99",
        "--text",
        "x",
        "--as",
        "Sam",
        "--library",
        lib,
    )
    assert code == 1 and "outside clip" in err and "Traceback" not in err


def test_unknown_names_are_refused_once_there_is_an_admin(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "comment", "new", "--as", "Mallory", "--library", lib)
    assert code == 1 and "person add" in err


def test_audit_csv_json_dates_and_a_broken_chain(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "audit", "--as", "Pat", "--library", lib)
    assert code == 1 and "may not read the audit trail" in err
    code, out, err = run(capsys, "audit", "--as", "Sam", "--library", lib)
    assert code == 0 and "intact" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"add_person", "import_clip"} <= {r["action"] for r in rows}
    assert "Ada" in {r["person"] for r in rows if r["action"] == "add_person"}
    code, out, _ = run(
        capsys, "audit", "--from", "2999-01-01", "--format", "json", "--as", "Sam", "--library", lib
    )
    data = json.loads(out)
    assert data["entries"] == [] and data["chain"]["intact"]
    code, _, err = run(capsys, "audit", "--from", "yesterday", "--as", "Sam", "--library", lib)
    assert code == 1 and "YYYY-MM-DD" in err
    conn = sqlite3.connect(Path(lib) / DB_NAME)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET entity_id = 99 WHERE id = 3")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "audit", "--as", "Sam", "--library", lib)
    assert code == 1 and "broken at entry 3" in err
    assert len(list(csv.DictReader(io.StringIO(out)))) > 3
