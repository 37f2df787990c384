"""Write tags (ELAN, BORIS, CSV, JSON, subtitles) and reels (captions, OTIO) to files.

Every file goes through `atomic_output`; every EAF is checked against the official schema and
read back with pympi-ling before it replaces its target. Each export is audited with what it
covered (ids, format, counts), never file names or free text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attune_app.domain.models import Clip
from attune_app.domain.reel_timeline import FrameTimes
from attune_app.interchange import boris, tables
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.eaf_schema import pympi_annotation_counts, schema_errors
from attune_app.interchange.eaf_writer import eaf_document
from attune_app.interchange.frame_times import FrameClock, clip_clock, clip_frame_times
from attune_app.interchange.otio_writer import otio_text, reel_otio
from attune_app.interchange.selection import TagSelection, default_stem
from attune_app.interchange.subtitles import (
    SUBTITLE_FORMATS,
    reel_caption_cues,
    subtitle_text,
    tag_cues,
)
from attune_app.services.clips import get_clip
from attune_app.services.reels import reel_timeline
from attune_app.store.errors import InvalidChangeError, LibraryError
from attune_app.store.files import atomic_output, atomic_write_text
from attune_app.store.library import Library

TAG_FORMATS = ("eaf", "boris", "boris-aggregated", "csv", "json", "srt", "vtt")
PER_CLIP_FORMATS = ("eaf", "srt", "vtt")
SUFFIX = {
    "eaf": ".eaf",
    "boris": ".tsv",
    "boris-aggregated": ".tsv",
    "csv": ".csv",
    "json": ".json",
    "srt": ".srt",
    "vtt": ".vtt",
}


class ExportCheckError(LibraryError):
    """A file Attune made failed its own check; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    tag_count: int


@dataclass(frozen=True)
class TagExportPlan:
    """Everything an export needs from the library, read up front, so `write` (the slow part:
    building, checking and writing the files) can run on any thread without the database."""

    selection: TagSelection
    fmt: str
    out: Path
    scope: tuple[str, int | None]
    codebook: CodeBook
    clocks: dict[int, FrameClock]

    def targets(self) -> list[Path]:
        if self.fmt in PER_CLIP_FORMATS:
            if self.out.is_dir():
                return [
                    self.out / f"{default_stem(c.clip.id)}{SUFFIX[self.fmt]}"
                    for c in self.selection.clips
                ]
            return [self.out]
        if self.out.is_dir():
            stem = default_stem(*_stem_ids(self.selection, self.scope))
            return [self.out / f"{stem}{SUFFIX[self.fmt]}"]
        return [self.out]

    def write(self) -> ExportResult:
        """Any thread: build, check and atomically write the files (no database)."""
        fmt, selection, codebook = self.fmt, self.selection, self.codebook
        paths = self.targets()
        if fmt in PER_CLIP_FORMATS:
            for item, target in zip(selection.clips, paths, strict=True):
                clock = self.clocks[item.clip.id]
                if fmt == "eaf":
                    tagged = [(t, selection.coder_of(t)) for t in item.tags]
                    write_eaf(target, eaf_document(item.clip, tagged, clock, codebook))
                else:
                    cues = tag_cues(item.tags, clock, codebook)
                    atomic_write_text(target, subtitle_text(cues, fmt))
        else:
            atomic_write_text(paths[0], _table(fmt, selection, self.clocks, codebook))
        return ExportResult(tuple(paths), selection.tag_count)


def plan_tag_export(
    library: Library,
    selection: TagSelection,
    fmt: str,
    out: Path,
    *,
    scope: tuple[str, int | None] = ("clip", None),
) -> TagExportPlan:
    """GUI (library) thread: check the request and read what the files need."""
    if fmt not in TAG_FORMATS:
        raise InvalidChangeError(
            f"Unknown tag format '{fmt}'; use one of {', '.join(TAG_FORMATS)}."
        )
    if not selection.clips:
        raise InvalidChangeError("There are no clips to export tags from.")
    if fmt in PER_CLIP_FORMATS and len(selection.clips) > 1 and not out.is_dir():
        raise InvalidChangeError(
            f"{len(selection.clips)} clips give one {fmt.upper()} file each: OUT must be an "
            f"existing folder, not {out}."
        )
    clocks = {c.clip.id: clip_clock(library, c.clip) for c in selection.clips}
    return TagExportPlan(selection, fmt, Path(out), scope, CodeBook.of(library), clocks)


def audit_tag_export(library: Library, plan: TagExportPlan, result: ExportResult) -> None:
    """GUI (library) thread: record what was exported (ids, format, counts; no names)."""
    _audit(library, "export_tags", plan.scope, plan.fmt, plan.selection, len(result.paths))


def export_tags(
    library: Library,
    selection: TagSelection,
    fmt: str,
    out: Path,
    *,
    scope: tuple[str, int | None] = ("clip", None),
) -> ExportResult:
    """Write the selection's tags as `fmt` to `out` (a file, or a folder for several clips)."""
    plan = plan_tag_export(library, selection, fmt, out, scope=scope)
    result = plan.write()
    audit_tag_export(library, plan, result)
    return result


def _stem_ids(
    selection: TagSelection, scope: tuple[str, int | None]
) -> tuple[int | None, int | None]:
    if scope[0] == "clip" and len(selection.clips) == 1:
        return selection.clips[0].clip.id, None
    if scope[0] == "session":
        return None, scope[1]
    return None, None


def _table(
    fmt: str, selection: TagSelection, clocks: dict[int, FrameClock], codebook: CodeBook
) -> str:
    if fmt in ("csv", "json"):
        per_clip = []
        for item in selection.clips:
            clock = clocks[item.clip.id]
            rows = [
                tables.tag_values(t, selection.coder_of(t), item.clip, clock, codebook)
                for t in item.tags
            ]
            per_clip.append((item.clip, clock, rows))
        if fmt == "csv":
            return tables.csv_text(row for _, _, rows in per_clip for row in rows)
        return tables.json_text(per_clip, codebook)
    make = boris.event_rows if fmt == "boris" else boris.aggregated_rows
    columns = boris.EVENT_COLUMNS if fmt == "boris" else boris.AGGREGATED_COLUMNS
    event_rows: list[list[str]] = []
    for item in selection.clips:
        tagged = [(t, selection.coder_of(t)) for t in item.tags]
        event_rows += make(item.clip, tagged, clocks[item.clip.id], codebook)
    return boris.tsv_text(columns, event_rows)


def write_eaf(target: Path, data: bytes) -> None:
    """Write an EAF only if it validates against EAFv3.0.xsd and pympi-ling reads it back with
    every annotation; otherwise raise and leave nothing behind."""
    errors = schema_errors(data)
    if errors:
        raise ExportCheckError(
            "Attune made an ELAN file that does not validate against EAFv3.0.xsd, so it was not "
            f"written (please report this): {'; '.join(errors[:5])}"
        )
    expected = data.count(b"<ALIGNABLE_ANNOTATION ")
    with atomic_output(target) as temp:
        temp.write_bytes(data)
        counts = pympi_annotation_counts(temp)
        if sum(counts.values()) != expected:
            raise ExportCheckError(
                f"pympi-ling read {sum(counts.values())} of the {expected} annotations Attune "
                "wrote, so the ELAN file was not written (please report this)."
            )


def reel_times(
    library: Library, clip_ids: tuple[int, ...]
) -> tuple[dict[int, Clip], Callable[[int], FrameTimes]]:
    """The reel's clips and their exact frame times (what the reel export and review use)."""
    clips = {cid: get_clip(library, cid) for cid in clip_ids}
    times = {cid: clip_frame_times(library, clip) for cid, clip in clips.items()}
    return clips, times.__getitem__


def export_reel_captions(library: Library, reel_id: int, out: Path) -> Path:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in SUBTITLE_FORMATS:
        raise InvalidChangeError(f"{out.name}: captions are written as .srt or .vtt.")
    timeline = reel_timeline(library, reel_id)
    _, times_of = reel_times(library, timeline.clip_ids)
    cues = reel_caption_cues(timeline, times_of)
    atomic_write_text(out, subtitle_text(cues, fmt))
    with library.transaction():
        library.audit(
            "export_reel_captions", "reel", reel_id, {"format": fmt, "captions": len(cues)}
        )
    return out


def export_reel_otio(library: Library, reel_id: int, out: Path) -> Path:
    timeline = reel_timeline(library, reel_id)
    clips, times_of = reel_times(library, timeline.clip_ids)
    atomic_write_text(out, otio_text(reel_otio(timeline, clips, times_of)))
    with library.transaction():
        library.audit(
            "export_reel_otio", "reel", reel_id, {"format": "otio", "items": len(timeline.entries)}
        )
    return out


def _audit(
    library: Library,
    action: str,
    scope: tuple[str, int | None],
    fmt: str,
    selection: TagSelection,
    files: int,
) -> None:
    with library.transaction():
        library.audit(
            action,
            scope[0],
            scope[1],
            {
                "format": fmt,
                "clip_ids": [c.clip.id for c in selection.clips],
                "tags": selection.tag_count,
                "files": files,
            },
        )
