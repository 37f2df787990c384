"""The renderer, checked on generated clips whose frames carry their index and whose sound
clicks at known frames: what every output frame shows, where the clicks land, the durations."""

from __future__ import annotations

from pathlib import Path

import pytest

from attune_app.export.output_plan import ExportSettings
from attune_app.export.renderer import RenderResult, render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media import open_video
from tests.export.reel_media import (
    CLIP_ID,
    click_times_s,
    reel_of,
    shown_indices,
    stream_durations_s,
    title,
)
from tests.media.media_clips import ClipSpec, write_clip

BEEPS = (10, 40, 60)
FPS = 25


@pytest.fixture(scope="module")
def beeping(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 s at 25 fps, keyframes every 30 frames (so items start mid-GOP), clicks at BEEPS."""
    spec = ClipSpec("beeping", frames=75, rate=FPS, beeps_at=BEEPS, options={"g": "30", "bf": "2"})
    return write_clip(spec, tmp_path_factory.mktemp("beeping"))


def export(
    tmp_path: Path, clip: Path, items: list[dict[str, object]], **settings: object
) -> RenderResult:
    options: dict[str, object] = {"quality": "draft", "captions": "none", **settings}
    return render_reel(
        reel_of(items),
        {CLIP_ID: ClipMedia(clip, "clip 7")},
        tmp_path / "reel.mp4",
        ExportSettings(**options),  # type: ignore[arg-type]
    )


def test_items_speeds_holds_and_titles_show_their_frames_in_order(
    tmp_path: Path, beeping: Path
) -> None:
    items = [
        title("Our visit", 0.4),
        {"in_frame": 5, "out_frame": 14, "caption": "She looks up"},
        {"in_frame": 38, "out_frame": 41, "speed": 0.5},
        {"in_frame": 50, "out_frame": 52, "speed": 0.25, "muted": True},
        {"in_frame": 20, "out_frame": 20, "hold_ms": 200},
        {"in_frame": 61, "out_frame": 63, "hold_ms": 120, "hold_at": "start"},
    ]
    result = export(tmp_path, beeping, items, captions="burn", watermark="For training use only")

    expected: list[int | None] = [None] * 10
    expected += list(range(5, 15))
    expected += [f for f in range(38, 42) for _ in range(2)]
    expected += [f for f in range(50, 53) for _ in range(4)]
    expected += [20] * 5
    expected += [61] * 3 + [61, 62, 63]
    assert shown_indices(result.path) == expected
    assert result.plan.frame_count == len(expected)


def test_clicks_land_within_one_frame_and_durations_match(tmp_path: Path, beeping: Path) -> None:
    items = [
        title("Start", 0.2),  # 5 frames of silence
        {"in_frame": 5, "out_frame": 14},  # click at source 10 -> output 5 + 5
        {"in_frame": 38, "out_frame": 45, "speed": 0.5},  # click at 40 -> 15 + 2 * 2
        {"in_frame": 30, "out_frame": 30, "hold_ms": 400},  # silent freeze
        {"in_frame": 55, "out_frame": 64},  # click at 60 -> 41 + 5
    ]
    result = export(tmp_path, beeping, items)

    expected_frames = [10, 19, 46]
    clicks = click_times_s(result.path)
    assert len(clicks) == len(expected_frames), clicks
    for found_s, frame in zip(clicks, expected_frames, strict=True):
        assert abs(found_s - frame / FPS) <= 1 / FPS, (found_s, frame)
    video_s, audio_s = stream_durations_s(result.path)
    assert abs(video_s - result.plan.duration_s) < 1e-6
    assert abs(audio_s - video_s) <= 1 / FPS


def test_muted_and_slow_items_are_silent(tmp_path: Path, beeping: Path) -> None:
    items = [
        {"in_frame": 5, "out_frame": 14, "muted": True},
        {"in_frame": 38, "out_frame": 42, "speed": 0.25},  # below the reel's 0.5: silent
    ]
    result = export(tmp_path, beeping, items)
    assert click_times_s(result.path) == []
    assert shown_indices(result.path)[:10] == list(range(5, 15))


def test_captions_as_srt_and_vtt_sidecars_timed_by_the_steps(tmp_path: Path, beeping: Path) -> None:
    items = [
        title("Hello", 1.0),
        {"in_frame": 0, "out_frame": 24, "caption": "Eyes meet", "hold_ms": 400},
    ]
    srt = export(tmp_path, beeping, items, captions="srt")
    assert srt.sidecar == tmp_path / "reel.srt"
    assert srt.sidecar.read_text() == "1\n00:00:01,000 --> 00:00:02,400\nEyes meet\n"
    vtt = export(tmp_path, beeping, items, captions="vtt")
    assert vtt.sidecar is not None
    assert vtt.sidecar.read_text() == "WEBVTT\n\n00:00:01.000 --> 00:00:02.400\nEyes meet\n"


def test_burned_caption_and_watermark_change_only_their_patches(
    tmp_path: Path, beeping: Path
) -> None:
    items = [{"in_frame": 0, "out_frame": 4, "caption": "A long caption " * 3}]
    (tmp_path / "plain").mkdir()
    (tmp_path / "marked").mkdir()
    plain = export(tmp_path / "plain", beeping, items)
    marked = export(tmp_path / "marked", beeping, items, captions="burn", watermark="Training")
    with open_video(plain.path) as a, open_video(marked.path) as b:
        assert a.frame_count == b.frame_count == 5
        for i in range(a.frame_count):
            x, y = a.read(i).astype(int), b.read(i).astype(int)
            diff = abs(x - y).max(axis=2)
            band = int(0.4 * y.shape[0])
            assert diff[:band].max() < 40  # the index band is untouched
            assert diff[int(0.6 * y.shape[0]) :].max() > 60  # the lower third has words
