"""The agreement statistics against published examples, hand-worked ones and independent
implementations (scikit-learn's Cohen's kappa, scipy's assignment solver)."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import cohen_kappa_score

from attune_app.domain import agreement_stats as stats
from attune_app.services.agreement_time_units import nominal_alpha


def labels_of(matrix: list[list[int]]) -> tuple[list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


def test_cohen_1960_table_1() -> None:
    # Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    # Psychological Measurement, 20, 37-46: the worked example of 200 cases in three categories,
    # proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06 (marginals .60 .30 .10 and
    # .50 .30 .20), p_o = .70, p_c = .41, kappa = .49; the cells as textbooks reproduce them
    # (not checked against the original article here).
    matrix = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]
    kappa = stats.cohen_kappa(matrix)
    assert kappa == pytest.approx((0.70 - 0.41) / (1 - 0.41))
    assert round(kappa or 0, 2) == 0.49
    assert kappa == pytest.approx(cohen_kappa_score(*labels_of(matrix)))


def test_confusion_matrix_rows_are_the_first_coder() -> None:
    matrix = stats.confusion_matrix(["x", "x", "y"], ["x", "y", "y"], ["x", "y"])
    assert matrix == [[1, 1], [0, 1]]


def test_kappa_undefined_or_empty() -> None:
    assert stats.cohen_kappa([[0, 0], [0, 0]]) is None
    assert stats.cohen_kappa([[5, 0], [0, 0]]) is None  # one category throughout: chance is 1
    assert stats.cohen_kappa([[0, 3], [3, 0]]) == pytest.approx(-1.0)
    assert stats.cohen_kappa([[3, 0], [0, 3]]) == pytest.approx(1.0)


def test_optimal_matching_where_greedy_loses_a_pair() -> None:
    a, b = [1.0, 1.4], [1.3, 1.8]
    # closest first pairs 1.4-1.3 (0.1 apart), leaving 1.0 and 1.8 (0.8 apart) unmatched
    assert stats.match_greedy(a, b, 0.5) == [(1, 0)]
    assert stats.match_optimal(a, b, 0.5) == [(0, 0), (1, 1)]


def test_optimal_matching_prefers_the_closer_partner_and_respects_the_tolerance() -> None:
    assert stats.match_optimal([0.0], [0.4, 0.1], 0.5) == [(0, 1)]
    assert stats.match_optimal([0.0], [0.6], 0.5) == []
    assert stats.match_optimal([0.0], [0.5], 0.5) == [(0, 0)]  # the edge is inside
    assert stats.match_optimal([], [1.0], 0.5) == []
    assert stats.match_optimal([2.0, 1.0], [1.1, 2.2], 0.5) == [(1, 0), (0, 1)]


def reference_matching(a: list[float], b: list[float], tolerance_s: float) -> tuple[int, float]:
    """Most pairs, then least total difference, with scipy's Hungarian-method solver."""
    if not a or not b:
        return 0, 0.0
    big = (len(a) + len(b)) * (tolerance_s + 1.0) + 1.0
    cost = np.zeros((len(a), len(b)))
    for i, ta in enumerate(a):
        for j, tb in enumerate(b):
            if stats.within(ta, tb, tolerance_s):
                cost[i, j] = abs(ta - tb) - big
    rows, cols = linear_sum_assignment(cost)
    chosen = [(i, j) for i, j in zip(rows, cols, strict=True) if cost[i, j] < 0]
    return len(chosen), sum(abs(a[i] - b[j]) for i, j in chosen)


times = st.lists(st.integers(0, 400).map(lambda k: k / 20), max_size=14)


@settings(max_examples=300, deadline=None)
@given(times, times, st.sampled_from([0.0, 0.25, 0.5, 1.0]))
def test_optimal_matching_equals_the_assignment_solver(
    a: list[float], b: list[float], tolerance_s: float
) -> None:
    pairs = stats.match_optimal(a, b, tolerance_s)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(stats.within(a[i], b[j], tolerance_s) for i, j in pairs)
    count, cost = reference_matching(a, b, tolerance_s)
    assert len(pairs) == count
    assert stats.matching_cost_s(a, b, pairs) == pytest.approx(cost, abs=1e-9)
    assert len(stats.match_greedy(a, b, tolerance_s)) <= count


codes = st.sampled_from(["smiles", "looks", "reaches", stats.UNMARKED])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(codes, codes), min_size=1, max_size=60))
def test_kappa_equals_scikit_learn(rows: list[tuple[str, str]]) -> None:
    a = [x for x, _ in rows]
    b = [y for _, y in rows]
    categories = sorted(set(a) | set(b))
    ours = stats.cohen_kappa(stats.confusion_matrix(a, b, categories))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns where kappa is undefined
        theirs = cohen_kappa_score(a, b)
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


@st.composite
def reliability_data(draw: st.DrawFn) -> np.ndarray:
    coders = draw(st.integers(2, 4))
    units = draw(st.integers(1, 30))
    values = st.integers(-1, 3)  # -1: this coder gave the unit no value
    return np.array([[draw(values) for _ in range(units)] for _ in range(coders)], dtype=np.int64)


@settings(max_examples=300, deadline=None)
@given(reliability_data())
def test_alpha_equals_the_krippendorff_package(labels: np.ndarray) -> None:
    ours = nominal_alpha(labels, 4)
    data = np.where(labels < 0, np.nan, labels.astype(float))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = krippendorff.alpha(
                reliability_data=data, level_of_measurement="nominal", value_domain=[0, 1, 2, 3]
            )
    except ValueError:  # the package refuses data with no unit two coders valued
        theirs = math.nan
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


def test_alpha_of_krippendorffs_own_example() -> None:
    # Krippendorff (2011), Computing Krippendorff's alpha-reliability, section C: four observers,
    # twelve units, nominal values with missing data; alpha = 0.743.
    rows = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    labels = np.array([[-1 if v == "." else int(v) - 1 for v in r.split()] for r in rows])
    assert round(nominal_alpha(labels, 5) or 0, 3) == 0.743
