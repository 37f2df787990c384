"""Which track is the video, and how its pixels are shown: motion photos and non-square pixels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attune_app.media import open_video
from attune_app.media.synthetic import draw_index_frame, read_frame_index

FPS, COUNT = 25, 40


def _index_frames(width: int, height: int, count: int = COUNT) -> bytes:
    return b"".join(draw_index_frame(i, width, height).tobytes() for i in range(count))


def _ffmpeg(out: Path, width: int, height: int, args: list[str]) -> Path:
    raw = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(FPS)]
    cmd = ["ffmpeg", "-v", "error", "-y", *raw, "-i", "pipe:0", *args, str(out)]
    subprocess.run(cmd, input=_index_frames(width, height), check=True, capture_output=True)
    return out


X264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]


@pytest.fixture(scope="module")
def motion_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Like a phone's motion photo: first a larger track of two still pictures (the default
    track), then the real video."""
    out = tmp_path_factory.mktemp("motion") / "motion_photo.mp4"
    graph = "[0:v]split[a][b];[a]trim=end_frame=2,scale=640:480[still];[b]null[main]"
    args = ["-filter_complex", graph, "-map", "[still]", "-map", "[main]", *X264]
    return _ffmpeg(out, 320, 240, [*args, "-disposition:v:0", "default", "-an"])


@pytest.fixture(scope="module")
def pal_widescreen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """720x576 stored, pixels 64:45 wide: shown 1024x576 (PAL 16:9, DV camcorders)."""
    out = tmp_path_factory.mktemp("sar") / "pal_169.mp4"
    return _ffmpeg(out, 720, 576, ["-vf", "setsar=64/45", *X264, "-an"])


def test_the_moving_track_of_a_motion_photo_is_chosen(motion_photo: Path) -> None:
    with open_video(motion_photo) as video:
        assert video.stream_index == 1
        assert video.frame_count == COUNT
        assert video.size == (320, 240)
        assert [read_frame_index(video.read(i)) for i in (0, 1, 39, 20)] == [0, 1, 39, 20]


def test_probe_says_which_track_was_chosen_and_lists_the_others(motion_photo: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "attune_app.cli", "probe", str(motion_photo), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    facts = json.loads(shown.stdout)
    tracks = {t["index"]: t for t in facts["video_tracks"]}
    assert tracks[1]["chosen"] and tracks[1]["kind"] == "video"
    assert not tracks[0]["chosen"] and tracks[0]["kind"] == "still images"
    assert tracks[0]["size"] == [640, 480] and tracks[0]["frames"] == 2


def test_non_square_pixels_are_shown_square(pal_widescreen: Path) -> None:
    with open_video(pal_widescreen) as video:
        assert video.size == (1024, 576)
        frames = [video.read(i) for i in (0, 17, 39, 16)]
        assert all(f.shape == (576, 1024, 3) for f in frames)
        assert [read_frame_index(f) for f in frames] == [0, 17, 39, 16]
        thumb = video.thumbnail(5, 256, exact=True)
        assert thumb.shape[:2] == (144, 256)  # 16:9, not 5:4


def test_square_pixel_stretch_matches_ffmpeg_scaling(pal_widescreen: Path) -> None:
    """The picture is the stored one stretched to 1024 wide, as a player shows it."""
    decode = ["ffmpeg", "-v", "error", "-i", str(pal_widescreen), "-frames:v", "1"]
    scaled = subprocess.run(
        [*decode, "-vf", "scale=1024:576", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout
    reference = np.frombuffer(scaled, np.uint8).reshape(576, 1024, 3).astype(int)
    with open_video(pal_widescreen) as video:
        ours = video.read(0).astype(int)
    assert np.abs(ours - reference).mean() < 3.0


def test_opus_sound_is_not_early_by_its_pre_skip(tmp_path: Path) -> None:
    """A click at 1.000 s of the input is heard at 1.000 s of the video (Opus drops 312
    pre-skip samples; FFmpeg keeps the first frame's timestamp, which put it 6.5 ms early)."""
    rate = 48_000
    samples = np.zeros(2 * rate, np.float32)
    samples[rate : rate + 48] = 0.9
    (tmp_path / "click.f32").write_bytes(samples.tobytes())
    out = tmp_path / "opus.webm"
    picture = ["-f", "lavfi", "-i", "color=c=gray:s=160x120:r=25:d=2"]
    sound = ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", str(tmp_path / "click.f32")]
    codecs = ["-c:v", "libvpx-vp9", "-b:v", "100k", "-c:a", "libopus", "-shortest"]
    cmd = ["ffmpeg", "-v", "error", "-y", *picture, *sound, *codecs, str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    with open_video(out) as video:
        for start_s in (0.0, 0.5):
            heard = video.audio(start_s, rate, rate, 1)[:, 0]
            click_s = start_s + int(np.argmax(np.abs(heard) > 0.3)) / rate
            assert abs(click_s - 1.0) < 0.002, click_s
