"""The exported reel is tagged with its YUV matrix and keeps every picture's colours: sources
in BT.709 and BT.601 side by side, and the title cards drawn in RGB."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np
import pytest

from attune_app.export.colour import BT709, MPEG_RANGE, SMPTE170M
from attune_app.export.output_plan import ExportSettings
from attune_app.export.renderer import render_reel
from attune_app.export.sources import ClipMedia
from attune_app.export.text_render import TITLE_BACKGROUND
from tests.export.reel_media import reel_of, title

GREEN = (32, 192, 64)  # a colour whose YUV differs a lot between the two matrices
SETTINGS = ExportSettings(quality="high", captions="none")


def _solid_clip(path: Path, matrix: str | None) -> Path:
    """12 frames of GREEN, converted to YUV with `matrix` and tagged so (None: untagged)."""
    convert = f"scale=out_color_matrix={matrix or 'bt601'}:out_range=tv,format=yuv420p"
    tags = (
        ["-colorspace", matrix, "-color_primaries", matrix, "-color_trc", matrix] if matrix else []
    )
    colour = "0x" + "".join(f"{c:02X}" for c in GREEN)
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi"]
    cmd += ["-i", f"color=c={colour}:size=320x240:rate=25:duration=0.48", "-vf", convert]
    cmd += ["-c:v", "libx264", "-qp", "0", *tags, str(path)]
    subprocess.run(cmd, check=True)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("colour")
    return {
        "bt709": _solid_clip(folder / "bt709.mp4", "bt709"),
        "smpte170m": _solid_clip(folder / "smpte170m.mp4", "smpte170m"),
        "untagged": _solid_clip(folder / "untagged.mp4", None),
    }


def _decoded(path: Path) -> tuple[list[np.ndarray], tuple[int, int, int, int]]:
    """Every frame as RGB, converted as its tags say, and the stream's (matrix, primaries,
    transfer, range)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        c = stream.codec_context
        return frames, (c.colorspace, c.color_primaries, c.color_trc, c.color_range)


def _shown(path: Path) -> np.ndarray:
    """The colour the player shows for a source (it converts as the file's tags say)."""
    frames, _tags = _decoded(path)
    shown = _centre(frames[3])
    assert np.abs(shown - GREEN).max() <= 6  # the file holds GREEN, give or take rounding
    return shown


def _centre(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    return rgb[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3].reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize(
    ("first", "expected"),
    [("bt709", BT709), ("smpte170m", SMPTE170M), ("untagged", SMPTE170M)],
)
def test_the_reel_is_tagged_in_its_first_sources_matrix(
    clips: dict[str, Path], first: str, expected: int, tmp_path: Path
) -> None:
    result = render_reel(
        reel_of([{"in_frame": 2, "out_frame": 6}]),
        {7: ClipMedia(clips[first], "clip 7")},
        tmp_path / "out.mp4",
        SETTINGS,
    )
    frames, tags = _decoded(result.path)
    assert tags == (expected, expected, expected, MPEG_RANGE)
    assert np.abs(_centre(frames[2]) - _shown(clips[first])).max() <= 3


def test_sources_in_two_matrices_and_a_title_card_keep_their_colours(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    timeline = reel_of(
        [
            {"clip_id": 1, "in_frame": 2, "out_frame": 5},
            {"clip_id": 2, "in_frame": 2, "out_frame": 5},
            title("Playing together", 0.2),
            {"clip_id": 3, "in_frame": 2, "out_frame": 5},
        ]
    )
    media = {
        1: ClipMedia(clips["bt709"], "clip 1"),
        2: ClipMedia(clips["smpte170m"], "clip 2"),
        3: ClipMedia(clips["untagged"], "clip 3"),
    }
    result = render_reel(timeline, media, tmp_path / "out.mp4", SETTINGS)
    frames, tags = _decoded(result.path)
    assert tags[0] == BT709  # the first source's: its frames went to the encoder untouched
    for moment_frame, kind in ((1, "bt709"), (5, "smpte170m"), (15, "untagged")):
        assert np.abs(_centre(frames[moment_frame]) - _shown(clips[kind])).max() <= 3, kind
    corner = frames[10][:8, :8].reshape(-1, 3).mean(axis=0)  # the title card's background
    assert np.abs(corner - TITLE_BACKGROUND).max() <= 3
