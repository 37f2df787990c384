"""Every kind of clip the media engine opens exports frame-exact; sources of other sizes,
rates and rotations are letterboxed into one output; no source metadata reaches the file."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from attune_app.export.output_plan import ExportSettings, fit_size
from attune_app.export.renderer import render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media import open_video
from attune_app.media.synthetic import draw_index_frame, read_frame_index, rotate_to_storage
from tests.corpus import ffprobe, make_clip
from tests.export.reel_media import CLIP_ID, reel_of, shown_indices
from tests.media.media_clips import ClipSpec, write_clip

KINDS = [
    "rotation_90",
    "rotation_270",
    "h264_vfr_phone",
    "hevc_mov_10bit",
    "vp9_webm_no_cues",
    "edit_list_trim_start",
    "h264_open_gop",
]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def _drawn(path: Path, frames: tuple[int, ...], rotation: int) -> list[int | None]:
    with open_video(path) as video:
        return [read_frame_index(rotate_to_storage(video.read(f), rotation)) for f in frames]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_clip_exports_the_frames_of_its_items(
    kind: str, corpus_dir: Path, tmp_path: Path
) -> None:
    clip = make_clip(kind, corpus_dir)
    with open_video(clip.path) as video:
        last = video.frame_count - 1
    items = [
        {"in_frame": 7, "out_frame": 23},
        {"in_frame": last - 12, "out_frame": last - 3, "speed": 0.5},
        {"in_frame": 41, "out_frame": 41, "hold_ms": 200},
    ]
    result = render_reel(
        reel_of(items),
        {CLIP_ID: ClipMedia(clip.path, "clip 7")},
        tmp_path / "out.mp4",
        ExportSettings(quality="draft", captions="none"),
    )
    expected: list[int | None] = []
    for planned in result.plan.steps:
        drawn = _drawn(clip.path, tuple(sorted(set(planned.source_frames))), clip.rotation)
        by_frame = dict(zip(sorted(set(planned.source_frames)), drawn, strict=True))
        shown = planned.source_frames
        if len(shown) == 1:
            shown = shown * planned.frame_count
        expected += [by_frame[f] for f in shown]
    assert None not in expected
    assert (result.plan.width, result.plan.height) == clip.display_size
    assert shown_indices(result.path, rotation=clip.rotation) == expected


def test_sources_of_other_sizes_rates_and_shapes_are_letterboxed(tmp_path: Path) -> None:
    wide = write_clip(ClipSpec("wide", frames=40, width=320, height=240, rate=25), tmp_path)
    tall = write_clip(ClipSpec("tall", frames=60, width=160, height=240, rate=30), tmp_path)
    items = [
        {"clip_id": 1, "in_frame": 3, "out_frame": 12},
        {"clip_id": 2, "in_frame": 0, "out_frame": 29},
    ]
    result = render_reel(
        reel_of(items),
        {1: ClipMedia(wide, "clip 1"), 2: ClipMedia(tall, "clip 2")},
        tmp_path / "out.mp4",
        ExportSettings(quality="draft", captions="none"),
    )
    assert (result.plan.width, result.plan.height, result.plan.fps) == (320, 240, 25)
    shown_wide = shown_indices(result.path, (320, 240))[:10]
    assert shown_wide == list(range(3, 13))
    shown_tall = shown_indices(result.path, (160, 240))[10:]
    assert len(shown_tall) == 25  # 1 s of 30 fps shown at 25 fps
    assert shown_tall == [
        int(Fraction(6, 5) * k + Fraction(3, 5)) for k in range(25)
    ]  # the frame on at each time
    assert shown_tall == list(result.plan.steps[1].source_frames)
    with open_video(result.path) as video:
        picture = video.read(15)
    x, _y, w, _h = fit_size((160, 240), (320, 240))
    assert (x, w) == (80, 160)
    assert picture[:, : x - 2].max() < 24 and picture[:, x + w + 2 :].max() < 24  # black bars


def test_a_non_square_pixel_source_is_shown_at_its_display_shape(tmp_path: Path) -> None:
    path = tmp_path / "anamorphic.mp4"
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = 240, 240, "yuv420p"
        video.codec_context.sample_aspect_ratio = Fraction(4, 3)  # shown 320 x 240
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, 240, 240), format="rgb24")
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    result = render_reel(
        reel_of([{"in_frame": 0, "out_frame": 9}]),
        {CLIP_ID: ClipMedia(path, "clip 7")},
        tmp_path / "out.mp4",
        ExportSettings(quality="draft", captions="none", size=(640, 360)),
    )
    x, y, w, h = fit_size((320, 240), (640, 360))
    assert (x, y, w, h) == (80, 0, 480, 360)
    assert shown_indices(result.path, (320, 240)) == list(range(10))


def test_no_source_metadata_reaches_the_export(tmp_path: Path) -> None:
    source = tmp_path / "IMG_0042 Smith family.mov"
    with av.open(str(source), "w", format="mov") as out:
        out.metadata.update(
            {
                "title": "Smith family visit",
                "location": "+51.5072-000.1276/",
                "com.apple.quicktime.make": "Apple",
                "com.apple.quicktime.model": "iPhone 15",
                "creation_time": "2025-05-01T10:00:00.000000Z",
            }
        )
        video = out.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = 160, 120, "yuv420p"
        video.metadata["creation_time"] = "2025-05-01T10:00:00.000000Z"
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, 160, 120), format="rgb24")
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    assert "Smith" in str(ffprobe(source, "-show_format"))  # the source does carry it
    result = render_reel(
        reel_of([{"in_frame": 0, "out_frame": 9}]),
        {CLIP_ID: ClipMedia(source, "clip 7")},
        tmp_path / "out.mp4",
        ExportSettings(quality="draft", captions="none"),
    )
    probed = str(ffprobe(result.path, "-show_format", "-show_streams")).lower()
    for leak in ("smith", "img_0042", "51.5072", "apple", "iphone", "2025-05-01", "creation"):
        assert leak not in probed, leak
    tags = ffprobe(result.path, "-show_format")["format"].get("tags", {})
    assert set(tags) <= {"major_brand", "minor_version", "compatible_brands", "encoder"}
    streams = ffprobe(result.path, "-show_streams")["streams"]
    video_stream = next(s for s in streams if s["codec_type"] == "video")
    assert video_stream["profile"] == "High" and video_stream["pix_fmt"] == "yuv420p"
    audio_stream = next(s for s in streams if s["codec_type"] == "audio")
    assert audio_stream["sample_rate"] == "48000" and audio_stream["channels"] == 2
    data = result.path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # +faststart
    assert np.all(np.array(shown_indices(result.path)) == np.arange(10))
