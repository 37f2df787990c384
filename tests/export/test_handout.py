"""The parent's handout: stills with captions and (when agreed) their own words, nothing of
the practitioner's workbench and nothing of another family; A4 and Letter; audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from attune_app.cli import main
from attune_app.domain.models import Clip
from attune_app.export.handout import export_handout
from attune_app.media.synthetic import read_frame_index
from attune_app.services import add_reflection, add_session, add_tag, ensure_local_person
from attune_app.services.reels import (
    add_range_to_reel,
    add_tags_to_reel,
    add_title_card,
    create_reel,
    update_reel_item,
)
from attune_app.store.audit import entries_for
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.fake_clips import import_with_consent
from tests.services.video_files import write_test_clip

POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
SECRET_WORDS = ("F-HOME", "F-OTHER", "Cycle two for F-HOME", "What do you notice", "latency")


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened


@pytest.fixture
def clips(library: Library, tmp_path: Path) -> tuple[Clip, Clip]:
    home = write_test_clip(tmp_path / "home.mp4", frames=40)
    other = write_test_clip(tmp_path / "other.mp4", frames=40, seed=100)
    return (
        import_with_consent(library, home, family_ref="F-HOME", session_date="2026-02-03"),
        import_with_consent(library, other, family_ref="F-OTHER", session_date="2026-02-04"),
    )


def _reel(library: Library, clip: Clip) -> int:
    reel = create_reel(library, "Cycle two for F-HOME", "parent_review")
    tag = add_tag(
        library,
        clip.id,
        in_frame=4,
        out_frame=12,
        cue_frame=5,
        cue_code="smiles",
        response_frame=8,
        response_code="smiles_back",
        note="quick latency, lovely",
    )
    [tagged] = add_tags_to_reel(library, reel.id, [tag.id])
    update_reel_item(
        library, tagged.id, caption="You smiled back at her", prompt="What do you notice here?"
    )
    add_title_card(library, reel.id, "Talking together", 3.0)
    spoken = add_range_to_reel(
        library, reel.id, clip.id, 20, 30, hold_frame=26, hold_s=2, caption="You waited for her"
    )
    review = add_session(library, 1, "2026-02-10", "shared_review")
    add_reflection(library, spoken.id, review.id, "She was waiting for me to look")
    return reel.id


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_stills_and_captions_on_the_right_paper_without_the_workbench(
    library: Library, clips: tuple[Clip, Clip], tmp_path: Path, paper: str
) -> None:
    reel_id = _reel(library, clips[0])
    target = export_handout(library, reel_id, tmp_path / "handout.pdf", paper=paper)
    text = _text(target)
    for words in ("Moments to keep", "You smiled back at her", "You waited for her"):
        assert words in text
    assert "Talking together" in text  # the title card, as a heading
    assert "She was waiting" not in text and "What you said" not in text  # not agreed
    for secret in (*SECRET_WORDS, "smiles_back", "Smiles back", "quick"):
        assert secret not in text
    reader = PdfReader(target)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == pytest.approx(POINTS[paper], abs=0.5)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert "F-HOME" not in metadata and str(tmp_path) not in metadata
    [entry] = [e for e in entries_for(library.db, "reel", reel_id) if e.action == "export_handout"]
    assert entry.details == {"paper": paper, "with_words": False, "stills": 2}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_stills_are_the_items_frames(
    library: Library, clips: tuple[Clip, Clip], tmp_path: Path
) -> None:
    reel_id = _reel(library, clips[0])
    target = export_handout(library, reel_id, tmp_path / "handout.pdf")
    frames = []
    for page in PdfReader(target).pages:
        for image in page.images:
            with Image.open(io.BytesIO(image.data)) as picture:
                frames.append(read_frame_index(np.asarray(picture.convert("RGB"))))
    assert frames == [8, 26]  # the middle of 4..12, and the held frame


def test_the_parents_own_words_when_they_agree(
    library: Library, clips: tuple[Clip, Clip], tmp_path: Path
) -> None:
    reel_id = _reel(library, clips[0])
    target = export_handout(library, reel_id, tmp_path / "words.pdf", with_words=True)
    text = _text(target)
    assert "What you said" in text and "She was waiting for me to look" in text
    for secret in SECRET_WORDS:
        assert secret not in text


def test_another_familys_moment_or_a_training_reel_is_refused(
    library: Library, clips: tuple[Clip, Clip], tmp_path: Path
) -> None:
    reel_id = _reel(library, clips[0])
    add_range_to_reel(library, reel_id, clips[1].id, 0, 5)
    with pytest.raises(InvalidChangeError, match="more than one family"):
        export_handout(library, reel_id, tmp_path / "mixed.pdf")
    training = create_reel(library, "Course", "training")
    with pytest.raises(InvalidChangeError, match="shared review with the parent"):
        export_handout(library, training.id, tmp_path / "training.pdf")
    empty = create_reel(library, "Not yet", "parent_review")
    with pytest.raises(InvalidChangeError, match="nothing to print"):
        export_handout(library, empty.id, tmp_path / "empty.pdf")
    assert list(tmp_path.glob("*.pdf")) == []


def test_export_handout_command(
    library: Library,
    clips: tuple[Clip, Clip],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reel_id = _reel(library, clips[0])
    library.close()
    lib = ["--library", str(tmp_path / "library")]
    out = tmp_path / "take-home"
    code = main(["export", "handout", str(reel_id), str(out), "--paper", "letter", *lib])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert printed == f"{out}.pdf\n"
    assert "She was waiting" not in _text(Path(f"{out}.pdf"))
    code = main(["export", "handout", str(reel_id), str(out) + ".pdf", "--with-words", *lib])
    printed, err = capsys.readouterr()
    assert code == 0 and "She was waiting" in _text(Path(printed.strip()))
    missing = tmp_path / "nowhere" / "h.pdf"
    code = main(["export", "handout", str(reel_id), str(missing), *lib])
    printed, err = capsys.readouterr()
    assert (code, printed) == (1, "") and "does not exist" in err
    with pytest.raises(SystemExit):
        main(["export", "handout", str(reel_id), str(out), "--paper", "a3", *lib])
    assert "a4" in capsys.readouterr().err
