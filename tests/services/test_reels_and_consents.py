from __future__ import annotations

from datetime import date

import pytest

from attune_app.domain.models import Clip
from attune_app.services import (
    ConsentRequiredError,
    active_codes,
    add_family,
    add_reflection,
    add_session,
    add_tag,
    add_tags_to_reel,
    consent_status,
    create_reel,
    delete_tag,
    list_reel_items,
    list_reflections,
    list_schemes,
    move_reel_item,
    record_consent,
    reel_consent_problems,
    remove_reel_item,
    require_consent,
    restore_reel_item,
    search,
    update_reel_item,
    withdraw_consent,
)
from attune_app.services.people import act_as
from attune_app.services.permissions import register_person
from attune_app.services.supervision import sign_off
from attune_app.store.audit import entries_for, verify_chain
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip


def _reel_with_three(library: Library, clip: Clip) -> tuple[int, list[int]]:
    tags = [add_tag(library, clip.id, in_frame=i * 10, out_frame=i * 10 + 5) for i in range(3)]
    reel = create_reel(library, "Shared review", "parent_review")
    items = add_tags_to_reel(library, reel.id, [t.id for t in tags])
    assert [i.position for i in items] == [0, 1, 2]
    assert [(i.in_frame, i.out_frame) for i in items] == [(0, 5), (10, 15), (20, 25)]
    return reel.id, [i.id for i in items]


def test_move_remove_restore(library: Library, clip: Clip) -> None:
    reel_id, ids = _reel_with_three(library, clip)
    moved = move_reel_item(library, ids[0], 2)
    assert [i.id for i in moved] == [ids[1], ids[2], ids[0]]
    assert [i.position for i in moved] == [0, 1, 2]
    removed = remove_reel_item(library, ids[2])
    assert [i.id for i in list_reel_items(library, reel_id)] == [ids[1], ids[0]]
    restore_reel_item(library, removed)
    items = list_reel_items(library, reel_id)
    assert [i.id for i in items] == [ids[1], ids[2], ids[0]]
    assert [i.position for i in items] == [0, 1, 2]


def test_item_edits_and_deleted_source_tag(library: Library, clip: Clip) -> None:
    reel_id, ids = _reel_with_three(library, clip)
    change = update_reel_item(library, ids[0], caption="Look at her face", speed=0.5, hold_ms=800)
    assert change.before.caption == "" and change.after.speed == 0.5
    assert search(library, "face")[0].kind == "reel_item"
    with pytest.raises(InvalidChangeError, match="speed"):
        update_reel_item(library, ids[0], speed=0)
    source = list_reel_items(library, reel_id)[0].source_tag_id
    assert source is not None
    delete_tag(library, source)
    assert list_reel_items(library, reel_id)[0].source_tag_id is None


def test_reflections_are_kept_with_their_item(library: Library, clip: Clip) -> None:
    _, ids = _reel_with_three(library, clip)
    review = add_session(library, 1, "2026-01-12", "shared_review")
    reflection = add_reflection(library, ids[0], review.id, "He was looking for me")
    assert search(library, "looking")[0].id == reflection.id
    with pytest.raises(InvalidChangeError, match="reflections"):
        remove_reel_item(library, ids[0])
    practitioner = library.actor
    register_person(library, "Sam", "supervisor")  # nobody signs off their own session
    act_as(library, "Sam")
    done = sign_off(library, review.id, "Good work")
    assert (done.session_id, done.supervisor_id) == (review.id, library.actor)
    assert library.actor != practitioner


def test_consent_states(library: Library) -> None:
    add_fake_clip(library, recording_consent=False)
    family_id = 1  # the clip's family, with no consent of any kind yet
    assert set(consent_status(library, family_id).values()) == {"none"}
    record_consent(library, family_id, "recording", given_on="2026-01-01")
    record_consent(library, family_id, "training", given_on="2026-01-01", expires_on="2026-02-01")
    record_consent(library, family_id, "supervision", given_on="2026-01-01")
    withdraw_consent(library, family_id, "supervision", withdrawn_on="2026-01-10")
    status = consent_status(library, family_id, on=date(2026, 3, 1))
    assert status == {
        "recording": "given",
        "supervision": "withdrawn",
        "training": "expired",
        "research": "none",
    }
    with pytest.raises(InvalidChangeError, match="expire before"):
        record_consent(
            library, family_id, "research", given_on="2026-02-01", expires_on="2026-01-01"
        )


def test_a_consent_not_yet_in_force_does_not_hide_the_current_one(
    library: Library, clip: Clip
) -> None:
    family_id = 1
    record_consent(library, family_id, "training", given_on="2026-01-01")
    record_consent(library, family_id, "training", given_on="2027-01-01")  # a renewal, ahead
    assert consent_status(library, family_id, on=date(2026, 6, 1))["training"] == "given"
    assert consent_status(library, family_id, on=date(2025, 6, 1))["training"] == "none"


def test_schemes_loaded_at_init(library: Library) -> None:
    names = {s.name for s in list_schemes(library)}
    assert {
        "vig_principles",
        "infant_cues_parent_responses",
        "template_ainsworth_sensitivity",
        "template_care_index",
        "template_emotional_availability",
    } <= names
    codes = active_codes(library, "infant_cues_parent_responses")
    assert {c.group for c in codes} == {"engagement_cues", "disengagement_cues", "parent_responses"}
    smiles = next(c for c in codes if c.key == "smiles")
    assert (smiles.label, smiles.role) == ("Smiles", "cue")


def test_training_reel_refuses_a_family_without_training_consent(
    library: Library, clip: Clip
) -> None:
    tag = add_tag(library, clip.id, in_frame=0, out_frame=5)
    reel = create_reel(library, "Course examples", "training")
    with pytest.raises(ConsentRequiredError, match="Family F-001 has no training consent"):
        add_tags_to_reel(library, reel.id, [tag.id])
    assert list_reel_items(library, reel.id) == []
    [refusal] = entries_for(library.db, "reel", reel.id)[-1:]
    assert refusal.action == "consent_refused"
    assert refusal.details == {"family_id": 1, "purpose": "training"}
    assert verify_chain(library.db) == []


def test_training_reel_takes_consented_clips_and_reports_withdrawal(
    library: Library, clip: Clip
) -> None:
    tag = add_tag(library, clip.id, in_frame=0, out_frame=5)
    reel = create_reel(library, "Course examples", "training")
    record_consent(library, 1, "training", given_on="2020-01-01")
    [item] = add_tags_to_reel(library, reel.id, [tag.id])
    assert reel_consent_problems(library, reel.id) == []
    withdraw_consent(library, 1, "training", withdrawn_on=date.today())
    [problem] = reel_consent_problems(library, reel.id)
    assert "Course examples" in problem and "withdrawn" in problem and "F-001" in problem
    removed = remove_reel_item(library, item.id)
    with pytest.raises(ConsentRequiredError, match="withdrawn its training consent"):
        restore_reel_item(library, removed)  # redo of the add after the withdrawal
    assert list_reel_items(library, reel.id) == []


def test_require_consent(library: Library, clip: Clip) -> None:
    with pytest.raises(ConsentRequiredError, match="no supervision consent"):
        require_consent(library, 1, "supervision")
    record_consent(library, 1, "supervision", given_on="2026-01-01", expires_on="2026-02-01")
    assert require_consent(library, 1, "supervision", on=date(2026, 1, 15)).purpose == "supervision"
    with pytest.raises(ConsentRequiredError, match="expired supervision consent"):
        require_consent(library, 1, "supervision", on=date(2026, 3, 1))
    # a consent given later does not hide an earlier one that covers the day asked about
    record_consent(library, 1, "supervision", given_on="2026-06-01")
    assert require_consent(library, 1, "supervision", on=date(2026, 1, 15)).given_on == "2026-01-01"
    # a parent-review reel needs the recording consent the clip was filmed under, no more
    reel = create_reel(library, "Shared review", "parent_review")
    tag = add_tag(library, clip.id, in_frame=0, out_frame=5)
    assert len(add_tags_to_reel(library, reel.id, [tag.id])) == 1
    withdraw_consent(library, 1, "recording")
    with pytest.raises(ConsentRequiredError, match="withdrawn its recording consent"):
        add_tags_to_reel(library, reel.id, [tag.id])


def test_reflection_must_be_written_in_a_session_of_the_clips_family(
    library: Library, clip: Clip
) -> None:
    _, ids = _reel_with_three(library, clip)
    other = add_family(library, "F-002")
    elsewhere = add_session(library, other.id, "2026-01-12", "shared_review")
    with pytest.raises(InvalidChangeError, match="another family"):
        add_reflection(library, ids[0], elsewhere.id, "He was looking for me")
    assert list_reflections(library, ids[0]) == []
