"""Which YUV matrix the exported reel is in, and how each source's pictures get there.

A decoded frame's YUV values are in its source's matrix: BT.709 for most HD phone video,
BT.601 for SD and for some phones even at HD. Players guess an untagged file's matrix from its
height, so Attune tags its output and keeps one matrix throughout: the first source's. A source
in that matrix goes to the encoder untouched; any other source, and every picture drawn in RGB
(title cards, captions, covered faces), is converted into it. An untagged source is taken as
BT.601, as FFmpeg (and so Attune's player and review mode) decodes it: the reel looks as it did.
"""

from __future__ import annotations

from collections.abc import Iterable

# FFmpeg's codes (AVColorSpace, AVColorPrimaries, AVColorTransferCharacteristic)
BT709 = 1
SMPTE170M = 6
MPEG_RANGE = 1  # limited ("tv") range, what H.264 in MP4 is played as
JPEG_RANGE = 2

_SWSCALE_NAME = {BT709: "ITU709", SMPTE170M: "SMPTE170M"}


def effective_matrix(tagged: int | None) -> int:
    """The matrix a source's YUV is read in: BT.709 when tagged so, else BT.601."""
    return BT709 if tagged == BT709 else SMPTE170M


def output_matrix(source_matrices: Iterable[int]) -> int:
    """The first source's matrix (its frames then pass untouched); BT.601 for titles only."""
    for matrix in source_matrices:
        return matrix
    return SMPTE170M


def swscale_name(matrix: int) -> str:
    """The name PyAV's reformatter takes for `matrix`."""
    return _SWSCALE_NAME[matrix]
