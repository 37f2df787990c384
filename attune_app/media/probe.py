"""Opening a file with PyAV, choosing its main video stream and demuxing its packets.

Every failure becomes a `MediaError` that names the file and says what the user can do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from fractions import Fraction
from typing import Any

import av

from attune_app.media.errors import (
    CorruptMediaError,
    MediaError,
    MissingMediaError,
    UnsupportedMediaError,
)
from attune_app.media.frame_index import FrameIndex, PacketInfo, index_from_packets
from attune_app.media.source import MediaSource, Opener, av_open

_SHORT_BY_S = 1.0  # missing video beyond this means the file was cut off
_ISO_BOX_TYPES = (b"ftyp", b"mdat", b"moov", b"wide", b"free", b"skip")
# FFmpeg's demuxers for single pictures (jpeg_pipe, png_pipe, webp_pipe, ...) and sequences.
_IMAGE_DEMUXERS = ("image2", "image2pipe")
# Codecs of picture files; their one-picture streams are photos, not videos. MJPEG is here too:
# an AVI or MOV of it is a video (it has many frames, or at least a duration).
_IMAGE_CODECS = frozenset(
    ("apng", "bmp", "gif", "jpeg2000", "jpegls", "mjpeg", "png", "tiff", "webp", "qoi", "jpegxl")
)
# Formats whose single picture declares a duration although it is a still (a 1-frame GIF).
_ANIMATED_IMAGE_FORMATS = ("gif", "apng", "webp")


def check_file(path: str) -> int:
    """The file's size in bytes; raises when it is missing or empty."""
    if not os.path.exists(path):
        raise MissingMediaError(
            path,
            "the file does not exist.",
            "Check that the drive is connected and the file was not moved or renamed.",
        )
    if not os.path.isfile(path):
        raise UnsupportedMediaError(path, "this is a folder, not a video file.", "Choose a file.")
    size = os.path.getsize(path)
    if size == 0:
        raise CorruptMediaError(
            path,
            "the file is empty (0 bytes); the recording or copy did not complete.",
            "Copy the recording from the camera or phone again.",
        )
    return size


def check_source(name: str, source: MediaSource) -> int:
    """The size of a `MediaSource`'s content (it need not be a file: it may be in memory);
    raises as `check_file` does when its file is missing or it is empty."""
    try:
        size = source.size()
    except FileNotFoundError as error:
        raise MissingMediaError(
            name,
            "the file does not exist.",
            "Check that the drive is connected and the file was not moved or renamed.",
        ) from error
    if size == 0:
        raise CorruptMediaError(
            name,
            "the file is empty (0 bytes); the recording or copy did not complete.",
            "Copy the recording from the camera or phone again.",
        )
    return size


def open_container(path: str, opener: Opener | None = None) -> Any:
    """An open PyAV input container (the caller closes it); from `opener`'s file object when
    given (an encrypted clip), else from the file at `path`."""
    try:
        return av_open(path, opener)
    except FileNotFoundError as error:
        raise MissingMediaError(
            path, "the file does not exist.", "Check the drive and the file name."
        ) from error
    except PermissionError as error:
        raise MediaError(
            path, "Attune is not allowed to read this file.", "Check the file's permissions."
        ) from error
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as error:
        raise _open_failure(path) from error


def _open_failure(path: str) -> MediaError:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError as error:  # e.g. the drive went away: say that, not a second traceback
        return MediaError(
            path,
            f"the file cannot be read ({error.strerror or error}).",
            "Check that its drive is connected and the file can be opened, then try again.",
        )
    if head[4:8] in _ISO_BOX_TYPES:
        return CorruptMediaError(
            path,
            "the recording was not finalised (its index, the 'moov' atom, is missing), "
            "usually because the phone or camera stopped before it finished saving.",
            "Copy the file again from the device; a repair tool may recover it.",
        )
    return UnsupportedMediaError(
        path,
        "this is not a video file Attune can read (the format is unknown or it is damaged).",
        "Convert it to MP4 (H.264) or choose another file.",
    )


def reject_still_image(container: Any, stream: Any, index: FrameIndex, path: str) -> None:
    """Raise when the file is a photo (PNG, JPEG, WebP, a one-frame GIF...), not a video.

    FFmpeg opens a picture as a one-frame video stream; Attune would import it as a clip.
    An animated GIF (more than one frame) is a video.
    """
    formats = str(container.format.name).split(",")
    by_demuxer = any(f.endswith("_pipe") or f in _IMAGE_DEMUXERS for f in formats)
    one_picture = index.frame_count <= 1 and stream.codec_context.name in _IMAGE_CODECS
    no_duration = _declared_duration_s(container, stream) <= 0
    animated_format = any(f in _ANIMATED_IMAGE_FORMATS for f in formats)
    if by_demuxer or (one_picture and (no_duration or animated_format)):
        raise UnsupportedMediaError(
            path,
            "this file is a still image, not a video.",
            "Attune works with video recordings; import the video file instead.",
        )


def choose_video_stream(container: Any, path: str) -> Any:
    """The main video stream, as players choose it.

    Cover art and thumbnails (attached pictures) are never chosen. A still-image track (marked
    so, or holding one or two pictures while another track moves, as the "top shot" stills of
    a phone's motion photo) comes after every moving track. Then the default track, then the
    one with the most frames (or the longest), then the largest picture.
    """
    candidates = [s for s in container.streams.video if not _is_attached_picture(s)]
    if not candidates:
        raise UnsupportedMediaError(
            path,
            "the file has no video stream (it may be an audio recording or another kind of file).",
            "Choose a video file.",
        )
    return max(candidates, key=lambda s: _rank(s, candidates))


def describe_video_streams(container: Any) -> list[dict[str, Any]]:
    """Every video stream as `attune probe` lists it, the chosen one marked."""
    chosen = choose_video_stream(container, "")
    described = []
    for stream in container.streams.video:
        kind = "attached picture" if _is_attached_picture(stream) else "video"
        if kind == "video" and _is_still_track(stream, list(container.streams.video)):
            kind = "still images"
        described.append(
            {
                "index": stream.index,
                "codec": stream.codec_context.name,
                "size": [stream.codec_context.width, stream.codec_context.height],
                "frames": int(stream.frames or 0),
                "default": bool(int(stream.disposition) & int(av.stream.Disposition.default)),
                "kind": kind,
                "chosen": stream.index == chosen.index,
            }
        )
    return described


def _is_attached_picture(stream: Any) -> bool:
    return bool(int(stream.disposition) & int(av.stream.Disposition.attached_pic))


def _is_still_track(stream: Any, others: list[Any]) -> bool:
    if int(stream.disposition) & int(av.stream.Disposition.still_image):
        return True
    frames = int(stream.frames or 0)
    most = max(int(o.frames or 0) for o in others)
    return 0 < frames <= 2 < most


def _rank(stream: Any, candidates: list[Any]) -> tuple[bool, bool, int, float, int, int]:
    is_default = bool(int(stream.disposition) & int(av.stream.Disposition.default))
    area = (stream.codec_context.width or 0) * (stream.codec_context.height or 0)
    return (
        not _is_still_track(stream, candidates),
        is_default,
        int(stream.frames or 0),
        _declared_stream_duration_s(stream),
        area,
        -stream.index,
    )


def _declared_stream_duration_s(stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return 0.0


def sample_aspect(stream: Any) -> Fraction:
    """The shape of one stored pixel (width / height); 1 when square or not declared."""
    for source in (stream, stream.codec_context):
        ratio = getattr(source, "sample_aspect_ratio", None)
        if ratio is not None and ratio.numerator > 0 and ratio.denominator > 0:
            return Fraction(ratio.numerator, ratio.denominator)
    return Fraction(1)


def choose_audio_stream(container: Any) -> Any | None:
    streams = list(container.streams.audio)
    if not streams:
        return None
    defaults = [s for s in streams if int(s.disposition) & int(av.stream.Disposition.default)]
    return (defaults or streams)[0]


def recorded_at(container: Any, stream: Any) -> datetime | None:
    """When the recording was made, from `creation_time` metadata (None when absent)."""
    for metadata in (container.metadata, stream.metadata):
        text = metadata.get("creation_time") if metadata else None
        if text:
            try:
                return datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                continue
    return None


def build_index(container: Any, stream: Any, source_size: int) -> FrameIndex:
    """Demux the stream's packets (no decoding) into a `FrameIndex`."""
    damaged = False
    packets: list[PacketInfo] = []
    try:
        for packet in _demux(container, stream):
            packets.append(
                PacketInfo(
                    pts=packet.pts,
                    dts=packet.dts,
                    duration=packet.duration or 0,
                    is_keyframe=packet.is_keyframe,
                    is_discard=packet.is_discard,
                    byte_pos=packet.pos if packet.pos is not None and packet.pos >= 0 else None,
                )
            )
            damaged = damaged or packet.is_corrupt
    except (av.error.FFmpegError, OSError):
        damaged = True  # keep what could be read: a cut-off file shows what it has
    index = index_from_packets(
        packets,
        stream_index=stream.index,
        time_base=Fraction(stream.time_base),
        source_size=source_size,
        damaged=damaged,
    )
    if not damaged and index.duration_s + _SHORT_BY_S < _declared_duration_s(container, stream):
        index = replace(index, damaged=True)  # the header promises more than is there: cut off
    return index


def _declared_duration_s(container: Any, stream: Any) -> float:
    """The duration the header declares (0 when it declares none)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration / av.time_base)
    return 0.0


def _demux(container: Any, stream: Any) -> Iterator[Any]:
    for packet in container.demux(stream):
        if packet.size:  # the empty packets at the end only flush the decoder
            yield packet
