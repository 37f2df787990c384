"""A corpus of the awkward clips that phones, webcams and browsers record, and an oracle.

Every frame is drawn by `draw_index_frame(i, w, h)` with `i` its position in the *source*
sequence, so a frame that a container hides (edit list, truncation) shows up as a gap in
`reference_indices`. The oracle is FFmpeg's own command-line decode (autorotate on, timestamps
passed through so nothing is duplicated or dropped): a decoder is frame-exact when it shows the
same indices in the same order.

The oracle decodes the video stream the ffmpeg CLI would pick by itself (default disposition
first, then the largest picture; see `main_video_stream`), named explicitly with -map so that
its size and rotation can be read from ffprobe.

Clips are small (320x240, 3 s) and made with the `ffmpeg` CLI (5.1 or newer), or PyAV where
exact control of timestamps is needed. They are byte-identical from run to run. Each is written
to a temporary name and renamed when complete, so a clip already in the folder is reused.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import av
import numpy as np

from attune_app.media.synthetic import draw_index_frame, read_frame_index, rotate_to_storage

WIDTH, HEIGHT = 320, 240
FPS = 30
FRAME_COUNT = 90  # 3 s at 30 fps
AUDIO_RATE = 48_000


@dataclass(frozen=True)
class CorpusClip:
    path: Path
    kind: str
    rotation: int  # clockwise degrees that FFmpeg's autorotate applies for display
    display_size: tuple[int, int]  # (width, height) as shown, after rotation
    has_audio: bool
    notes: str


# --- running FFmpeg -----------------------------------------------------------------------------


def _run(cmd: list[str], stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        cmd,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return done.stdout


def ffprobe(path: Path, *args: str) -> dict[str, Any]:
    """ffprobe's JSON for `path`; `args` choose what to show (e.g. "-show_streams")."""
    out = _run(["ffprobe", "-v", "error", "-of", "json", *args, str(path)])
    result: dict[str, Any] = json.loads(out)
    return result


@cache
def _raw_frames(count: int, width: int, height: int) -> bytes:
    return b"".join(draw_index_frame(i, width, height).tobytes() for i in range(count))


def _raw_input() -> list[str]:
    size = f"{WIDTH}x{HEIGHT}"
    return ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-r", str(FPS), "-i", "pipe:0"]


def _sine_input(seconds: float, offset_s: float = 0.0) -> list[str]:
    shift = ["-itsoffset", str(offset_s)] if offset_s else []
    source = f"sine=frequency=440:sample_rate={AUDIO_RATE}:duration={seconds}"
    return [*shift, "-f", "lavfi", "-i", source]


def _ffmpeg_encode(out: Path, args: list[str], count: int = FRAME_COUNT) -> bytes:
    """Pipe `count` index frames into the ffmpeg CLI; `args` follow the raw video input."""
    cmd = ["ffmpeg", "-v", "error", "-y", *_raw_input(), *args, *_BITEXACT, str(out)]
    return _run(cmd, stdin=_raw_frames(count, WIDTH, HEIGHT))


# No random Matroska segment UID or encoder version tag: the same bytes on every machine run.
_BITEXACT = ["-fflags", "+bitexact"]
_X264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p"]
_X264_B = [*_X264, "-bf", "3", "-g", "250"]
_AAC = ["-c:a", "aac", "-b:a", "64k"]


# --- builders: each writes one clip to `out`, using `work` for intermediate files ----------------


def _h264_bframes_long_gop(out: Path, work: Path) -> None:
    _ffmpeg_encode(out, [*_X264_B, "-x264-params", "open-gop=1:b-pyramid=normal", "-an"])


def _h264_open_gop(out: Path, work: Path) -> None:
    # Keyframes every 30 frames that are not IDR: the B-frames that follow each one in decode
    # order are shown before it and reference the previous GOP.
    params = "open-gop=1:keyint=30:min-keyint=30:scenecut=0:b-adapt=0:b-pyramid=normal"
    _ffmpeg_encode(out, [*_X264_B, "-x264-params", params, "-an"])


def _vfr_durations_90k() -> list[int]:
    # A phone's clock: mostly 30 fps, stretches at 24 fps, an occasional 15 fps hiccup.
    pattern = [3000, 3000, 3000, 3750, 3000, 3750, 3750, 3000, 6000, 3000, 3003, 2997]
    return [pattern[i % len(pattern)] for i in range(FRAME_COUNT)]


def _h264_vfr_phone(out: Path, work: Path) -> None:
    tb = Fraction(1, 90_000)
    with av.open(str(out), "w", format="mp4", options={"fflags": "+bitexact"}) as container:
        video = container.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.time_base = tb
        video.codec_context.time_base = tb
        video.options = {"crf": "26", "preset": "veryfast", "bf": "0"}
        audio = container.add_stream("aac", rate=AUDIO_RATE, layout="mono")
        pts = 0
        for i, duration in enumerate(_vfr_durations_90k()):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, WIDTH, HEIGHT), format="rgb24")
            frame.pts, frame.time_base = pts, tb
            container.mux(video.encode(frame.reformat(format="yuv420p")))
            pts += duration
        container.mux(video.encode(None))
        _encode_sine(container, audio, seconds=pts / 90_000)


def _encode_sine(container: Any, audio: Any, seconds: float) -> None:
    samples = int(seconds * AUDIO_RATE)
    t = np.arange(samples) / AUDIO_RATE
    wave = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    chunk = 1024
    for start in range(0, samples, chunk):
        block = wave[start : start + chunk].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
        frame.sample_rate, frame.pts = AUDIO_RATE, start
        frame.time_base = Fraction(1, AUDIO_RATE)
        container.mux(audio.encode(frame))
    container.mux(audio.encode(None))


# FFmpeg 5.1 (Debian 12, CI) has no -display_rotation; its mov muxer turns the old `rotate` tag
# into a display matrix, but counter-clockwise: `rotate=270` gives a phone's portrait matrix
# (ffprobe "rotation": -90; autorotate turns the picture 90 degrees clockwise). FFmpeg 6+ drops
# the tag and has -display_rotation instead. Rather than trust either sign, try each way and
# keep the one whose matrix autorotates as asked.
def _rotation_attempts(plain: Path, out: Path, clockwise: int) -> list[list[str]]:
    copy = ["-c", "copy", str(out)]
    tag = ["-metadata:s:v:0", f"rotate={(360 - clockwise) % 360}"]
    return [
        ["-i", str(plain), *tag, *copy],
        ["-display_rotation:v:0", str(-clockwise), "-i", str(plain), *copy],
        ["-display_rotation:v:0", str(clockwise), "-i", str(plain), *copy],
    ]


def _rotated(clockwise: int) -> Callable[[Path, Path], None]:
    def build(out: Path, work: Path) -> None:
        plain = work / "plain.mp4"
        _ffmpeg_encode(plain, [*_X264_B, "-an"])
        for attempt in _rotation_attempts(plain, out, clockwise):
            try:
                _run(["ffmpeg", "-v", "error", "-y", *attempt])
            except RuntimeError:
                continue  # an option this FFmpeg does not have
            if display_rotation(main_video_stream(out)) == clockwise:
                return
        raise RuntimeError(f"this ffmpeg cannot write a {clockwise} degree display matrix")

    return build


def _hevc_mov(pix_fmt: str) -> Callable[[Path, Path], None]:
    def build(out: Path, work: Path) -> None:
        params = "bframes=3:keyint=250:log-level=error:pools=1:frame-threads=1"
        hevc = ["-c:v", "libx265", "-preset", "veryfast", "-crf", "28", "-pix_fmt", pix_fmt]
        _ffmpeg_encode(out, [*hevc, "-x265-params", params, "-tag:v", "hvc1", "-an"])

    return build


# libvpx's realtime deadline adapts to the wall clock, so its output differs run to run.
_VPX_DETERMINISTIC = ["-deadline", "good", "-cpu-used", "5", "-threads", "1"]


def _webm_no_cues(codec: str) -> Callable[[Path, Path], None]:
    # A browser's MediaRecorder streams its file out: no Cues (seek index), no Duration.
    # Writing to a pipe makes the muxer unable to go back for either.
    def build(out: Path, work: Path) -> None:
        vpx = ["-c:v", codec, *_VPX_DETERMINISTIC, "-b:v", "400k"]
        opus = ["-c:a", "libopus", "-b:a", "48k"]
        args = [*_sine_input(FRAME_COUNT / FPS), "-map", "0:v", "-map", "1:a", *vpx, *opus]
        data = _ffmpeg_encode(Path("pipe:1"), [*args, "-f", "webm"])
        out.write_bytes(data)

    return build


# Webcam clocks stamp some consecutive frames with the same millisecond.
DUPLICATE_PTS_FRAMES = (10, 11, 40, 41, 42, 70)


def _dup_timestamps_ms() -> list[int]:
    stamps: list[int] = []
    for i in range(FRAME_COUNT):
        stamps.append(stamps[-1] if i in DUPLICATE_PTS_FRAMES else round(i * 1000 / FPS))
    return stamps


def _vp8_webm_dup_timestamps(out: Path, work: Path) -> None:
    ms = Fraction(1, 1000)
    stamps = _dup_timestamps_ms()
    with av.open(str(out), "w", format="webm", options={"fflags": "+bitexact"}) as container:
        video = container.add_stream("libvpx", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {
            "deadline": "good",
            "cpu-used": "5",
            "threads": "1",
            "lag-in-frames": "0",
            "auto-alt-ref": "0",
            "b": "400k",
        }
        packets = []
        for i in range(FRAME_COUNT):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, WIDTH, HEIGHT), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            packets += video.encode(frame.reformat(format="yuv420p"))
        packets += video.encode(None)
        if len(packets) != FRAME_COUNT:
            raise RuntimeError(f"libvpx gave {len(packets)} packets for {FRAME_COUNT} frames")
        for packet, stamp in zip(packets, stamps, strict=True):
            packet.time_base, packet.pts, packet.dts, packet.duration = ms, stamp, stamp, 33
            container.mux(packet)


def _h264_mkv(out: Path, work: Path) -> None:
    _ffmpeg_encode(out, [*_X264_B, "-an", "-f", "matroska"])


def _mjpeg_avi(out: Path, work: Path) -> None:
    mjpeg = ["-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj420p"]
    audio = [*_sine_input(FRAME_COUNT / FPS), "-map", "0:v", "-map", "1:a", "-c:a", "pcm_s16le"]
    _ffmpeg_encode(out, [*audio, *mjpeg])


TRIM_START_S = 0.5


def _edit_list_trim_start(out: Path, work: Path) -> None:
    # A stream copy that starts between keyframes: FFmpeg keeps the packets from the keyframe
    # before and writes an edit list that hides the frames before the cut.
    plain = work / "plain.mp4"
    _ffmpeg_encode(plain, [*_X264_B, "-an"])
    cmd = ["ffmpeg", "-v", "error", "-y", "-ss", str(TRIM_START_S), "-i", str(plain)]
    _run([*cmd, "-c", "copy", str(out)])


TRIM_END_S = 0.5


def _edit_list_trim_end(out: Path, work: Path) -> None:
    # A phone's "trim" that keeps every sample but shortens the edit: the last frames are in
    # the file and hidden by the edit list.
    plain = work / "plain.mp4"
    _ffmpeg_encode(plain, [*_X264_B, "-an"])
    data = bytearray(plain.read_bytes())
    _shorten_edit(data, cut_s=TRIM_END_S)
    out.write_bytes(bytes(data))


def _nonzero_start_pts(out: Path, work: Path) -> None:
    # A camcorder's MPEG-TS (.mts): timestamps run from its clock, here from about 10 s.
    args = [*_sine_input(FRAME_COUNT / FPS), "-map", "0:v", "-map", "1:a", *_X264_B, *_AAC]
    _ffmpeg_encode(out, [*args, "-output_ts_offset", "10", "-f", "mpegts"])


def _audio_first_stream(out: Path, work: Path) -> None:
    args = [*_sine_input(FRAME_COUNT / FPS), "-map", "1:a", "-map", "0:v", *_X264_B, *_AAC]
    _ffmpeg_encode(out, args)


AV_OFFSET_S = 0.5


def _audio_offset(audio_first: bool) -> Callable[[Path, Path], None]:
    # An empty edit on the later track in MP4 shifts its start; FFmpeg reports it as start_time.
    def build(out: Path, work: Path) -> None:
        plain = work / "plain.mp4"
        _ffmpeg_encode(plain, [*_X264_B, "-an"])
        seconds = FRAME_COUNT / FPS
        video = ["-i", str(plain)]
        if audio_first:
            video = ["-itsoffset", str(AV_OFFSET_S), *video]
            audio = _sine_input(seconds + AV_OFFSET_S)
        else:
            audio = _sine_input(seconds - AV_OFFSET_S, offset_s=AV_OFFSET_S)
        cmd = ["ffmpeg", "-v", "error", "-y", *video, *audio, "-map", "0:v", "-map", "1:a"]
        _run([*cmd, "-c:v", "copy", *_AAC, str(out)])

    return build


THUMB_SIZE = (160, 120)


def _extra_tracks(out: Path, work: Path) -> None:
    thumb = f"[0:v]split[main][t];[t]scale={THUMB_SIZE[0]}:{THUMB_SIZE[1]}[thumb]"
    maps = ["-filter_complex", thumb, "-map", "[thumb]", "-map", "[main]"]
    # The thumbnail comes first but is not the default (enabled) track; the tmcd track is
    # appended by the mov muxer after both.
    disposition = ["-disposition:v:0", "0", "-disposition:v:1", "default"]
    _ffmpeg_encode(out, [*maps, *_X264_B, *disposition, "-timecode", "01:00:00:00", "-f", "mov"])


TRUNCATE_AT = 0.7


def _truncated_tail(out: Path, work: Path) -> None:
    whole = work / "whole.mkv"
    _ffmpeg_encode(whole, [*_X264_B, "-an", "-f", "matroska"])
    data = whole.read_bytes()
    out.write_bytes(data[: int(len(data) * TRUNCATE_AT)])


# --- the MP4 edit list, patched in place ------------------------------------------------------


_Box = tuple[bytes, int, int, int]  # type, offset, header size, size


def _boxes(data: bytearray, start: int, end: int) -> list[_Box]:
    """(type, offset, header size, size) of each box between start and end."""
    found = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
        elif size == 0:
            size = end - pos
        found.append((kind, pos, header, size))
        pos += size
    return found


def _child(data: bytearray, parent: _Box, kind: bytes) -> _Box:
    _, pos, header, size = parent
    for box in _boxes(data, pos + header, pos + size):
        if box[0] == kind:
            return box
    raise ValueError(f"no {kind!r} box")


def _shorten_edit(data: bytearray, cut_s: float) -> None:
    """Shorten the (single) video track's edit and the movie's duration by `cut_s`."""
    moov = next(b for b in _boxes(data, 0, len(data)) if b[0] == b"moov")
    mvhd = _child(data, moov, b"mvhd")
    body = mvhd[1] + mvhd[2]
    if data[body] != 0:
        raise ValueError("expected a version 0 mvhd")
    timescale, duration = struct.unpack(">II", data[body + 12 : body + 20])
    cut = round(cut_s * timescale)
    struct.pack_into(">I", data, body + 16, duration - cut)
    trak = _child(data, moov, b"trak")
    tkhd = _child(data, trak, b"tkhd")
    body = tkhd[1] + tkhd[2]
    (track_duration,) = struct.unpack(">I", data[body + 20 : body + 24])
    struct.pack_into(">I", data, body + 20, track_duration - cut)
    elst = _child(data, _child(data, trak, b"edts"), b"elst")
    body = elst[1] + elst[2]
    if data[body] != 0 or struct.unpack(">I", data[body + 4 : body + 8])[0] != 1:
        raise ValueError("expected one version 0 edit")
    (segment,) = struct.unpack(">I", data[body + 8 : body + 12])
    struct.pack_into(">I", data, body + 8, segment - cut)


# --- the catalogue --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Recipe:
    filename: str
    build: Callable[[Path, Path], None]
    notes: str
    rotation: int = 0
    display_size: tuple[int, int] = (WIDTH, HEIGHT)
    has_audio: bool = False


_PORTRAIT = (HEIGHT, WIDTH)

_RECIPES: dict[str, _Recipe] = {
    "h264_bframes_long_gop": _Recipe(
        "h264_bframes_long_gop.mp4",
        _h264_bframes_long_gop,
        "libx264, 3 B-frames (pyramid), keyint 250 > 90 frames so one keyframe, open-gop on.",
    ),
    "h264_open_gop": _Recipe(
        "h264_open_gop.mp4",
        _h264_open_gop,
        "libx264 open GOP: a keyframe (recovery-point I, not IDR) every 30 frames, each "
        "followed in decode order by leading B-frames that are shown before it and depend on "
        "the previous GOP. Seeking to a leading frame must start from the keyframe before.",
    ),
    "h264_vfr_phone": _Recipe(
        "h264_vfr_phone.mp4",
        _h264_vfr_phone,
        "H.264 without B-frames, 1/90000 time base, frame durations of 1/30, 1/24, 1/15 s and "
        "29.97-ish jitter; AAC mono. Frame times are irregular: index by pts, not by rate.",
        has_audio=True,
    ),
    "rotation_90": _Recipe(
        "rotation_90.mp4",
        _rotated(90),
        "Stored 320x240 landscape with a display matrix: shown turned 90 degrees clockwise.",
        rotation=90,
        display_size=_PORTRAIT,
    ),
    "rotation_180": _Recipe(
        "rotation_180.mp4",
        _rotated(180),
        "Stored 320x240 with a display matrix: shown upside down.",
        rotation=180,
    ),
    "rotation_270": _Recipe(
        "rotation_270.mp4",
        _rotated(270),
        "Stored 320x240 with a display matrix: shown turned 90 degrees counter-clockwise.",
        rotation=270,
        display_size=_PORTRAIT,
    ),
    "hevc_mov_8bit": _Recipe(
        "hevc_mov_8bit.mov",
        _hevc_mov("yuv420p"),
        "libx265 8-bit 4:2:0 in QuickTime, tag hvc1, 3 B-frames.",
    ),
    "hevc_mov_10bit": _Recipe(
        "hevc_mov_10bit.mov",
        _hevc_mov("yuv420p10le"),
        "libx265 10-bit 4:2:0 (yuv420p10le, Main 10) in QuickTime, tag hvc1, 3 B-frames.",
    ),
    "vp9_webm_no_cues": _Recipe(
        "vp9_webm_no_cues.webm",
        _webm_no_cues("libvpx-vp9"),
        "VP9 + Opus WebM streamed to a pipe like MediaRecorder: no Cues, no Duration.",
        has_audio=True,
    ),
    "vp8_webm_no_cues": _Recipe(
        "vp8_webm_no_cues.webm",
        _webm_no_cues("libvpx"),
        "VP8 + Opus WebM streamed to a pipe like MediaRecorder: no Cues, no Duration.",
        has_audio=True,
    ),
    "vp8_webm_dup_timestamps": _Recipe(
        "vp8_webm_dup_timestamps.webm",
        _vp8_webm_dup_timestamps,
        f"VP8 WebM (PyAV) whose frames {DUPLICATE_PTS_FRAMES} repeat the previous frame's "
        "millisecond timestamp; every frame is still shown, in file order.",
    ),
    "h264_mkv": _Recipe(
        "h264_mkv.mkv",
        _h264_mkv,
        "H.264 with B-frames in Matroska (FFmpeg's webm muxer refuses H.264). Matroska stores "
        "only pts, so dts is reconstructed by the demuxer.",
    ),
    "mjpeg_avi": _Recipe(
        "mjpeg_avi.avi",
        _mjpeg_avi,
        "MJPEG (yuvj420p, full range) in AVI with PCM s16le audio.",
        has_audio=True,
    ),
    "edit_list_trim_start": _Recipe(
        "edit_list_trim_start.mp4",
        _edit_list_trim_start,
        f"`ffmpeg -ss {TRIM_START_S} -c copy` from frame 0: all packets kept, an edit list hides "
        f"the first {round(TRIM_START_S * FPS)} frames.",
    ),
    "edit_list_trim_end": _Recipe(
        "edit_list_trim_end.mp4",
        _edit_list_trim_end,
        f"All 90 frames stored; the edit list (and mvhd/tkhd duration) is {TRIM_END_S} s "
        f"shorter, hiding the last {round(TRIM_END_S * FPS)} frames.",
    ),
    "nonzero_start_pts": _Recipe(
        "nonzero_start_pts.ts",
        _nonzero_start_pts,
        "MPEG-TS (camcorder .mts) with H.264 B-frames and AAC; first pts about 11.4 s "
        "(10 s offset plus the muxer's 1.4 s delay).",
        has_audio=True,
    ),
    "audio_first_stream": _Recipe(
        "audio_first_stream.mp4",
        _audio_first_stream,
        "AAC audio is stream 0, H.264 video stream 1.",
        has_audio=True,
    ),
    "audio_before_video": _Recipe(
        "audio_before_video.mp4",
        _audio_offset(audio_first=True),
        f"Audio starts at 0; video starts {AV_OFFSET_S} s later (empty edit in its edit list).",
        has_audio=True,
    ),
    "audio_after_video": _Recipe(
        "audio_after_video.mp4",
        _audio_offset(audio_first=False),
        f"Video starts at 0; audio starts {AV_OFFSET_S} s later (empty edit in its edit list).",
        has_audio=True,
    ),
    "extra_tracks": _Recipe(
        "extra_tracks.mov",
        _extra_tracks,
        "QuickTime with stream 0 a 160x120 thumbnail video track (not default, not enabled), "
        "stream 1 the main 320x240 video (default disposition) and streams 2 and 3 tmcd "
        "timecode data tracks (the mov muxer writes one per video track). The main track is "
        "stream 1: FFmpeg picks by default disposition, then area.",
    ),
    "truncated_tail": _Recipe(
        "truncated_tail.mkv",
        _truncated_tail,
        f"H.264 B-frame Matroska cut at {TRUNCATE_AT:.0%} of its bytes: no Cues, no end; "
        "decoding stops partway.",
    ),
}

CORPUS_KINDS: list[str] = list(_RECIPES)


def make_clip(kind: str, folder: Path) -> CorpusClip:
    """Make (or reuse) the clip of `kind` in `folder`."""
    recipe = _RECIPES[kind]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / recipe.filename
    if not path.exists():
        _build_atomically(recipe.build, path)
    return CorpusClip(
        path, kind, recipe.rotation, recipe.display_size, recipe.has_audio, recipe.notes
    )


def _build_atomically(build: Callable[[Path, Path], None], path: Path) -> None:
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".work-") as work_dir:
        work = Path(work_dir)
        partial = work / f"partial{path.suffix}"
        build(partial, work)
        os.replace(partial, path)


# --- bad input ----------------------------------------------------------------------------------


def make_zero_byte(folder: Path) -> Path:
    path = folder / "zero_byte.mp4"
    path.write_bytes(b"")
    return path


def make_text_as_mp4(folder: Path) -> Path:
    path = folder / "text_as.mp4"
    path.write_text("This is a shopping list, not a video.\nmilk\neggs\n" * 20)
    return path


def make_audio_only(folder: Path) -> Path:
    path = folder / "audio_only.mp4"
    if not path.exists():
        cmd = ["ffmpeg", "-v", "error", "-y", *_sine_input(2.0), *_AAC]
        _build_atomically(lambda out, work: _run([*cmd, str(out)]), path)
    return path


def make_unfinalised_mp4(folder: Path) -> Path:
    """An MP4 whose recording stopped before the moov (written last) reached the disk."""
    path = folder / "unfinalised.mp4"
    if not path.exists():

        def build(out: Path, work: Path) -> None:
            whole = work / "whole.mp4"
            _ffmpeg_encode(whole, [*_X264_B, "-an"])
            data = whole.read_bytes()
            out.write_bytes(data[: int(len(data) * 0.6)])

        _build_atomically(build, path)
    return path


# --- the oracle ---------------------------------------------------------------------------------


def main_video_stream(path: Path) -> dict[str, Any]:
    """The video stream the ffmpeg CLI picks by default: default disposition, then area."""
    streams = ffprobe(path, "-show_streams")["streams"]
    best, best_score = None, -1
    for stream in streams:
        if stream.get("codec_type") != "video":
            continue
        if stream.get("disposition", {}).get("attached_pic"):
            continue
        score = stream["width"] * stream["height"]
        score += 5_000_000 * int(stream.get("disposition", {}).get("default", 0))
        if score > best_score:
            best, best_score = stream, score
    if best is None:
        raise ValueError(f"{path} has no video stream")
    return best


def display_rotation(stream: dict[str, Any]) -> int:
    """Clockwise degrees that autorotate applies (ffprobe gives the matrix's CCW angle)."""
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return round(-float(side["rotation"])) % 360
    return 0


def reference_indices(path: Path) -> list[int]:
    """The drawn index of every frame that FFmpeg's sequential decode shows, in order."""
    stream = main_video_stream(path)
    rotation = display_rotation(stream)
    width, height = stream["width"], stream["height"]
    if rotation in (90, 270):
        width, height = height, width
    cmd = ["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:{stream['index']}"]
    cmd += ["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
    raw = _run(cmd)
    frame_bytes = width * height * 3
    if len(raw) % frame_bytes:
        raise ValueError(f"{len(raw)} bytes is not a whole number of {width}x{height} frames")
    frames = np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)
    indices = []
    for n, shown in enumerate(frames):
        index = read_frame_index(rotate_to_storage(shown, rotation))
        assert index is not None, f"frame {n} of {path.name} does not read back"
        indices.append(index)
    return indices
