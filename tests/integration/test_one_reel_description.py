"""One description of a reel: the MP4 export's frames, the captions' .srt, the OTIO timeline
and the reel editor's running time all follow `ReelTimeline` with the same frame times."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import opentimelineio as otio
import pytest

from attune_app import services
from attune_app.domain.reel_timeline import entry_duration_s
from attune_app.export.output_plan import ExportSettings
from attune_app.export.reel_export import export_reel
from attune_app.interchange.tag_export import export_reel_captions, export_reel_otio, reel_times
from attune_app.services.reel_timing import running_times
from attune_app.store.library import Library
from tests.services.video_files import write_test_clip

FPS = 25  # write_test_clip's rate


def _reel(library: Library, tmp_path: Path) -> int:
    source = write_test_clip(tmp_path / "visit.mp4", frames=40)
    clip = services.import_clip(library, source, family_ref="F-5", session_date="2026-02-01")
    family = library.db.execute("SELECT family_id FROM sessions WHERE id = ?", [clip.session_id])
    services.record_consent(library, family.fetchone()[0], "recording", given_on="2026-01-01")
    reel = services.create_reel(library, "Our visit", "parent_review")
    services.add_title_card(library, reel.id, "Our visit", 1.5)  # 37.5 frames
    slow = services.add_range_to_reel(library, reel.id, clip.id, 2, 12, caption="Slowly")
    services.update_reel_item(library, slow.id, speed=0.75)  # 11 frames / 0.75 = 14.67
    held = services.add_range_to_reel(library, reel.id, clip.id, 20, 30, caption="Held")
    services.update_reel_item(library, held.id, hold_frame=20, hold_ms=420, hold_at="start")
    end = services.add_range_to_reel(library, reel.id, clip.id, 31, 36, caption="And after")
    services.update_reel_item(library, end.id, hold_frame=36, hold_ms=620, hold_at="end")
    services.add_range_to_reel(library, reel.id, clip.id, 15, 15, caption="A still")
    return reel.id


def _srt_times(text: str) -> list[tuple[float, float]]:
    stamp = r"(\d+):(\d+):(\d+),(\d+)"
    found = re.findall(stamp + " --> " + stamp, text)
    return [
        int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
        for cue in found
        for h, m, s, ms in (cue[:4], cue[4:])
    ]


@pytest.mark.slow
def test_export_captions_otio_and_editor_follow_one_timeline(
    library: Library, tmp_path: Path
) -> None:
    reel_id = _reel(library, tmp_path)
    timeline = services.reel_timeline(library, reel_id)
    _, times_of = reel_times(library, timeline.clip_ids)
    durations = [entry_duration_s(e, times_of) for e in timeline.entries]
    starts = [sum(durations[:k]) for k in range(len(durations))]
    total_s = timeline.duration_s(times_of)

    editor_total, each = running_times(library, reel_id)
    assert editor_total == pytest.approx(total_s, abs=1e-6)
    assert [each[e.item.id] for e in timeline.entries] == pytest.approx(durations, abs=1e-6)

    settings = ExportSettings(quality="draft", captions="srt")
    result, _ = export_reel(library, reel_id, tmp_path / "reel.mp4", settings)
    plan = result.plan
    assert plan.fps == FPS
    # every item starts on the output frame nearest its start in the timeline, and the whole
    # export is as long as the timeline to the nearest frame (no drift from rounding each step)
    first = {}
    for step in plan.steps:
        first.setdefault(step.entry, step.first_frame)
    assert [first[k] for k in range(len(starts))] == [math.floor(s * FPS + 0.5) for s in starts]
    assert plan.frame_count == math.floor(total_s * FPS + 0.5)

    srt = export_reel_captions(library, reel_id, tmp_path / "reel.srt").read_text()
    captioned = [k for k, e in enumerate(timeline.entries) if e.caption]
    expected = [t for k in captioned for t in (starts[k], starts[k] + durations[k])]
    assert _srt_times(srt) == pytest.approx(expected, abs=0.0015)
    assert result.sidecar is not None
    sidecar = _srt_times(result.sidecar.read_text())
    assert sidecar == pytest.approx(expected, abs=0.5 / FPS + 0.0015)

    otio_path = export_reel_otio(library, reel_id, tmp_path / "reel.otio")
    track = otio.adapters.read_from_file(str(otio_path)).tracks[0]
    seconds = [child.duration().to_seconds() for child in track]
    per_entry = []
    for entry in timeline.entries:
        per_entry.append(sum(seconds.pop(0) for _ in entry.steps))
    assert per_entry == pytest.approx(durations, abs=0.5 / FPS + 1e-6)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        services.ensure_local_person(opened)
        yield opened
