"""Agreement between coders of one clip: event-based (onsets matched within a tolerance),
time-unit (Bakeman & Quera), Krippendorff's alpha and latency agreement.

Every time is a frame's own presentation time (the clip's frame index, so phone video with a
variable frame rate is measured right); a clip without a stored index falls back to frame / fps
and the report says so. `agreement_for_clip` reads the library; `compare_codings` is the pure
computation the benchmark and the tests drive directly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from attune_app.domain import agreement_stats as stats
from attune_app.domain.models import Clip, Person, Tag
from attune_app.media.frame_index import FrameIndex
from attune_app.services.agreement_time_units import (
    TimeUnitResult,
    compare_time_units,
    krippendorff_alphas,
    sample_codings,
)
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.people import find_person, list_people
from attune_app.services.tags import list_tags
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

EVENT_FAMILIES = ("cue", "response")
DEFAULT_TOLERANCE_S = 0.5
DEFAULT_TIME_UNIT_S = 0.1
MAX_TIME_UNITS = 2_000_000  # per family: 55 hours at 0.1 s, a few tens of megabytes


@dataclass(frozen=True)
class Coding:
    """One coder's tags on the clip."""

    name: str
    person_id: int | None
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class ClipTimes:
    """Where each frame of the clip is shown, in seconds from the first frame."""

    clip_id: int
    frame_count: int
    fps: float
    times_s: npt.NDArray[np.float64]  # of frame i
    end_s: float
    source: str  # "frame_index" (the frames' own times) or "nominal_fps" (frame / fps)

    @classmethod
    def nominal(cls, clip_id: int, frame_count: int, fps: float) -> ClipTimes:
        times = np.arange(frame_count, dtype=np.float64) / fps
        return cls(clip_id, frame_count, fps, times, frame_count / fps, "nominal_fps")


class CodedEvent(NamedTuple):  # a tuple: a long clip has tens of thousands
    family: str  # "cue" or "response"
    code: str
    frame: int
    time_s: float
    tag_id: int


class EventPair(NamedTuple):
    a: CodedEvent
    b: CodedEvent

    @property
    def agrees(self) -> bool:
        return self.a.code == self.b.code

    @property
    def difference_s(self) -> float:
        return self.b.time_s - self.a.time_s


@dataclass(frozen=True)
class FamilyComparison:
    """One event family (cue or response onsets) of two coders, matched."""

    family: str
    pairs: tuple[EventPair, ...]
    only_a: tuple[CodedEvent, ...]
    only_b: tuple[CodedEvent, ...]

    @property
    def agreements(self) -> int:
        return sum(1 for p in self.pairs if p.agrees)

    @property
    def labels(self) -> tuple[list[str], list[str]]:
        """Each compared event's code for each coder; UNMARKED where one coder has none."""
        a = [p.a.code for p in self.pairs] + [e.code for e in self.only_a]
        a += [stats.UNMARKED] * len(self.only_b)
        b = [p.b.code for p in self.pairs] + [stats.UNMARKED] * len(self.only_a)
        b += [e.code for e in self.only_b]
        return a, b


@dataclass(frozen=True)
class LatencyPair:
    """A cue-response pair both coders marked, matched cue to cue and response to response."""

    a_tag_id: int
    b_tag_id: int
    a_latency_s: float
    b_latency_s: float
    a_latency_frames: int
    b_latency_frames: int

    @property
    def difference_s(self) -> float:
        return self.b_latency_s - self.a_latency_s


@dataclass(frozen=True)
class PairComparison:
    a: str
    b: str
    events: dict[str, FamilyComparison]
    time_units: TimeUnitResult
    latencies: tuple[LatencyPair, ...]


@dataclass(frozen=True)
class AgreementReport:
    clip: ClipTimes
    codings: tuple[Coding, ...]
    tolerance_s: float
    time_unit_s: float
    pairs: tuple[PairComparison, ...]
    alpha: dict[str, float | None] = field(default_factory=dict)  # by family and "overall"


def agreement_for_clip(
    library: Library,
    clip_id: int,
    coder_names: Sequence[str],
    *,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    time_unit_s: float = DEFAULT_TIME_UNIT_S,
) -> AgreementReport:
    """The agreement of the named coders on a clip (read only: nothing is written)."""
    source = load_codings(library, clip_id, coder_names)
    return compare_codings(
        source.times(), source.codings, tolerance_s=tolerance_s, time_unit_s=time_unit_s
    )


@dataclass(frozen=True)
class AgreementSource:
    """What the computation needs, read from the library; `times()` parses the frame index,
    so a GUI reads this on its thread and computes on a worker."""

    clip: Clip
    frame_index_json: str | None
    codings: tuple[Coding, ...]

    def times(self) -> ClipTimes:
        return times_from_index(self.clip, self.frame_index_json)


def load_codings(library: Library, clip_id: int, coder_names: Sequence[str]) -> AgreementSource:
    clip = get_clip(library, clip_id)
    codings = tuple(_coding(library, clip, name) for name in _checked_names(coder_names))
    return AgreementSource(clip, clip_frame_index_json(library, clip.id), codings)


def coders_of_clip(library: Library, clip_id: int) -> list[Person]:
    """The people with tags on this clip, in the order they first tagged it."""
    rows = library.db.execute(
        "SELECT author_id FROM tags WHERE clip_id = ? AND author_id IS NOT NULL"
        " GROUP BY author_id ORDER BY min(id)",
        [clip_id],
    ).fetchall()
    people = {p.id: p for p in list_people(library)}
    return [people[int(r[0])] for r in rows if int(r[0]) in people]


def clip_times(library: Library, clip: Clip) -> ClipTimes:
    return times_from_index(clip, clip_frame_index_json(library, clip.id))


def times_from_index(clip: Clip, frame_index_json: str | None) -> ClipTimes:
    """The frames' own times from the stored index; frame / fps when there is none usable."""
    if frame_index_json is not None:
        try:
            index: FrameIndex | None = FrameIndex.from_json(frame_index_json)
        except (ValueError, KeyError, TypeError):
            index = None
        if index is not None and index.frame_count == clip.frame_count and clip.frame_count:
            return ClipTimes(
                clip.id,
                clip.frame_count,
                clip.fps,
                np.asarray(index.times_s, dtype=np.float64),
                index.duration_s,
                "frame_index",
            )
    return ClipTimes.nominal(clip.id, clip.frame_count, clip.fps)


def _checked_names(names: Sequence[str]) -> list[str]:
    cleaned = [n.strip() for n in names if n.strip()]
    if len(cleaned) < 2:
        raise InvalidChangeError("Name at least two coders to compare (--coders A,B).")
    lowered = [n.lower() for n in cleaned]
    if len(set(lowered)) != len(lowered):
        raise InvalidChangeError(f"A coder is named twice in {', '.join(cleaned)}.")
    return cleaned


def _coding(library: Library, clip: Clip, name: str) -> Coding:
    person = find_person(library, name)
    if person is None:
        known = ", ".join(p.display_name for p in list_people(library)) or "nobody yet"
        raise InvalidChangeError(
            f"This library knows no coder called {name!r} (it knows: {known}). Give the name "
            "each coder worked under (their --as NAME)."
        )
    tags = list_tags(library, clip.id, author_id=person.id)
    if not tags:
        raise InvalidChangeError(
            f"{person.display_name} has no tags on clip {clip.id}: nothing to compare. They "
            f"code it first (e.g. `attune tag add --clip {clip.id} --as "
            f"{person.display_name!r} ...`)."
        )
    return Coding(person.display_name, person.id, tuple(tags))


def compare_codings(
    times: ClipTimes,
    codings: Sequence[Coding],
    *,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    time_unit_s: float = DEFAULT_TIME_UNIT_S,
) -> AgreementReport:
    """Every figure for every pair of codings, and Krippendorff's alpha across all of them."""
    if not (math.isfinite(tolerance_s) and tolerance_s >= 0):
        raise InvalidChangeError(f"The tolerance must be 0 s or more, not {tolerance_s}.")
    if not (math.isfinite(time_unit_s) and time_unit_s > 0):
        raise InvalidChangeError(f"The time unit must be more than 0 s, not {time_unit_s}.")
    if len(codings) < 2:
        raise InvalidChangeError("Agreement needs at least two codings.")
    units = times.end_s / time_unit_s
    if units > MAX_TIME_UNITS:
        raise InvalidChangeError(
            f"A time unit of {time_unit_s:g} s cuts this {times.end_s:.0f}-s clip into "
            f"{units:,.0f} units, more than {MAX_TIME_UNITS:,}; use "
            f"{times.end_s / MAX_TIME_UNITS:.3g} s or more."
        )
    for coding in codings:
        _check_frames(times, coding)
    sampled = sample_codings(times, codings, time_unit_s)
    pairs = []
    for x in range(len(codings)):
        for y in range(x + 1, len(codings)):
            a, b = codings[x], codings[y]
            events = {f: _compare_family(times, a, b, f, tolerance_s) for f in EVENT_FAMILIES}
            pairs.append(
                PairComparison(
                    a.name,
                    b.name,
                    events,
                    compare_time_units(sampled, x, y),
                    _latencies(events),
                )
            )
    return AgreementReport(
        clip=times,
        codings=tuple(codings),
        tolerance_s=tolerance_s,
        time_unit_s=time_unit_s,
        pairs=tuple(pairs),
        alpha=krippendorff_alphas(sampled),
    )


def _check_frames(times: ClipTimes, coding: Coding) -> None:
    for tag in coding.tags:
        for frame in (tag.in_frame, tag.out_frame, tag.cue_frame, tag.response_frame):
            if frame is not None and not 0 <= frame < times.frame_count:
                raise InvalidChangeError(
                    f"Tag {tag.id} of {coding.name} has frame {frame}, outside clip "
                    f"{times.clip_id} (frames 0 to {times.frame_count - 1})."
                )


def events_of(times: ClipTimes, coding: Coding, family: str) -> list[CodedEvent]:
    """The coder's onsets of one family, in time order."""
    cue = family == "cue"
    onsets = [
        (frame, tag.id, code)
        for tag in coding.tags
        for frame, code in [
            (tag.cue_frame, tag.cue_code) if cue else (tag.response_frame, tag.response_code)
        ]
        if frame is not None and code
    ]
    onsets.sort()
    seconds = times.times_s[[frame for frame, _, _ in onsets]].tolist() if onsets else []
    return [
        CodedEvent(family, code, frame, time_s, tag_id)
        for (frame, tag_id, code), time_s in zip(onsets, seconds, strict=True)
    ]


def _compare_family(
    times: ClipTimes, a: Coding, b: Coding, family: str, tolerance_s: float
) -> FamilyComparison:
    events_a, events_b = events_of(times, a, family), events_of(times, b, family)
    times_a, times_b = [e.time_s for e in events_a], [e.time_s for e in events_b]
    matched = stats.match_optimal(times_a, times_b, tolerance_s)
    paired_a, paired_b = {i for i, _ in matched}, {j for _, j in matched}
    return FamilyComparison(
        family=family,
        pairs=tuple(EventPair(events_a[i], events_b[j]) for i, j in matched),
        only_a=tuple(e for i, e in enumerate(events_a) if i not in paired_a),
        only_b=tuple(e for j, e in enumerate(events_b) if j not in paired_b),
    )


def _latencies(events: dict[str, FamilyComparison]) -> tuple[LatencyPair, ...]:
    response_of_a = {p.a.tag_id: p for p in events["response"].pairs}
    found = []
    for cue in events["cue"].pairs:
        response = response_of_a.get(cue.a.tag_id)
        if response is None or response.b.tag_id != cue.b.tag_id:
            continue  # the responses were not matched to each other: no latency to compare
        found.append(
            LatencyPair(
                a_tag_id=cue.a.tag_id,
                b_tag_id=cue.b.tag_id,
                a_latency_s=response.a.time_s - cue.a.time_s,
                b_latency_s=response.b.time_s - cue.b.time_s,
                a_latency_frames=response.a.frame - cue.a.frame,
                b_latency_frames=response.b.frame - cue.b.frame,
            )
        )
    return tuple(found)
