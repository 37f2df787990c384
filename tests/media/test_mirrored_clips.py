"""Display matrices that mirror: all eight EXIF orientations are shown as their matrix says,
frame-exact in both directions, in the player's frames, thumbnails and the exported reel, and
frame for frame as the ffmpeg CLI shows them.

Each clip is written with an explicit QuickTime `tkhd` matrix (x' = a x + c y + tx,
y' = b x + d y + ty, y pointing down) and the expected picture comes from the EXIF
definition of that orientation applied to the stored frame, not from Attune's own code.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from numpy.typing import NDArray

from attune_app.cli import main
from attune_app.export.output_plan import ExportSettings
from attune_app.export.renderer import render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media import open_video
from attune_app.media.rotation import Orientation
from attune_app.media.synthetic import draw_index_frame, read_frame_index
from tests.export.reel_media import CLIP_ID, reel_of

Picture = NDArray[np.uint8]
W, H, FRAMES = 160, 96, 24
ONE = 1 << 16

# EXIF orientation -> (QuickTime a, b, c, d; shown from stored; stored from shown)
EXIF: dict[
    int,
    tuple[tuple[int, int, int, int], Callable[[Picture], Picture], Callable[[Picture], Picture]],
] = {
    1: ((1, 0, 0, 1), lambda s: s, lambda d: d),
    2: ((-1, 0, 0, 1), lambda s: s[:, ::-1], lambda d: d[:, ::-1]),
    3: ((-1, 0, 0, -1), lambda s: s[::-1, ::-1], lambda d: d[::-1, ::-1]),
    4: ((1, 0, 0, -1), lambda s: s[::-1], lambda d: d[::-1]),
    5: ((0, 1, 1, 0), lambda s: s.transpose(1, 0, 2), lambda d: d.transpose(1, 0, 2)),
    6: ((0, 1, -1, 0), lambda s: np.rot90(s, -1), lambda d: np.rot90(d, 1)),
    7: (
        (0, -1, -1, 0),
        lambda s: s[::-1, ::-1].transpose(1, 0, 2),
        lambda d: d.transpose(1, 0, 2)[::-1, ::-1],
    ),
    8: ((0, -1, 1, 0), lambda s: np.rot90(s, 1), lambda d: np.rot90(d, -1)),
}
MIRRORED = {2: True, 4: True, 5: True, 7: True}


def _matrix(exif: int) -> list[int]:
    a, b, c, d = EXIF[exif][0]
    tx = W * ONE if a < 0 or c < 0 else 0
    ty = H * ONE if b < 0 or d < 0 else 0
    return [a * ONE, b * ONE, 0, c * ONE, d * ONE, 0, tx, ty, 1 << 30]


def _write(path: Path, exif: int) -> None:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"g": "8", "bf": "2"}
        stream.set_display_matrix(_matrix(exif))
        for i in range(FRAMES):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, W, H), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def _stored_frames(path: Path) -> list[Picture]:
    """Every frame as stored, decoded by PyAV with no orientation applied."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("mirrored")
    made = {}
    for exif in EXIF:
        made[exif] = folder / f"exif_{exif}.mp4"
        _write(made[exif], exif)
    return made


@pytest.mark.parametrize("exif", sorted(EXIF))
def test_each_orientation_is_shown_as_its_matrix_says(clips: dict[int, Path], exif: int) -> None:
    _, shown_from_stored, stored_from_shown = EXIF[exif]
    stored = _stored_frames(clips[exif])
    assert [read_frame_index(s) for s in stored] == list(range(FRAMES))
    with open_video(clips[exif]) as video:
        assert video.mirrored is MIRRORED.get(exif, False)
        assert video.size == ((H, W) if exif >= 5 else (W, H))
        for i in [FRAMES - 1, 13, 12, 11, 3, 2, 1, 0, 9, 17]:  # backward, then jumps
            shown = video.read(i)
            assert np.array_equal(shown, shown_from_stored(stored[i])), f"frame {i}"
            assert read_frame_index(np.ascontiguousarray(stored_from_shown(shown))) == i


@pytest.mark.parametrize("exif", [2, 5, 7])
def test_thumbnails_are_mirrored_like_the_frames(clips: dict[int, Path], exif: int) -> None:
    with open_video(clips[exif]) as video:
        full = video.read(5).astype(np.int16)
        small = video.thumbnail(5, max_width=full.shape[1] // 2).astype(np.int16)
    assert small.shape[1] == full.shape[1] // 2
    halved = full[: small.shape[0] * 2 : 2, : small.shape[1] * 2 : 2]
    assert np.abs(small - halved).mean() < 12  # the same picture, not its mirror image
    assert np.abs(small - halved[:, ::-1]).mean() > 3 * np.abs(small - halved).mean()


@pytest.mark.parametrize("exif", [2, 4, 7])
def test_an_exported_reel_shows_the_picture_the_right_way_round(
    clips: dict[int, Path], exif: int, tmp_path: Path
) -> None:
    _, _, stored_from_shown = EXIF[exif]
    result = render_reel(
        reel_of([{"in_frame": 4, "out_frame": 15}]),
        {CLIP_ID: ClipMedia(clips[exif], "clip 7")},
        tmp_path / "out.mp4",
        ExportSettings(quality="high", captions="none"),
    )
    with av.open(str(result.path)) as container:
        out = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        assert container.streams.video[0].codec_context.width == (H if exif >= 5 else W)
    drawn = [read_frame_index(np.ascontiguousarray(stored_from_shown(f))) for f in out]
    assert drawn == list(range(4, 16))


def test_a_mirroring_matrix_is_told_from_a_half_turn() -> None:
    # FFmpeg reads both a left-right mirror and a half turn as -180 degrees
    mirror = Orientation.from_display_matrix(-180.0, _matrix(2))
    half_turn = Orientation.from_display_matrix(-180.0, _matrix(3))
    assert mirror == Orientation(0, mirrored=True)
    assert half_turn == Orientation(180)
    picture = np.arange(24, dtype=np.uint8).reshape(4, 6)
    for orientation in (mirror, half_turn, Orientation(90, True), Orientation(270)):
        assert np.array_equal(orientation.undo(orientation.apply(picture)), picture)


class _ReadsWhatItCovers:
    """A redaction over the whole frame that reads each frame's drawn index (so it can tell
    whether it was handed the picture as shown) and whitens the shown top-left quarter."""

    muffled = False

    def __init__(self, stored_from_shown: Callable[[Picture], Picture]) -> None:
        self._stored_from_shown = stored_from_shown
        self.seen: list[tuple[int, int | None]] = []

    def cover(self, clip_id: int, frame: int, image: Picture) -> Picture:
        shown = np.ascontiguousarray(self._stored_from_shown(image))
        self.seen.append((frame, read_frame_index(shown)))
        image[: image.shape[0] // 4, : image.shape[1] // 4] = 255
        return image

    def regions(self, clip_id: int, frame: int) -> list[tuple[int, int, int, int]]:
        return [(0, 0, 10_000, 10_000)]

    def muted_ranges_s(self, clip_id: int) -> list[tuple[float, float]]:
        return []

    def fingerprint(self) -> str:
        return "quarter"


@pytest.mark.parametrize("exif", [2, 7])
def test_a_redaction_is_given_and_covers_the_picture_as_shown(
    clips: dict[int, Path], exif: int, tmp_path: Path
) -> None:
    redaction = _ReadsWhatItCovers(EXIF[exif][2])
    result = render_reel(
        reel_of([{"in_frame": 4, "out_frame": 9}]),
        {CLIP_ID: ClipMedia(clips[exif], "clip 7")},
        tmp_path / "out.mp4",
        ExportSettings(quality="high", captions="none"),
        redaction=redaction,
    )
    assert sorted(set(redaction.seen)) == [(i, i) for i in range(4, 10)]
    with av.open(str(result.path)) as container:
        first = next(container.decode(video=0)).to_ndarray(format="rgb24")
    h, w = first.shape[:2]
    assert first[: h // 4 - 3, : w // 4 - 3].min() > 235  # the shown top-left is covered
    assert first[: h // 4 - 3, w - w // 4 + 3 :].min() < 100  # its mirror image is not


def test_probe_says_a_clip_is_mirrored(
    clips: dict[int, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["probe", str(clips[7]), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert (facts["rotation"], facts["mirrored"], facts["size"]) == (90, True, [H, W])
    assert main(["probe", str(clips[6]), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert (facts["rotation"], facts["mirrored"]) == (90, False)


@pytest.mark.parametrize("exif", [2, 4, 5, 7])
def test_every_frame_matches_what_the_ffmpeg_cli_shows(clips: dict[int, Path], exif: int) -> None:
    with open_video(clips[exif]) as video:
        ours = [video.read(i) for i in range(FRAMES)]
        width, height = video.size
    cmd = ["ffmpeg", "-v", "error", "-i", str(clips[exif]), "-f", "rawvideo"]
    raw = subprocess.run([*cmd, "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    theirs = np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)
    assert len(theirs) == FRAMES
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert np.abs(a.astype(np.int16) - b).mean() < 1.0, f"frame {i}"
