from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import add_tag, list_tags, record_consent, update_tag
from attune_app.services.bundle_format import BundleError
from attune_app.services.bundles import export_bundle, import_bundle
from attune_app.services.comments import comment_on_tag, reply, set_resolved, threads
from attune_app.services.consents import ConsentRequiredError
from attune_app.services.people import act_as
from attune_app.services.permissions import register_person
from attune_app.services.supervision import current_state, sign_off
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

CLIP_BYTES = b"a practitioner's clip"


def _snapshot(library: Library) -> dict[str, list[tuple[object, ...]]]:
    tables = ("people", "families", "consents", "sessions", "clips", "tags", "comments",
              "sign_offs", "review_states", "audit_log")  # fmt: skip
    return {t: library.db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}


@pytest.fixture
def practitioner(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "pat-lib", create=True, auto_backup=False) as library:
        register_person(library, "Pat", "practitioner")
        act_as(library, "Pat")
        yield library


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "sam-lib", create=True, auto_backup=False) as library:
        register_person(library, "Sam", "supervisor")
        act_as(library, "Sam")
        yield library


def _tagged_session(library: Library) -> tuple[int, int]:
    clip = add_fake_clip(library, content=CLIP_BYTES)
    record_consent(library, 1, "supervision", given_on="2026-01-01")
    tag = add_tag(library, clip.id, in_frame=10, out_frame=50, cue_frame=12, cue_code="smiles",
                  response_frame=30, response_code="smiles_back", note="Pat's note")  # fmt: skip
    return clip.session_id, tag.id


def test_case_bundle_round_trip_and_return(
    practitioner: Library, supervisor: Library, tmp_path: Path
) -> None:
    session_id, tag_id = _tagged_session(practitioner)
    case = tmp_path / "case.attune"
    export_bundle(practitioner, session_id, case)
    first = import_bundle(supervisor, case)
    assert first.inserted["clips"] == 1 and first.inserted["tags"] == 1 and first.media_added == 1
    [clip_row] = supervisor.db.execute("SELECT media_hash, original_name FROM clips").fetchall()
    media = supervisor.media_dir / f"{clip_row[0]}.mp4"
    assert hashlib.sha256(media.read_bytes()).hexdigest() == clip_row[0]
    assert clip_row[1] == "clip-1.mp4"  # the phone's file name stays home
    before = _snapshot(supervisor)
    again = import_bundle(supervisor, case)
    assert not again.changed and again.session_id == first.session_id
    after = _snapshot(supervisor)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    # the supervisor comments, codes the clip a second time and signs off
    [their_tag] = list_tags(supervisor, 1)
    thread = comment_on_tag(supervisor, their_tag.id, "Response a frame later?", frame=31)
    second = add_tag(supervisor, their_tag.clip_id, in_frame=10, out_frame=50, cue_frame=13,
                     cue_code="smiles", response_frame=31, response_code="smiles_back")  # fmt: skip
    sign_off(supervisor, first.session_id)
    back = tmp_path / "return.attune"
    export_bundle(supervisor, first.session_id, back, with_media=False)
    # meanwhile the practitioner edits their own tag: the return must not undo that
    update_tag(practitioner, tag_id, note="Pat's newer note")
    own_before = practitioner.db.execute("SELECT * FROM tags WHERE id = ?", [tag_id]).fetchall()
    merged = import_bundle(practitioner, back)
    assert merged.session_id == session_id
    assert merged.inserted == {"people": 1, "families": 0, "consents": 0, "sessions": 0,
                               "clips": 0, "tags": 1, "comments": 1, "sign_offs": 1,
                               "review_states": 1}  # fmt: skip
    assert practitioner.db.execute("SELECT * FROM tags WHERE id = ?", [tag_id]).fetchall() == (
        own_before
    )
    tags = list_tags(practitioner, 1)
    assert [(t.cue_frame, t.author_id != tags[0].author_id) for t in tags] == [
        (12, False),
        (13, True),
    ]
    assert second.response_frame == tags[1].response_frame
    assert current_state(practitioner, session_id) == "signed_off"
    [found] = threads(practitioner, session_id)
    assert found.root.text == thread.text and found.root.tag_id == tag_id and found.root.frame == 31
    # the practitioner replies; the supervisor resolves; both sides merge again, no duplicates
    reply(practitioner, found.root.id, "Yes, frame 31")
    export_bundle(practitioner, session_id, case)
    assert import_bundle(supervisor, case).inserted["comments"] == 1
    set_resolved(supervisor, thread.id)
    export_bundle(supervisor, first.session_id, back, with_media=False)
    import_bundle(practitioner, back)
    before = _snapshot(practitioner)
    assert not import_bundle(practitioner, back).changed
    assert _snapshot(practitioner)["comments"] == before["comments"]
    [found] = threads(practitioner, session_id)
    assert found.resolved and len(found.replies) == 1


def _rewrite(source: Path, target: Path, change: str) -> None:
    """Copy a bundle, altering one member's bytes (the manifest left as it was)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith(change):
                data = data[:-1] + bytes([data[-1] ^ 1])
            new.writestr(item, data)


@pytest.mark.parametrize("damage", ["media/", "rows.json", "truncate"])
def test_damaged_bundles_are_refused_and_change_nothing(
    practitioner: Library, supervisor: Library, tmp_path: Path, damage: str
) -> None:
    session_id, _ = _tagged_session(practitioner)
    case = tmp_path / "case.attune"
    export_bundle(practitioner, session_id, case)
    bad = tmp_path / "bad.attune"
    if damage == "truncate":
        bad.write_bytes(case.read_bytes()[: case.stat().st_size // 2])
    else:
        _rewrite(case, bad, damage)
    before = _snapshot(supervisor)
    with pytest.raises(BundleError, match="nothing was changed") as refused:
        import_bundle(supervisor, bad)
    if damage != "truncate":
        assert "does not match its SHA-256" in str(refused.value)
    assert _snapshot(supervisor) == before
    assert list(supervisor.media_dir.iterdir()) == []


def test_encrypted_bundle(practitioner: Library, supervisor: Library, tmp_path: Path) -> None:
    session_id, _ = _tagged_session(practitioner)
    case = tmp_path / "case.attune"
    export_bundle(practitioner, session_id, case, passphrase="correct horse")
    assert CLIP_BYTES not in case.read_bytes() and b"smiles" not in case.read_bytes()
    with pytest.raises(BundleError, match="encrypted"):
        import_bundle(supervisor, case)
    with pytest.raises(BundleError, match="passphrase is wrong"):
        import_bundle(supervisor, case, passphrase="wrong")
    data = bytearray(case.read_bytes())
    data[-40] ^= 1
    flipped = tmp_path / "flipped.attune"
    flipped.write_bytes(bytes(data))
    with pytest.raises(BundleError, match="damaged or changed"):
        import_bundle(supervisor, flipped, passphrase="correct horse")
    assert supervisor.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0
    assert import_bundle(supervisor, case, passphrase="correct horse").inserted["clips"] == 1


def test_export_needs_supervision_consent(practitioner: Library, tmp_path: Path) -> None:
    clip = add_fake_clip(practitioner, content=CLIP_BYTES)
    with pytest.raises(ConsentRequiredError, match="supervision consent"):
        export_bundle(practitioner, clip.session_id, tmp_path / "case.attune")
    assert not (tmp_path / "case.attune").exists()


def test_return_bundle_without_clips_needs_the_clips_here(
    practitioner: Library, supervisor: Library, tmp_path: Path
) -> None:
    session_id, _ = _tagged_session(practitioner)
    rows_only = tmp_path / "rows.attune"
    export_bundle(practitioner, session_id, rows_only, with_media=False)
    with pytest.raises(BundleError, match="without the clips"):
        import_bundle(supervisor, rows_only)
    assert supervisor.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_bundle_cli(
    practitioner: Library, supervisor: Library, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    session_id, _ = _tagged_session(practitioner)
    pat_path, sam_path = practitioner.path, supervisor.path
    practitioner.close()
    supervisor.close()
    case = tmp_path / "case.attune"
    monkeypatch.setenv("ATTUNE_BUNDLE_PASSPHRASE", "pass phrase")
    words = ["bundle", "export", str(session_id), str(case), "--encrypt", "--as", "Pat"]
    assert main([*words, "--library", str(pat_path)]) == 0
    assert capsys.readouterr().out.strip() == str(case)
    assert main(["bundle", "import", str(case), "--as", "Sam", "--library", str(sam_path)]) == 0
    assert capsys.readouterr().out.strip() == "1"
    monkeypatch.setenv("ATTUNE_BUNDLE_PASSPHRASE", "nope")
    assert main(["bundle", "import", str(case), "--as", "Sam", "--library", str(sam_path)]) == 1
    err = capsys.readouterr().err
    assert "passphrase is wrong" in err and "Traceback" not in err
    zipped = io.BytesIO()
    zipfile.ZipFile(zipped, "w").close()
    (tmp_path / "empty.attune").write_bytes(zipped.getvalue())
    assert main(["bundle", "import", str(tmp_path / "empty.attune"), "--as", "Sam",
                 "--library", str(sam_path)]) == 1  # fmt: skip
    assert "refused" in capsys.readouterr().err
