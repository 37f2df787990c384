"""Shared review sessions: made or continued per family and day, cycles, who was present, the
parent's words stored at once against the right session and item, never another family's."""

from __future__ import annotations

from datetime import date

import pytest

from attune_app.domain.models import Clip
from attune_app.services.consents import record_consent, withdraw_consent
from attune_app.services.families import add_family, add_session
from attune_app.services.reels import add_range_to_reel, add_title_card, create_reel
from attune_app.services.review import list_reflections
from attune_app.services.review_sessions import (
    end_review,
    get_review,
    parent_words,
    review_summary,
    said_before,
    save_parent_words,
    start_review,
)
from attune_app.store import records
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

DAY1, DAY2 = date(2026, 2, 1), date(2026, 3, 1)


def _other_family_clip(library: Library) -> Clip:
    clip = add_fake_clip(library, content=b"another family")
    family = add_family(library, "F-002")
    record_consent(library, family.id, "recording", given_on="2020-01-01")
    session = add_session(library, family.id, "2026-01-06")
    with library.transaction() as db:
        records.update(db, "clips", clip.id, {"session_id": session.id})
    return records.get(library.db, "clips", clip.id, records.clip)


def _reel(library: Library, clip: Clip, name: str = "Cycle 1") -> tuple[int, list[int]]:
    reel = create_reel(library, name, "parent_review")
    add_title_card(library, reel.id, "Playing together", 3)
    first = add_range_to_reel(library, reel.id, clip.id, 10, 40, caption="You looked back")
    second = add_range_to_reel(library, reel.id, clip.id, 60, 90, caption="A smile")
    return reel.id, [first.id, second.id]


def test_starting_a_review_makes_then_continues_the_familys_session(
    library: Library, clip: Clip
) -> None:
    reel_id, _items = _reel(library, clip)
    review = start_review(library, reel_id, present=["mother", "practitioner"], on=DAY1)
    assert review.session.kind == "shared_review" and review.session.date == "2026-02-01"
    assert review.session.cycle == 1 and review.present == ("mother", "practitioner")
    again = start_review(library, reel_id, present=["mother", "father", "practitioner"], on=DAY1)
    assert again.id == review.id and again.present == ("mother", "father", "practitioner")
    end_review(library, review.id)
    assert get_review(library, review.id).ended_at is not None
    later = start_review(library, reel_id, on=DAY1)
    assert later.id != review.id  # an ended review is not reopened


def test_the_cycle_follows_the_familys_filming_sessions(library: Library, clip: Clip) -> None:
    reel_id, _items = _reel(library, clip)
    first = start_review(library, reel_id, on=DAY1)
    family_id = first.session.family_id
    add_session(library, family_id, "2026-02-20")  # the second filming
    second = start_review(library, reel_id, on=DAY2)
    assert (first.session.cycle, second.session.cycle) == (1, 2)


def test_who_was_present_is_said_by_role_never_by_name(library: Library, clip: Clip) -> None:
    reel_id, _items = _reel(library, clip)
    with pytest.raises(InvalidChangeError, match="by role"):
        start_review(library, reel_id, present=["Jane Smith"], on=DAY1)


def test_the_parents_words_are_stored_at_once_against_the_session_and_item(
    library: Library, clip: Clip
) -> None:
    reel_id, (first, second) = _reel(library, clip)
    review = start_review(library, reel_id, on=DAY1)
    save_parent_words(library, review.id, first, "She was looking at me")
    save_parent_words(library, review.id, first, "She was looking at me, waiting")
    [stored] = list_reflections(library, first)
    assert (stored.session_id, stored.text) == (review.id, "She was looking at me, waiting")
    assert parent_words(library, review.id, second) == ""
    save_parent_words(library, review.id, second, "I smiled back")
    summary = review_summary(library, review.id, moments_shown=2)
    assert [(line.caption, line.text) for line in summary.words] == [
        ("You looked back", "She was looking at me, waiting"),
        ("A smile", "I smiled back"),
    ]
    save_parent_words(library, review.id, second, "  ")
    assert list_reflections(library, second) == []
    audit_text = " ".join(str(e) for e in library.db.execute("SELECT details FROM audit_log"))
    assert "smiled" not in audit_text and "waiting" not in audit_text


def test_earlier_cycles_words_are_there_for_the_practitioner_only_the_familys(
    library: Library, clip: Clip
) -> None:
    reel_id, (first, _second) = _reel(library, clip)
    earlier = start_review(library, reel_id, on=DAY1)
    save_parent_words(library, earlier.id, first, "He likes my voice")
    end_review(library, earlier.id)
    other = _other_family_clip(library)
    other_reel = create_reel(library, "Other family", "parent_review")
    other_item = add_range_to_reel(library, other_reel.id, other.id, 0, 20)
    other_review = start_review(library, other_reel.id, on=DAY1)
    save_parent_words(library, other_review.id, other_item.id, "Not this family's words")
    now = start_review(library, reel_id, on=DAY2)
    said = said_before(library, now.id)
    assert [(s.session_id, s.cycle, s.text) for s in said] == [(earlier.id, 1, "He likes my voice")]
    assert said_before(library, earlier.id) == []
    with pytest.raises(InvalidChangeError, match="another family"):
        save_parent_words(library, now.id, other_item.id, "mixed up")


def test_a_reel_with_two_families_film_is_not_shown_to_a_parent(
    library: Library, clip: Clip
) -> None:
    reel_id, _items = _reel(library, clip)
    other = _other_family_clip(library)
    add_range_to_reel(library, reel_id, other.id, 0, 20)
    with pytest.raises(InvalidChangeError, match="2 families"):
        start_review(library, reel_id, on=DAY1)


def test_no_review_with_a_parent_once_recording_consent_is_withdrawn(
    library: Library, clip: Clip
) -> None:
    reel_id, _items = _reel(library, clip)
    withdraw_consent(library, 1, "recording")  # the record only: the moments stay in the reel
    sessions = library.db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    with pytest.raises(InvalidChangeError, match="F-001 has withdrawn its recording consent"):
        start_review(library, reel_id, on=DAY1)
    assert library.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == sessions
