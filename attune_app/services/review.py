"""Shared review and supervision: the parent's reflections, supervisors' comments and sign-offs."""

from __future__ import annotations

from attune_app.domain.models import Comment, Reflection, Session, SignOff
from attune_app.services.supervision import sign_off
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def add_reflection(library: Library, reel_item_id: int, session_id: int, text: str) -> Reflection:
    """Write down the parent's own words about a reel item, in a review session."""
    if not text.strip():
        raise InvalidChangeError("A reflection needs the parent's words.")
    with library.transaction() as db:
        item = records.get(db, "reel_items", reel_item_id, records.reel_item)
        session = records.get(db, "sessions", session_id, records.session)
        if item.clip_id is None:
            raise InvalidChangeError(
                "A title card shows no moment of the family's film; write the parent's words "
                "against one of the reel's moments."
            )
        _check_same_family(library, item.clip_id, session)
        values = {"reel_item_id": reel_item_id, "session_id": session_id, "text": text}
        reflection_id = records.insert(
            db, "reflections", {**values, "recorded_by": library.actor, "created_at": now_iso()}
        )
        library.audit("add_reflection", "reflection", reflection_id, values)
    return records.get(library.db, "reflections", reflection_id, records.reflection)


def _check_same_family(library: Library, clip_id: int, session: Session) -> None:
    """A parent's words belong with their own family's clip, never another family's."""
    clip = records.get(library.db, "clips", clip_id, records.clip)
    clip_session = records.get(library.db, "sessions", clip.session_id, records.session)
    if clip_session.family_id != session.family_id:
        raise InvalidChangeError(
            f"Review session {session.id} is with another family than the clip of this reel "
            "item; write the reflection in a review session of the clip's own family."
        )


def list_reflections(library: Library, reel_item_id: int) -> list[Reflection]:
    return records.select(
        library.db,
        "SELECT * FROM reflections WHERE reel_item_id = ? ORDER BY id",
        [reel_item_id],
        records.reflection,
    )


def add_comment(
    library: Library, text: str, *, session_id: int | None = None, tag_id: int | None = None
) -> Comment:
    if not text.strip():
        raise InvalidChangeError("A comment needs some text.")
    if session_id is None and tag_id is None:
        raise InvalidChangeError("A comment is about a session or a tag; name one.")
    with library.transaction() as db:
        if session_id is not None:
            records.get(db, "sessions", session_id, records.session)
        if tag_id is not None:
            records.get(db, "tags", tag_id, records.tag)
        values = {"text": text, "session_id": session_id, "tag_id": tag_id}
        comment_id = records.insert(
            db, "comments", {**values, "author_id": library.actor, "created_at": now_iso()}
        )
        library.audit("add_comment", "comment", comment_id, values)
    return records.get(library.db, "comments", comment_id, records.comment)


def list_comments(library: Library, session_id: int) -> list[Comment]:
    return records.select(
        library.db,
        "SELECT * FROM comments WHERE session_id = ? "
        "OR tag_id IN (SELECT t.id FROM tags t JOIN clips c ON c.id = t.clip_id "
        "WHERE c.session_id = ?) ORDER BY id",
        [session_id, session_id],
        records.comment,
    )


def sign_off_session(library: Library, session_id: int, note: str = "") -> SignOff:
    """The sign-off under its older name: exactly `supervision.sign_off`, with its checks (a
    supervisor or admin, never on their own session, not when returned or already signed)."""
    return sign_off(library, session_id, note)
