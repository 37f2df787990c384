"""Small synthetic clips for import tests: each frame carries its own index, no real footage."""

from __future__ import annotations

from pathlib import Path

import av

from attune_app.media.synthetic import draw_index_frame


def write_test_clip(path: Path, *, frames: int = 30, seed: int = 0) -> Path:
    """An H.264 MP4 of `frames` frames at 25 fps; `seed` shifts the indices so files differ."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height = 160, 96
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for index in range(frames):
            image = draw_index_frame(index + seed, 160, 96)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
