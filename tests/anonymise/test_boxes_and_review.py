"""Manual boxes interpolated exactly, keep-visible, fills, mute ranges and the confirmation that
any change voids (on a clip row without decoding, and tracks made from known detections)."""

from __future__ import annotations

import numpy as np
import pytest

from attune_app.anonymise import anon_store
from attune_app.anonymise.boxes import Keyframe, Rect, interpolate
from attune_app.anonymise.confirmation import confirm, confirmation_problem
from attune_app.anonymise.detection import merged_ranges, rebuild_tracks
from attune_app.anonymise.detectors import Detection, detector_version
from attune_app.anonymise.editing import (
    add_box,
    add_mute,
    delete_box,
    restore_box,
    set_box_keep_visible,
    set_box_key,
    set_track_keep_visible,
    update_settings,
)
from attune_app.anonymise.fill import SOLID, SOLID_RGB, cover_rect
from attune_app.anonymise.reel_redaction import redaction_for
from attune_app.anonymise.sound import muffle, silence
from attune_app.anonymise.state import load
from attune_app.anonymise.tracking import EXTEND_FRAMES, INTERPOLATED, tracks_for_range
from attune_app.services import act_as, add_person, add_range_to_reel, create_reel, record_consent
from attune_app.services.reels import update_reel_item
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip


def test_keyframed_box_is_interpolated_exactly() -> None:
    keys = [Keyframe(10, Rect(0, 0, 10, 10)), Keyframe(20, Rect(100, 50, 110, 61))]
    assert interpolate(keys, 9) is None and interpolate(keys, 21) is None
    assert interpolate(keys, 10) == Rect(0, 0, 10, 10)
    assert interpolate(keys, 15) == Rect(50, 25, 60, 36)  # 35.5 rounds half up
    assert interpolate(keys, 13) == Rect(30, 15, 40, 25)  # 24.9 -> 25
    assert interpolate(keys, 11) == Rect(10, 5, 20, 15)
    assert interpolate(keys, 20) == Rect(100, 50, 110, 61)


def test_tracking_fills_a_gap_and_extends_both_ends() -> None:
    found = {f: [Detection(50 + 2 * f, 40, 90 + 2 * f, 90, 0.9)] for f in range(5, 30)}
    for f in range(12, 18):
        del found[f]
    (track,) = tracks_for_range(found, 0, 40)
    frames = {t.frame: t for t in track}
    assert min(frames) == 5 - EXTEND_FRAMES and max(frames) == 29 + EXTEND_FRAMES
    assert all(frames[f].kind == INTERPOLATED and frames[f].unsure for f in range(12, 18))
    for f in range(12, 18):  # the missed face's box lies inside the padded track box
        r = frames[f].rect
        assert r.x0 <= 50 + 2 * f and r.x1 >= 90 + 2 * f and r.y0 <= 40 and r.y1 >= 90


@pytest.fixture
def reel(library: Library):  # type: ignore[no-untyped-def]
    clip = add_fake_clip(library, frame_count=100)
    record_consent(library, 1, "training", given_on="2026-01-01")
    made = create_reel(library, "Training", "training")
    item = add_range_to_reel(library, made.id, clip.id, 10, 60)
    version = detector_version(anon_store.settings(library.db, made.id).detector)
    faces = {f: [Detection(100, 100, 160, 170, 0.9)] for f in range(10, 61)}
    faces.update(
        {
            f: [Detection(100, 100, 160, 170, 0.9), Detection(400, 50, 460, 120, 0.95)]
            for f in range(20, 40)
        }
    )
    with library.transaction() as db:
        anon_store.store_detections(db, clip.id, version, faces.items())
    rebuild_tracks(library, made.id, version, merged_ranges(load(library, made.id).items))
    return library, made, clip, item


def test_manual_box_covers_its_frames_and_whole_item_box_the_item(reel) -> None:  # type: ignore[no-untyped-def]
    library, made, clip, item = reel
    box = add_box(library, made.id, clip.id, 20, Rect(0, 0, 40, 40))
    set_box_key(library, box.id, 30, Rect(100, 0, 140, 40))
    redaction = redaction_for(library, made.id)
    assert Rect(50, 0, 90, 40) in redaction.rects_at(clip.id, 25)
    assert not any(r.y1 == 40 for r in redaction.rects_at(clip.id, 31))
    whole = add_box(library, made.id, clip.id, 30, Rect(0, 300, 50, 350), reel_item_id=item.id)
    redaction = redaction_for(library, made.id)
    for frame in (10, 30, 60):
        assert Rect(0, 300, 50, 350) in redaction.rects_at(clip.id, frame)
    assert Rect(0, 300, 50, 350) not in redaction.rects_at(clip.id, 61)
    assert delete_box(library, whole.id).id == whole.id
    restore_box(library, whole)
    assert Rect(0, 300, 50, 350) in redaction_for(library, made.id).rects_at(clip.id, 12)


def test_keep_visible_track_and_box_are_left_uncovered(reel) -> None:  # type: ignore[no-untyped-def]
    library, made, clip, _ = reel
    state = load(library, made.id)
    assert len(state.tracks) == 2
    practitioner = next(t for t in state.tracks if t.frames[0].rect.x0 > 300)
    set_track_keep_visible(library, practitioner.id, True)
    rects = redaction_for(library, made.id).rects_at(clip.id, 30)
    assert len(rects) == 1 and rects[0].x0 < 300
    set_track_keep_visible(library, practitioner.id, False)
    keep = add_box(library, made.id, clip.id, 10, Rect(0, 0, 250, 250), keep_visible=True)
    set_box_key(library, keep.id, 60, Rect(0, 0, 250, 250))
    rects = redaction_for(library, made.id).rects_at(clip.id, 30)
    assert len(rects) == 1 and rects[0].x0 > 300  # the face inside the keep box is spared
    set_box_keep_visible(library, keep.id, False)
    assert len(redaction_for(library, made.id).rects_at(clip.id, 30)) == 3


def test_fills_are_strong_pixelation_or_solid() -> None:
    rng = np.random.default_rng(0)
    image = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)
    pixelated = image.copy()
    cover_rect(pixelated, Rect(20, 20, 100, 100), "pixelate")
    blocks = pixelated[20:100, 20:100].reshape(4, 20, 4, 20, 3)
    assert (blocks == blocks[:, :1, :, :1]).all()  # 4x4 blocks of one colour: 20 px each
    assert (pixelated[:20] == image[:20]).all()
    solid = image.copy()
    cover_rect(solid, Rect(20, 20, 100, 100), SOLID)
    assert (solid[20:100, 20:100] == SOLID_RGB).all()


def test_mute_ranges_and_whole_item_mute_are_silent_to_the_sample(reel) -> None:  # type: ignore[no-untyped-def]
    library, made, clip, item = reel
    add_mute(library, made.id, clip.id, 1.0, 1.5)
    assert redaction_for(library, made.id).muted_ranges_s(clip.id) == [(1.0, 1.5)]
    samples = np.ones((48000 * 2, 2), dtype=np.float32)
    silence(samples, 48000, 0.5, [(1.0, 1.5)])
    assert samples[:24000].all() and not samples[24000:48000].any() and samples[48000:].all()
    update_reel_item(library, item.id, muted=True)
    assert redaction_for(library, made.id).muted_ranges_s(clip.id) == [(0.4, 2.44)]
    with pytest.raises(InvalidChangeError):
        add_mute(library, made.id, clip.id, 2.0, 1.0)


def test_muffled_sound_keeps_low_tones_only() -> None:
    rate = 16000
    t = np.arange(rate, dtype=np.float32) / rate
    low, high = np.sin(2 * np.pi * 150 * t), np.sin(2 * np.pi * 2000 * t)
    out = muffle(np.stack([low + high] * 2, axis=1).astype(np.float32), rate)
    assert np.allclose(out[:, 0], low, atol=1e-3)


def test_confirmation_by_a_trainer_is_voided_by_any_change(reel) -> None:  # type: ignore[no-untyped-def]
    library, made, clip, item = reel
    assert "No trainer has reviewed" in (confirmation_problem(library, made.id) or "")
    first = confirm(library, made.id)
    assert confirmation_problem(library, made.id) is None
    assert first.person_name and first.hash
    track = load(library, made.id).tracks[0]
    changes = [
        lambda: add_box(library, made.id, clip.id, 20, Rect(0, 0, 40, 40)),
        lambda: set_box_key(library, load(library, made.id).boxes[0].id, 25, Rect(1, 0, 40, 40)),
        lambda: set_track_keep_visible(library, track.id, True),
        lambda: add_mute(library, made.id, clip.id, 1.0, 1.2),
        lambda: update_settings(library, made.id, fill=SOLID),
        lambda: update_reel_item(library, item.id, out_frame=70),
    ]
    for change in changes:
        change()
        problem = confirmation_problem(library, made.id)
        assert problem is not None
        if "not been looked for" in problem:  # the item grew: new frames to scan first
            assert "10 frame(s)" in problem
            update_reel_item(library, item.id, out_frame=60)
        else:
            assert "changed after" in problem
        confirm(library, made.id)
        assert confirmation_problem(library, made.id) is None


def test_only_a_trainer_confirms(reel) -> None:  # type: ignore[no-untyped-def]
    library, made, _, _ = reel
    add_person(library, "Pat", "practitioner")
    act_as(library, "Pat")
    with pytest.raises(InvalidChangeError, match="only a trainer"):
        confirm(library, made.id)


def test_unscanned_frames_block_the_confirmation(library: Library) -> None:
    clip = add_fake_clip(library, frame_count=100)
    record_consent(library, 1, "training", given_on="2026-01-01")
    made = create_reel(library, "Training", "training")
    add_range_to_reel(library, made.id, clip.id, 0, 9)
    assert "10 frame(s)" in (confirmation_problem(library, made.id) or "")
    with pytest.raises(InvalidChangeError, match="not been looked for"):
        confirm(library, made.id)


class FixedDetector:
    name, version = "fixed", "fixed-v1"

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, image: np.ndarray) -> list[Detection]:  # type: ignore[type-arg]
        self.calls += 1
        return [Detection(10, 10, 60, 70, 0.9)]


def test_detection_cancels_keeps_its_frames_and_resumes(library: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from attune_app.anonymise.detection import DetectionCancelledError, detect_reel
    from attune_app.anonymise.face_samples import drawn_infant_face
    from tests.anonymise.conftest import make_face_reel

    reel = make_face_reel(library, tmp_path, drawn_infant_face(0), frames=12)
    detector, seen = FixedDetector(), []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    with pytest.raises(DetectionCancelledError):
        detect_reel(
            library,
            reel.reel.id,
            detector=detector,
            progress=progress,
            is_cancelled=lambda: detector.calls >= 7,
        )
    assert seen[-1] == (7, 12) and load(library, reel.reel.id).tracks == ()
    assert len(anon_store.cached_frames(library.db, reel.clip.id, "fixed-v1")) == 7
    result = detect_reel(library, reel.reel.id, detector=detector)
    assert (result.frames_scanned, result.frames_cached, result.tracks) == (5, 7, 1)
    assert detector.calls == 12
