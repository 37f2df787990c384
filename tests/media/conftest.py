from __future__ import annotations

from pathlib import Path

import pytest
from media_clips import ClipSpec, write_clip

LONG_GOP_BFRAMES = ClipSpec(
    "h264_bframes",
    frames=150,
    options={"g": "60", "bf": "3", "crf": "30", "preset": "veryfast"},
)
BEEPS = ClipSpec(
    "beeps",
    frames=75,
    options={"g": "25", "bf": "2", "crf": "32", "preset": "ultrafast"},
    beeps_at=(10, 40, 61),
)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def h264_clip(media_dir: Path) -> Path:
    return write_clip(LONG_GOP_BFRAMES, media_dir)


@pytest.fixture(scope="session")
def beep_clip(media_dir: Path) -> Path:
    return write_clip(BEEPS, media_dir)


@pytest.fixture(scope="session")
def vfr_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from corpus import make_clip

    return make_clip("h264_vfr_phone", tmp_path_factory.getbasetemp() / "media-corpus").path
