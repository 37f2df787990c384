from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from attune_app.media.synthetic import (
    MAX_INDEX,
    draw_index_frame,
    read_frame_index,
    rotate_to_storage,
)


@pytest.mark.parametrize("index", [0, 1, 2, 255, 4097, 54_000, MAX_INDEX])
def test_index_survives_downscaling_and_rotation(index: int) -> None:
    frame = draw_index_frame(index, 640, 360)
    assert read_frame_index(frame) == index
    thumb = cv2.resize(frame, (80, 45), interpolation=cv2.INTER_AREA)
    assert read_frame_index(thumb) == index
    for rotation, turns in ((90, -1), (180, 2), (270, 1)):
        shown = np.rot90(frame, k=turns)
        assert read_frame_index(rotate_to_storage(shown, rotation)) == index


def test_misread_is_detected_not_trusted() -> None:
    frame = draw_index_frame(77, 320, 240)
    frame[: frame.shape[0] // 5, : 320 // 16] = 255 - frame[: frame.shape[0] // 5, : 320 // 16]
    assert read_frame_index(frame) is None


def test_index_survives_lossy_h264(tmp_path: Path) -> None:
    path = tmp_path / "lossy.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.options = {"crf": "35"}
        for i in range(20):
            frame = av.VideoFrame.from_ndarray(draw_index_frame(i, 320, 240), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with av.open(str(path)) as container:
        seen = [read_frame_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)]
    assert seen == list(range(20))
