"""The corpus claims what it is (checked with ffprobe), and its oracle reads every frame."""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from corpus import (
    CORPUS_KINDS,
    DUPLICATE_PTS_FRAMES,
    FPS,
    FRAME_COUNT,
    HEIGHT,
    TRIM_END_S,
    TRIM_START_S,
    WIDTH,
    CorpusClip,
    display_rotation,
    ffprobe,
    main_video_stream,
    make_audio_only,
    make_clip,
    make_text_as_mp4,
    make_unfinalised_mp4,
    make_zero_byte,
    reference_indices,
)

from attune_app.media.synthetic import draw_index_frame

ALL_FRAMES = list(range(FRAME_COUNT))


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture(scope="session")
def clips(corpus_dir: Path) -> dict[str, CorpusClip]:
    return {kind: make_clip(kind, corpus_dir) for kind in CORPUS_KINDS}


def _streams(path: Path) -> list[dict[str, Any]]:
    streams: list[dict[str, Any]] = ffprobe(path, "-show_streams")["streams"]
    return streams


def _format(path: Path) -> dict[str, Any]:
    fmt: dict[str, Any] = ffprobe(path, "-show_format")["format"]
    return fmt


def _video_packets(path: Path) -> list[dict[str, Any]]:
    args = ["-select_streams", "v:0", "-show_entries", "packet=pts,dts,duration,flags"]
    packets: list[dict[str, Any]] = ffprobe(path, *args)["packets"]
    return packets


def _pict_types(path: Path) -> set[str]:
    args = ["-select_streams", "v:0", "-show_entries", "frame=pict_type"]
    return {f["pict_type"] for f in ffprobe(path, *args)["frames"]}


def _video(clip: CorpusClip) -> dict[str, Any]:
    return main_video_stream(clip.path)


# --- every kind ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CORPUS_KINDS)
def test_clip_is_what_its_record_says(clips: dict[str, CorpusClip], kind: str) -> None:
    clip = clips[kind]
    assert clip.path.is_file() and clip.path.stat().st_size > 0
    assert clip.kind == kind
    video = _video(clip)
    assert display_rotation(video) == clip.rotation
    stored = (video["width"], video["height"])
    assert clip.display_size == (stored[::-1] if clip.rotation in (90, 270) else stored)
    has_audio = any(s["codec_type"] == "audio" for s in _streams(clip.path))
    assert has_audio == clip.has_audio


def _expected_indices(kind: str) -> list[int] | None:
    trim_start, trim_end = round(TRIM_START_S * FPS), round(TRIM_END_S * FPS)
    return {
        "edit_list_trim_start": ALL_FRAMES[trim_start:],
        "edit_list_trim_end": ALL_FRAMES[: FRAME_COUNT - trim_end],
        "truncated_tail": None,
    }.get(kind, ALL_FRAMES)


@pytest.mark.parametrize("kind", CORPUS_KINDS)
def test_oracle_reads_every_frame_in_order(clips: dict[str, CorpusClip], kind: str) -> None:
    indices = reference_indices(clips[kind].path)
    assert indices, "no frame decoded"
    assert all(a < b for a, b in itertools.pairwise(indices))
    expected = _expected_indices(kind)
    if expected is not None:
        assert indices == expected


def test_clips_are_reused_from_the_folder(clips: dict[str, CorpusClip], corpus_dir: Path) -> None:
    clip = clips["h264_mkv"]
    before = clip.path.stat().st_mtime_ns
    assert make_clip("h264_mkv", corpus_dir) == clip
    assert clip.path.stat().st_mtime_ns == before


# --- what each kind claims ----------------------------------------------------------------------


def _check_bframes_long_gop(clip: CorpusClip) -> None:
    assert _video(clip)["codec_name"] == "h264"
    keyframes = [p for p in _video_packets(clip.path) if "K" in p["flags"]]
    assert len(keyframes) == 1
    assert "B" in _pict_types(clip.path)


def _check_open_gop(clip: CorpusClip) -> None:
    packets = _video_packets(clip.path)  # in decode order
    keys = [n for n, p in enumerate(packets) if "K" in p["flags"]]
    assert len(keys) == FRAME_COUNT // 30
    for key in keys[1:]:
        # A leading picture: decoded after the keyframe, shown before it.
        assert int(packets[key + 1]["pts"]) < int(packets[key]["pts"])


def _check_vfr(clip: CorpusClip) -> None:
    video = _video(clip)
    assert video["time_base"] == "1/90000"
    pts = sorted(int(p["pts"]) for p in _video_packets(clip.path))
    durations = {b - a for a, b in itertools.pairwise(pts)}
    assert {3000, 3750, 6000} <= durations
    assert [s["codec_name"] for s in _streams(clip.path)] == ["h264", "aac"]


def _check_rotation(clip: CorpusClip) -> None:
    video = _video(clip)
    assert any("rotation" in side for side in video["side_data_list"])
    width, height = clip.display_size
    cmd = ["ffmpeg", "-v", "error", "-i", str(clip.path), "-frames:v", "1"]
    raw = subprocess.run(
        [*cmd, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True
    ).stdout
    shown = np.frombuffer(raw, np.uint8).reshape(height, width, 3).astype(np.int16)
    source = draw_index_frame(0, WIDTH, HEIGHT)
    clockwise = np.rot90(source, k=-clip.rotation // 90).astype(np.int16)
    assert np.abs(shown - clockwise).mean() < 4
    opposite = np.rot90(clockwise, k=2)
    assert np.abs(shown - opposite).mean() > 20


def _check_hevc(pix_fmt: str) -> Callable[[CorpusClip], None]:
    def check(clip: CorpusClip) -> None:
        video = _video(clip)
        assert (video["codec_name"], video["codec_tag_string"]) == ("hevc", "hvc1")
        assert video["pix_fmt"] == pix_fmt
        assert "mov" in _format(clip.path)["format_name"]
        assert "B" in _pict_types(clip.path)

    return check


def _check_webm_no_cues(codec: str) -> Callable[[CorpusClip], None]:
    def check(clip: CorpusClip) -> None:
        assert _video(clip)["codec_name"] == codec
        assert "webm" in _format(clip.path)["format_name"]
        assert "duration" not in _format(clip.path)
        cues_id = bytes.fromhex("1C53BB6B")
        assert cues_id not in clip.path.read_bytes()
        assert [s["codec_name"] for s in _streams(clip.path)] == [codec, "opus"]

    return check


def _check_dup_timestamps(clip: CorpusClip) -> None:
    assert _video(clip)["codec_name"] == "vp8"
    pts = [int(p["pts"]) for p in _video_packets(clip.path)]
    repeats = [i for i in range(1, len(pts)) if pts[i] == pts[i - 1]]
    assert repeats == list(DUPLICATE_PTS_FRAMES)
    assert len(reference_indices(clip.path)) == len(pts) == FRAME_COUNT


def _check_h264_mkv(clip: CorpusClip) -> None:
    assert _video(clip)["codec_name"] == "h264"
    assert _format(clip.path)["format_name"].startswith("matroska")
    assert "B" in _pict_types(clip.path)


def _check_mjpeg_avi(clip: CorpusClip) -> None:
    assert _format(clip.path)["format_name"] == "avi"
    assert [s["codec_name"] for s in _streams(clip.path)] == ["mjpeg", "pcm_s16le"]


def _check_edit_list(clip: CorpusClip) -> None:
    packets = _video_packets(clip.path)
    assert len(packets) == FRAME_COUNT  # every frame is stored ...
    hidden = FRAME_COUNT - len(reference_indices(clip.path))
    assert hidden == round(0.5 * FPS)  # ... and the edit list hides some
    assert float(_format(clip.path)["duration"]) == pytest.approx(2.5, abs=0.05)


def _check_trim_start_marks_discard(clip: CorpusClip) -> None:
    _check_edit_list(clip)
    discarded = [p for p in _video_packets(clip.path) if "D" in p["flags"]]
    assert len(discarded) == round(TRIM_START_S * FPS)


def _check_nonzero_start(clip: CorpusClip) -> None:
    assert _format(clip.path)["format_name"] == "mpegts"
    assert float(_video(clip)["start_time"]) >= 10.0


def _start(clip: CorpusClip, codec_type: str) -> float:
    (stream,) = [s for s in _streams(clip.path) if s["codec_type"] == codec_type]
    return float(stream["start_time"])


def _check_audio_first_stream(clip: CorpusClip) -> None:
    kinds = [s["codec_type"] for s in _streams(clip.path)]
    assert kinds == ["audio", "video"]
    assert _video(clip)["index"] == 1


def _check_audio_before_video(clip: CorpusClip) -> None:
    gap = _start(clip, "video") - _start(clip, "audio")
    assert gap == pytest.approx(0.5, abs=0.03)


def _check_audio_after_video(clip: CorpusClip) -> None:
    gap = _start(clip, "audio") - _start(clip, "video")  # less AAC's 1024-sample priming
    assert gap == pytest.approx(0.5, abs=0.03)


def _check_extra_tracks(clip: CorpusClip) -> None:
    streams = _streams(clip.path)
    videos = [(s["index"], s["width"], s["height"]) for s in streams if s["codec_type"] == "video"]
    assert videos == [(0, 160, 120), (1, WIDTH, HEIGHT)]
    defaults = [s["disposition"]["default"] for s in streams if s["codec_type"] == "video"]
    assert defaults == [0, 1]
    assert any(s.get("codec_tag_string") == "tmcd" for s in streams)
    assert _video(clip)["index"] == 1
    # ...and that is the stream the ffmpeg CLI maps when left to choose.
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-i", str(clip.path), "-frames:v", "1"]
    log = subprocess.run([*cmd, "-f", "null", "-"], capture_output=True, text=True).stderr
    assert "Stream #0:1 -> #0:0" in log


def _check_truncated_tail(clip: CorpusClip) -> None:
    indices = reference_indices(clip.path)
    assert indices[0] == 0
    assert FRAME_COUNT // 3 < len(indices) < FRAME_COUNT


CLAIMS: dict[str, Callable[[CorpusClip], None]] = {
    "h264_bframes_long_gop": _check_bframes_long_gop,
    "h264_open_gop": _check_open_gop,
    "h264_vfr_phone": _check_vfr,
    "rotation_90": _check_rotation,
    "rotation_180": _check_rotation,
    "rotation_270": _check_rotation,
    "hevc_mov_8bit": _check_hevc("yuv420p"),
    "hevc_mov_10bit": _check_hevc("yuv420p10le"),
    "vp9_webm_no_cues": _check_webm_no_cues("vp9"),
    "vp8_webm_no_cues": _check_webm_no_cues("vp8"),
    "vp8_webm_dup_timestamps": _check_dup_timestamps,
    "h264_mkv": _check_h264_mkv,
    "mjpeg_avi": _check_mjpeg_avi,
    "edit_list_trim_start": _check_trim_start_marks_discard,
    "edit_list_trim_end": _check_edit_list,
    "nonzero_start_pts": _check_nonzero_start,
    "audio_first_stream": _check_audio_first_stream,
    "audio_before_video": _check_audio_before_video,
    "audio_after_video": _check_audio_after_video,
    "extra_tracks": _check_extra_tracks,
    "truncated_tail": _check_truncated_tail,
}


def test_every_kind_has_a_claim() -> None:
    assert set(CLAIMS) == set(CORPUS_KINDS)


@pytest.mark.parametrize("kind", CORPUS_KINDS)
def test_kind_has_its_property(clips: dict[str, CorpusClip], kind: str) -> None:
    CLAIMS[kind](clips[kind])


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [make_zero_byte, make_text_as_mp4, make_audio_only, make_unfinalised_mp4]
)
def test_bad_input_has_no_reference(corpus_dir: Path, make: Callable[[Path], Path]) -> None:
    path = make(corpus_dir)
    assert path.is_file()
    with pytest.raises((RuntimeError, ValueError)):
        reference_indices(path)


def test_audio_only_is_a_valid_file(corpus_dir: Path) -> None:
    kinds = [s["codec_type"] for s in _streams(make_audio_only(corpus_dir))]
    assert kinds == ["audio"]
