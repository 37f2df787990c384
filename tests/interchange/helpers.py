"""Shared helpers for interchange tests: exporting a clip's tags and comparing tags."""

from __future__ import annotations

from pathlib import Path

from attune_app.domain.models import Tag
from attune_app.interchange.selection import select_tags
from attune_app.interchange.tag_export import export_tags
from attune_app.store.library import Library


def export_clip(library: Library, clip_id: int, fmt: str, out: Path) -> Path:
    selection = select_tags(library, clip_id=clip_id)
    (path,) = export_tags(library, selection, fmt, out, scope=("clip", clip_id)).paths
    return path


def essence(tags: list[Tag]) -> list[tuple[object, ...]]:
    """What a round trip must keep: frames, codes, rating and note, in time order."""
    kept = [
        (
            t.in_frame,
            t.out_frame,
            t.cue_frame,
            t.cue_code,
            t.response_frame,
            t.response_code,
            t.principle_codes,
            t.rating,
            t.note,
        )
        for t in tags
    ]
    return sorted(kept, key=repr)
