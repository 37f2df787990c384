"""What a tag export covers: one clip, a session's clips or a family's clips, with each tag's
coder, and names for files that carry no family reference."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.domain.models import Clip, Tag
from attune_app.services.clips import get_clip, list_clips
from attune_app.services.families import list_families, list_sessions
from attune_app.services.people import list_people
from attune_app.services.tags import list_tags
from attune_app.store.errors import NotFoundError
from attune_app.store.library import Library


@dataclass(frozen=True)
class ClipTags:
    clip: Clip
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class TagSelection:
    clips: tuple[ClipTags, ...]
    coders: dict[int, str]  # person id -> display name

    def coder_of(self, tag: Tag) -> str:
        if tag.author_id is None:
            return "unknown"
        return self.coders.get(tag.author_id, f"person {tag.author_id}")

    @property
    def tag_count(self) -> int:
        return sum(len(c.tags) for c in self.clips)


def select_tags(
    library: Library,
    *,
    clip_id: int | None = None,
    session_id: int | None = None,
    family_ref: str | None = None,
) -> TagSelection:
    """The tags of a clip, a session or a family (exactly one of the three)."""
    given = [v for v in (clip_id, session_id, family_ref) if v is not None]
    if len(given) != 1:
        raise ValueError("select_tags takes exactly one of clip_id, session_id, family_ref")
    if clip_id is not None:
        clips = [get_clip(library, clip_id)]
    elif session_id is not None:
        row = library.db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no session {session_id} in this library.")
        clips = list_clips(library, session_id)
    else:
        family = next((f for f in list_families(library) if f.ref == family_ref), None)
        if family is None:
            raise NotFoundError(f"There is no family '{family_ref}' in this library.")
        clips = [c for s in list_sessions(library, family.id) for c in list_clips(library, s.id)]
    coders = {person.id: person.display_name for person in list_people(library)}
    chosen = tuple(ClipTags(clip, tuple(list_tags(library, clip.id))) for clip in clips)
    return TagSelection(chosen, coders)


def default_stem(clip_id: int | None = None, session_id: int | None = None) -> str:
    """A default file name stem: ids only, never a family reference or a file's old name."""
    if clip_id is not None:
        return f"clip-{clip_id}-tags"
    if session_id is not None:
        return f"session-{session_id}-tags"
    return "tags"
