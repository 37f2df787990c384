"""The built-in demo library: a fictional family, one animated clip, tags and a review reel.

Made once, in a sibling folder that is renamed into place only when complete, so an
interrupted first run never leaves a half-made demo behind.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from attune_app.domain.models import Clip, Tag
from attune_app.services.consents import record_consent
from attune_app.services.families import add_family, add_session
from attune_app.services.importing import import_clip
from attune_app.services.people import add_person
from attune_app.services.reels import (
    add_range_to_reel,
    add_tags_to_reel,
    add_title_card,
    create_reel,
    update_reel_item,
)
from attune_app.services.review_sessions import end_review, save_parent_words, start_review
from attune_app.services.tags import add_tag
from attune_app.store.library import DB_NAME, Library

DEMO_FAMILY = "Demo family (fictional)"
DEMO_REEL = "Shared review"
DEMO_EARLIER_REEL = "First review (cycle 1)"
DEMO_TITLE = "Playing together"
_TAGGED_MOMENTS = 5
_REEL_MOMENTS = (0, 1, 2)
# What the reel shows of each moment: a caption for the parent, a question for the
# practitioner, and how it is shown (the second slowed down, the third held at its end).
_SHOWN: tuple[dict[str, Any], ...] = (
    {"caption": "She looks up, and you meet her eyes", "prompt": "What do you notice here?"},
    {
        "caption": "A smile, and you smile straight back",
        "prompt": "What do you think your baby was feeling?",
        "speed": 0.5,
    },
    {
        "caption": "You copy her sound",
        "prompt": "What were you doing that helped?",
        "hold_ms": 2000,
        "hold_at": "end",
    },
)
EARLIER_WORDS = "She likes it when I talk to her."
_FIRST_FILMING_DAYS_AGO = 28
_EARLIER_REVIEW_DAYS_AGO = 21
# The demo clip's script names the parent's smile `smiles`; the scheme's response key differs
# from the infant cue of the same name.
_RESPONSE_KEYS = {"smiles": "smiles_back"}
_PRINCIPLES = {
    "looks_back": "receiving_initiatives",
    "smiles_back": "receiving_initiatives",
    "imitates": "developing_attuned_interactions",
    "names": "encouraging_initiatives",
    "waits": "being_attentive",
    "soothes": "being_attentive",
}


# Share of the work done when the clip is written; importing and tagging take the rest.
_CLIP_SHARE = 0.85
Progress = Callable[[float], None]


def demo_library_exists(path: Path) -> bool:
    """True when `ensure_demo_library(path)` has nothing to make (it returns at once)."""
    return (path / DB_NAME).exists()


def ensure_demo_library(path: Path, progress: Progress | None = None) -> Path:
    """The demo library at `path`, made on first use; returns `path`.

    `progress` (optional) is called with the fraction done (0..1) while the library is made;
    it runs on the calling thread.
    """
    if demo_library_exists(path):
        return path
    partial = path.with_name(f"{path.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    report = progress or _ignore
    _make_demo(partial, report)
    partial.replace(path)
    report(1.0)
    return path


def _ignore(_fraction: float) -> None:
    return None


def _make_demo(folder: Path, progress: Progress) -> None:
    from attune_app.media.demo_clip import write_demo_clip

    def clip_progress(fraction: float) -> None:
        progress(_CLIP_SHARE * fraction)

    def import_progress(fraction: float) -> None:
        progress(_CLIP_SHARE + (1.0 - _CLIP_SHARE) * 0.9 * fraction)

    with Library.open(folder, create=True) as library, tempfile.TemporaryDirectory() as scratch:
        library.actor = add_person(library, "Demo practitioner", "practitioner").id
        today = date.today()
        family = add_family(library, DEMO_FAMILY)
        add_session(library, family.id, today - timedelta(days=_FIRST_FILMING_DAYS_AGO))
        clip_file = write_demo_clip(Path(scratch) / "demo-visit.mp4", progress=clip_progress)
        clip = import_clip(
            library,
            clip_file,
            family_ref=DEMO_FAMILY,
            session_date=date.today(),
            progress=import_progress,
        )
        session_family = library.db.execute(
            "SELECT family_id FROM sessions WHERE id = ?", [clip.session_id]
        ).fetchone()[0]
        for purpose in ("recording", "supervision", "training"):
            record_consent(library, session_family, purpose, given_on=date.today())
        tags = _tag_moments(library, clip)
        _make_review_reel(library, [tags[i] for i in _REEL_MOMENTS])
        _make_earlier_review(library, clip, tags[3], today)


def _make_review_reel(library: Library, tags: list[Tag]) -> None:
    """The reel a newcomer reviews: a title card, then three captioned moments."""
    reel = create_reel(library, DEMO_REEL, "parent_review")
    add_title_card(library, reel.id, DEMO_TITLE, 3.0, position=0)
    items = add_tags_to_reel(library, reel.id, [tag.id for tag in tags])
    for item, shown in zip(items, _SHOWN, strict=True):
        update_reel_item(library, item.id, **shown)


def _make_earlier_review(library: Library, clip: Clip, tag: Tag, today: date) -> None:
    """A review from the first cycle, with the parent's words, for the practitioner to see."""
    reel = create_reel(library, DEMO_EARLIER_REEL, "parent_review")
    item = add_range_to_reel(
        library, reel.id, clip.id, tag.in_frame, tag.out_frame, caption="You name the toy"
    )
    earlier = today - timedelta(days=_EARLIER_REVIEW_DAYS_AGO)
    review = start_review(library, reel.id, present=["mother", "practitioner"], on=earlier)
    save_parent_words(library, review.id, item.id, EARLIER_WORDS)
    end_review(library, review.id, moments_shown=1)


def _tag_moments(library: Library, clip: Clip) -> list[Tag]:
    from attune_app.media.demo_clip import DEMO_MOMENTS

    last = clip.frame_count - 1
    tags = []
    for moment in DEMO_MOMENTS[:_TAGGED_MOMENTS]:
        cue_frame = min(round(moment.cue_s * clip.fps), last)
        response_frame = min(round(moment.response_s * clip.fps), last)
        response = _RESPONSE_KEYS.get(moment.response, moment.response)
        principle = _PRINCIPLES.get(response)
        tags.append(
            add_tag(
                library,
                clip.id,
                in_frame=max(cue_frame - round(clip.fps), 0),
                out_frame=min(response_frame + 2 * round(clip.fps), last),
                cue_frame=cue_frame,
                cue_code=moment.cue,
                response_frame=response_frame,
                response_code=response,
                principle_codes=[principle] if principle else [],
                note=moment.note,
            )
        )
    return tags
