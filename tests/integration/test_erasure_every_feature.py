"""Erasing a family that every feature has touched: blind double coding, a reel with a title
card, caption and prompt, a shared review with the parent's words, an anonymised training reel
(boxes, a track, a mute, a trainer's confirmation), comments, review states and a sign-off, an
imported tag file, a case bundle and an export. Afterwards no byte under the library folder
holds any of their words, no row points at what was erased, and `library check` verifies it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attune_app import services
from attune_app.anonymise.anon_store import insert_track
from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.confirmation import confirm
from attune_app.anonymise.detection import detect_reel
from attune_app.anonymise.editing import add_box, add_mute
from attune_app.anonymise.tracking import TrackFrame
from attune_app.export.output_plan import ExportSettings
from attune_app.export.reel_export import export_reel
from attune_app.interchange.tag_import import import_tags
from attune_app.services.blind_coding import set_blind
from attune_app.services.bundles import export_bundle, import_bundle
from attune_app.services.comments import comment_on_session, comment_on_tag, reply
from attune_app.services.consent_actions import find_family
from attune_app.services.erasure import erase_family
from attune_app.services.people import act_as
from attune_app.services.permissions import register_person
from attune_app.services.review_sessions import end_review, save_parent_words, start_review
from attune_app.services.supervision import current_state as services_state
from attune_app.services.supervision import return_session, sign_off, submit_for_review
from attune_app.store import audit
from attune_app.store.check import check_library
from attune_app.store.library import Library
from tests.interchange.helpers import export_clip
from tests.services.video_files import write_test_clip

REF = "F-QUOKKA-8802"
MARK = {
    "file": "QMKfile1101",
    "pat_note": "QMKpatnote1102",
    "sam_note": "QMKsamnote1103",
    "caption": "QMKcaption1104",
    "prompt": "QMKprompt1105",
    "title": "QMKtitle1106",
    "words": "QMKwords1107",
    "words2": "QMKwordsagain1108",
    "comment": "QMKcomment1109",
    "reply": "QMKreply1110",
    "reason": "QMKreason1111",
    "sign": "QMKsignoff1112",
    "imported": "QMKimported1113",
    "reel": "QMKreelname1114",
}
MARKERS = [REF, *MARK.values()]
DRAFT = ExportSettings(quality="draft", captions="none")


def _seed(library: Library, tmp_path: Path) -> dict[str, int]:
    register_person(library, "Ada", "admin")
    act_as(library, "Ada")
    for name, profile in (("Pat", "practitioner"), ("Sam", "supervisor"), ("Tess", "trainer")):
        register_person(library, name, profile)
    act_as(library, "Pat")
    film = write_test_clip(tmp_path / "other.mp4", frames=12, seed=3)
    other = services.import_clip(library, film, family_ref="F-OTHER", session_date="2026-01-11")
    kept = services.add_tag(library, other.id, in_frame=1, out_frame=9, note="kept words")
    other_family = find_family(library, "F-OTHER").id
    services.record_consent(library, other_family, "training", given_on="2026-01-01")

    source = write_test_clip(tmp_path / f"{MARK['file']} visit.mp4", frames=24)
    clip = services.import_clip(library, source, family_ref=REF, session_date="2026-02-01")
    family = find_family(library, REF)
    for purpose in ("recording", "supervision", "training"):
        services.record_consent(library, family.id, purpose, given_on="2026-01-20")
    session_id = clip.session_id
    tag = services.add_tag(library, clip.id, in_frame=2, out_frame=9, note=MARK["pat_note"])

    act_as(library, "Sam")  # blind double coding
    set_blind(library, clip.id, True)
    services.add_tag(library, clip.id, in_frame=3, out_frame=10, note=MARK["sam_note"])

    act_as(library, "Pat")
    exported = export_clip(library, clip.id, "csv", tmp_path / "tags.csv")
    exported.write_text(exported.read_text().replace(MARK["pat_note"], MARK["imported"]))
    import_tags(library, exported, clip.id, coder="Sam")

    reel = services.create_reel(library, f"{MARK['reel']} first review", "parent_review")
    services.add_title_card(library, reel.id, f"{MARK['title']} our visit", 1.5)
    item = services.add_range_to_reel(library, reel.id, clip.id, 1, 12, caption=MARK["caption"])
    services.update_reel_item(library, item.id, prompt=f"{MARK['prompt']} what do you notice?")
    services.add_tags_to_reel(library, reel.id, [tag.id])
    review = start_review(library, reel.id, on=date(2026, 2, 8))
    save_parent_words(library, review.session.id, item.id, MARK["words"])
    save_parent_words(library, review.session.id, item.id, MARK["words2"])
    end_review(library, review.session.id, moments_shown=2)

    training = services.create_reel(library, "Training examples", "training")
    t_item = services.add_range_to_reel(library, training.id, clip.id, 0, 15)
    services.add_range_to_reel(library, training.id, other.id, 0, 5)
    detect_reel(library, training.id)
    add_box(library, training.id, clip.id, 0, Rect(10, 10, 60, 60), reel_item_id=t_item.id)
    with library.transaction() as db:
        frames = [TrackFrame(f, Rect(20, 20, 50, 50), "detected", 0.9) for f in range(0, 8)]
        insert_track(db, training.id, clip.id, "test", frames, False)
    add_mute(library, training.id, clip.id, 0.1, 0.3)

    comment = comment_on_tag(library, tag.id, MARK["comment"])
    comment_on_session(library, session_id, MARK["comment"] + " session")
    if services_state(library, session_id) != "awaiting_review":
        submit_for_review(library, session_id)
    act_as(library, "Sam")
    reply(library, comment.id, MARK["reply"])
    return_session(library, session_id, MARK["reason"])
    act_as(library, "Pat")
    submit_for_review(library, session_id)
    act_as(library, "Sam")
    sign_off(library, session_id, MARK["sign"])

    bundle = tmp_path / "case.attunebundle"
    export_bundle(library, session_id, bundle)
    with Library.open(tmp_path / "elsewhere", create=True, auto_backup=False) as there:
        register_person(there, "Sue", "admin")
        act_as(there, "Sue")
        import_bundle(there, bundle)  # the other library gives it back with its own links
        comment_on_session(there, 1, "from elsewhere")
        export_bundle(there, 1, tmp_path / "back.attunebundle", with_media=False)
    import_bundle(library, tmp_path / "back.attunebundle")

    act_as(library, "Tess")
    confirm(library, training.id)
    export_reel(library, training.id, tmp_path / "training.mp4", DRAFT)
    act_as(library, "Pat")
    library.backup(label="manual")
    return {"kept_tag": kept.id, "other_clip": other.id, "training": training.id}


def _every_byte(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        found += [(str(path.relative_to(folder)), m) for m in MARKERS if m.lower().encode() in data]
    return found


@pytest.mark.slow
def test_erasure_covers_every_feature(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library", create=True) as library:
        ids = _seed(library, tmp_path)
        seen = {m for _, m in _every_byte(library.path)}
        assert seen == set(MARKERS), seen  # the scan finds what is there

        erase_family(library, REF, confirm=REF)

        left = _every_byte(library.path)
        assert not left, "\n".join(f"{where}: {what}" for where, what in left)
        assert library.db.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, local_id in library.db.execute("SELECT table_name, local_id FROM bundle_links"):
            assert library.db.execute(
                f"SELECT 1 FROM [{table}] WHERE id = ?", [local_id]
            ).fetchone()
        assert library.db.execute("SELECT count(*) FROM anon_detections").fetchone()[0] > 0
        assert library.db.execute("SELECT count(*) FROM reels").fetchone()[0] == 1
        assert audit.verify_chain(library.db) == []
        checked = check_library(library)
        assert checked.ok, checked.problems
        assert checked.verified
        assert [t.id for t in services.list_tags(library, ids["other_clip"])] == [ids["kept_tag"]]
        [left] = services.list_reel_items(library, ids["training"])
        assert left.clip_id == ids["other_clip"] and left.position == 0
