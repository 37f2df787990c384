"""Time-unit agreement (Bakeman & Quera): each coding sampled at the start of every time unit,
Cohen's kappa per code family and over all families pooled, and Krippendorff's alpha (nominal)
for any number of coders over the same units.

What a unit holds, per family: the cue code from the cue's frame to the end of its tag, the
response code from the response's frame to the end of its tag, and the tag's principles (the
sorted set as one category, e.g. "attentive+receiving") over the whole tag. Where a coder's
tags overlap, the one that starts later holds the unit. A unit with no code is UNMARKED and
counts like any category (as in Bakeman & Quera's time-unit kappa).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import krippendorff
import numpy as np
import numpy.typing as npt

from attune_app.domain import agreement_stats as stats
from attune_app.domain.models import Tag

if TYPE_CHECKING:
    from attune_app.services.agreement import ClipTimes, Coding

UNIT_FAMILIES = ("cue", "response", "principle")
Labels = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SampledFamily:
    family: str
    categories: tuple[str, ...]  # index 0 is UNMARKED
    labels: Labels  # [coder, unit] -> index into categories


@dataclass(frozen=True)
class SampledCodings:
    unit_count: int
    unit_starts_s: npt.NDArray[np.float64]
    unit_frames: npt.NDArray[np.int64]  # the frame on screen at each unit's start
    families: dict[str, SampledFamily]


@dataclass(frozen=True)
class UnitTable:
    """Two coders' units of one family (or all families pooled) as a confusion matrix."""

    categories: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]  # row: first coder, column: second
    kappa: float | None

    @property
    def units(self) -> int:
        return sum(sum(row) for row in self.matrix)

    @property
    def agreements(self) -> int:
        return sum(self.matrix[k][k] for k in range(len(self.matrix)))


@dataclass(frozen=True)
class TimeUnitResult:
    families: dict[str, UnitTable]
    overall: UnitTable


def sample_codings(
    times: ClipTimes, codings: Sequence[Coding], time_unit_s: float
) -> SampledCodings:
    count = max(0, math.ceil(times.end_s / time_unit_s - 1e-9))
    starts = np.arange(count, dtype=np.float64) * time_unit_s
    frame_times = np.asarray(times.times_s, dtype=np.float64)
    frames = np.searchsorted(frame_times, starts + stats.TIME_EPSILON_S, side="right") - 1
    frames = np.clip(frames, 0, max(times.frame_count - 1, 0)).astype(np.int64)
    families = {
        family: _sample_family(family, times.frame_count, codings, frames)
        for family in UNIT_FAMILIES
    }
    return SampledCodings(count, starts, frames, families)


def _spans(tag: Tag, family: str) -> tuple[int, int, str] | None:
    """(first frame, last frame, code) of what this tag says in a family, if anything."""
    if family == "principle":
        if not tag.principle_codes:
            return None
        return tag.in_frame, tag.out_frame, "+".join(sorted(set(tag.principle_codes)))
    frame = tag.cue_frame if family == "cue" else tag.response_frame
    code = tag.cue_code if family == "cue" else tag.response_code
    if frame is None or not code:
        return None
    return frame, max(frame, tag.out_frame), code


def _sample_family(
    family: str, frame_count: int, codings: Sequence[Coding], unit_frames: Labels
) -> SampledFamily:
    spans = [
        sorted(s for s in (_spans(t, family) for t in c.tags) if s is not None) for c in codings
    ]
    categories = (stats.UNMARKED, *sorted({code for row in spans for _, _, code in row}))
    where = {c: k for k, c in enumerate(categories)}
    labels = np.zeros((len(codings), len(unit_frames)), dtype=np.int64)
    for row, coder_spans in enumerate(spans):
        per_frame = np.zeros(frame_count, dtype=np.int64)
        for first, last, code in coder_spans:  # in onset order: a later onset overwrites
            per_frame[first : last + 1] = where[code]
        labels[row] = per_frame[unit_frames] if frame_count else 0
    return SampledFamily(family, categories, labels)


def compare_time_units(sampled: SampledCodings, x: int, y: int) -> TimeUnitResult:
    """Cohen's kappa of coders x and y per family, and over all families' units pooled."""
    tables = {}
    pooled_a: list[Labels] = []
    pooled_b: list[Labels] = []
    pooled_categories: list[str] = []
    for name, family in sampled.families.items():
        a, b = family.labels[x], family.labels[y]
        tables[name] = _table(family.categories, a, b)
        offset = len(pooled_categories)
        pooled_a.append(a + offset)
        pooled_b.append(b + offset)
        pooled_categories += [f"{name}:{c}" for c in family.categories]
    overall = _table(tuple(pooled_categories), np.concatenate(pooled_a), np.concatenate(pooled_b))
    return TimeUnitResult(tables, overall)


def _table(categories: tuple[str, ...], a: Labels, b: Labels) -> UnitTable:
    k = len(categories)
    counts = np.bincount(a * k + b, minlength=k * k).reshape(k, k)
    matrix = tuple(tuple(int(v) for v in row) for row in counts)
    return UnitTable(categories, matrix, stats.cohen_kappa(matrix))


def krippendorff_alphas(sampled: SampledCodings) -> dict[str, float | None]:
    """Nominal alpha of all coders over the time units, per family and pooled."""
    alphas: dict[str, float | None] = {}
    pooled, offset = [], 0
    for name, family in sampled.families.items():
        alphas[name] = _alpha(family.labels, len(family.categories))
        pooled.append(family.labels + offset)
        offset += len(family.categories)
    alphas["overall"] = _alpha(np.concatenate(pooled, axis=1), offset) if pooled else None
    return alphas


def _alpha(labels: Labels, category_count: int) -> float | None:
    """None when it is undefined: no units, or every coder used one value throughout."""
    if labels.shape[1] == 0 or len(np.unique(labels)) < 2:
        return None
    value = float(
        krippendorff.alpha(
            reliability_data=labels.astype(np.float64),
            level_of_measurement="nominal",
            value_domain=list(range(category_count)),
        )
    )
    return value if math.isfinite(value) else None
