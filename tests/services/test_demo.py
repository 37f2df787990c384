from __future__ import annotations

from pathlib import Path

import pytest

from attune_app.services import (
    consent_status,
    list_families,
    list_reel_items,
    list_reels,
    list_tags,
)
from attune_app.services.demo import DEMO_FAMILY, EARLIER_WORDS, ensure_demo_library
from attune_app.services.review import list_reflections
from attune_app.services.review_sessions import get_review, said_before, start_review
from attune_app.store.check import check_library
from attune_app.store.library import Library


@pytest.mark.slow
def test_demo_library_is_made_once_and_is_whole(tmp_path: Path) -> None:
    path = ensure_demo_library(tmp_path / "demo")
    stamp = (path / "library.sqlite").stat().st_mtime_ns
    assert ensure_demo_library(path) == path
    assert (path / "library.sqlite").stat().st_mtime_ns == stamp
    assert not (tmp_path / "demo.partial").exists()
    with Library.open(path) as library:
        [family] = list_families(library)
        assert family.ref == DEMO_FAMILY
        assert consent_status(library, family.id)["recording"] == "given"
        tags = list_tags(library, 1)
        assert len(tags) == 5
        assert all(t.cue_code and t.response_code and t.note for t in tags)
        assert all(t.latency_frames is not None and t.latency_frames > 0 for t in tags)
        reel, earlier_reel = list_reels(library)
        assert (reel.name, reel.purpose) == ("Shared review", "parent_review")
        title, *moments = list_reel_items(library, reel.id)
        assert title.is_title and title.title_text == "Playing together"
        assert len(moments) == 3 and all(m.caption and m.prompt for m in moments)
        assert [m.speed for m in moments] == [1.0, 0.5, 1.0] and moments[2].hold_ms == 2000
        [earlier_item] = list_reel_items(library, earlier_reel.id)
        [said] = list_reflections(library, earlier_item.id)
        earlier = get_review(library, said.session_id)
        assert earlier.session.cycle == 1 and earlier.ended_at and said.text == EARLIER_WORDS
        today = start_review(library, reel.id)
        assert today.session.cycle == 2
        assert [s.text for s in said_before(library, today.id)] == [EARLIER_WORDS]
        assert check_library(library).ok
