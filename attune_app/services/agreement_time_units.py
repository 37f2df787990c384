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

import numpy as np
import numpy.typing as npt

from attune_app.domain import agreement_stats as stats

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
    spans = [_coder_spans(coding) for coding in codings]
    families = {
        family: _sample_family(family, times.frame_count, [c[family] for c in spans], frames)
        for family in UNIT_FAMILIES
    }
    return SampledCodings(count, starts, frames, families)


Span = tuple[int, int, str]  # first frame, last frame, code


def _coder_spans(coding: Coding) -> dict[str, list[Span]]:
    """What each of the coder's tags says per family, in onset order."""
    spans: dict[str, list[Span]] = {family: [] for family in UNIT_FAMILIES}
    cues, responses, principles = spans["cue"], spans["response"], spans["principle"]
    for tag in coding.tags:
        out = tag.out_frame
        if tag.cue_frame is not None and tag.cue_code:
            cues.append((tag.cue_frame, max(tag.cue_frame, out), tag.cue_code))
        if tag.response_frame is not None and tag.response_code:
            responses.append((tag.response_frame, max(tag.response_frame, out), tag.response_code))
        if tag.principle_codes:
            label = "+".join(sorted(set(tag.principle_codes)))
            principles.append((tag.in_frame, out, label))
    for found in spans.values():
        found.sort()
    return spans


def _sample_family(
    family: str, frame_count: int, spans: list[list[Span]], unit_frames: Labels
) -> SampledFamily:
    categories = (stats.UNMARKED, *sorted({code for row in spans for _, _, code in row}))
    where = {c: k for k, c in enumerate(categories)}
    labels = np.zeros((len(spans), len(unit_frames)), dtype=np.int64)
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
    """Nominal alpha of all coders over the time units, per family and pooled (the families'
    codes are distinct values, so the pooled coincidences are the families' side by side)."""
    alphas: dict[str, float | None] = {}
    disagreeing, totals = 0.0, []
    for name, family in sampled.families.items():
        family_disagreeing, family_totals = _coincidence_sums(family.labels, len(family.categories))
        alphas[name] = _alpha_of(family_disagreeing, family_totals)
        disagreeing += family_disagreeing
        totals.append(family_totals)
    alphas["overall"] = _alpha_of(disagreeing, np.concatenate(totals)) if totals else None
    return alphas


def nominal_alpha(labels: Labels, category_count: int) -> float | None:
    """Nominal alpha of labels[coder, unit] (< 0: no value) from the coincidence matrix
    (Krippendorff, "Computing Krippendorff's alpha-reliability", 2011): 1 - (n - 1) * the
    off-diagonal coincidences / the sum over c != k of n_c * n_k. None when it is undefined
    (no unit valued by two coders, or one value throughout)."""
    return _alpha_of(*_coincidence_sums(labels, category_count))


def _coincidence_sums(labels: Labels, category_count: int) -> tuple[float, Labels]:
    """(sum of off-diagonal coincidences, n_c per value) over the pairable units, in
    O(coders^2 x units) without a units x values x values array (the `krippendorff` package
    builds one: seconds and gigabytes for a long clip's units; the tests check the two agree)."""
    valued = labels >= 0
    per_unit = valued.sum(axis=0)
    pairable = per_unit >= 2
    labels, valued, per_unit = labels[:, pairable], valued[:, pairable], per_unit[pairable]
    same = per_unit.astype(np.int64)  # sum over values of n_uc^2, built from coder pairs
    for r in range(len(labels)):
        for s in range(r + 1, len(labels)):
            same = same + 2 * ((labels[r] == labels[s]) & valued[r] & valued[s])
    disagreeing = float(((per_unit**2 - same) / np.maximum(per_unit - 1, 1)).sum())
    totals = np.bincount(labels[valued], minlength=category_count)
    return disagreeing, totals


def _alpha_of(disagreeing: float, totals: Labels) -> float | None:
    n = float(totals.sum())
    if n < 2:
        return None
    expected = (n * n - float((totals.astype(np.float64) ** 2).sum())) / (n - 1)
    if expected <= 0:
        return None
    return 1.0 - disagreeing / expected
