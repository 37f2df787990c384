"""Agreement between coders as pure functions: one-to-one matching of event onsets within a
tolerance, confusion matrices and Cohen's kappa.

Matching pairs events by time alone (codes are compared afterwards, so pairing never favours
agreement). The optimum is lexicographic: the most pairs within the tolerance, then the least
total time difference. On a line an optimal matching never crosses (if a1 <= a2 and b1 <= b2,
pairing a1-b1 and a2-b2 keeps both within the tolerance whenever a1-b2 and a2-b1 were, and
|a1-b1| + |a2-b2| <= |a1-b2| + |a2-b1|), so the optimum among non-crossing matchings, found by
a longest-common-subsequence style dynamic programme, is the optimum of all matchings. The
events split into independent runs wherever a gap wider than the tolerance separates them, so
the programme costs the sum over runs of (A's events x B's events), not n x m.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

UNMARKED = "(unmarked)"  # the category of an event only the other coder marked
TIME_EPSILON_S = 1e-9  # frame times are floats: 0.5 s apart is within a 0.5 s tolerance

Pair = tuple[int, int]  # (index into the first coder's events, index into the second's)


def within(a_s: float, b_s: float, tolerance_s: float) -> bool:
    return abs(a_s - b_s) <= tolerance_s + TIME_EPSILON_S


def match_optimal(a_s: Sequence[float], b_s: Sequence[float], tolerance_s: float) -> list[Pair]:
    """The most one-to-one pairs within `tolerance_s`, then the least total |difference|.

    Returns (i, j) index pairs into `a_s` and `b_s` (which need not be sorted), in time order."""
    pairs: list[Pair] = []
    for run_a, run_b in _runs(a_s, b_s, tolerance_s):
        if len(run_a) == len(run_b) == 1:  # the usual case: one event each, within tolerance
            pairs.append((run_a[0], run_b[0]))
            continue
        times_a = [a_s[i] for i in run_a]
        times_b = [b_s[j] for j in run_b]
        pairs += [(run_a[i], run_b[j]) for i, j in _match_run(times_a, times_b, tolerance_s)]
    return pairs


def _runs(
    a_s: Sequence[float], b_s: Sequence[float], tolerance_s: float
) -> list[tuple[list[int], list[int]]]:
    """Both coders' events cut wherever a gap wider than the tolerance leaves no possible pair
    across it; runs holding only one coder's events are left out (nothing to match)."""
    times = [*a_s, *b_s]
    split = len(a_s)
    runs: list[tuple[list[int], list[int]]] = []
    current: tuple[list[int], list[int]] = ([], [])
    last = -math.inf
    for k in sorted(range(len(times)), key=times.__getitem__):
        time_s = times[k]
        if time_s - last > tolerance_s + TIME_EPSILON_S:
            if current[0] and current[1]:
                runs.append(current)
            current = ([], [])
        if k < split:
            current[0].append(k)
        else:
            current[1].append(k - split)
        last = time_s
    if current[0] and current[1]:
        runs.append(current)
    return runs


def _match_run(a_s: list[float], b_s: list[float], tolerance_s: float) -> list[Pair]:
    """The dynamic programme on sorted times: score = (pairs, -total difference)."""
    n, m = len(a_s), len(b_s)
    count = [[0] * (m + 1) for _ in range(n + 1)]
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[0] * (m + 1) for _ in range(n + 1)]  # 0: skip a, 1: skip b, 2: pair
    for i in range(1, n + 1):
        ci, ci1, costi, costi1, stepi = count[i], count[i - 1], cost[i], cost[i - 1], step[i]
        ta = a_s[i - 1]
        for j in range(1, m + 1):
            best_n, best_c, best_step = ci1[j], costi1[j], 0
            if (ci[j - 1], -costi[j - 1]) > (best_n, -best_c):
                best_n, best_c, best_step = ci[j - 1], costi[j - 1], 1
            diff = abs(ta - b_s[j - 1])
            if diff <= tolerance_s + TIME_EPSILON_S:
                pair_n, pair_c = ci1[j - 1] + 1, costi1[j - 1] + diff
                if (pair_n, -pair_c) > (best_n, -best_c):
                    best_n, best_c, best_step = pair_n, pair_c, 2
            ci[j], costi[j], stepi[j] = best_n, best_c, best_step
    pairs: list[Pair] = []
    i, j = n, m
    while i > 0 and j > 0:
        choice = step[i][j]
        if choice == 2:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif choice == 1:
            j -= 1
        else:
            i -= 1
    pairs.reverse()
    return pairs


def match_greedy(a_s: Sequence[float], b_s: Sequence[float], tolerance_s: float) -> list[Pair]:
    """Closest pair first (what a quick script does): for comparison only, it can lose pairs."""
    order_b = sorted(range(len(b_s)), key=b_s.__getitem__)
    sorted_b = [b_s[j] for j in order_b]
    candidates = []
    for i, ta in enumerate(a_s):
        lo = bisect.bisect_left(sorted_b, ta - tolerance_s - TIME_EPSILON_S)
        hi = bisect.bisect_right(sorted_b, ta + tolerance_s + TIME_EPSILON_S)
        candidates += [(abs(ta - sorted_b[k]), i, order_b[k]) for k in range(lo, hi)]
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Pair] = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda p: a_s[p[0]])


def matching_cost_s(a_s: Sequence[float], b_s: Sequence[float], pairs: Sequence[Pair]) -> float:
    return sum(abs(a_s[i] - b_s[j]) for i, j in pairs)


def confusion_matrix(
    labels_a: Sequence[str], labels_b: Sequence[str], categories: Sequence[str]
) -> list[list[int]]:
    """Counts with the first coder's label as the row and the second's as the column."""
    where = {c: k for k, c in enumerate(categories)}
    matrix = [[0] * len(categories) for _ in categories]
    for a, b in zip(labels_a, labels_b, strict=True):
        matrix[where[a]][where[b]] += 1
    return matrix


def cohen_kappa(matrix: Sequence[Sequence[int]]) -> float | None:
    """Cohen's (1960) kappa of a square confusion matrix; None when chance agreement is total
    (both coders used one and the same category throughout) or there is nothing to compare."""
    total = sum(sum(row) for row in matrix)
    if total == 0:
        return None
    observed = sum(matrix[k][k] for k in range(len(matrix))) / total
    rows = [sum(row) for row in matrix]
    cols = [sum(row[k] for row in matrix) for k in range(len(matrix))]
    expected = sum(r * c for r, c in zip(rows, cols, strict=True)) / (total * total)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole
