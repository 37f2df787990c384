from __future__ import annotations

import pytest

from attune_app.domain.models import Clip
from attune_app.services import (
    add_comment,
    add_tag,
    add_tags_to_reel,
    create_reel,
    delete_tag,
    get_tag,
    list_comments,
    list_reel_items,
    list_tags,
    restore_tag,
    search,
    update_tag,
)
from attune_app.store.audit import entries_for, verify_chain
from attune_app.store.errors import InvalidChangeError, NotFoundError
from attune_app.store.library import Library


def test_add_tag_returns_it_with_latency_and_writes_audit(library: Library, clip: Clip) -> None:
    tag = add_tag(
        library,
        clip.id,
        in_frame=10,
        out_frame=60,
        cue_frame=12,
        cue_code="smiles",
        response_frame=30,
        response_code="smiles_back",
        principle_codes=["receiving_initiatives"],
        note="Mum smiled back straight away",
    )
    assert tag.id > 0 and tag.latency_frames == 18
    assert get_tag(library, tag.id) == tag
    [entry] = entries_for(library.db, "tag", tag.id)
    assert entry.action == "add_tag" and entry.person_id == library.actor
    assert entry.details["cue_code"] == "smiles"
    assert verify_chain(library.db) == []


def test_point_tag_for_a_still(library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=5, out_frame=5)
    assert tag.is_point and tag.latency_frames is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"in_frame": 20, "out_frame": 10}, "at or before"),
        ({"in_frame": 0, "out_frame": 250}, "outside clip"),
        ({"in_frame": 0, "out_frame": 5, "cue_code": "smiles_back"}, "Unknown cue code"),
        ({"in_frame": 0, "out_frame": 5, "response_code": "nope"}, "Unknown response code"),
        ({"in_frame": 0, "out_frame": 5, "principle_codes": ["x"]}, "Unknown principle"),
    ],
)
def test_invalid_tags_are_refused_and_leave_nothing(
    library: Library, clip: Clip, kwargs: dict[str, object], message: str
) -> None:
    before = library.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidChangeError, match=message):
        add_tag(library, clip.id, **kwargs)  # type: ignore[arg-type]
    assert library.db.execute("SELECT count(*) FROM tags").fetchone()[0] == 0
    assert library.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_unknown_clip(library: Library) -> None:
    with pytest.raises(NotFoundError, match="no clip with id 99"):
        add_tag(library, 99, in_frame=0, out_frame=1)


def test_update_returns_before_and_after_and_undo_restores(library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=10, out_frame=20, note="first")
    change = update_tag(library, tag.id, out_frame=40, note="second")
    assert change.before == tag
    assert change.after.out_frame == 40 and get_tag(library, tag.id).note == "second"
    update_tag(library, tag.id, out_frame=change.before.out_frame, note=change.before.note)
    assert get_tag(library, tag.id).note == "first"
    actions = [e.action for e in entries_for(library.db, "tag", tag.id)]
    assert actions == ["add_tag", "update_tag", "update_tag"]
    with pytest.raises(InvalidChangeError, match="cannot be changed"):
        update_tag(library, tag.id, clip_id=3)


def test_delete_and_restore_keep_the_id(library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=1, out_frame=2, note="kept words")
    deleted = delete_tag(library, tag.id)
    assert list_tags(library, clip.id) == []
    assert search(library, "kept") == []
    restore_tag(library, deleted)
    assert get_tag(library, tag.id) == tag
    assert [hit.id for hit in search(library, "kept")] == [tag.id]


def test_list_tags_filters(library: Library, clip: Clip) -> None:
    a = add_tag(library, clip.id, in_frame=50, out_frame=60, cue_code="reaches", note="toy")
    b = add_tag(library, clip.id, in_frame=5, out_frame=6, principle_codes=["guiding"])
    assert list_tags(library, clip.id) == [b, a]
    assert list_tags(library, clip.id, code="guiding") == [b]
    assert list_tags(library, clip.id, code="reaches") == [a]
    assert list_tags(library, clip.id, text="to") == [a]
    assert list_tags(library, clip.id, author_id=library.actor) == [b, a]
    assert list_tags(library, clip.id, author_id=-1) == []


def test_search_finds_notes_and_comments(library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=1, out_frame=2, note="waited for the babbling")
    comment = add_comment(library, "Lovely waiting here", tag_id=tag.id)
    hits = {(h.kind, h.id) for h in search(library, "wait")}
    assert hits == {("tag", tag.id), ("comment", comment.id)}
    assert search(library, 'odd "quotes" (and) * syntax') == []


def test_undo_of_delete_links_reel_items_and_comments_again(library: Library, clip: Clip) -> None:
    tag = add_tag(library, clip.id, in_frame=10, out_frame=20, note="turns to mum")
    reel = create_reel(library, "Review", "parent_review")
    [item] = add_tags_to_reel(library, reel.id, [tag.id])
    comment = add_comment(library, "Lovely wait", tag_id=tag.id)
    deleted = delete_tag(library, tag.id)
    assert list_reel_items(library, reel.id)[0].source_tag_id is None
    assert _comment_tag(library, comment.id) is None
    restore_tag(library, deleted)
    assert list_reel_items(library, reel.id)[0].source_tag_id == tag.id
    assert _comment_tag(library, comment.id) == tag.id
    assert list_comments(library, clip.session_id)[0].id == comment.id
    # a second delete and undo restores the links again
    restore_tag(library, delete_tag(library, tag.id))
    assert [i.source_tag_id for i in list_reel_items(library, reel.id)] == [tag.id]
    assert item.id == list_reel_items(library, reel.id)[0].id


def _comment_tag(library: Library, comment_id: int) -> int | None:
    row = library.db.execute("SELECT tag_id FROM comments WHERE id = ?", [comment_id]).fetchone()
    return None if row[0] is None else int(row[0])
