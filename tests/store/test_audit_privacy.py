"""The audit log never keeps a family's words: it cannot be edited, so they could not be erased."""

from __future__ import annotations

from pathlib import Path

from attune_app.services import (
    add_comment,
    add_tag,
    add_tags_to_reel,
    add_title_card,
    create_reel,
    ensure_local_person,
    update_reel_item,
    update_tag,
)
from attune_app.services.reels import rename_reel
from attune_app.store.audit import verify_chain
from attune_app.store.library import Library
from tests.services.fake_clips import import_with_consent
from tests.services.video_files import write_test_clip

SECRET = "Amelia Smith said she felt proud"


def test_free_text_never_reaches_the_audit_log(tmp_path: Path) -> None:
    source = write_test_clip(tmp_path / f"{SECRET}.mp4")
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as library:
        ensure_local_person(library)
        clip = import_with_consent(library, source, family_ref="F-9")
        tag = add_tag(library, clip.id, in_frame=0, out_frame=5, note=SECRET)
        update_tag(library, tag.id, note=SECRET + "!")
        reel = create_reel(library, SECRET, "parent_review")
        rename_reel(library, reel.id, SECRET + " 2")
        (item,) = add_tags_to_reel(library, reel.id, [tag.id])
        update_reel_item(library, item.id, caption=SECRET)
        update_reel_item(library, item.id, prompt=SECRET)
        title = add_title_card(library, reel.id, SECRET, 2.0)
        update_reel_item(library, title.id, title_text=SECRET + "?")
        add_comment(library, SECRET, tag_id=tag.id)
        logged = " ".join(
            str(row[0]) for row in library.db.execute("SELECT details FROM audit_log")
        )
        assert "Amelia" not in logged
        assert "characters>" in logged  # that the note changed is still recorded
        assert verify_chain(library.db) == []
