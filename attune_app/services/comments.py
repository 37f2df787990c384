"""Comment threads on a session, or on a tag at a frame: replies, resolving, and what is new
for a practitioner since they last looked. The audit keeps who and where, never the words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from attune_app.domain.models import Session
from attune_app.domain.supervision import CommentThread, ThreadComment
from attune_app.services.permissions import require
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def _comment(row: records.Row) -> ThreadComment:
    return records._from_row(ThreadComment, row)


def get_comment(library: Library, comment_id: int) -> ThreadComment:
    return records.get(library.db, "comments", comment_id, _comment)


def session_of_comment(library: Library, comment: ThreadComment) -> Session:
    if comment.session_id is not None:
        return records.get(library.db, "sessions", comment.session_id, records.session)
    assert comment.tag_id is not None
    return _session_of_tag(library, comment.tag_id)


def _session_of_tag(library: Library, tag_id: int) -> Session:
    tag = records.get(library.db, "tags", tag_id, records.tag)
    clip = records.get(library.db, "clips", tag.clip_id, records.clip)
    return records.get(library.db, "sessions", clip.session_id, records.session)


def comment_on_session(
    library: Library,
    session_id: int,
    text: str,
    *,
    clip_id: int | None = None,
    frame: int | None = None,
) -> ThreadComment:
    """A new thread about a session, optionally at a frame of one of its clips."""
    with library.transaction() as db:
        session = records.get(db, "sessions", session_id, records.session)
        if frame is not None and clip_id is None:
            raise InvalidChangeError("A comment at a frame names its clip (--clip CLIP).")
        if clip_id is not None:
            clip = records.get(db, "clips", clip_id, records.clip)
            if clip.session_id != session_id:
                raise InvalidChangeError(
                    f"Clip {clip_id} is not in session {session_id}; comment on its own session."
                )
            _check_frame(frame, clip.frame_count, clip_id)
        where = {"session_id": session_id, "clip_id": clip_id, "frame": frame}
        return _insert(library, session, text, where, parent_id=None)


def comment_on_tag(
    library: Library, tag_id: int, text: str, *, frame: int | None = None
) -> ThreadComment:
    """A new thread about a tag, at a frame (default: the tag's cue, else its in frame)."""
    with library.transaction() as db:
        tag = records.get(db, "tags", tag_id, records.tag)
        clip = records.get(db, "clips", tag.clip_id, records.clip)
        session = records.get(db, "sessions", clip.session_id, records.session)
        if frame is None:
            frame = tag.cue_frame if tag.cue_frame is not None else tag.in_frame
        _check_frame(frame, clip.frame_count, clip.id)
        where = {"tag_id": tag_id, "clip_id": clip.id, "frame": frame}
        return _insert(library, session, text, where, parent_id=None)


def reply(library: Library, comment_id: int, text: str) -> ThreadComment:
    """A reply joins the thread of `comment_id` (a reply to a reply joins the same thread)."""
    with library.transaction():
        parent = get_comment(library, comment_id)
        root = get_comment(library, parent.parent_id) if parent.parent_id else parent
        session = session_of_comment(library, root)
        where = {
            "session_id": root.session_id,
            "tag_id": root.tag_id,
            "clip_id": root.clip_id,
            "frame": root.frame,
        }
        return _insert(library, session, text, where, parent_id=root.id)


def set_resolved(library: Library, comment_id: int, resolved: bool = True) -> ThreadComment:
    """Mark a thread resolved (or open again); a reply's thread is its first comment's."""
    with library.transaction() as db:
        comment = get_comment(library, comment_id)
        root = get_comment(library, comment.parent_id) if comment.parent_id else comment
        require(library, "resolve_comment", session_of_comment(library, root))
        if resolved:
            values = [now_iso(), library.actor, root.id]
            db.execute("UPDATE comments SET resolved_at = ?, resolved_by = ? WHERE id = ?", values)
        else:
            db.execute(
                "UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id = ?",
                [root.id],
            )
        action = "resolve_comment" if resolved else "reopen_comment"
        library.audit(action, "comment", root.id, {})
    return get_comment(library, root.id)


def _insert(
    library: Library,
    session: Session,
    text: str,
    where: Mapping[str, int | None],
    *,
    parent_id: int | None,
) -> ThreadComment:
    if not text.strip():
        raise InvalidChangeError("A comment needs some text.")
    require(library, "comment", session)
    values = {
        **where,
        "text": text.strip(),
        "author_id": library.actor,
        "created_at": now_iso(),
        "parent_id": parent_id,
    }
    comment_id = records.insert(library.db, "comments", values)
    details = {k: v for k, v in values.items() if k not in ("created_at", "author_id")}
    library.audit("reply_comment" if parent_id else "add_comment", "comment", comment_id, details)
    return get_comment(library, comment_id)


def _check_frame(frame: int | None, frame_count: int, clip_id: int) -> None:
    if frame is not None and not 0 <= frame < frame_count:
        raise InvalidChangeError(
            f"Frame {frame} is outside clip {clip_id} (frames 0 to {frame_count - 1})."
        )


_SESSION_COMMENTS_SQL = (
    "SELECT * FROM comments WHERE session_id = ? "
    "OR tag_id IN (SELECT t.id FROM tags t JOIN clips c ON c.id = t.clip_id "
    "WHERE c.session_id = ?) ORDER BY id"
)


def session_comments(library: Library, session_id: int) -> list[ThreadComment]:
    return records.select(library.db, _SESSION_COMMENTS_SQL, [session_id, session_id], _comment)


def threads(library: Library, session_id: int) -> list[CommentThread]:
    """The session's threads (on it and on its tags), oldest first, each with its replies."""
    records.get(library.db, "sessions", session_id, records.session)
    comments = session_comments(library, session_id)
    replies: dict[int, list[ThreadComment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [CommentThread(c, tuple(replies.get(c.id, ()))) for c in comments if c.parent_id is None]


@dataclass(frozen=True)
class NewComments:
    session_id: int
    family_ref: str
    count: int


def new_comments(library: Library, person_id: int | None = None) -> list[NewComments]:
    """Comments by others on `person_id`'s sessions (default: the actor's) that arrived since
    they last looked at each session."""
    person_id = library.actor if person_id is None else person_id
    rows = library.db.execute(
        "SELECT s.id, f.ref, cm.id FROM sessions s JOIN families f ON f.id = s.family_id "
        "JOIN comments cm ON cm.session_id = s.id OR cm.tag_id IN "
        "(SELECT t.id FROM tags t JOIN clips c ON c.id = t.clip_id WHERE c.session_id = s.id) "
        "LEFT JOIN comment_reads r ON r.person_id = ? AND r.session_id = s.id "
        "WHERE s.practitioner_id = ? AND coalesce(cm.author_id, -1) != ? "
        "AND cm.id > coalesce(r.seen_up_to, 0) ORDER BY s.id",
        [person_id, person_id, person_id],
    ).fetchall()
    counts: dict[int, NewComments] = {}
    for session_id, ref, _ in rows:
        found = counts.get(session_id)
        counts[session_id] = NewComments(session_id, ref, (found.count if found else 0) + 1)
    return list(counts.values())


def mark_seen(library: Library, session_id: int) -> None:
    """The actor has read every comment on the session so far (audited as a view)."""
    if library.actor is None:
        return
    with library.transaction() as db:
        records.get(db, "sessions", session_id, records.session)
        row = db.execute(
            f"SELECT coalesce(max(id), 0) FROM ({_SESSION_COMMENTS_SQL})",
            [session_id, session_id],
        ).fetchone()
        seen = int(row[0])
        db.execute(
            "INSERT INTO comment_reads (person_id, session_id, seen_up_to) VALUES (?, ?, ?) "
            "ON CONFLICT (person_id, session_id) DO UPDATE SET seen_up_to = excluded.seen_up_to",
            [library.actor, session_id, seen],
        )
        library.audit("view_comments", "session", session_id, {"seen_up_to": seen})
