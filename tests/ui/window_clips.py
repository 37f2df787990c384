"""Clips for the window tests: every frame shows its own index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av

from attune_app.media.synthetic import draw_index_frame


def write_index_clip(
    path: Path, *, frames: int = 60, fps: int = 25, size: tuple[int, int] = (320, 192)
) -> Path:
    """An H.264 clip whose every frame shows its own index (`read_frame_index` reads it)."""
    width, height = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"g": "12", "bf": "2", "crf": "18", "preset": "ultrafast"}
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(
                draw_index_frame(index, width, height), format="rgb24"
            )
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def open_clip_now(qtbot: Any, window: Any, clip_id: int) -> None:
    """Open a clip in the window and wait until it is current (it opens off the GUI thread)."""
    assert window.open_clip(clip_id)
    qtbot.waitUntil(lambda: window.clip is not None and window.clip.id == clip_id, timeout=15_000)
