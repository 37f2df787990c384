"""A photo is not a video: opening one says so; animated GIFs and MJPEG videos still open."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from corpus import make_clip

from attune_app.media import UnsupportedMediaError, open_video


def _ffmpeg(out: Path, *args: str, frames: int = 1) -> Path:
    source = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10"]
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *source, *args, "-frames:v", str(frames), str(out)],
        check=True,
    )
    return out


@pytest.mark.parametrize("name", ["photo.png", "photo.jpg", "photo.webp", "photo.bmp", "one.gif"])
def test_a_still_image_is_not_a_video(tmp_path: Path, name: str) -> None:
    path = _ffmpeg(tmp_path / name)
    with pytest.raises(UnsupportedMediaError) as caught:
        open_video(path)
    message = str(caught.value)
    assert message.startswith(f"{name}: this file is a still image, not a video.")
    assert "import the video file instead" in message


def test_a_photo_named_like_a_video_is_still_a_photo(tmp_path: Path) -> None:
    path = tmp_path / "holiday.mp4"
    shutil.copy(_ffmpeg(tmp_path / "photo.jpg"), path)
    with pytest.raises(UnsupportedMediaError, match="still image"):
        open_video(path)


def test_an_animated_gif_is_a_video(tmp_path: Path) -> None:
    with open_video(_ffmpeg(tmp_path / "anim.gif", frames=5)) as video:
        assert video.frame_count == 5
        assert video.read(4).shape == (48, 64, 3)


def test_mjpeg_videos_still_open(tmp_path: Path) -> None:
    with open_video(make_clip("mjpeg_avi", tmp_path).path) as video:
        assert video.frame_count > 1
    one_frame = _ffmpeg(tmp_path / "one.avi", "-c:v", "mjpeg")
    with open_video(one_frame) as video:  # an AVI declares a duration: a (short) video
        assert video.frame_count == 1
