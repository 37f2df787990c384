from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from attune_app.media.demo_clip import (
    DEMO_MOMENTS,
    FPS,
    SAMPLE_RATE,
    demo_soundtrack,
    draw_demo_frame,
    write_demo_clip,
)


def test_demo_clip_has_every_frame_and_sound(tmp_path: Path) -> None:
    path = write_demo_clip(tmp_path / "demo.mp4", duration_s=3)
    assert not list(tmp_path.glob("*.partial*"))
    with av.open(str(path)) as container:
        frames = sum(1 for _ in container.decode(video=0))
        container.seek(0)
        audio_s = sum(f.samples for f in container.decode(audio=0)) / SAMPLE_RATE
    assert frames == 3 * FPS
    assert abs(audio_s - 3) < 0.1


def test_cue_frames_show_the_cue_and_sound_follows_the_script() -> None:
    smile = next(m for m in DEMO_MOMENTS if m.cue == "smiles")
    before = draw_demo_frame(round(smile.cue_s * FPS) - 5)
    at_cue = draw_demo_frame(round(smile.cue_s * FPS) + 4)
    assert np.abs(before.astype(int) - at_cue.astype(int)).sum() > 0
    track = demo_soundtrack()
    coo = next(m for m in DEMO_MOMENTS if m.baby_says)

    def peak(from_s: float, to_s: float) -> float:
        return float(np.abs(track[int(from_s * SAMPLE_RATE) : int(to_s * SAMPLE_RATE)]).max())

    loud = peak(coo.cue_s + 0.2, coo.cue_s + 0.5)
    quiet = peak(coo.cue_s - 0.5, coo.cue_s)
    assert loud > 10 * quiet
    assert all(m.response_s > m.cue_s for m in DEMO_MOMENTS)
