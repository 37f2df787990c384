"""Attune driven as a script would drive it: from `library init` to a training reel's MP4,
every command with `--library` and `--as`, ids bare on stdout, consent withdrawal stopping
what it must, and bad input to every new command giving a message and a non-zero exit,
never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.media import open_video
from tests.services.video_files import write_test_clip


class Script:
    def __init__(self, capsys: pytest.CaptureFixture[str], library: Path) -> None:
        self.capsys = capsys
        self.library = str(library)

    def run(self, *words: str, who: str | None = "Ada") -> tuple[int, str, str]:
        args = [*words, "--library", self.library, *(("--as", who) if who else ())]
        try:
            code = main(args)
        except SystemExit as leaving:  # argparse's own refusals
            code = int(leaving.code or 0)
        except BaseException as error:  # a traceback is never an answer
            pytest.fail(f"`attune {' '.join(words)}` raised {error!r}")
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err, (words, err)
        return code, out, err

    def ok_id(self, *words: str, who: str | None = "Ada") -> int:
        code, out, err = self.run(*words, who=who)
        assert code == 0, (words, err)
        assert out.strip().isdigit(), (words, out)
        return int(out)

    def refused(self, *words: str, who: str | None = "Ada", says: str = "") -> str:
        code, out, err = self.run(*words, who=who)
        assert code != 0, (words, out)
        assert err.strip(), words
        assert says.lower() in err.lower(), (words, err)
        return err


@pytest.fixture
def script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Script:
    s = Script(capsys, tmp_path / "lib")
    code, _, err = s.run("library", "init", who=None)
    assert code == 0, err
    s.ok_id("person", "add", "Ada", "--profile", "admin", who=None)
    for name, profile in (("Pat", "practitioner"), ("Tess", "trainer"), ("Sam", "supervisor")):
        s.ok_id("person", "add", name, "--profile", profile)
    return s


def _import(script: Script, tmp_path: Path) -> int:
    clip = write_test_clip(tmp_path / "visit.mp4", frames=30)
    code, out, err = script.run(
        "import", str(clip), "--family", "F-21", "--session", "2026-03-01",
        "--consent-recorded-on", "2026-02-20", who="Pat",
    )  # fmt: skip
    assert code == 0, err
    return int(re.search(r"imported as clip (\d+)", out).group(1))  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_training_reel_from_init_to_mp4_and_withdrawal(script: Script, tmp_path: Path) -> None:
    clip = _import(script, tmp_path)
    script.ok_id("consent", "record", "F-21", "--purpose", "training", "--given-on", "2026-02-20")
    reel = script.ok_id("reel", "create", "--name", "Turns", "--purpose", "training", who="Tess")
    item = script.ok_id(
        "reel", "add", str(reel), "--clip", str(clip), "--in", "2", "--out", "13",
        "--caption", "Waiting for a turn", "--speed", "0.5", "--hold-frame", "13",
        "--hold-s", "0.4", who="Tess",
    )  # fmt: skip
    title = script.ok_id(
        "reel", "title", str(reel), "--text", "Turn taking", "--seconds", "1",
        "--position", "0", who="Tess",
    )  # fmt: skip
    code, out, _ = script.run("reel", "show", str(reel), "--format", "json", who="Tess")
    shown = json.loads(out)
    assert code == 0 and [i["id"] for i in shown["items"]] == [title, item]
    out_mp4 = tmp_path / "out" / "turns.mp4"
    out_mp4.parent.mkdir()
    script.refused("export", "reel", str(reel), str(out_mp4), "--quality", "draft", who="Tess")
    assert not out_mp4.exists()
    script.run("anonymise", "detect", str(reel), who="Tess")
    script.refused("anonymise", "confirm", str(reel), who="Pat", says="trainer")
    code, _, err = script.run("anonymise", "confirm", str(reel), who="Tess")
    assert code == 0, err
    code, out, err = script.run(
        "export", "reel", str(reel), str(out_mp4), "--quality", "draft", who="Tess"
    )
    assert code == 0, err
    with open_video(out_mp4) as video:  # 1 s title + 12 frames at half speed + 0.4 s hold
        assert video.frame_count == 25 + 24 + 10
    assert Path(out.strip()) == out_mp4.absolute()  # the file, bare on stdout

    script.ok_id("consent", "withdraw", "F-21", "--purpose", "training", who="Pat")
    again = tmp_path / "out" / "again.mp4"
    script.refused("export", "reel", str(reel), str(again), "--quality", "draft", who="Tess")
    assert not again.exists()

    bundle = tmp_path / "out" / "case.attune"
    script.refused("bundle", "export", "1", str(bundle), who="Pat", says="F-21")
    given = ("--purpose", "supervision", "--given-on", "2026-02-20")
    script.ok_id("consent", "record", "F-21", *given, who="Pat")
    code, _, err = script.run("bundle", "export", "1", str(bundle), who="Pat")
    assert code == 0 and bundle.exists(), err
    bundle.unlink()
    script.ok_id("consent", "withdraw", "F-21", "--purpose", "supervision", who="Pat")
    script.refused("bundle", "export", "1", str(bundle), who="Pat", says="F-21")
    assert not bundle.exists()


def test_bad_input_to_every_new_command(script: Script, tmp_path: Path) -> None:
    clip = _import(script, tmp_path)
    missing = str(tmp_path / "nothing-here.eaf")
    nowhere = str(tmp_path / "no" / "such" / "folder" / "out.mp4")
    reel = script.ok_id("reel", "create", "--name", "R", "--purpose", "parent_review", who="Pat")
    bad = [
        ("reel", "add", "999", "--clip", str(clip), "--in", "0", "--out", "5"),
        ("reel", "add", str(reel), "--clip", "999", "--in", "0", "--out", "5"),
        ("reel", "add", str(reel), "--clip", str(clip), "--in", "9", "--out", "2"),
        ("reel", "add", str(reel), "--clip", str(clip), "--in", "0", "--out", "5",
         "--speed", "3"),
        ("reel", "add", str(reel), "--tag", "999"),
        ("reel", "title", str(reel), "--text", "Hi", "--seconds", "-1"),
        ("reel", "title", "999", "--text", "Hi", "--seconds", "1"),
        ("reel", "show", "999", "--format", "json"),
        ("consent", "record", "F-404", "--purpose", "training", "--given-on", "2026-01-01"),
        ("consent", "record", "F-21", "--purpose", "training", "--given-on", "2026-13-45"),
        ("consent", "record", "F-21", "--purpose", "training", "--given-on", "2026-01-01",
         "--expires-on", "2025-01-01"),
        ("consent", "withdraw", "F-21", "--purpose", "training", "--on", "yesterday"),
        ("consent", "list", "F-404"),
        ("anonymise", "detect", "999"),
        ("anonymise", "show", "999"),
        ("anonymise", "confirm", "999"),
        ("export", "reel", "999", str(tmp_path / "x.mp4")),
        ("export", "reel", str(reel), nowhere),
        ("export", "tags", "999", "--format", "eaf", str(tmp_path / "x.eaf")),
        ("import-tags", missing, "--clip", str(clip)),
        ("import-tags", str(tmp_path / "visit.mp4"), "--clip", "999"),
        ("bundle", "export", "999", str(tmp_path / "x.attune")),
        ("bundle", "import", missing),
        ("bundle", "import", str(tmp_path / "visit.mp4")),
        ("session", "sign-off", "999"),
        ("session", "return", "999", "--reason", "why"),
        ("comment", "add", "--session", "999", "--text", "hello"),
        ("agreement", "999", "--coders", "Pat,Sam"),
        ("agreement", str(clip), "--coders", "Pat,Nobody"),
        ("audit", "--from", "2026-02-30"),
        ("report", "session", "999", str(tmp_path / "r.pdf")),
        ("family", "erase", "F-404", "--confirm", "F-404"),
        ("family", "erase", "F-21", "--confirm", "F-2"),
        ("family", "close", "F-21", "--on", "someday"),
        ("retention", "set", "--months-after-closed", "0"),
        ("person", "add", "Pat", "--profile", "practitioner"),
        ("person", "profile", "Nobody", "--profile", "trainer"),
        ("export", "stills", "999", str(tmp_path / "stills")),
    ]  # fmt: skip
    for words in bad:
        script.refused(*words)
    script.refused("reel", "list", who="Nobody", says="Nobody")
