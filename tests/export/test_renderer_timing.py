"""Hypothesis: for any reel of items (speeds, holds before or after, stills, titles) the
exported file has exactly the frames the timeline gives: each step starts and ends on the output
frame nearest its time in the timeline, and a moment at normal speed keeps its own frames."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attune_app.domain.reel_timeline import SPEEDS, ConstantRate, step_duration_s
from attune_app.export.output_plan import ExportSettings
from attune_app.export.renderer import render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media import open_video
from tests.export.reel_media import CLIP_ID, reel_of
from tests.media.media_clips import ClipSpec, write_clip

FRAMES = 40
RATE = 25


@pytest.fixture(scope="module")
def small_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = ClipSpec("small", frames=FRAMES, width=96, height=64, rate=RATE, options={"g": "12"})
    return write_clip(spec, tmp_path_factory.mktemp("small"))


@st.composite
def items(draw: st.DrawFn) -> dict[str, object]:
    if draw(st.integers(0, 5)) == 0:
        return {
            "clip_id": None,
            "kind": "title",
            "title_text": "T",
            "title_ms": draw(st.integers(40, 600)),
        }
    first = draw(st.integers(0, FRAMES - 1))
    last = draw(st.integers(first, min(FRAMES - 1, first + 12)))
    hold_ms = draw(st.sampled_from([0, 0, 40, 170, 500]))
    return {
        "in_frame": first,
        "out_frame": last,
        "speed": draw(st.sampled_from(SPEEDS)),
        "hold_ms": hold_ms,
        "hold_at": draw(st.sampled_from(["start", "end"])),
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reel=st.lists(items(), min_size=1, max_size=4))
def test_output_frame_count_follows_the_timeline(
    reel: list[dict[str, object]], small_clip: Path, tmp_path: Path
) -> None:
    timeline = reel_of(reel)
    result = render_reel(
        timeline,
        {CLIP_ID: ClipMedia(small_clip, "clip 7")},
        tmp_path / "reel.mp4",
        ExportSettings(quality="draft", captions="none"),
    )
    times = ConstantRate(RATE, FRAMES)
    ends, end_s = [], 0.0
    for step in (s for e in timeline.entries for s in e.steps):
        end_s += step_duration_s(step, lambda _c: times)
        ends.append(math.floor(end_s * RATE + 0.5 + 1e-9))
    assert [p.end_frame for p in result.plan.steps] == ends
    counts = [p.frame_count for p in result.plan.steps]
    for planned in result.plan.steps:
        step = planned.step
        if hasattr(step, "speed"):
            span = step.out_frame - step.in_frame + 1  # type: ignore[union-attr]
            exact = span / step.speed  # type: ignore[union-attr]
            assert abs(planned.frame_count - exact) < 1  # type: ignore[union-attr]
            if step.speed == 1:  # type: ignore[union-attr]
                assert planned.source_frames == tuple(range(step.in_frame, step.out_frame + 1))  # type: ignore[union-attr]
    with open_video(result.path) as video:
        assert video.frame_count == sum(counts)
