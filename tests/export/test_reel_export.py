"""Exporting from the library: consent for each purpose checked at export time (refusals name
the family and what is missing, and are audited), every export audited, the CLI contract, and
the whole flow from import to reopening the exported file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attune_app import services
from attune_app.cli import main
from attune_app.domain.models import Clip
from attune_app.export.output_plan import ExportSettings
from attune_app.export.reel_export import (
    GATE_CHECKS,
    ExportRefusedError,
    Refusal,
    consent_check,
    default_file_name,
    export_reel,
    prepare_export,
)
from attune_app.media import open_video
from attune_app.store.audit import entries_for
from attune_app.store.files import hash_file
from attune_app.store.library import Library
from tests.export.reel_media import shown_indices
from tests.media.media_clips import ClipSpec, write_clip

DRAFT = ExportSettings(quality="draft", captions="burn")


@pytest.fixture
def clip(library: Library, tmp_path: Path) -> Clip:
    spec = ClipSpec("visit", frames=50, rate=25, beeps_at=(12,), options={"g": "20"})
    source = write_clip(spec, tmp_path)
    return services.import_clip(library, source, family_ref="F-017", session_date="2026-02-01")


def _family_id(library: Library, clip: Clip) -> int:
    row = library.db.execute("SELECT family_id FROM sessions WHERE id = ?", [clip.session_id])
    return int(row.fetchone()[0])


def _reel(library: Library, clip: Clip, purpose: str) -> int:
    reel = services.create_reel(library, "Smiles F-017 week 3", purpose)
    services.add_range_to_reel(library, reel.id, clip.id, 5, 24, caption="She smiles back")
    return reel.id


def _consent(library: Library, clip: Clip, purpose: str) -> None:
    services.record_consent(library, _family_id(library, clip), purpose, given_on="2026-01-01")


@pytest.mark.parametrize(
    ("purpose", "consent"),
    [("parent_review", "recording"), ("supervision", "supervision"), ("training", "training")],
)
def test_each_purpose_needs_its_consent_at_export_time(
    library: Library, clip: Clip, tmp_path: Path, purpose: str, consent: str
) -> None:
    _consent(library, clip, consent)
    reel_id = _reel(library, clip, purpose)
    services.withdraw_consent(library, _family_id(library, clip), consent)  # after building it
    target = tmp_path / "out" / "reel.mp4"
    target.parent.mkdir()
    with pytest.raises(ExportRefusedError) as refused:
        export_reel(library, reel_id, target, DRAFT)
    message = str(refused.value)
    assert "F-017" in message and f"{consent} consent" in message
    assert purpose.replace("_", " ") in message
    assert list(target.parent.iterdir()) == []
    audited = [
        e
        for e in entries_for(library.db, "reel", reel_id)
        if e.action == "export_refused" and e.details["missing"].endswith("consent")
    ]
    assert len(audited) == 1
    assert audited[0].details == {
        "purpose": purpose,
        "family_id": _family_id(library, clip),
        "missing": f"{consent} consent",
    }


def test_recording_consent_is_not_enough_for_training(
    library: Library, clip: Clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # consent alone here; test_training_export covers the anonymisation a training reel needs
    monkeypatch.setattr("attune_app.export.reel_export.GATE_CHECKS", [consent_check])
    _consent(library, clip, "recording")
    _consent(library, clip, "training")
    reel_id = _reel(library, clip, "training")
    export_reel(library, reel_id, tmp_path / "ok.mp4", DRAFT)  # with both: fine
    services.withdraw_consent(library, _family_id(library, clip), "training")
    with pytest.raises(ExportRefusedError, match="training consent"):
        export_reel(library, reel_id, tmp_path / "no.mp4", DRAFT)
    assert not (tmp_path / "no.mp4").exists()


def test_a_gate_check_added_to_the_list_refuses_and_says_what_is_missing(
    library: Library, clip: Clip, monkeypatch: pytest.MonkeyPatch
) -> None:
    _consent(library, clip, "training")
    reel_id = _reel(library, clip, "training")

    def anonymisation(lib: Library, request: object) -> list[Refusal]:
        return [Refusal("This training reel has no reviewed anonymisation.", None, "anonymisation")]

    monkeypatch.setattr("attune_app.export.reel_export.GATE_CHECKS", [*GATE_CHECKS, anonymisation])
    with pytest.raises(ExportRefusedError, match="no reviewed anonymisation"):
        prepare_export(library, reel_id, DRAFT)


def test_every_export_is_audited_with_the_file_name_and_hash(
    library: Library, clip: Clip, tmp_path: Path
) -> None:
    _consent(library, clip, "recording")
    reel_id = _reel(library, clip, "parent_review")
    result, digest = export_reel(library, reel_id, tmp_path / "r.mp4", DRAFT)
    assert digest == hash_file(result.path)
    entry = [e for e in entries_for(library.db, "reel", reel_id) if e.action == "export_reel"][-1]
    assert entry.details["sha256"] == digest
    assert entry.details["file_name"] == "r.mp4" and entry.details["purpose"] == "parent_review"
    assert entry.person_id == library.actor and entry.at
    assert "She smiles" not in str(entry.details)


def test_the_default_file_name_is_the_reel_and_date_without_the_family(
    library: Library, clip: Clip
) -> None:
    _consent(library, clip, "recording")
    reel_id = _reel(library, clip, "parent_review")
    name = default_file_name(library, reel_id, on=date(2026, 3, 4))
    assert name == "Smiles-week-3-2026-03-04.mp4"


def test_import_tag_reel_export_and_reopen(
    library: Library, clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _consent(library, clip, "recording")
    tag = services.add_tag(library, clip.id, in_frame=8, out_frame=30, note="lovely")
    reel = services.create_reel(library, "Week 3", "parent_review")
    (item,) = services.add_tags_to_reel(library, reel.id, [tag.id])
    services.update_reel_item(library, item.id, caption="Look how she waits", hold_ms=200)
    services.add_title_card(library, reel.id, "Our visit", 0.4, position=0)
    folder = library.path
    library.close()
    out = tmp_path / "week3.mp4"
    code = main(["export", "reel", str(reel.id), str(out), "--quality", "draft",
                 "--library", str(folder)])  # fmt: skip
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    assert stdout.strip() == str(out.absolute()) and "exporting 100%" in stderr
    with open_video(out) as video:
        assert video.size == (320, 240) and video.has_audio
        assert abs(video.duration_s - (0.4 + 23 / 25 + 0.2)) < 1e-6
    assert shown_indices(out) == [None] * 10 + list(range(8, 31)) + [30] * 5


def test_the_cli_refuses_with_a_message_and_no_file(
    library: Library, clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _consent(library, clip, "recording")
    reel_id = _reel(library, clip, "parent_review")
    services.withdraw_consent(library, _family_id(library, clip), "recording")  # since then
    folder = library.path
    library.close()
    out = tmp_path / "refused.mp4"
    code = main(["export", "reel", str(reel_id), str(out), "--library", str(folder)])
    stdout, stderr = capsys.readouterr()
    assert code != 0 and stdout == ""
    assert "F-017" in stderr and "recording consent" in stderr and "Traceback" not in stderr
    assert not out.exists()
