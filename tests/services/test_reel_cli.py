"""`attune reel create|add|title|list|show`: round-trips, running times and refusals.

The clip is a row with a 25 fps, 250-frame rate (no decoding is needed to build a reel), so
every running time here is worked out by hand from frames, speeds and holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import add_tag, ensure_local_person
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

RANGE_0_5 = ("add", "1", "--clip", "1", "--in", "0", "--out", "5")


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    """A closed library holding clip 1 (250 frames at 25 fps) and tag 1 (frames 10-59)."""
    path = tmp_path / "library"
    with Library.open(path, create=True, auto_backup=False) as library:
        ensure_local_person(library)
        clip = add_fake_clip(library)
        add_tag(library, clip.id, in_frame=10, out_frame=59)
    return str(path)


def reel(capsys: pytest.CaptureFixture[str], lib: str, *words: str) -> tuple[int, str, str]:
    return run(capsys, "reel", *words, "--library", lib)


def show(capsys: pytest.CaptureFixture[str], lib: str, reel_id: str) -> dict[str, object]:
    code, out, err = reel(capsys, lib, "show", reel_id, "--format", "json")
    assert code == 0, err
    shown: dict[str, object] = json.loads(out)
    return shown


def test_create_add_title_show_round_trip_every_field(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = reel(capsys, lib, "create", "--name", "Moments", "--purpose", "parent_review")
    assert (code, out) == (0, "1\n")
    code, out, _ = reel(capsys, lib, "add", "1", "--tag", "1", "--caption", "You waited")
    assert (code, out) == (0, "1\n")
    code, out, _ = reel(
        capsys,
        lib,
        "add",
        "1",
        "--clip",
        "1",
        "--in",
        "100",
        "--out",
        "149",
        "--speed",
        "0.5",
        "--hold-frame",
        "120",
        "--hold-s",
        "2",
        "--hold-at",
        "start",
        "--caption",
        "She looks at you",
    )
    assert (code, out) == (0, "2\n")
    code, out, _ = reel(capsys, lib, "title", "1", "--text", "Our visit", "--seconds", "3")
    assert (code, out) == (0, "3\n")
    code, out, _ = reel(
        capsys, lib, "title", "1", "--text", "First", "--seconds", "1.5", "--position", "0"
    )
    assert (code, out) == (0, "4\n")

    shown = show(capsys, lib, "1")
    assert (shown["id"], shown["name"], shown["purpose"]) == (1, "Moments", "parent_review")
    assert shown["mute_below_speed"] == 0.5
    items = shown["items"]
    assert isinstance(items, list)
    assert [i["id"] for i in items] == [4, 1, 2, 3]
    assert [i["position"] for i in items] == [0, 1, 2, 3]
    first, tagged, ranged, title = items
    assert (first["kind"], first["title_text"], first["title_ms"]) == ("title", "First", 1500)
    assert first["clip_id"] is None and first["duration_s"] == 1.5
    assert first["steps"] == [{"type": "title", "text": "First", "duration_s": 1.5}]
    assert tagged == {
        "id": 1,
        "reel_id": 1,
        "position": 1,
        "clip_id": 1,
        "in_frame": 10,
        "out_frame": 59,
        "source_tag_id": 1,
        "caption": "You waited",
        "speed": 1.0,
        "hold_frame": None,
        "hold_ms": 0,
        "hold_at": "end",
        "muted": False,
        "kind": "clip",
        "title_text": "",
        "title_ms": 0,
        "prompt": "",
        "duration_s": 2.0,  # 50 frames at 25 fps
        "steps": [
            {
                "type": "motion",
                "clip_id": 1,
                "in_frame": 10,
                "out_frame": 59,
                "speed": 1.0,
                "muted": False,
            }
        ],
    }
    assert (ranged["in_frame"], ranged["out_frame"], ranged["speed"]) == (100, 149, 0.5)
    assert (ranged["hold_frame"], ranged["hold_ms"], ranged["hold_at"]) == (120, 2000, "start")
    assert ranged["caption"] == "She looks at you" and ranged["source_tag_id"] is None
    # a 2 s hold of frame 120 first, then 2 s of video at half speed = 4 s, silent (0.5 is not
    # below the reel's mute-below speed of 0.5, so it keeps its sound)
    assert ranged["steps"] == [
        {"type": "freeze", "clip_id": 1, "frame": 120, "duration_s": 2.0},
        {
            "type": "motion",
            "clip_id": 1,
            "in_frame": 100,
            "out_frame": 149,
            "speed": 0.5,
            "muted": False,
        },
    ]
    assert ranged["duration_s"] == 6.0
    assert title["title_text"] == "Our visit" and title["duration_s"] == 3.0
    assert shown["duration_s"] == 1.5 + 2.0 + 6.0 + 3.0


@pytest.mark.parametrize(
    ("extra", "seconds"),
    [
        ((), 2.0),  # 50 frames at 25 fps
        (("--speed", "0.25"), 8.0),
        (("--speed", "0.75"), 2.0 / 0.75),
        (("--hold-s", "1.5"), 3.5),  # the out frame held 1.5 s after
        (("--hold-s", "1", "--hold-at", "start", "--speed", "0.5"), 5.0),
        (("--in", "30", "--out", "30"), 3.0),  # one frame: a still, held 3 s by default
        (("--in", "30", "--out", "30", "--hold-s", "5"), 5.0),
    ],
)
def test_speed_and_holds_give_the_running_time(
    lib: str, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], seconds: float
) -> None:
    reel(capsys, lib, "create", "--name", "Timing", "--purpose", "parent_review")
    frames = ("--in", "0", "--out", "49") if "--in" not in extra else ()
    code, _, err = reel(capsys, lib, "add", "1", "--clip", "1", *frames, *extra)
    assert code == 0, err
    shown = show(capsys, lib, "1")
    assert shown["duration_s"] == pytest.approx(seconds, abs=1e-6)
    code, out, _ = reel(capsys, lib, "list")
    assert code == 0
    assert out.split("\t")[:4] == ["1", "Timing", "parent_review", "1 items"]


def test_slow_items_are_muted_below_the_reels_speed(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reel(capsys, lib, "create", "--name", "Slow", "--purpose", "parent_review")
    reel(capsys, lib, "add", "1", "--clip", "1", "--in", "0", "--out", "9", "--speed", "0.25")
    [item] = show(capsys, lib, "1")["items"]  # type: ignore[misc]
    assert item["muted"] is False  # the item's own choice...
    assert item["steps"][0]["muted"] is True  # ...but 0.25 is below the reel's 0.5


def test_text_show_and_list(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    reel(capsys, lib, "create", "--name", "Moments", "--purpose", "parent_review")
    reel(capsys, lib, "add", "1", "--tag", "1", "--caption", "You waited")
    reel(capsys, lib, "title", "1", "--text", "Our visit", "--seconds", "3")
    code, out, _ = reel(capsys, lib, "show", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Moments (parent_review), 0:05.000"
    assert "[1] clip 1 frames 10-59 at 1x, caption: You waited (2.00 s)" in lines[1]
    assert "[2] title card: Our visit (3.00 s)" in lines[2]
    code, out, _ = reel(capsys, lib, "list")
    assert out == "1\tMoments\tparent_review\t2 items\t0:05.000\n"


@pytest.mark.parametrize(
    ("words", "says"),
    [
        (("add", "1", "--clip", "1", "--in", "200", "--out", "260"), "0 to 249"),
        (("add", "1", "--clip", "1", "--in", "-1", "--out", "5"), "0 to 249"),
        (("add", "1", "--clip", "1", "--in", "9", "--out", "5"), "in frame at or before"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--speed", "2"), "0.25 and 1"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--speed", "0"), "0.25 and 1"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--speed", "nan"), "0.25 and 1"),
        (("add", "9", "--clip", "1", "--in", "0", "--out", "5"), "no reel with id 9"),
        (("add", "1", "--clip", "7", "--in", "0", "--out", "5"), "no clip with id 7"),
        (("add", "1", "--tag", "5"), "no tag with id 5"),
        (("add", "1", "--clip", "1", "--in", "0"), "--in N and --out M"),
        (("add", "1", "--tag", "1", "--in", "3"), "not both"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--hold-frame", "3"), "--hold-s"),
        (
            (*RANGE_0_5, "--hold-frame", "9", "--hold-s", "1"),
            "inside the moment",
        ),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--hold-s", "-1"), "negative"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--caption", "x" * 141), "140"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--hold-s", "nan"), "hold"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--hold-s", "inf"), "hold"),
        (("add", "1", "--clip", "1", "--in", "0", "--out", "5", "--hold-s", "99"), "hold"),
        (("title", "1", "--text", "Hello", "--seconds", "nan"), "seconds"),
        (("title", "1", "--text", "Hello", "--seconds", "inf"), "seconds"),
        (("title", "1", "--text", "Hello", "--seconds", "0"), "seconds"),
        (("title", "1", "--text", "Hello", "--seconds", "61"), "seconds"),
        (("title", "1", "--text", "  ", "--seconds", "2"), "needs some words"),
        (("title", "9", "--text", "Hello", "--seconds", "2"), "no reel with id 9"),
        (("show", "9"), "no reel with id 9"),
        (("show", "9", "--format", "json"), "no reel with id 9"),
    ],
)
def test_bad_input_is_a_clear_message_and_a_non_zero_exit(
    lib: str, capsys: pytest.CaptureFixture[str], words: tuple[str, ...], says: str
) -> None:
    reel(capsys, lib, "create", "--name", "Moments", "--purpose", "parent_review")
    code, out, err = reel(capsys, lib, *words)
    assert code != 0
    assert out == ""
    assert says in err
    assert "Traceback" not in err
    assert err.startswith("attune: ")
    assert show(capsys, lib, "1")["items"] == []  # nothing half-added


@pytest.mark.parametrize(
    ("words", "hint"),
    [
        (("show", "9"), "attune reel list"),
        (("add", "9", "--tag", "1"), "attune reel list"),
        (("add", "1", "--tag", "5"), "attune tags CLIP"),
        (("add", "1", "--clip", "7", "--in", "0", "--out", "5"), "attune library"),
    ],
)
def test_an_unknown_id_says_where_to_find_the_right_one(
    lib: str, capsys: pytest.CaptureFixture[str], words: tuple[str, ...], hint: str
) -> None:
    reel(capsys, lib, "create", "--name", "Moments", "--purpose", "parent_review")
    code, _, err = reel(capsys, lib, *words)
    assert code == 1 and hint in err


def test_bad_purpose_and_empty_name(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        reel(capsys, lib, "create", "--name", "X", "--purpose", "holiday")
    assert exited.value.code == 2
    assert "parent_review" in capsys.readouterr().err
    code, out, err = reel(capsys, lib, "create", "--name", "  ", "--purpose", "training")
    assert (code, out) == (1, "") and "needs a name" in err
    code, out, _ = reel(capsys, lib, "list")
    assert (code, out) == (0, "")


def test_a_missing_library_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = reel(capsys, str(tmp_path / "nowhere"), "list")
    assert code == 1 and out == "" and "no Attune library" in err
