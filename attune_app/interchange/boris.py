"""Tags as BORIS-style tab-separated tables, and such tables read back.

Two forms, as BORIS exports them: *tabular events* (one row per event: a state behaviour has a
START and a STOP row, a point behaviour one POINT row at its one time) and *aggregated events*
(one row per occurrence with start, stop and duration; a point event has start = stop and
duration NA). The infant's cue and the parent's response are point events; each principle is a
state of the parent over the moment; the moment itself is a state of the dyad, with the note as
its comment. Times are exact frame times; the stop of a state is the end of its last frame.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from attune_app.domain.models import Clip, Tag
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.drafts import ReadResult, clean_text
from attune_app.interchange.frame_times import FrameClock
from attune_app.interchange.occurrences import Occurrence

INFANT, PARENT, DYAD = "Infant", "Parent", "Dyad"
MOMENT = "moment"
_LEAD = ("Observation id", "Media file", "Total length", "FPS")
_WHO = ("Subject", "Behavior", "Behavioral category", "Modifiers", "Behavior type")
_TAIL = ("Comment", "Coder", "Tag id")
EVENT_COLUMNS = (*_LEAD, *_WHO, "Status", "Time", "Image index", *_TAIL)
AGGREGATED_COLUMNS = (
    *_LEAD,
    *_WHO,
    "Start (s)",
    "Stop (s)",
    "Duration (s)",
    "Image index start",
    "Image index stop",
    *_TAIL,
)


@dataclass(frozen=True)
class _Event:
    subject: str
    behaviour: str
    category: str
    modifiers: str
    point: bool
    first: int
    last: int
    comment: str


def _events(tag: Tag, codebook: CodeBook) -> list[_Event]:
    def category(code: str) -> str:
        entry = codebook.get(code)
        return entry.group_label if entry else ""

    rating = f"rating {tag.rating}" if tag.rating is not None else ""
    found = [_Event(DYAD, MOMENT, "", rating, False, tag.in_frame, tag.out_frame, tag.note)]
    if tag.cue_frame is not None:
        code = tag.cue_code or ""
        found.append(
            _Event(INFANT, code, category(code), "", True, tag.cue_frame, tag.cue_frame, "")
        )
    if tag.response_frame is not None:
        code = tag.response_code or ""
        found.append(
            _Event(
                PARENT, code, category(code), "", True, tag.response_frame, tag.response_frame, ""
            )
        )
    for code in tag.principle_codes:
        found.append(
            _Event(PARENT, code, category(code), "", False, tag.in_frame, tag.out_frame, "")
        )
    return found


def _lead(clip: Clip, clock: FrameClock) -> list[str]:
    fps = clock.frame_count / clock.duration_s if clock.duration_s > 0 else clip.fps
    return [f"clip-{clip.id}", clip.media_name, f"{clock.duration_s:.3f}", f"{fps:.3f}"]


def _s(value: float) -> str:
    return f"{value:.3f}"


def event_rows(
    clip: Clip, tags: Iterable[tuple[Tag, str]], clock: FrameClock, codebook: CodeBook
) -> list[list[str]]:
    rows: list[tuple[float, int, list[str]]] = []
    for tag, coder in tags:
        for e in _events(tag, codebook):
            who = [e.subject, e.behaviour, e.category, e.modifiers, "POINT" if e.point else "STATE"]
            tail = [clean_text(e.comment), coder, str(tag.id)]
            marks = (
                [("POINT", clock.time_s(e.first), e.first)]
                if e.point
                else [
                    ("START", clock.time_s(e.first), e.first),
                    ("STOP", clock.end_s(e.last), e.last),
                ]
            )
            for status, t, frame in marks:
                row = [*_lead(clip, clock), *who, status, _s(t), str(frame), *tail]
                rows.append((t, 0 if status != "STOP" else 1, row))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def aggregated_rows(
    clip: Clip, tags: Iterable[tuple[Tag, str]], clock: FrameClock, codebook: CodeBook
) -> list[list[str]]:
    rows: list[tuple[float, list[str]]] = []
    for tag, coder in tags:
        for e in _events(tag, codebook):
            start = clock.time_s(e.first)
            stop = start if e.point else clock.end_s(e.last)
            who = [e.subject, e.behaviour, e.category, e.modifiers, "POINT" if e.point else "STATE"]
            duration = "NA" if e.point else _s(stop - start)
            row = [
                *_lead(clip, clock),
                *who,
                _s(start),
                _s(stop),
                duration,
                str(e.first),
                str(e.last),
                clean_text(e.comment),
                coder,
                str(tag.id),
            ]
            rows.append((start, row))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def tsv_text(columns: tuple[str, ...], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


# -- reading -------------------------------------------------------------------------------------


def read_boris(text: str, *, attune_kinds: bool = True) -> tuple[list[Occurrence], ReadResult]:
    """Occurrences from a BORIS tabular or aggregated events table; each subject is a layer."""
    result = ReadResult()
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    header = set(reader.fieldnames or ())
    rows = list(reader)
    if "Subject" not in header or "Behavior" not in header:
        result.problems.append(
            "The table has no Subject and Behavior columns: it is not a BORIS events export "
            "(export 'Tabular events' or 'Aggregated events' as TSV from BORIS)."
        )
        return [], result
    if "Start (s)" in header:
        occurrences = _aggregated(rows, result)
    elif "Status" in header and "Time" in header:
        occurrences = _tabular(rows, result)
    else:
        result.problems.append("The table has neither Start (s) nor Status and Time columns.")
        return [], result
    return occurrences, result


def _kind(subject: str, behaviour: str, point: bool) -> str | None:
    if subject == DYAD and behaviour == MOMENT:
        return "moment"
    if subject == INFANT and point:
        return "cue"
    if subject == PARENT:
        return "response" if point else "principle"
    return None


def _occurrence(
    row: dict[str, str], where: str, start: float, stop: float, point: bool
) -> list[Occurrence]:
    subject, behaviour = row.get("Subject") or "", row.get("Behavior") or ""
    tag_id = (row.get("Tag id") or "").strip()
    group = f"tag {tag_id}" if tag_id else None
    coder = (row.get("Coder") or "").strip() or None
    kind = _kind(subject, behaviour, point) if group else None
    found = [
        Occurrence(
            f"{where} ({subject} {behaviour})",
            subject,
            behaviour,
            start,
            stop,
            kind,
            group,
            coder,
            _rating(row.get("Modifiers") or ""),
        )
    ]
    comment = (row.get("Comment") or row.get("Comment start") or "").strip()
    if comment and kind == "moment":
        found.append(
            Occurrence(
                f"{where} comment", f"{subject} comment", comment, start, stop, "note", group, coder
            )
        )
    return found


def _rating(modifiers: str) -> int | None:
    text = modifiers.strip()
    if text.startswith("rating ") and text[7:].isdigit():
        return int(text[7:])
    return None


def _number(value: str | None, where: str, result: ReadResult) -> float | None:
    try:
        return float(value or "")
    except ValueError:
        result.problems.append(f"{where}: {value!r} is not a time in seconds.")
        return None


def _aggregated(rows: list[dict[str, str]], result: ReadResult) -> list[Occurrence]:
    found: list[Occurrence] = []
    for n, row in enumerate(rows, start=2):
        where = f"row {n}"
        start = _number(row.get("Start (s)"), where, result)
        point = (row.get("Behavior type") or "").upper() == "POINT"
        stop = start if point else _number(row.get("Stop (s)"), where, result)
        if start is None or stop is None:
            continue
        found += _occurrence(row, where, start, stop, point)
    return found


def _tabular(rows: list[dict[str, str]], result: ReadResult) -> list[Occurrence]:
    found: list[Occurrence] = []
    open_states: dict[tuple[str, str, str, str], tuple[float, str, dict[str, str]]] = {}
    for n, row in enumerate(rows, start=2):
        where = f"row {n}"
        t = _number(row.get("Time"), where, result)
        if t is None:
            continue
        status = (row.get("Status") or "").upper()
        key = (
            row.get("Subject") or "",
            row.get("Behavior") or "",
            row.get("Modifiers") or "",
            row.get("Tag id") or "",
        )
        if status == "POINT":
            found += _occurrence(row, where, t, t, True)
        elif status == "START":
            if key in open_states:
                result.problems.append(f"{where}: {key[0]} {key[1]} starts again before it stops.")
            open_states[key] = (t, where, row)
        elif status == "STOP":
            if key not in open_states:
                result.problems.append(f"{where}: {key[0]} {key[1]} stops but never started.")
                continue
            start, start_where, start_row = open_states.pop(key)
            found += _occurrence(start_row, start_where, start, t, False)
        else:
            result.problems.append(f"{where}: status {status!r} is not START, STOP or POINT.")
    for key, (_, where, _) in open_states.items():
        result.problems.append(f"{where}: {key[0]} {key[1]} starts but never stops.")
    return found
