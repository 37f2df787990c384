"""Every way to sign a session off goes through the one permissioned sign-off: the older
`sign_off_session` name, the service and the CLI all refuse a practitioner and refuse anyone on
their own session, and write nothing when they refuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import attune_app.services
from attune_app.cli import main
from attune_app.domain.models import SignOff
from attune_app.services.people import act_as
from attune_app.services.permissions import PermissionDeniedError
from attune_app.services.review import sign_off_session
from attune_app.services.supervision import current_state, sign_off, state_history
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from tests.services.supervision_people import add_staff
from tests.services.video_files import write_test_clip

SIGN_OFF_PATHS = [
    pytest.param(sign_off_session, id="review.sign_off_session"),
    pytest.param(attune_app.services.sign_off_session, id="services.sign_off_session"),
    pytest.param(sign_off, id="supervision.sign_off"),
]


def _written(library: Library) -> tuple[int, int, int]:
    db = library.db
    return (
        db.execute("SELECT count(*) FROM sign_offs").fetchone()[0],
        db.execute("SELECT count(*) FROM review_states").fetchone()[0],
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


@pytest.mark.parametrize("sign", SIGN_OFF_PATHS)
def test_a_practitioner_cannot_sign_off_by_any_path(
    library: Library, sign: Callable[..., SignOff]
) -> None:
    add_staff(library)  # leaves Pat, a practitioner, acting
    session_id = add_fake_clip(library).session_id
    before = _written(library)
    with pytest.raises(PermissionDeniedError, match="practitioner may not sign off"):
        sign(library, session_id, "")
    assert _written(library) == before
    assert current_state(library, session_id) == "awaiting_review"


@pytest.mark.parametrize("sign", SIGN_OFF_PATHS)
def test_nobody_signs_off_their_own_session_by_any_path(
    library: Library, sign: Callable[..., SignOff]
) -> None:
    add_staff(library)
    act_as(library, "Sam")  # a supervisor, who filmed and coded this session
    session_id = add_fake_clip(library).session_id
    before = _written(library)
    with pytest.raises(PermissionDeniedError, match="own session"):
        sign(library, session_id, "")
    assert _written(library) == before
    act_as(library, "Sky")  # another supervisor may
    done = sign(library, session_id, "good work")
    assert done.supervisor_id == library.actor
    assert [h.state for h in state_history(library, session_id)] == ["signed_off"]


def test_the_old_name_keeps_the_rules_on_state(library: Library) -> None:
    """Not only who: a signed-off session is not signed twice through the old name either."""
    add_staff(library)
    session_id = add_fake_clip(library).session_id
    act_as(library, "Sam")
    sign_off(library, session_id)
    with pytest.raises(Exception, match="already signed off"):
        sign_off_session(library, session_id)
    assert library.db.execute("SELECT count(*) FROM sign_offs").fetchone()[0] == 1


def _cli(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_refuses_a_practitioner_and_ones_own_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = str(tmp_path / "lib")
    assert _cli(capsys, "library", "init", "--library", lib)[0] == 0
    assert _cli(capsys, "person", "add", "Ada", "--profile", "admin", "--library", lib)[0] == 0
    for name, profile in (("Pat", "practitioner"), ("Sam", "supervisor"), ("Sky", "supervisor")):
        code, _, err = _cli(
            capsys, "person", "add", name, "--profile", profile, "--as", "Ada", "--library", lib
        )
        assert code == 0, err
    clip = write_test_clip(tmp_path / "visit.mp4", frames=12)
    visit = ["--family", "F-7", "--session", "2026-03-01", "--consent-recorded-on", "2026-02-20"]
    code, _, err = _cli(capsys, "import", str(clip), *visit, "--as", "Sam", "--library", lib)
    assert code == 0, err  # session 1 is Sam's own

    code, out, err = _cli(capsys, "session", "sign-off", "1", "--as", "Pat", "--library", lib)
    assert (code, out) == (1, "") and "practitioner may not sign off" in err
    code, out, err = _cli(capsys, "session", "sign-off", "1", "--as", "Sam", "--library", lib)
    assert (code, out) == (1, "") and "own session" in err and "Traceback" not in err
    with Library.open(Path(lib)) as library:
        assert library.db.execute("SELECT count(*) FROM sign_offs").fetchone()[0] == 0
        assert current_state(library, 1) == "awaiting_review"

    code, out, err = _cli(capsys, "session", "sign-off", "1", "--as", "Sky", "--library", lib)
    assert code == 0 and out.strip() == "1", err
