"""`attune probe` and `attune frame`, through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from attune_app.cli import main
from attune_app.media.synthetic import read_frame_index


def test_probe_prints_json(h264_clip: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", str(h264_clip), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["frame_count"] == 150
    assert facts["size"] == [320, 240]
    assert facts["codec"] == "h264"


def test_probe_text_and_errors(
    h264_clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["probe", str(h264_clip)]) == 0
    assert "frame_count  150" in capsys.readouterr().out
    assert main(["probe", str(tmp_path / "missing.mp4")]) == 1
    assert "missing.mp4" in capsys.readouterr().err


def test_frame_writes_a_png(
    h264_clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "f.png"
    assert main(["frame", str(h264_clip), "123", "--out", str(out)]) == 0
    picture = cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB)
    assert read_frame_index(picture) == 123
    assert main(["frame", str(h264_clip), "150", "--out", str(out)]) == 2
    assert "no frame 150" in capsys.readouterr().err
