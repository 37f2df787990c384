"""Bad input raises a MediaError that names the file and says what to do; nothing crashes."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import av
import pytest
from corpus import make_audio_only, make_text_as_mp4, make_unfinalised_mp4, make_zero_byte
from media_clips import ClipSpec, write_clip

from attune_app.media import (
    CorruptMediaError,
    MediaError,
    MissingMediaError,
    UnsupportedMediaError,
    open_video,
    probe,
)
from attune_app.media.synthetic import read_frame_index


def _missing(folder: Path) -> Path:
    return folder / "gone.mp4"


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_missing, MissingMediaError, "does not exist"),
        (make_zero_byte, CorruptMediaError, "empty"),
        (make_text_as_mp4, UnsupportedMediaError, "not a video file"),
        (make_audio_only, UnsupportedMediaError, "no video stream"),
        (make_unfinalised_mp4, CorruptMediaError, "not finalised"),
    ],
)
def test_bad_input_is_explained(
    tmp_path: Path, make: Callable[[Path], Path], error: type[MediaError], words: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        open_video(path)
    message = str(caught.value)
    assert path.name in message
    assert words in message
    assert isinstance(caught.value, MediaError)


def test_a_cut_off_file_opens_with_the_frames_it_has(tmp_path: Path, h264_clip: Path) -> None:
    whole = tmp_path / "whole.mkv"
    with av.open(str(h264_clip)) as source, av.open(str(whole), "w") as out:
        stream = out.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    data = whole.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    with open_video(cut) as video:
        assert 0 < video.frame_count < 150
        assert video.frame_index.damaged
        for i in (video.frame_count - 1, 0, video.frame_count // 2):
            assert read_frame_index(video.read(i)) == i


def test_a_file_gone_while_open_is_explained(tmp_path: Path) -> None:
    """Moved or unplugged after opening: a far read names the file and says what to do, and
    the video reads again once the file is back (its decoder still holds a usable container)."""
    # Nearly lossless, so the far frames are not in what the demuxer has already buffered.
    spec = ClipSpec("match", frames=150, options={"g": "60", "crf": "0", "preset": "ultrafast"})
    path = write_clip(spec, tmp_path)
    data = path.read_bytes()
    with open_video(path, cache_bytes=0) as video:  # no cache: every read decodes
        moved = path.rename(tmp_path / "moved.mp4")
        moved.write_bytes(b"")  # what is still open reads nothing, like an unplugged drive
        with pytest.raises(MissingMediaError) as caught:
            video.read(140)
        message = str(caught.value)
        assert "match.mp4" in message
        assert "moved or its drive unplugged" in message
        assert "Reconnect" in message
        path.write_bytes(data)  # relinked / reconnected
        assert read_frame_index(video.read(140)) == 140


def test_a_file_that_cannot_be_read_twice_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FFmpeg fails to open it, then reading its first bytes fails too (an unplugged drive):
    still a MediaError naming the file, with FFmpeg's failure as its cause."""
    path = tmp_path / "flaky.mp4"
    path.write_bytes(b"\\0" * 64)

    def io_error(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(probe.av, "open", io_error)
    monkeypatch.setattr(probe, "open", io_error, raising=False)  # the builtin, as probe sees it
    with pytest.raises(MediaError) as caught:
        open_video(path)
    assert "flaky.mp4" in str(caught.value)
    assert "cannot be read (Input/output error)" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
