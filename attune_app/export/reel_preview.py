"""A reel rendered exactly as its export would be, into memory: the trainer sees and hears
what will leave the laptop before confirming. Nothing is written to a disk (the recordings
are a family's; an encrypted library must not get a plain copy in a temporary folder).

`prepare_preview` reads the library (the thread that owns it); `render_preview` renders on
any thread; `ReelPreview.source` is a `MediaSource` the player opens like an encrypted clip.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from attune_app.anonymise.reel_redaction import redaction_for
from attune_app.domain.reel_timeline import ReelTimeline, TitleStep
from attune_app.export.output_plan import ExportSettings, OutputPlan
from attune_app.export.reel_export import PreparedExport, default_redaction, prepare_export
from attune_app.export.renderer import Progress, render_reel_into
from attune_app.media.source import BytesSource
from attune_app.services.reels import get_reel
from attune_app.store.library import Library

# What the preview renders with: the export's own defaults, at draft quality (quick to make,
# the same frames, holds, captions and sound as any quality).
PREVIEW_SETTINGS = ExportSettings(quality="draft", captions="burn")


@dataclass(frozen=True)
class ReelPreview:
    data: bytes  # the MP4
    plan: OutputPlan  # which source frame each output frame shows
    timeline: ReelTimeline
    fingerprint: str  # the redaction's: what was covered and muted

    @property
    def source(self) -> BytesSource:
        return BytesSource("anonymised preview (in memory)", self.data)

    def shows(self, clip_id: int, frame: int) -> int | None:
        """The first output frame showing source frame `frame` of `clip_id`, or None."""
        for planned in self.plan.steps:
            step = planned.step
            if isinstance(step, TitleStep) or step.clip_id != clip_id:
                continue
            if frame in planned.source_frames:
                at = planned.source_frames.index(frame)
                return planned.first_frame + (0 if len(planned.source_frames) == 1 else at)
        return None

    def first_showing(self, clip_id: int, frames: range) -> int | None:
        """The first output frame showing any of `frames` of `clip_id` (a sped-up step may
        skip some), or None when the reel shows none of them."""
        found = [f for f in (self.shows(clip_id, frame) for frame in frames) if f is not None]
        return min(found) if found else None

    def source_of(self, output_frame: int) -> tuple[int, int] | None:
        """(clip id, source frame) that output frame shows; None on a title card."""
        for planned in self.plan.steps:
            if planned.first_frame <= output_frame < planned.end_frame:
                step = planned.step
                if isinstance(step, TitleStep) or not planned.source_frames:
                    return None
                offset = output_frame - planned.first_frame
                held = len(planned.source_frames) == 1 and planned.frame_count > 1
                return step.clip_id, planned.source_frames[0 if held else offset]
        return None


def prepare_preview(library: Library, reel_id: int) -> PreparedExport:
    """The reel as its export would take it now, without the gate (the preview comes before
    the trainer's confirmation). Uses the export's own redaction; a reel that the export would
    not cover yet (not for training, not confirmed) is covered as its anonymisation says,
    since that is what confirming it would export. Call on the thread that owns the library."""
    reel = get_reel(library, reel_id)
    redaction = default_redaction(library, reel) or redaction_for(library, reel_id)
    return prepare_export(library, reel_id, PREVIEW_SETTINGS, redaction=redaction, checks=[])


def render_preview(
    prepared: PreparedExport,
    *,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ReelPreview:
    """Render into memory with the export's renderer (any thread). Raises `ExportError`
    (`ExportCancelled` on cancel); nothing is kept then."""
    request = prepared.request
    out = io.BytesIO()
    plan = render_reel_into(
        request.timeline,
        prepared.media,
        out,
        request.settings,
        redaction=request.redaction,
        progress=progress,
        should_cancel=should_cancel,
    )
    fingerprint = request.redaction.fingerprint() if request.redaction is not None else ""
    return ReelPreview(out.getvalue(), plan, request.timeline, fingerprint)
