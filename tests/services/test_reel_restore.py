"""Deleting a reel can be undone: the reel and its items come back with their ids."""

from __future__ import annotations

from datetime import date

import pytest

from attune_app.domain.models import Clip
from attune_app.services import (
    add_reflection,
    add_session,
    add_tag,
    add_tags_to_reel,
    create_reel,
    delete_tag,
    list_reel_items,
    list_reels,
    record_consent,
    update_reel_item,
    withdraw_consent,
)
from attune_app.services.reel_restore import reel_with_items, restore_reel
from attune_app.services.reels import add_title_card, delete_reel, set_mute_below_speed
from attune_app.store.audit import entries_for, verify_chain
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def _reel(library: Library, clip: Clip, purpose: str = "parent_review") -> int:
    tags = [add_tag(library, clip.id, in_frame=i * 10, out_frame=i * 10 + 5) for i in range(2)]
    reel = create_reel(library, "Shared review", purpose)
    add_tags_to_reel(library, reel.id, [t.id for t in tags])
    add_title_card(library, reel.id, "Hello", 2.0, position=1)
    return reel.id


def test_a_deleted_reel_comes_back_with_its_items_and_ids(library: Library, clip: Clip) -> None:
    reel_id = _reel(library, clip)
    set_mute_below_speed(library, reel_id, 0.75)
    first = list_reel_items(library, reel_id)[0]
    update_reel_item(library, first.id, caption="You smiled", speed=0.5, prompt="What now?")
    reel, items = reel_with_items(library, reel_id)
    delete_reel(library, reel_id)
    assert list_reels(library) == [] and list_reel_items(library, reel_id) == []
    assert restore_reel(library, reel, items) == reel
    assert list_reel_items(library, reel_id) == items
    assert [i.kind for i in items] == ["clip", "title", "clip"]
    assert [e.action for e in entries_for(library.db, "reel", reel_id)][-2:] == [
        "delete_reel",
        "restore_reel",
    ]
    assert verify_chain(library.db) == []
    with pytest.raises(InvalidChangeError, match="already"):
        restore_reel(library, reel, items)


def test_an_item_whose_tag_went_meanwhile_keeps_its_frames(library: Library, clip: Clip) -> None:
    reel_id = _reel(library, clip)
    reel, items = reel_with_items(library, reel_id)
    delete_reel(library, reel_id)
    tag_id = items[0].source_tag_id
    assert tag_id is not None
    delete_tag(library, tag_id)
    restore_reel(library, reel, items)
    back = list_reel_items(library, reel_id)[0]
    assert (back.source_tag_id, back.in_frame, back.out_frame) == (None, 0, 5)


def test_a_training_reel_needs_consent_to_come_back(library: Library, clip: Clip) -> None:
    record_consent(library, 1, "training", given_on="2020-01-01")
    reel_id = _reel(library, clip, "training")
    reel, items = reel_with_items(library, reel_id)
    delete_reel(library, reel_id)
    withdraw_consent(library, 1, "training", withdrawn_on=date.today())
    with pytest.raises(InvalidChangeError, match="withdrawn"):
        restore_reel(library, reel, items)
    assert list_reels(library) == [] and list_reel_items(library, reel_id) == []


def test_a_reel_holding_reflections_is_never_deleted(library: Library, clip: Clip) -> None:
    reel_id = _reel(library, clip)
    review = add_session(library, 1, "2026-01-12", "shared_review")
    add_reflection(library, list_reel_items(library, reel_id)[0].id, review.id, "He looked")
    with pytest.raises(InvalidChangeError, match="reflections"):
        delete_reel(library, reel_id)
    assert len(list_reel_items(library, reel_id)) == 3
