"""Erasing a family: nothing of theirs stays in any byte under the library folder, the rest
stays whole, `attune library check` verifies it, and the audit keeps a record without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import (
    add_comment,
    add_range_to_reel,
    add_reflection,
    add_session,
    add_tag,
    create_reel,
    ensure_local_person,
    import_clip,
    list_reel_items,
    list_sessions,
    list_tags,
    record_consent,
    search,
)
from attune_app.services.consent_actions import find_family, withdraw
from attune_app.services.erasure import erase_family
from attune_app.services.people import act_as
from attune_app.services.permissions import register_person
from attune_app.services.supervision import sign_off
from attune_app.store import audit
from attune_app.store.backup import list_backups
from attune_app.store.check import check_library
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from tests.services.video_files import write_test_clip

REF = "F-ZEBRA-4471"
MARKERS = [
    REF,
    "QMARKnote9931",
    "QMARKrefl5521",
    "QMARKcomm7781",
    "QMARKcap3321",
    "QMARKsign6610",
    "QMARKfile8812",
    "QMARKprompt2290",
]


def _legacy_audit_entry(library: Library, details: dict[str, object]) -> None:
    """An entry as Attune wrote them before the log stopped keeping references."""
    with library.transaction() as db:
        prev = audit.head_hash(db)
        at = audit.now_iso()
        text = json.dumps(details, sort_keys=True, separators=(",", ":"))
        digest = audit.entry_hash(prev, at, library.actor, "add_family", "family", 99, text)
        db.execute(
            "INSERT INTO audit_log (at, person_id, action, entity, entity_id, details,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [at, library.actor, "add_family", "family", 99, text, prev, digest],
        )


def _seed(library: Library, tmp_path: Path) -> tuple[str, int]:
    """The marked family (a real imported clip) beside another family that must stay."""
    other = add_fake_clip(library, content=b"the other family's film")
    other_tag = add_tag(library, other.id, in_frame=1, out_frame=9, note="kept words stay here")
    source = write_test_clip(tmp_path / "QMARKfile8812 visit.mp4", frames=12)
    clip = import_clip(library, source, family_ref=REF, session_date="2026-02-01")
    family = find_family(library, REF)
    for purpose in ("recording", "supervision", "training"):
        record_consent(library, family.id, purpose, given_on="2026-01-20")
    session = list_sessions(library, family.id)[0]
    review = add_session(library, family.id, "2026-02-08", "shared_review")
    tag = add_tag(
        library, clip.id, in_frame=2, out_frame=8, note="QMARKnote9931 baby looked at mum"
    )
    reel = create_reel(library, "Mixed reel", "parent_review")
    item = add_range_to_reel(
        library, reel.id, clip.id, 1, 6, caption="QMARKcap3321 waiting for a turn"
    )
    add_range_to_reel(library, reel.id, other.id, 0, 5, caption="the other family stays")
    library.db.execute("UPDATE reel_items SET prompt = 'QMARKprompt2290' WHERE id = ?", [item.id])
    add_reflection(library, item.id, review.id, "she smiled back QMARKrefl5521")
    add_comment(library, "QMARKcomm7781 good turn taking", tag_id=tag.id)
    add_comment(library, "QMARKcomm7781 on the session", session_id=session.id)
    practitioner = library.actor
    register_person(library, "Sam", "supervisor")  # nobody signs off their own session
    act_as(library, "Sam")
    sign_off(library, session.id, "QMARKsign6610 signed")
    library.actor = practitioner
    supervision = create_reel(library, "Supervision", "supervision")
    add_range_to_reel(library, supervision.id, clip.id, 0, 4)
    withdraw(library, family.id, "supervision")  # leaves a reel removal row
    _legacy_audit_entry(library, {"ref": REF})
    (library.cache_dir / f"{clip.media_hash}.frames.json").write_text("[0, 1, 2]")
    assert search(library, "QMARKnote9931")
    library.backup(label="manual")  # a backup that holds them
    return clip.media_hash, other_tag.id


def _every_byte(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        for marker in MARKERS:
            if marker.lower().encode() in data:
                found.append((str(path.relative_to(folder)), marker))
    return found


def test_erasure_leaves_no_byte_of_the_family(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library", create=True) as library:
        ensure_local_person(library)
        media_hash, other_tag = _seed(library, tmp_path)
        assert _every_byte(library.path)  # the scan itself finds what is there
        before = len(list_backups(library.backups_dir))

        report = erase_family(library, REF, confirm=REF)

        assert report.rows["clips"] == 1 and report.rows["reflections"] == 1
        assert report.rows["comments"] == 2 and report.rows["consents"] == 3
        assert report.media_files == 1 and report.cache_files == 1
        assert report.audit_entries_overwritten >= 1
        assert report.backups["rewritten"] >= 1
        assert _every_byte(library.path) == []
        assert not any(media_hash.encode() in p.read_bytes() for p in _files(library.path))
        assert [t.id for t in list_tags(library, 1)] == [other_tag]
        [kept] = list_reel_items(library, 1)
        assert kept.caption == "the other family stays" and kept.position == 0
        assert search(library, "kept words")
        assert audit.verify_chain(library.db) == []
        checked = check_library(library)
        assert checked.ok, checked.problems
        assert checked.verified and "Nothing of the 1 erased family" in checked.verified[0]
        erased = library.db.execute(
            "SELECT person_id, details FROM audit_log WHERE action = 'erase_family'"
        ).fetchone()
        assert erased[0] == library.actor and '"clips":1' in erased[1]
        assert len(list_backups(library.backups_dir)) >= before
    for backup in list_backups(tmp_path / "library" / "backups"):
        with Library.open(tmp_path / "restored", create=True, auto_backup=False) as target:
            target.restore(backup.path)
            assert audit.verify_chain(target.db) == [], backup.path.name
            assert target.db.execute("SELECT count(*) FROM families").fetchone()[0] == 1


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_check_finds_what_an_erasure_missed(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as library:
        ensure_local_person(library)
        _seed(library, tmp_path)
        stray = tmp_path / "stray.sqlite"
        stray.write_bytes((library.backups_dir / list_backups(library.backups_dir)[0].path.name)
                          .read_bytes())  # fmt: skip
        erase_family(library, REF, confirm=REF)
        (library.cache_dir / "copied.sqlite").write_bytes(stray.read_bytes())
        checked = check_library(library)
        assert not checked.ok
        [problem] = checked.problems
        assert problem.what.startswith("cache/copied.sqlite still holds traces of an erased")
        assert "the family's reference" in problem.what and "runs of their words" in problem.what
        assert REF not in problem.what and "QMARK" not in problem.what


def test_a_shared_phrase_or_a_reused_reference_is_not_a_trace(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as library:
        ensure_local_person(library)
        _seed(library, tmp_path)
        erase_family(library, REF, confirm=REF)
        again = add_fake_clip(library, content=b"new family, same ref")
        library.db.execute("UPDATE families SET ref = ? WHERE id = 3", [REF])
        add_tag(library, again.id, in_frame=0, out_frame=3, note="baby looked at mum")
        assert check_library(library).ok


def test_erasure_needs_the_reference_typed_again(library: Library) -> None:
    add_fake_clip(library)
    with pytest.raises(Exception, match="type its reference exactly once more"):
        erase_family(library, "F-001", confirm="F-01")
    assert library.db.execute("SELECT count(*) FROM clips").fetchone()[0] == 1


def test_cli_erase_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "library"
    with Library.open(folder, create=True) as library:
        ensure_local_person(library)
        _seed(library, tmp_path)
    code = main(["family", "erase", REF, "--confirm", "F-ZEBRA", "--library", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "nothing was erased" in err
    code = main(["family", "erase", REF, "--confirm", REF, "--library", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip().isdigit() and "erased" in err and REF not in err
    code = main(["library", "check", "--library", str(folder)])
    out, _ = capsys.readouterr()
    assert code == 0 and "verified: Nothing of the 1 erased family was found" in out
    assert _every_byte(folder) == []
