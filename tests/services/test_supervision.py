from __future__ import annotations

import sqlite3

import pytest

from attune_app.domain.permissions import PERMISSIONS, may
from attune_app.services import add_tag, get_clip
from attune_app.services.audit_trail import AuditFilter, audit_rows, chain_status, rows_as_csv
from attune_app.services.comments import (
    comment_on_session,
    comment_on_tag,
    mark_seen,
    new_comments,
    reply,
    set_resolved,
    threads,
)
from attune_app.services.people import act_as
from attune_app.services.permissions import PermissionDeniedError, register_person
from attune_app.services.supervision import (
    ReviewFilter,
    current_state,
    return_session,
    review_queue,
    sign_off,
    state_counts,
    state_history,
    submit_for_review,
)
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from tests.services.supervision_people import add_staff


@pytest.fixture
def staffed(library: Library) -> Library:
    add_staff(library)
    return library


def _pat_session(library: Library) -> tuple[int, int]:
    act_as(library, "Pat")
    clip = add_fake_clip(library)
    return clip.session_id, clip.id


def test_the_table_says_who_signs_off() -> None:
    assert PERMISSIONS["sign_off"] == {"supervisor", "admin"}
    assert not may("practitioner", "sign_off", is_author=False)
    assert not may("supervisor", "sign_off", is_author=True)
    assert may("supervisor", "sign_off", is_author=False)
    assert may("practitioner", "comment", is_author=True)
    assert not may("practitioner", "comment", is_author=False)
    assert not may("trainer", "comment", is_author=False)


def test_practitioner_cannot_sign_off_and_nothing_changes(staffed: Library) -> None:
    session_id, _ = _pat_session(staffed)
    entries = chain_status(staffed).entries
    with pytest.raises(PermissionDeniedError, match="practitioner may not sign off"):
        sign_off(staffed, session_id)
    assert current_state(staffed, session_id) == "awaiting_review"
    assert chain_status(staffed).entries == entries


def test_a_supervisor_cannot_sign_off_their_own_session(staffed: Library) -> None:
    act_as(staffed, "Sam")
    clip = add_fake_clip(staffed)
    with pytest.raises(PermissionDeniedError, match="own session"):
        sign_off(staffed, clip.session_id)
    act_as(staffed, "Sky")
    sign_off(staffed, clip.session_id)
    assert current_state(staffed, clip.session_id) == "signed_off"


def test_return_resubmit_sign_off_history_and_audit(staffed: Library) -> None:
    session_id, _ = _pat_session(staffed)
    act_as(staffed, "Sam")
    with pytest.raises(InvalidChangeError, match="Say why"):
        return_session(staffed, session_id, "  ")
    return_session(staffed, session_id, "Cue frames of clip 2 look late")
    with pytest.raises(InvalidChangeError, match="returned"):
        sign_off(staffed, session_id)
    act_as(staffed, "Pat")
    submit_for_review(staffed, session_id)
    with pytest.raises(InvalidChangeError, match="already awaiting review"):
        submit_for_review(staffed, session_id)
    act_as(staffed, "Sam")
    done = sign_off(staffed, session_id, note="good work")
    history = state_history(staffed, session_id)
    assert [h.state for h in history] == ["returned", "awaiting_review", "signed_off"]
    assert history[0].reason == "Cue frames of clip 2 look late"
    assert done.supervisor_id == history[2].person_id
    rows = audit_rows(staffed, AuditFilter(entity="session", action="review_returned"))
    assert [r.entity_id for r in rows] == [session_id]
    assert "late" not in rows_as_csv(audit_rows(staffed))  # the reason's words stay out
    with pytest.raises(InvalidChangeError, match="already signed off"):
        sign_off(staffed, session_id)


def test_queue_filters_and_counts(library: Library) -> None:
    staff = add_staff(library)
    first, _ = _pat_session(library)
    act_as(library, "Sam")
    other = add_fake_clip(library, content=b"other clip")  # Sam's own session
    act_as(library, "Sky")
    return_session(library, other.session_id, "redo")
    rows = review_queue(library)
    assert {r.session_id: r.state for r in rows} == {
        first: "awaiting_review",
        other.session_id: "returned",
    }
    assert state_counts(rows) == {"awaiting_review": 1, "returned": 1, "signed_off": 0}
    pats = review_queue(library, ReviewFilter(practitioner_id=staff["pat"].id))
    assert [(r.session_id, r.practitioner) for r in pats] == [(first, "Pat")]
    assert review_queue(library, ReviewFilter(family_ref="f-0")) == rows
    assert review_queue(library, ReviewFilter(family_ref="G")) == []
    assert review_queue(library, ReviewFilter(date_from="2026-01-06")) == []
    assert len(review_queue(library, ReviewFilter(date_to="2026-01-05"))) == 2
    returned = review_queue(library, ReviewFilter(state="returned"))
    assert [r.session_id for r in returned] == [other.session_id]


def test_threads_replies_resolve_and_new_comments(staffed: Library) -> None:
    session_id, clip_id = _pat_session(staffed)
    tag = add_tag(staffed, clip_id, in_frame=10, out_frame=40, cue_frame=12, response_frame=20)
    act_as(staffed, "Sam")
    on_tag = comment_on_tag(staffed, tag.id, "Is the response here or a frame later?", frame=21)
    on_session = comment_on_session(staffed, session_id, "Lovely clip choice", clip_id=clip_id)
    with pytest.raises(InvalidChangeError, match="outside clip"):
        comment_on_tag(staffed, tag.id, "x", frame=get_clip(staffed, clip_id).frame_count)
    act_as(staffed, "Pat")
    assert [(n.session_id, n.count) for n in new_comments(staffed)] == [(session_id, 2)]
    answer = reply(staffed, on_tag.id, "Frame 21, she turns")
    assert answer.parent_id == on_tag.id and answer.frame == 21 and answer.tag_id == tag.id
    mark_seen(staffed, session_id)
    assert new_comments(staffed) == []
    act_as(staffed, "Sam")
    reply(staffed, answer.id, "Agreed")  # a reply to a reply joins the same thread
    set_resolved(staffed, on_tag.id)
    act_as(staffed, "Pat")
    assert [(n.session_id, n.count) for n in new_comments(staffed)] == [(session_id, 1)]
    found = threads(staffed, session_id)
    assert [t.root.id for t in found] == [on_tag.id, on_session.id]
    assert [c.text for c in found[0].replies] == ["Frame 21, she turns", "Agreed"]
    assert found[0].resolved and not found[1].resolved
    assert review_queue(staffed)[0].open_threads == 1


def test_a_practitioner_comments_only_on_their_own_sessions(staffed: Library) -> None:
    act_as(staffed, "Ada")
    register_person(staffed, "Pia", "practitioner")
    session_id, _ = _pat_session(staffed)
    act_as(staffed, "Pia")
    with pytest.raises(PermissionDeniedError, match="only on their own sessions"):
        comment_on_session(staffed, session_id, "hello")


def test_only_an_admin_adds_people_once_there_is_one(staffed: Library) -> None:
    act_as(staffed, "Sam")
    with pytest.raises(PermissionDeniedError, match="add people"):
        register_person(staffed, "Eve", "supervisor")


def test_chain_status_names_the_entry_that_breaks(staffed: Library) -> None:
    _pat_session(staffed)
    assert chain_status(staffed).intact
    target = audit_rows(staffed)[3].id
    conn = sqlite3.connect(staffed.db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET action = 'nothing' WHERE id = ?", [target])
    conn.commit()
    conn.close()
    status = chain_status(staffed)
    assert status.broken_entry_id == target
    assert f"broken at entry {target}" in status.describe()
