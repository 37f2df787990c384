"""`attune consent record|withdraw|list`, import's recording-consent check, and withdrawal
taking a family's clips out of supervision and training reels at once."""

from __future__ import annotations

from datetime import date as Date
from datetime import timedelta
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import (
    add_comment,
    add_range_to_reel,
    add_reflection,
    create_reel,
    ensure_local_person,
    list_reel_items,
    list_sessions,
    record_consent,
    require_consent,
)
from attune_app.services.consent_actions import (
    consent_states,
    list_reel_removals,
    require_recording_consent,
    withdraw,
)
from attune_app.services.consents import ConsentRequiredError
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from tests.services.video_files import write_test_clip


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def _day(offset: int) -> str:
    return (Date.today() + timedelta(days=offset)).isoformat()


def test_states_at_a_glance(library: Library) -> None:
    clip = add_fake_clip(library)
    family = list_sessions(library, 1)[0].family_id
    assert clip.id and consent_states(library, family)["training"] == "none"
    record_consent(library, family, "recording", given_on=_day(-10))
    record_consent(library, family, "supervision", given_on=_day(-10), expires_on=_day(20))
    record_consent(library, family, "training", given_on=_day(-400), expires_on=_day(-1))
    record_consent(library, family, "research", given_on=_day(-10), expires_on=_day(31))
    states = consent_states(library, family)
    assert states == {
        "recording": "given",
        "supervision": "expiring",
        "training": "expired",
        "research": "given",
    }
    withdraw(library, family, "research")
    assert consent_states(library, family)["research"] == "withdrawn"


def test_withdrawal_empties_supervision_reels_and_records_why(library: Library) -> None:
    clip = add_fake_clip(library)
    family = list_sessions(library, 1)[0].family_id
    for purpose in ("recording", "supervision", "training"):
        record_consent(library, family, purpose, given_on=_day(-5))
    supervision = create_reel(library, "For supervision", "supervision")
    training = create_reel(library, "Course", "training")
    review = create_reel(library, "With mum", "parent_review")
    for reel in (supervision, training, review):
        add_range_to_reel(library, reel.id, clip.id, 10, 40)
        add_range_to_reel(library, reel.id, clip.id, 50, 90)
    item = list_reel_items(library, supervision.id)[1]
    add_reflection(library, item.id, list_sessions(library, family)[0].id, "She looked at me")

    result = withdraw(library, family, "supervision", withdrawn_on=_day(0))

    assert list_reel_items(library, supervision.id) == []
    assert len(list_reel_items(library, training.id)) == 2  # training consent still stands
    assert len(list_reel_items(library, review.id)) == 2
    removals = list_reel_removals(library, supervision.id)
    assert removals == result.removals
    assert [(r.in_frame, r.out_frame, r.position) for r in removals] == [(10, 40, 0), (50, 90, 1)]
    assert {r.reason for r in removals} == {"consent_withdrawn"}
    assert [r.reflections_removed for r in removals] == [0, 1]
    with pytest.raises(ConsentRequiredError, match="withdrawn"):
        add_range_to_reel(library, supervision.id, clip.id, 10, 40)
    with pytest.raises(ConsentRequiredError):
        require_consent(library, family, "supervision")
    logged = library.db.execute(
        "SELECT details FROM audit_log WHERE action = 'remove_for_withdrawal'"
    ).fetchall()
    assert len(logged) == 1 and '"items":2' in logged[0][0]
    add_comment(library, "still fine", session_id=list_sessions(library, family)[0].id)


def test_recording_withdrawal_leaves_training_too(library: Library) -> None:
    clip = add_fake_clip(library)
    family = list_sessions(library, 1)[0].family_id
    for purpose in ("recording", "training"):
        record_consent(library, family, purpose, given_on=_day(-5))
    training = create_reel(library, "Course", "training")
    add_range_to_reel(library, training.id, clip.id, 0, 10)
    withdraw(library, family, "recording")
    assert list_reel_items(library, training.id) == []


def test_import_needs_recording_consent(library: Library) -> None:
    with pytest.raises(Exception, match="F-7 has no recording consent"):
        require_recording_consent(library, "F-7")
    assert library.db.execute("SELECT count(*) FROM families").fetchone()[0] == 0
    require_recording_consent(library, "F-7", consent_recorded_on="2026-01-02")
    require_recording_consent(library, "F-7")  # now current: nothing asked


def _new_library(tmp_path: Path) -> str:
    folder = tmp_path / "lib"
    with Library.open(folder, create=True, auto_backup=False) as library:
        ensure_local_person(library)
    return str(folder)


def test_cli_import_refuses_without_consent_then_records_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = _new_library(tmp_path)
    clip = write_test_clip(tmp_path / "visit.mp4", frames=10)
    code, out, err = run(capsys, "import", str(clip), "--family", "F-3", "--library", lib)
    assert code == 1 and out == ""
    assert "F-3 has no recording consent" in err and "--consent-recorded-on" in err
    assert "Traceback" not in err
    code, out, err = run(
        capsys,
        "import",
        str(clip),
        "--family",
        "F-3",
        "--consent-recorded-on",
        "2026-01-04",
        "--library",
        lib,
    )
    assert code == 0 and "imported as clip 1" in out
    code, out, _ = run(capsys, "consent", "list", "F-3", "--library", lib)
    assert code == 0
    assert "recording\tgiven\t1\t2026-01-04\t\t\tgiven" in out.splitlines()


def test_cli_record_withdraw_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = _new_library(tmp_path)
    with Library.open(lib, auto_backup=False) as library:
        ensure_local_person(library)
        clip = add_fake_clip(library)
        reel = create_reel(library, "Sup", "supervision")
    code, out, err = run(
        capsys,
        "consent",
        "record",
        "F-001",
        "--purpose",
        "supervision",
        "--given-on",
        _day(-3),
        "--expires-on",
        _day(10),
        "--library",
        lib,
    )
    assert code == 0 and out.strip().isdigit()
    consent_id = out.strip()
    with Library.open(lib, auto_backup=False) as library:
        add_range_to_reel(library, reel.id, clip.id, 0, 20)
    code, out, _ = run(capsys, "consent", "list", "F-001", "--library", lib)
    assert f"supervision\texpiring within 30 days\t{consent_id}\t{_day(-3)}" in out
    code, out, err = run(
        capsys, "consent", "withdraw", "F-001", "--purpose", "supervision", "--library", lib
    )
    assert code == 0 and out.strip() == consent_id
    assert f"reel {reel.id}: 1 moment(s) of family F-001 removed" in err
    code, out, _ = run(capsys, "consent", "list", "F-001", "--library", lib)
    assert "supervision\twithdrawn\t\t" in out
    code, out, err = run(
        capsys, "consent", "withdraw", "F-001", "--purpose", "supervision", "--library", lib
    )
    assert code == 1 and "no supervision consent to withdraw" in err
    code, _, err = run(
        capsys, "consent", "record", "F-404", "--purpose", "training", "--given-on", "2026-01-01",
        "--library", lib,
    )  # fmt: skip
    assert code == 1 and "no family with the reference 'F-404'" in err
    code, _, err = run(
        capsys, "consent", "record", "F-001", "--purpose", "training", "--given-on", "soon",
        "--library", lib,
    )  # fmt: skip
    assert code == 1 and "'soon' is not a date" in err
