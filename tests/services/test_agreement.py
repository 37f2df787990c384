"""Agreement of coders on a clip: hand-worked examples, edge cases, the frames' own times."""

from __future__ import annotations

import math
import warnings
from typing import Any

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from attune_app.domain.models import Tag
from attune_app.services.agreement import ClipTimes, Coding, compare_codings
from attune_app.services.agreement_json import report_as_json, report_as_text
from attune_app.store.errors import InvalidChangeError

SECONDS = ClipTimes.nominal(1, frame_count=10, fps=1.0)  # frame k is shown at k s


def tag(
    tag_id: int,
    in_frame: int,
    out_frame: int,
    cue: tuple[int, str] | None = None,
    response: tuple[int, str] | None = None,
    principles: tuple[str, ...] = (),
) -> Tag:
    return Tag(
        id=tag_id,
        clip_id=1,
        in_frame=in_frame,
        out_frame=out_frame,
        cue_frame=cue[0] if cue else None,
        cue_code=cue[1] if cue else None,
        response_frame=response[0] if response else None,
        response_code=response[1] if response else None,
        principle_codes=principles,
    )


def coding(name: str, *tags: Tag) -> Coding:
    return Coding(name, None, tags)


ANN = coding(
    "Ann",
    tag(1, 1, 3, cue=(1, "smiles"), response=(2, "smiles_back")),
    tag(2, 6, 8, cue=(6, "looks"), response=(8, "looks_back")),
)
BOB = coding(
    "Bob",
    tag(11, 2, 3, cue=(2, "smiles"), response=(3, "smiles_back")),
    tag(12, 6, 9, cue=(6, "looks"), response=(7, "looks_back")),
)


def figures(*codings: Coding, tolerance_s: float = 1.0, unit_s: float = 1.0) -> dict[str, Any]:
    report = compare_codings(SECONDS, codings, tolerance_s=tolerance_s, time_unit_s=unit_s)
    return report_as_json(report)


def test_time_unit_kappa_hand_worked() -> None:
    # Time-unit kappa as Bakeman & Quera describe it (Sequential Analysis and Observational
    # Methods for the Behavioral Sciences, 2011, ch. 5: cross-classify successive time units);
    # the numbers are worked by hand here. 1-s units 0..9 of the cue family:
    #   Ann: - S S S - - L L L -      Bob: - - S S - - L L L L
    # rows Ann, columns Bob over (unmarked, looks, smiles): [[3,1,0],[0,3,0],[1,0,2]],
    # p_o = 8/10, p_e = (4*4 + 3*4 + 3*2)/100 = .34, kappa = (.8 - .34)/(1 - .34) = .69697
    cue = figures(ANN, BOB)["pairs"][0]["time_unit"]["cue"]
    assert cue["confusion"]["categories"] == ["(unmarked)", "looks", "smiles"]
    assert cue["confusion"]["matrix"] == [[3, 1, 0], [0, 3, 0], [1, 0, 2]]
    assert (cue["units"], cue["agreements"]) == (10, 8)
    assert cue["kappa"] == pytest.approx(0.46 / 0.66, abs=1e-6)


def test_events_and_latency_hand_worked() -> None:
    pair = figures(ANN, BOB)["pairs"][0]
    cue = pair["event_based"]["cue"]
    assert (cue["matched_pairs"], cue["agreements"], cue["only_a"], cue["only_b"]) == (2, 2, 0, 0)
    assert cue["kappa"] == pytest.approx(1.0)
    assert [(m["a"]["tag"], m["b"]["tag"], m["difference_s"]) for m in cue["matched"]] == [
        (1, 11, 1.0),
        (2, 12, 0.0),
    ]
    latency = pair["latency"]
    # Ann's latencies 1 s and 2 s, Bob's 1 s and 1 s
    assert latency["pairs"] == 2
    assert latency["mean_abs_difference_s"] == pytest.approx(0.5)
    assert latency["max_abs_difference_s"] == pytest.approx(1.0)
    assert [m["difference_s"] for m in latency["matched"]] == [0.0, -1.0]


def test_tolerance_decides_what_is_matched_and_per_code_counts() -> None:
    pair = figures(ANN, BOB, tolerance_s=0.5)["pairs"][0]
    cue = pair["event_based"]["cue"]
    # the smiles 1 s apart are no longer a pair: each is an event only one coder marked
    assert (cue["matched_pairs"], cue["only_a"], cue["only_b"]) == (1, 1, 1)
    assert cue["percent_agreement"] == pytest.approx(100 / 3)
    assert cue["percent_agreement_of_matched"] == pytest.approx(100.0)
    assert cue["per_code"]["smiles"] == {
        "agreements": 0,
        "disagreements": 0,
        "only_a": 1,
        "only_b": 1,
        "percent_agreement": 0.0,
    }
    # (unmarked, looks, smiles): p_o = 1/3 and p_e = 3 * (1 * 1)/9 = 1/3, so kappa is 0
    matrix = cue["confusion"]["matrix"]
    assert matrix == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    assert cue["kappa"] == pytest.approx((1 / 3 - 3 / 9) / (1 - 3 / 9))
    assert cue["kappa"] == pytest.approx(0.0)
    # the responses are 1 s apart too: no longer matched, so no latency is compared
    assert pair["latency"] == {
        "pairs": 0,
        "mean_abs_difference_s": None,
        "max_abs_difference_s": None,
        "matched": [],
    }


def test_all_disagreements() -> None:
    swapped = coding("Bob", tag(11, 1, 3, cue=(1, "looks")), tag(12, 6, 8, cue=(6, "smiles")))
    cue = figures(ANN, swapped)["pairs"][0]["event_based"]["cue"]
    assert (cue["matched_pairs"], cue["agreements"], cue["disagreements"]) == (2, 0, 2)
    assert cue["per_code"]["looks"]["disagreements"] == 2
    assert cue["kappa"] == pytest.approx(-1.0)
    assert cue["percent_agreement"] == 0.0


def test_identical_codings() -> None:
    same = coding("Bob", *ANN.tags)
    data = figures(ANN, same)
    pair = data["pairs"][0]
    for name in ("cue", "response", "overall"):
        assert pair["event_based"][name]["kappa"] == pytest.approx(1.0)
        assert pair["event_based"][name]["percent_agreement"] == 100.0
    assert pair["time_unit"]["overall"]["kappa"] == pytest.approx(1.0)
    assert pair["latency"]["max_abs_difference_s"] == 0.0
    assert data["krippendorff_alpha"]["cue"] == pytest.approx(1.0)
    # nobody marked a principle: every unit unmarked, so kappa and alpha are undefined
    assert pair["time_unit"]["principle"]["kappa"] is None
    assert data["krippendorff_alpha"]["principle"] is None


def test_one_coder_empty_and_no_events() -> None:
    pair = figures(ANN, coding("Bob"))["pairs"][0]
    cue = pair["event_based"]["cue"]
    assert (cue["matched_pairs"], cue["only_a"], cue["only_b"]) == (0, 2, 0)
    assert cue["kappa"] == pytest.approx(0.0)
    assert cue["percent_agreement_of_matched"] is None
    no_events = [coding(n, tag(1, 0, 4, principles=("guiding",))) for n in ("Ann", "Bob")]
    empty = figures(*no_events)["pairs"][0]["event_based"]["overall"]
    assert (empty["matched_pairs"], empty["kappa"], empty["percent_agreement"]) == (0, None, None)
    assert "n/a" in report_as_text(compare_codings(SECONDS, no_events, time_unit_s=1.0))


def test_krippendorff_alpha_hand_worked_and_for_three_coders() -> None:
    # Four 1-s units of principles: Ann x x y y, Bob x y y y. Coincidences: o_xx = 2, o_yy = 4,
    # o_xy = o_yx = 1; n_x = 3, n_y = 5, n = 8; D_o = 2/8, D_e = 2*3*5/(8*7);
    # alpha = 1 - D_o/D_e = 8/15 (Krippendorff, Content Analysis, 2004, ch. 11).
    four = ClipTimes.nominal(1, frame_count=4, fps=1.0)
    ann = coding("Ann", tag(1, 0, 1, principles=("x",)), tag(2, 2, 3, principles=("y",)))
    bob = coding("Bob", tag(3, 0, 0, principles=("x",)), tag(4, 1, 3, principles=("y",)))
    report = compare_codings(four, [ann, bob], time_unit_s=1.0)
    assert report.alpha["principle"] == pytest.approx(8 / 15)
    cat = coding("Cat", tag(5, 0, 2, principles=("x",)), tag(6, 3, 3, principles=("y",)))
    three = compare_codings(four, [ann, bob, cat], time_unit_s=1.0)
    expected = krippendorff.alpha(
        reliability_data=np.array([[0, 0, 1, 1], [0, 1, 1, 1], [0, 0, 0, 1]], dtype=float),
        level_of_measurement="nominal",
    )
    assert three.alpha["principle"] == pytest.approx(expected)
    assert [(p.a, p.b) for p in three.pairs] == [("Ann", "Bob"), ("Ann", "Cat"), ("Bob", "Cat")]


def test_overlapping_tags_later_onset_holds_the_unit_and_principles_as_a_set() -> None:
    ann = coding(
        "Ann",
        tag(1, 0, 5, principles=("waiting", "guiding")),
        tag(2, 3, 4, principles=("guiding",)),
    )
    bob = coding("Bob", tag(3, 0, 5, principles=("guiding", "waiting")))
    principle = figures(ann, bob)["pairs"][0]["time_unit"]["principle"]
    assert principle["confusion"]["categories"] == ["(unmarked)", "guiding", "guiding+waiting"]
    # units 0-2 and 5 agree (the same set in any order), 3-4 Ann's later tag holds them
    assert principle["confusion"]["matrix"] == [[4, 0, 0], [0, 0, 2], [0, 0, 4]]


def test_parameters_checked() -> None:
    with pytest.raises(InvalidChangeError, match="tolerance"):
        compare_codings(SECONDS, [ANN, BOB], tolerance_s=-1)
    with pytest.raises(InvalidChangeError, match="time unit"):
        compare_codings(SECONDS, [ANN, BOB], time_unit_s=0)
    with pytest.raises(InvalidChangeError, match="two codings"):
        compare_codings(SECONDS, [ANN])
    with pytest.raises(InvalidChangeError, match="use 5e-06 s or more"):
        compare_codings(SECONDS, [ANN, BOB], time_unit_s=1e-6)
    with pytest.raises(InvalidChangeError, match="outside clip"):
        compare_codings(SECONDS, [ANN, coding("Bob", tag(9, 0, 12))])


def test_json_names_every_parameter() -> None:
    data = figures(ANN, BOB)
    assert data["parameters"]["tolerance_s"] == 1.0
    assert data["parameters"]["time_unit_s"] == 1.0
    assert data["clip"] == {
        "id": 1,
        "frame_count": 10,
        "fps": 1.0,
        "duration_s": 10.0,
        "frame_times": "nominal_fps",
    }
    assert [c["name"] for c in data["coders"]] == ["Ann", "Bob"]
    assert set(data["definitions"]) >= {"matching", "kappa", "time_unit", "latency"}


def naive_unit_labels(
    coding: Coding, family: str, frame_count: int, fps: float, unit_s: float
) -> list[str]:
    """An independent, slow reading of the time-unit rule: for each unit, the frame on screen
    at its start, and the code of the latest-starting tag that covers that frame."""
    labels = []
    units = math.ceil(frame_count / fps / unit_s - 1e-9)
    for k in range(units):
        frame = min(math.floor(k * unit_s * fps + 1e-6), frame_count - 1)
        best: tuple[int, int, str] | None = None
        for t in coding.tags:
            onset = t.cue_frame if family == "cue" else t.response_frame
            code = t.cue_code if family == "cue" else t.response_code
            if onset is None or not code:
                continue
            if onset <= frame <= max(onset, t.out_frame):
                key = (onset, max(onset, t.out_frame), code)
                best = key if best is None or key > best else best
        labels.append(best[2] if best else "(unmarked)")
    return labels


@st.composite
def random_coding(draw: st.DrawFn, name: str) -> Coding:
    tags = []
    for k in range(draw(st.integers(0, 6))):
        cue = draw(st.integers(0, 39))
        response = draw(st.integers(cue, 39))
        out = draw(st.integers(response, 39))
        tags.append(
            tag(
                k + (100 if name == "B" else 0),
                cue,
                out,
                cue=(cue, draw(st.sampled_from(["smiles", "looks", "reaches"]))),
                response=(response, draw(st.sampled_from(["smiles_back", "waits"]))),
            )
        )
    return coding(name, *tags)


@settings(max_examples=150, deadline=None)
@given(random_coding("A"), random_coding("B"), st.sampled_from([0.1, 0.25, 0.4]))
def test_random_codings_against_scikit_learn(a: Coding, b: Coding, unit_s: float) -> None:
    clip = ClipTimes.nominal(1, frame_count=40, fps=10.0)
    report = compare_codings(clip, [a, b], tolerance_s=0.3, time_unit_s=unit_s)
    pair = report.pairs[0]
    for family in ("cue", "response"):
        labels_a = naive_unit_labels(a, family, 40, 10.0, unit_s)
        labels_b = naive_unit_labels(b, family, 40, 10.0, unit_s)
        table = pair.time_units.families[family]
        assert table.units == len(labels_a)
        assert table.agreements == sum(x == y for x, y in zip(labels_a, labels_b, strict=True))
        assert_same_kappa(table.kappa, labels_a, labels_b)
        events = pair.events[family]
        assert_same_kappa(
            report_as_json(report)["pairs"][0]["event_based"][family]["kappa"], *events.labels
        )


def assert_same_kappa(ours: float | None, a: list[str], b: list[str]) -> None:
    if not a:
        assert ours is None
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns where kappa is undefined
        theirs = cohen_kappa_score(a, b)
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-6)
