"""A cancel, a full disk, a folder that cannot be written and a damaged source each stop the
export with a clear message and leave no file; a redaction covers and silences what it says."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import av
import numpy as np
import pytest

from attune_app.export import mp4_writer
from attune_app.export.output_plan import ExportSettings
from attune_app.export.redaction import Frame
from attune_app.export.renderer import ExportCancelled, render_reel
from attune_app.export.sources import ClipMedia, ExportError
from attune_app.media import open_video
from tests.export.reel_media import CLIP_ID, click_times_s, reel_of
from tests.media.media_clips import ClipSpec, write_clip

SETTINGS = ExportSettings(quality="draft", captions="srt")
ITEMS = [{"in_frame": 2, "out_frame": 40, "caption": "Here"}]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = ClipSpec("clicks", frames=50, rate=25, beeps_at=(10, 30), options={"g": "10"})
    return write_clip(spec, tmp_path_factory.mktemp("clicks"))


def _render(clip: Path, folder: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return render_reel(
        reel_of(ITEMS),
        {CLIP_ID: ClipMedia(clip, "clip 7")},
        folder / "reel.mp4",
        SETTINGS,
        **kwargs,
    )


def test_cancel_leaves_nothing(clip: Path, tmp_path: Path) -> None:
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        _render(
            clip,
            tmp_path,
            progress=lambda done, total: seen.append(done),
            should_cancel=lambda: len(seen) >= 5,
        )
    assert list(tmp_path.iterdir()) == []
    assert len(seen) == 5


@pytest.mark.parametrize(
    ("code", "words"), [(errno.ENOSPC, "is full"), (errno.EACCES, "cannot be written to")]
)
def test_full_disk_or_unwritable_folder_names_the_folder_and_leaves_nothing(
    clip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    real = mp4_writer.Mp4Writer.write_video
    calls = []

    def failing(self: mp4_writer.Mp4Writer, frame: object, repeat: int) -> None:
        calls.append(1)
        if len(calls) > 10:
            raise OSError(code, "refused")
        real(self, frame, repeat)

    monkeypatch.setattr(mp4_writer.Mp4Writer, "write_video", failing)
    with pytest.raises(ExportError) as raised:
        _render(clip, tmp_path)
    assert str(tmp_path) in str(raised.value) and words in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_named(clip: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist") as raised:
        _render(clip, tmp_path / "gone")
    assert str(tmp_path / "gone") in str(raised.value)


def test_a_source_damaged_halfway_stops_the_export_naming_clip_and_frame(
    clip: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "source" / "damaged.mp4"
    damaged.parent.mkdir()
    data = bytearray(clip.read_bytes())
    with open_video(clip) as video:
        point = next(p for p in video.frame_index.seek_points if p.first_frame == 20)
    with av.open(str(clip)) as container:
        sizes = {p.pos: p.size for p in container.demux(video=0) if p.pos is not None}
    assert point.byte_pos is not None
    start = point.byte_pos
    data[start : start + sizes[start]] = bytes(sizes[start])  # the keyframe of frame 20: zeros
    damaged.write_bytes(bytes(data))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError) as raised:
        _render(damaged, out)
    named = re.search(r"clip 7 cannot be decoded at frame (\d+)", str(raised.value))
    assert named is not None
    assert 17 <= int(named.group(1)) <= 20  # the keyframe, or a B-frame shown before it
    assert list(out.iterdir()) == []


class BoxAndSilence:
    """A fake anonymisation: a white box over the top-left of every frame, sound 0.3-0.5 s muted."""

    def __init__(self, *, muffled: bool = False) -> None:
        self.covered: list[int] = []
        self.muffled = muffled

    def cover(self, clip_id: int, frame: int, image: Frame) -> Frame:
        self.covered.append(frame)
        image[: image.shape[0] // 2, : image.shape[1] // 2] = 255
        return image

    def regions(self, clip_id: int, frame: int) -> list[tuple[int, int, int, int]]:
        return [(0, 0, 10_000, 10_000)]  # its half of the frame, whatever the frame's size

    def muted_ranges_s(self, clip_id: int) -> list[tuple[float, float]]:
        return [(0.3, 0.5)]

    def fingerprint(self) -> str:
        return "box"


def test_a_redaction_covers_source_frames_and_silences_its_ranges(
    clip: Path, tmp_path: Path
) -> None:
    redaction = BoxAndSilence()
    result = _render(clip, tmp_path, redaction=redaction)
    assert sorted(set(redaction.covered)) == list(range(2, 41))
    with open_video(result.path) as video:
        picture = video.read(3)
        assert picture[: picture.shape[0] // 2 - 4, : picture.shape[1] // 2 - 4].min() > 240
        assert picture[:, picture.shape[1] // 2 + 4 :].min() < 60  # the rest still shows
    # source clicks at 0.4 s (muted) and 1.2 s (kept): the output starts at source 0.08 s
    clicks = click_times_s(result.path)
    assert len(clicks) == 1 and abs(clicks[0] - (1.2 - 0.08)) <= 0.04


def _high_band_energy(path: Path) -> float:
    """Energy of the exported sound above 1 kHz."""
    with av.open(str(path)) as container:
        chunks = [f.to_ndarray().mean(axis=0) for f in container.decode(audio=0)]
    sound = np.concatenate(chunks)
    spectrum = np.abs(np.fft.rfft(sound)) ** 2
    freqs = np.fft.rfftfreq(sound.shape[0], 1 / 48_000)
    return float(spectrum[freqs > 1000].sum())


def test_a_muffled_redaction_low_passes_the_sound(clip: Path, tmp_path: Path) -> None:
    for name in ("plain", "muffled"):
        (tmp_path / name).mkdir()
    plain = _render(clip, tmp_path / "plain", redaction=BoxAndSilence())
    muffled = _render(clip, tmp_path / "muffled", redaction=BoxAndSilence(muffled=True))
    assert _high_band_energy(muffled.path) < 0.05 * _high_band_energy(plain.path)


def test_a_moment_past_the_end_of_its_file_is_refused_by_name(clip: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"clip 7 runs past the frames its file has \(0\.\.49\)"):
        render_reel(
            reel_of([{"in_frame": 40, "out_frame": 60}]),
            {CLIP_ID: ClipMedia(clip, "clip 7")},
            tmp_path / "reel.mp4",
            SETTINGS,
        )
    assert list(tmp_path.iterdir()) == []


class SmallBox(BoxAndSilence):
    """A white box over a small region only (the renderer redraws that patch alone)."""

    BOX = (20, 30, 61, 71)  # odd corners: the patch is widened to even ones

    def cover(self, clip_id: int, frame: int, image: Frame) -> Frame:
        self.covered.append(frame)
        x0, y0, x1, y1 = self.BOX
        image[y0:y1, x0:x1] = 255
        return image

    def regions(self, clip_id: int, frame: int) -> list[tuple[int, int, int, int]]:
        return [self.BOX]


def test_a_small_region_is_covered_and_the_rest_of_the_frame_left_as_decoded(
    clip: Path, tmp_path: Path
) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "redacted").mkdir()
    plain = _render(clip, tmp_path / "plain")
    redacted = _render(clip, tmp_path / "redacted", redaction=SmallBox())
    x0, y0, x1, y1 = SmallBox.BOX
    with open_video(plain.path) as a, open_video(redacted.path) as b:
        assert a.frame_count == b.frame_count
        for i in (0, 3, a.frame_count - 1):
            shown, base = b.read(i).astype(int), a.read(i).astype(int)
            assert shown[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2].min() > 240
            outside = np.ones(shown.shape[:2], dtype=bool)
            outside[y0 - 4 : y1 + 4, x0 - 4 : x1 + 4] = False
            assert np.abs(shown - base)[outside].mean() < 2.0  # only coding noise differs
