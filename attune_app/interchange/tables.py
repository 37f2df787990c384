"""Tags as CSV and JSON tables with every field (frames and seconds, coder, codes with scheme and
version), for R and SPSS; and the same tables read back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from attune_app.domain.models import Clip, Tag
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.drafts import ReadResult, TagDraft, clean_text
from attune_app.interchange.eaf_writer import ATTUNE_FORMAT
from attune_app.interchange.frame_times import FrameClock

CSV_COLUMNS = (
    "tag_id",
    "clip_id",
    "media_file",
    "coder",
    "in_frame",
    "out_frame",
    "in_s",
    "out_s",
    "end_s",
    "cue_frame",
    "cue_s",
    "cue_code",
    "cue_scheme",
    "response_frame",
    "response_s",
    "response_code",
    "response_scheme",
    "latency_frames",
    "latency_s",
    "principle_codes",
    "principle_schemes",
    "rating",
    "note",
    "created_at",
    "updated_at",
)


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def tag_values(
    tag: Tag, coder: str, clip: Clip, clock: FrameClock, codebook: CodeBook
) -> dict[str, Any]:
    """One tag as a flat row: every field, frames and exact seconds."""

    def at(frame: int | None) -> float | None:
        return None if frame is None else _seconds(clock.time_s(frame))

    latency_s = None
    if tag.cue_frame is not None and tag.response_frame is not None:
        latency_s = _seconds(clock.time_s(tag.response_frame) - clock.time_s(tag.cue_frame))
    return {
        "tag_id": tag.id,
        "clip_id": clip.id,
        "media_file": clip.media_name,
        "coder": coder,
        "in_frame": tag.in_frame,
        "out_frame": tag.out_frame,
        "in_s": at(tag.in_frame),
        "out_s": at(tag.out_frame),
        "end_s": _seconds(clock.end_s(tag.out_frame)),
        "cue_frame": tag.cue_frame,
        "cue_s": at(tag.cue_frame),
        "cue_code": tag.cue_code,
        "cue_scheme": codebook.scheme_of(tag.cue_code),
        "response_frame": tag.response_frame,
        "response_s": at(tag.response_frame),
        "response_code": tag.response_code,
        "response_scheme": codebook.scheme_of(tag.response_code),
        "latency_frames": tag.latency_frames,
        "latency_s": latency_s,
        "principle_codes": list(tag.principle_codes),
        "principle_schemes": [codebook.scheme_of(c) for c in tag.principle_codes],
        "rating": tag.rating,
        "note": clean_text(tag.note),
        "created_at": tag.created_at,
        "updated_at": tag.updated_at,
    }


def csv_text(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        flat["principle_codes"] = ";".join(row["principle_codes"])
        flat["principle_schemes"] = ";".join(row["principle_schemes"])
        writer.writerow({k: "" if v is None else v for k, v in flat.items()})
    return out.getvalue()


def json_text(
    clips: Iterable[tuple[Clip, FrameClock, list[dict[str, Any]]]], codebook: CodeBook
) -> str:
    value = {
        "format": ATTUNE_FORMAT,
        "schemes": [{"name": s.name, "version": s.version} for s in codebook.schemes],
        "clips": [
            {
                "clip_id": clip.id,
                "media_file": clip.media_name,
                "frame_count": clock.frame_count,
                "duration_s": _seconds(clock.duration_s),
                "tags": rows,
            }
            for clip, clock, rows in clips
        ],
    }
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# -- reading -------------------------------------------------------------------------------------


def read_csv(text: str, clock: FrameClock) -> ReadResult:
    result = ReadResult()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"in_frame", "in_s"} & set(reader.fieldnames):
        result.problems.append(
            "The CSV has no in_frame or in_s column: it is not a tag table Attune can read "
            f"(columns found: {', '.join(reader.fieldnames or []) or 'none'})."
        )
        return result
    for n, row in enumerate(reader, start=2):
        _draft_from_row(row, f"row {n}", clock, result)
    return result


def read_json(text: str, clock: FrameClock) -> ReadResult:
    result = ReadResult()
    try:
        value = json.loads(text)
    except ValueError as error:
        result.problems.append(f"The file is not valid JSON ({error}).")
        return result
    clips = value.get("clips") if isinstance(value, dict) else None
    if not isinstance(clips, list):
        result.problems.append("The JSON has no 'clips' list: it is not an Attune tag export.")
        return result
    if len(clips) != 1:
        result.problems.append(
            f"The JSON holds {len(clips)} clips; import one clip's tags at a time "
            "(export them with `attune export tags CLIP`)."
        )
        return result
    clip = clips[0] if isinstance(clips[0], dict) else {}
    duration = clip.get("duration_s")
    if isinstance(duration, int | float):
        result.media_duration_s = float(duration)
    for n, row in enumerate(clip.get("tags") or [], start=1):
        if not isinstance(row, dict):
            result.problems.append(f"tag {n}: expected an object.")
            continue
        _draft_from_row(row, f"tag {n}", clock, result)
    return result


def _draft_from_row(
    row: Mapping[str, Any], where: str, clock: FrameClock, result: ReadResult
) -> None:
    try:
        in_frame = _frame(row, "in", clock)
        if in_frame is None:
            raise ValueError("it has neither in_frame nor in_s")
        out_frame = _frame(row, "out", clock)
        draft = TagDraft(
            source=where,
            in_frame=in_frame,
            out_frame=in_frame if out_frame is None else out_frame,
            cue_frame=_frame(row, "cue", clock),
            cue_code=_text(row.get("cue_code")) or None,
            response_frame=_frame(row, "response", clock),
            response_code=_text(row.get("response_code")) or None,
            principle_codes=_codes(row.get("principle_codes")),
            rating=_int(row.get("rating")),
            note=clean_text(_text(row.get("note"))),
            coder=_text(row.get("coder")) or None,
        )
    except ValueError as error:
        result.problems.append(f"{where}: {error}.")
        return
    result.drafts.append(draft)


def _frame(row: Mapping[str, Any], name: str, clock: FrameClock) -> int | None:
    frame = _int(row.get(f"{name}_frame"))
    if frame is not None:
        return frame
    seconds = row.get(f"{name}_s")
    if seconds in (None, ""):
        return None
    try:
        return clock.nearest_frame(float(seconds))
    except (TypeError, ValueError):
        raise ValueError(f"{name}_s {seconds!r} is not a number of seconds") from None


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _codes(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if str(v)]
    return [part for part in _text(value).split(";") if part]
